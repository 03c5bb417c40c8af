/**
 * Many-shot jailbreaks: a fake dialogue pasted into one message ("User: ... AI: Sure! ... User: <the real
 * request> AI:"), in which the "assistant" complies, turn after turn, so that the model continues the pattern on
 * the last, harmful request. The signal is the dialogue's shape, not its words: turns under role markers (any of
 * the usual spellings: `User:`, `**Assistant**:`, `[user]`, `<|assistant|>`, `Q1:`, `"role": "user"`, `AI
 * responds`, and role words of other languages), fake answers that open by complying, and a dialogue that ends
 * on an open request asking for harm (harmful-ask.ts). Real transcripts pasted for analysis end on an answer, or
 * hold refusals, or ask for nothing harmful. Rule `jailbreak.many_shot` (rules.ts) matches each complying
 * assistant turn; confirmManyShot parses the whole dialogue once.
 */
import { asksForHarm, asksForHarmNotDefence } from './harmful-ask.js';

/** Role words for the asking side; CJK and Cyrillic ones have no ASCII word boundary, so they stand apart. */
const USER_WORDS = [
  'user',
  'human',
  'me',
  'question',
  'q',
  'person',
  'benutzer',
  'nutzer',
  'utilisateur',
  'usuario',
  'usuário',
  'utente',
  'gebruiker',
  'użytkownik',
  'kullanıcı',
];
const USER_OTHER = ['пользователь', '用户', '用戶', 'ユーザー', '사용자'];
/** Role words for the answering side. */
const ASSISTANT_WORDS = [
  'assistant',
  'chatbot',
  'chatgpt',
  'claude',
  'answer',
  'model',
  'bot',
  'gpt',
  'llm',
  'ai',
  'a',
  'assistent',
  'asistente',
  'assistente',
  'ia',
  'ki',
  'asistan',
];
const ASSISTANT_OTHER = ['ассистент', '助手', 'アシスタント', '어시스턴트'];

const USER_SET = new Set([...USER_WORDS, ...USER_OTHER]);

const label = (words: string[], other: string[]): string => String.raw`(?:\b(?:${words.join('|')})|${other.join('|')})`;
const ANY_LABEL = label(
  [...USER_WORDS, ...ASSISTANT_WORDS].sort((a, b) => b.length - a.length),
  [...USER_OTHER, ...ASSISTANT_OTHER],
);
const ASSISTANT_LABEL = label(ASSISTANT_WORDS, ASSISTANT_OTHER);

const VERBS = 'says|said|asks|asked|responds|responded|replies|replied|answers|answered|writes|wrote';
/** What follows a role word to make it a turn marker: a colon, a closing bracket, or a verb of saying. */
const MARKER_TAIL = String.raw`(?:[ \t]?\d{1,3})?(?:[ \t]*\([^)\n]{0,40}\))?(?:(?:\*\*|__)?[ \t]*[:：](?:\*\*|__)?|[ \t]*(?:\]|\|?>)[ \t]*[:：]?|[ \t]+(?:${VERBS})\b[ \t]*[:,]?)`;
/** A turn marker: `**User**:`, `[A1]:`, `<|assistant|>`, `AI responds`, or a chat array's `"role": "user", "content":`. */
const markerSource = (labels: string): string =>
  String.raw`(?:\*\*|__|\[|<\|?|#{1,4}[ \t]*)?(${labels})${MARKER_TAIL}|"role"[ \t]*:[ \t]*"(${labels})"[ \t]*,[ \t]*"content"[ \t]*:`;
const MARKER = new RegExp(markerSource(ANY_LABEL), 'giu');

