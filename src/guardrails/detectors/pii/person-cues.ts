import type { Token } from './tokens.js';

/**
 * The words and phrases around a name that the PERSON rules read: titles, cue phrases before ("my name
 * is", "says") and after ("said", ", who"), field labels that look like speaker names, and street types.
 */

export const TITLE = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'professor', 'sir', 'dame', 'madam', 'mister', 'lady', 'lord', 'rev', 'sr', 'sra', 'srta', 'herr', 'frau', 'mme', 'mlle', 'monsieur', 'madame', 'signor', 'signora', 'don', 'dona', 'king', 'queen', 'prince', 'princess', 'emperor', 'empress', 'pope', 'president', 'senator', 'governor', 'mayor', 'chancellor', 'minister', 'bishop', 'cardinal', 'rabbi', 'imam', 'judge', 'justice', 'general', 'captain', 'colonel', 'lieutenant', 'sergeant', 'admiral', 'commander', 'detective', 'inspector', 'officer', 'agent', 'coach', 'uncle', 'aunt', 'auntie', 'grandma', 'grandpa', 'cousin', 'nurse', 'father', 'sister', 'brother']);
/** Titles that are never ordinary words, for lower-case text ("father retired" is not a name). */
export const HONORIFIC = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame', 'madam', 'mister', 'herr', 'frau', 'mme', 'mlle', 'monsieur', 'madame']);
export const PARTICLE = new Set(['van', 'von', 'de', 'der', 'den', 'del', 'della', 'di', 'da', 'dos', 'das', 'du', 'le', 'la', 'ter', 'ten', 'bin', 'ibn', 'al', 'el', 'mac', 'st']);
/** A cue right before a name, strong enough on its own for an unknown capitalised word. */
export const STRONG_BEFORE =
  /(?:\bname(?:'s|\s+is|\s+was)?|\bnamed(?:\s+(?:him|her|them|it))?|\bcalled|\bcall\s+me|\bI\s+am|\bI'm|\bthis\s+is|(?<!-)\bsigned|\bregards|\bsincerely|\bcheers|\bdear|\bhi|\bhello|\bhey|\bthanks|\bthank\s+you|\bsays|\bsaid|\bwrote|\basked|\btold|\bspeak\s+(?:to|with)|\btalk\s+to|\bstarring|\bfeaturing|\bdirected\s+by|\bwritten\s+by|\bproduced\s+by|\bperformed\s+by|\bauthor|\bproducer|\bdirector|\bsongwriter|\bsinger|\bplayer|\bactor|\bactress|\bfounders?|\bceo|\bcfo|\bcto|\bpresident|\bmanager|\bcolleague|\bwife|\bhusband|\bdaughter|\bson|\bkid|\bchild|\bfriend|\bboss|\bassistant\s+to|\bteacher|\bstudent|\bpatient|\bdoctor|\bnurse|\bcommenter|\bmaiden\s+name|\blast\s+name|\bfirst\s+name|\bsurname|\bcontact\s+person|\battn|\badd|\bheard|\bmeet|\bmet|\binvite|\binvited|\bmarried|\bhired|\bfrom:|\bto:|\bcc:?|\buser:)\s*[:,?]?\s*["'“]?$/i;
/** In lower-case text, where any word could follow, only cues that must be followed by a name count. */
export const LOWER_CASE_CUE = /(?:\bname(?:'s|\s+is|\s+was)?|\bnamed(?:\s+(?:him|her|them|it))?|\bcall\s+me|\bdear|(?<!-)\bsigned|\bregards|\bsincerely|\bsays|\bspeak\s+(?:to|with)|\bstarring|\bdirected\s+by|\bassistant\s+to|\bmaiden\s+name|\blast\s+name|\bfirst\s+name)\s*[:,?]?\s*["'“]?$/i;
/** Weaker cues: enough for a capitalised word with some other sign of a name, not for a bare word. */
export const WEAK_BEFORE = /(?:\bby|\bwith|\bunder|\bfor|\bask|\bcontact|\bwhy\s+is|\bwhere\s+is|\bhave\s+you\s+seen|\btribute\s+to)\s*,?\s*$/i;
/** Speech and action verbs right after a name. */
export const SPEECH_AFTER = /^(?:\s+(?:said|says|wrote|writes|asked|told|explained|replied|added|noted|argued|confirmed|began|spent|lives|grew|had\s+given|has\s+given|was\s+born)\b|,\s+who\b|,\s+(?:can|could|would|will|please|do|did|are|have)\s+(?:I|you|we)\b)/;
/** A copula after a name: only a hint ("Zoolander is a film" as well as "Anna is a nurse"). */
export const COPULA_AFTER = /^\s+(?:is|was)\s+(?:a|an|the|very|from|my|our|your|so)\b/;
/** After a coordination of capitalised words ("Marrero and Murphy were"): the words name people. */
export const GROUP_AFTER = /^\s+(?:were|are|have|had|both|say|said|met|agreed|argued|wrote|founded|started|built)\b/;
export const LABEL = new Set(['contact', 'from', 'to', 'cc', 'bcc', 're', 'attn', 'dept', 'department', 'company', 'organisation', 'organization', 'ref', 'reference', 'order', 'invoice', 'account', 'customer', 'billing', 'shipping', 'payment', 'amount', 'balance', 'dob', 'age', 'gender', 'sex', 'nationality', 'occupation', 'employer', 'position', 'salary', 'background', 'context', 'paragraph', 'passage', 'options', 'option', 'information', 'info', 'article', 'text', 'hint', 'hints', 'instruction', 'rules', 'rule', 'variables', 'topic', 'goal', 'role', 'format', 'constraints', 'requirements', 'examples', 'solution', 'explanation', 'reasoning', 'thought', 'observation', 'action', 'final', 'description', 'details', 'features', 'benefits', 'pros', 'cons', 'tags', 'category', 'keywords', 'headline', 'caption', 'quote', 'reply', 'message', 'comment', 'review', 'rating', 'price', 'cost', 'size', 'color', 'colour', 'type', 'model', 'version', 'author', 'authors', 'genre', 'language', 'translation', 'premise', 'hypothesis', 'claim', 'evidence', 'conclusion', 'sentence', 'sentences', 'word', 'words', 'label', 'labels', 'sentiment', 'query', 'search', 'user', 'users', 'ai', 'gpt', 'chatgpt', 'claude', 'llm', 'model', 'system', 'developer', 'tool', 'function', 'code', 'file', 'files', 'path', 'url', 'link', 'purpose', 'objective', 'objectives', 'tasks', 'steps', 'agenda', 'minutes', 'attendees', 'participants', 'team', 'owner', 'priority', 'deadline', 'due', 'budget', 'scope', 'risk', 'risks', 'issue', 'issues', 'problem', 'fix', 'cause', 'impact', 'patient', 'doctor', 'nurse', 'interviewer', 'interviewee', 'caller', 'operator', 'support', 'host', 'guest', 'teacher', 'student', 'client', 'me', 'you', 'mom', 'dad', 'moderator', 'reporter', 'witness', 'judge', 'defendant', 'plaintiff', 'counsel', 'attorney', 'officer', 'manager', 'admin', 'staff', 'note', 'notes', 'summary', 'subject', 'date', 'time', 'when', 'where', 'name', 'address', 'phone', 'email', 'mobile', 'desk', 'fax', 'tel', 'bot', 'user', 'assistant', 'system', 'human', 'agent', 'customer', 'q', 'a', 'question', 'answer', 'example', 'input', 'output', 'step', 'warning', 'error', 'tip', 'update', 'edit', 'source', 'title', 'status', 'location', 'total', 'result', 'results', 'response', 'request', 'task', 'context', 'instructions', 'prompt', 'story', 'chapter', 'scene', 'narrator', 'speaker']);

/** Street-type words that end a street name, never a person's ("Marina Fort Road", "Gairbekov Rapids"). */
export const STREET_WORD = /^(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Terrace|Parkway|Pkwy|Highway|Hwy|Crescent|Extensions?|Squares|Rapids|Cliffs|Forks|Plaza|Alley|Expressway|Freeway|Turnpike|Way|Strasse|Straße)$/;

/** Last words of the cues before a name, and first words of the cues after: the regexes run only then. */
const BEFORE_TAIL = new Set(`name is was named him her them it called me am i'm this signed regards sincerely cheers dear hi hello
hey thanks you says said wrote asked told to with starring featuring by author producer director songwriter singer player
actor actress founder founders ceo cfo cto president manager colleague wife husband daughter son kid child friend boss
teacher student patient doctor nurse commenter surname person attn add heard meet met invite invited married hired from
cc user under for ask contact seen`.split(/\s+/));
const AFTER_HEAD = new Set(['said', 'says', 'wrote', 'writes', 'asked', 'told', 'explained', 'replied', 'added', 'noted', 'argued', 'confirmed', 'began', 'spent', 'lives', 'grew', 'had', 'has', 'was', 'is', 'were', 'are', 'both', 'say', 'met', 'agreed', 'founded', 'started', 'built', 'have']);

/** Context cues around a run of name words, each computed only when a rule asks for it (bit flags). */
export class Cues {
  private done = 0;
  private value = 0;
  private readonly beforeOk: boolean;
  private readonly afterOk: boolean;
  constructor(private readonly text: string, private readonly first: Token, private readonly last: Token, prev: Token | undefined, next: Token | undefined) {
    this.beforeOk = prev !== undefined && (BEFORE_TAIL.has(prev.fold) || /[:?]/.test(text.slice(prev.end, first.start)));
    this.afterOk = (next !== undefined && AFTER_HEAD.has(next.fold)) || text[last.end] === ',';
  }
  private test(bit: number, re: RegExp, before: boolean): boolean {
    if (!(before ? this.beforeOk : this.afterOk)) return false;
    if ((this.done & bit) === 0) {
      const slice = before ? this.text.slice(Math.max(0, this.first.start - 32), this.first.start) : this.text.slice(this.last.end, this.last.end + 24);
      this.done |= bit;
      if (re.test(slice)) this.value |= bit;
    }
    return (this.value & bit) !== 0;
  }
  strongBefore(): boolean { return this.test(1, STRONG_BEFORE, true); }
  weakBefore(): boolean { return this.strongBefore() || this.test(2, WEAK_BEFORE, true); }
  speechAfter(): boolean { return this.test(4, SPEECH_AFTER, false); }
  copulaAfter(): boolean { return this.test(8, COPULA_AFTER, false); }
  placeBefore(): boolean { return this.test(16, /\b(?:from|to|in|at)\s*$/i, true); }
}