/** Fake answers that open by complying. */
const COMPLY = String.raw`sure|of\s+course|absolutely|certainly|definitely|gladly|happily|no\s+problem|with\s+pleasure|happy\s+to|glad\s+to|here(?:'s|’s|\s+is|\s+are|\s+you\s+go)|okay|ok|bien\s+s[uû]r|claro|por\s+supuesto|natürlich|gerne|klar|certo|certamente|конечно|当然|好的|没问题|もちろん|물론`;
/** Agreement that is compliance only when the turn before it asked for harm (a quiz's "Yes." is not). */
const AGREE = String.raw`yes|yeah|yep|correct|done|understood|right|alright|oui|sí|si|ja|да|はい`;
const COMPLIES = new RegExp(String.raw`^(?:${COMPLY})(?![\p{L}])`, 'iu');
const AGREES = new RegExp(String.raw`^(?:${AGREE})(?![\p{L}])`, 'iu');
/** An answer that says the rules are gone ("I have no restrictions", "I forgot them"). */
const NO_RULES =
  /\b(?:(?:have|with|without)\s+(?:no|any)\s+(?:restrictions|rules|filters|limits)|no\s+(?:restrictions|rules|filters|limits)\s+(?:at\s+all|any\s*more)|(?:forgot|ignored|dropped)\s+(?:them|my\s+rules|all))\b/i;

/** An assistant turn marker up to its last character: a colon, a closing bracket or a verb of saying. */
const ASSISTANT_MARKER_END = String.raw`(?:${ASSISTANT_LABEL})(?:[ \t]?\d{1,3})?(?:[ \t]*\([^)\n]{0,40}\))?(?:\*\*|__|[ \t]*(?:\]|\|?>))?[ \t]*(?:[:：]|\]|\|?>|[ \t]+(?:${VERBS}))|"(?:${ASSISTANT_LABEL})"[ \t]*,[ \t]*"content"[ \t]*:`;
// rules.ts compiles patterns without the u flag: letters after the opener are spelled out, not \p{L}.
const OPENER = String.raw`[\s"'“‘«*_¡,:]{0,6}(?:${COMPLY})(?![a-z\u00c0-\u024f])`;
/**
 * The rule's pattern: a fake assistant turn that opens by complying (confirmManyShot checks the dialogue). It starts
 * at the marker's last character, which is rare in prose, and looks behind for the role word only there: led by
 * the role word, the pattern was tried at every word and cost 4x as much on ordinary text.
 */
export const COMPLIANT_TURN = String.raw`(?:[:\]>]|\b(?:${VERBS})\b)(?=${OPENER})(?<=${ASSISTANT_MARKER_END})${OPENER}`;
/** The same after a full-width colon (CJK dialogues), which the prefilter cannot see. */
const WIDE_COMPLIANT_TURN = new RegExp(String.raw`：(?=${OPENER})(?<=${ASSISTANT_MARKER_END})${OPENER}`, 'gi');

/** The rule's identity: rules.ts's entry and the matches after a full-width colon below share it. */
export const MANY_SHOT_RULE = { id: 'jailbreak.many_shot', type: 'role_play_jailbreak', score: 0.9 } as const;

/** Complying turns after a full-width colon in a many-shot dialogue: run on every text, cheap without a "：". */
export function matchWideManyShot(text: string): Array<{ rule: typeof MANY_SHOT_RULE; start: number; end: number }> {
  if (!text.includes('：')) return [];
  const out: Array<{ rule: typeof MANY_SHOT_RULE; start: number; end: number }> = [];
  WIDE_COMPLIANT_TURN.lastIndex = 0;
  for (let m = WIDE_COMPLIANT_TURN.exec(text); m; m = WIDE_COMPLIANT_TURN.exec(text)) {
    if (out.length === 0 && !confirmManyShot(text)) return [];
    out.push({ rule: MANY_SHOT_RULE, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/**
 * Literals of the marker tails, one in each match of COMPLIANT_TURN: the rule's anchors. The openers cannot be
 * (the prefilter reads ASCII only, and "конечно" or "当然" may follow an ASCII colon); the full-width colon of CJK
 * dialogues is not ASCII either, so matchWideManyShot looks for those turns on its own.
 */
export const MARKER_ANCHORS = [':', ']', '>', 'says', 'said', 'asks', 'asked', 'respond', 'repl', 'answer', 'writes', 'wrote'];

/** Characters before a marker that leave it at the start of a turn: a line start, sentence end or chat-array brace. */
const TURN_START = /[\n.!?…。！？:;"'”’)\]}>{,*]/;
/** A dialogue has at most this many turns read: the cost is bounded, and far fewer make the pattern. */
const MAX_TURNS = 400;
/** Only the head of a turn is read for what it asks or answers. */
const TURN_HEAD = 400;

interface Turn {
  user: boolean;
  /** Offset of the turn's text, after its marker. */
  from: number;
  to: number;
  /** A paragraph after the dialogue, read as its last request. */
  after: boolean;
}

function atTurnStart(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return i < 0 || TURN_START.test(text[i]!);
}

function turnsOf(text: string): Turn[] {
  const turns: Turn[] = [];
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(text); m && turns.length < MAX_TURNS; m = MARKER.exec(text)) {
    const word = (m[1] ?? m[2] ?? '').toLowerCase();
    if (m[2] === undefined && !atTurnStart(text, m.index)) continue;
    if (turns.length > 0) turns[turns.length - 1]!.to = m.index;
    turns.push({ user: USER_SET.has(word), from: m.index + m[0].length, to: text.length, after: false });
  }
  // A paragraph after the last fake answer is the real request, written after the dialogue.
  const last = turns[turns.length - 1];
  const gap = last && !last.user ? text.slice(last.from).search(/\n[ \t]*\n\s*\S/) : -1;
  if (last && gap >= 0) {
    last.to = last.from + gap;
    turns.push({ user: true, from: last.to, to: text.length, after: true });
  }
  return turns;
}

/** A turn's text without the quotes, brackets and emphasis around it. */
function body(text: string, t: Turn): string {
  return text
    .slice(t.from, Math.min(t.to, t.from + TURN_HEAD))
    .replace(/^[\s"'“‘«*_¡¿]+/u, '')
    .replace(/[\s"'”’»*_}\]{[,]+$/u, '');
}

/** Whether the fake answer complies: opens with "Sure", says its rules are gone, or agrees to a harmful ask. */
function complies(answer: string, askedForHarm: boolean): boolean {
  return COMPLIES.test(answer) || NO_RULES.test(answer) || (askedForHarm && AGREES.test(answer));
}

/** A request rather than a remark ("Thanks!"): a question, or a verb that asks for something. */
const REQUEST = /[?？]|\b(?:tell|give|show|explain|write|list|describe|provide|make|create|generate|help|how|what|continue|now|say)\b/i;

/**
 * Whether text holds a fake dialogue of at least three turns, at least two of whose fake answers complied, that
 * ends on an open request (the last user turn, with no answer or an empty one, or a paragraph after the dialogue)
 * asking for harm, or on any request after a harmful ask was already answered.
 */
export function confirmManyShot(text: string): boolean {
  const turns = turnsOf(text);
  if (turns.length < 3) return false;
  let last = turns.length - 1;
  while (last >= 0 && !turns[last]!.user && body(text, turns[last]!) === '') last--;
  if (last < 2 || !turns[last]!.user) return false;
  const finalAsk = body(text, turns[last]!);
  let complied = 0;
  let harmful = 0;
  for (let i = 1; i < last; i++) {
    const [ask, answer] = [turns[i - 1]!, turns[i]!];
    if (answer.user || !ask.user) continue;
    const harmAsked = asksForHarm(body(text, ask));
    if (!complies(body(text, answer), harmAsked)) continue;
    complied++;
    if (harmAsked) harmful++;
  }
  if (complied < 2) return false;
  // A paragraph after the dialogue may be a real user's question about it ("what went wrong here?"): it must ask for harm.
  return asksForHarmNotDefence(finalAsk) || (harmful >= 1 && !turns[last]!.after && REQUEST.test(finalAsk));
}
