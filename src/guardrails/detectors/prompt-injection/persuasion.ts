/**
 * Persuasion jailbreaks: a request for something harmful wrapped in long, polite prose that argues the
 * model should comply (a research or teaching purpose, a promise of good use, an appeal to feelings or to
 * authority, a dead relative who used to tell it). No single sentence reads as an attack, so this looks
 * for the three parts anywhere within a span of prose: a harmful goal, a request for working detail, and
 * an appeal. Any one or two of them is an ordinary question (how to detect malware, a research question).
 */
import type { RuleMatch } from './rules.js';

/** How far apart (characters) the three parts may be. */
const SPAN = 1200;

/** Goals no appeal makes acceptable: weapons, drugs, malware, fraud, harm to people. */
const HARM =
  /\b(?:bombs?|explosives?|napalm|nerve\s+agents?|sarin|ricin|anthrax|bioweapons?|chemical\s+weapons?|mustard\s+gas|chlorine\s+gas|molotov(?:\s+cocktails?)?|pipe\s+bombs?|thermite|meth(?:amphetamine)?|fentanyl|heroin|cocaine|crack\s+cocaine|opioids?\s+without\s+a\s+prescription|ransomware|keyloggers?|malware|computer\s+virus|botnets?|ddos\s+attacks?|credit\s+card\s+(?:fraud|skimmers?)|card\s+skimmers?|counterfeit\s+(?:money|bills|currency)|launder(?:s|ing)?\s+money|money\s+laundering|untraceable\s+(?:guns?|firearms?|weapons?|poisons?)|ghost\s+guns?|3d[- ]printed\s+(?:guns?|firearms?)|hotwire\s+a\s+car|(?:disable|bypass)\s+(?:a|the)\s+(?:car's\s+)?immobili[sz]er|identity\s+theft|poison(?:ing)?\s+(?:someone|a\s+person|people)|vaccines?\s+cause\s+autism|phishing\s+(?:email|page|site)s?|break(?:ing)?\s+into\s+(?:a|an|the|my|his|her|their|someone(?:'s|’s)?|(?:my\s+|a\s+)?neighbou?r(?:'s|’s)?)\s+(?:\w+\s+)?(?:house|home|car|apartment|flat|office|store|shop)|hack(?:ing)?\s+into|hotwir(?:e|ed|ing)\b|stolen\s+(?:credit|debit|bank)\s+cards?|groom(?:ing)?\s+(?:a\s+|the\s+)?(?:child|children|minors?|kids?|teens?)|grooming\s+messages?|without\s+(?:getting|being)\s+caught|without\s+(?:leaving\s+)?(?:a\s+)?trace|(?:get|getting|break|breaking|log|logging|sneak|sneaking)\s+into\s+(?:(?:my|his|her|their|someone(?:'s|’s)?|a|an|the)\s+)?(?:(?:former|ex|old|previous)\s+)?(?:\w+(?:'s|’s)\s+)?(?:email|e-mail|instagram|facebook|icloud|gmail|bank|social\s+media)?\s*(?:accounts?|inbox|phone|laptop|computer)|spyware|stalkerware|(?:hidden|secret|covert)\s+(?:tracking|monitoring|spy)\s+(?:app|software|tool)s?|launder(?:s|ing)?\s+(?:cash|funds|proceeds|profits)|steal(?:ing)?\s+(?:passwords|identities|credit)|self-harm|suicide\s+methods?|fake\s+ids?|forged\s+(?:passports?|documents?)|(?:extremist|terrorist|jihadist)\s+(?:recruitment|propaganda))\b/i;

/** Asking for the thing itself, in working detail (a "detailed explanation of what it is" is not that). */
const DETAIL =
  /\b(?:exact|precise|working|step[- ]by[- ]step|walk\s+(?:me|us)\s+through|the\s+steps|recipe|instructions|how\s+to\s+(?:make|build|create|write|synthesi[sz]e|produce|obtain|get|disable)|write\s+(?:a|an|the)\s+(?:persuasive|convincing|realistic)|exactly\s+(?:as|how)|specific\s+(?:reagents|steps|quantities|ingredients|materials|commands|code|techniques)|(?:show|tell)\s+(?:me|him|her|us|them)\s+how(?!\s+(?:dangerous|bad|harmful|terrible|awful|addictive|deadly|sad|hard|wrong|scary|much|many|long|often|common)\b)|outline\s+the\s+process|the\s+real\s+techniques|fully\s+(?:functional|working|operational)|technically\s+accurate|how\s+to\s+(?:commit|carry\s+out|launder|steal|cook|smuggle|acquire|buy|pick|bypass|defeat)|explain\s+(?:exactly\s+)?how\s+to\s+\w+|in\s+(?:full\s+|complete\s+|great\s+)?detail|(?:complete|full),?\s+(?:working|functional|runnable)|(?:precursors|reagents|ingredients|materials)\s+and\s+(?:the\s+)?(?:reaction\s+)?steps|reaction\s+steps|the\s+(?:most\s+effective|best|easiest|fastest|quickest|simplest)\s+(?:way|method|technique)s?\s+to|lay\s+out\s+the\s+(?:full|whole|entire|complete)\s+process|the\s+(?:full|whole|entire|complete)\s+process|how\s+(?:\w+\s+){1,3}(?:is|are)\s+(?:actually\s+|really\s+)?(?:made|synthesi[sz]ed|produced|manufactured|cooked|built)|how\s+(?:she|he|they|i|we|one)\s+(?:could|can|would|should)\s+(?:install|make|build|get|access|hack|hide|launder|steal|track|bypass|disable|obtain|buy)|how\s+(?:someone|one|a\s+person|people|an\s+attacker)\s+(?:would|could|might)\s+(?:make|build|obtain|get|buy|acquire|produce|synthesi[sz]e|steal|launder|smuggle))\b/i;

/**
 * More appeals, as an attacker model rephrases a request (PAP: expert endorsement, logical appeal, emotional appeal,
 * misrepresented approval): "as a distinguished toxicologist", "with thirty years of experience", "lives depend on
 * it", "information is neutral", "anyone can find it in a library", "for authenticity", "the ethics board approved
 * this", "researchers have determined", "nothing bad will come of it", "I would be so grateful".
 */
const MORE_APPEALS = [
  String.raw`\bas\s+(?:a|an)\s+(?:[\w-]+\s+){1,2}(?:toxicologist|chemist|pharmacologist|physician|virologist|epidemiologist|pharmacist|researcher|professor|scientist|doctor|expert|journalist|specialist|consultant|investigator|officer)\b`,
  String.raw`\b(?:i'?m|i\s+am)\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}(?:journalist|toxicologist|chemist|pharmacologist|virologist|researcher|professor|scientist)\b`,
  String.raw`\bwith\s+(?:\d+|ten|twenty|thirty|forty|many|decades\s+of)\s+(?:years\s+(?:of\s+)?)?experience`,
  String.raw`\b(?:(?:renowned|distinguished|leading|world-class|respected)\s+(?:\w+\s+)?(?:professor|expert|scientist|researcher|toxicologist|chemist))`,
  String.raw`\blives\s+(?:depend|are\s+at\s+stake)|\bpeople\s+(?:will|could)\s+die\b`,
  String.raw`\bno\s+(?:real\s+|good\s+)?reason\s+(?:for\s+you\s+)?to\s+(?:refuse|withhold|decline)|\b(?:anyone|anybody)\s+can\s+(?:find|look)\b|\b(?:freely|publicly)\s+available\b|\binformation\s+(?:is|wants\s+to\s+be)\s+(?:neutral|free)\b|\balready\s+knows?\s+this\b`,
  String.raw`\bfor\s+(?:the\s+sake\s+of\s+)?(?:authenticity|realism)\b|\b(?:realism|authenticity)\s+(?:of\s+(?:the|this|my)\s+\w+\s+)?(?:is|are)\s+(?:paramount|essential|crucial|key|vital)`,
  String.raw`\bnothing\s+bad\s+will\s+(?:come|happen)|\bfor\s+public[- ]interest\b|\b(?:academic|scientific|government(?:-approved)?)\s+(?:study|research\s+project|experiment)\b|\bresearchers\s+have\s+(?:determined|found|shown|concluded)`,
  String.raw`\bethics\s+(?:board|committee)\s+(?:has\s+)?approved|\b(?:ethics|irb)\s+approval\b|\b(?:explicitly|officially)\s+(?:approved|authori[sz]ed)\b`,
  // Expert and social consensus, logic, social proof (PAP: expert endorsement, logical appeal, social proof, injunctive norm).
  String.raw`\b(?:many|most|leading|respected|top|renowned|reputable)\s+(?:\w+\s+){0,2}(?:experts|professionals|researchers|scientists|doctors|specialists|practitioners|authorities)\s+(?:all\s+)?(?:agree|recommend|believe|say|acknowledge|have\s+(?:shown|argued|found))|\bit(?:'s|’s|\s+is)\s+(?:only|simply|just|perfectly)\s+logical\b|\bit\s+stands\s+to\s+reason\b|\bcommon\s+knowledge\b|\bsocial\s+proof\b|\beveryone\s+(?:in\s+my\s+\w+\s+)?(?:knows|is\s+(?:talking|doing)|has\s+been\s+(?:talking|doing))|\bin\s+that\s+spirit\b|\bused\s+responsibly\b|\bsaves?\s+lives\b|\b(?:a\s+decade|(?:\d+|ten|twenty|many)\s+years)\s+(?:of\s+)?(?:studying|researching|working\s+(?:on|in))\b`,
  // Feelings, trust and loyalty, desperation (PAP: positive and negative emotional appeal, relationship leverage, loyalty).
  String.raw`\bimagine\s+(?:the|how\s+much)\s+(?:pride|joy|relief|gratitude|difference|good)\b|\byou(?:'d|’d|\s+would)\s+feel\b|\bi\s+trust\s+you\b|\byou(?:'ve|’ve|\s+have)\s+always\s+been\s+(?:so\s+)?(?:helpful|kind|good|there)\b|\b(?:i'?m|i\s+am)\s+(?:in\s+)?(?:a\s+)?desperate\b|\bthe\s+only\s+way\s+out\b|\bprotect\s+(?:my|her|his|their)\s+(?:family|children|kids)\b|\babusive\s+(?:ex|partner|husband|wife)\b`,
  // Urgency, loyalty and reciprocity, evidence claimed, refusal made the fault (PAP: time pressure, reciprocity, loyalty
  // appeals, evidence-based persuasion, negative framing).
  // Flattery and authority claimed (PAP: complimenting, authority endorsement, misrepresentation).
  String.raw`\b(?:smartest|cleverest|best|most\s+(?:capable|intelligent|advanced|helpful))\s+(?:\w+\s+)?(?:assistant|ai|model|chatbot)\b|\b(?:someone|anyone|something)\s+as\s+(?:smart|capable|clever|intelligent|brilliant|advanced)\s+as\s+you\b|\bfar\s+better\s+than\s+(?:the\s+)?others\b|\b(?:board|committee|management|legal\s+team|compliance\s+team|supervisor|manager)\s+(?:has\s+|have\s+)?(?:already\s+)?approved\b|\b(?:criminals|they|people)\s+already\s+(?:share|know|post|publish)\b`,
  String.raw`\btime\s+is\s+running\s+out\b|\bbefore\s+it(?:'s|’s|\s+is)\s+too\s+late\b|\b(?:is|are)\s+in\s+(?:grave\s+|real\s+)?danger\b|\bloyal\s+(?:user|customer|fan|supporter)\b|\b(?:always|often)\s+recommended\s+you\b|\b(?:do\s+)?(?:me\s+)?(?:this|one|a)\s+(?:small\s+|little\s+|last\s+)?favou?r\b|\byou\s+owe\s+me\b|\bafter\s+(?:all|everything)\s+i(?:'ve|\s+have)\s+done\b|\bsurely\s+you\s+can\b|\b(?:refusing|declining|saying\s+no)\s+would\s+(?:only\s+|just\s+)?be\s+(?:paternalistic|condescending|unhelpful|unethical|hypocritical)\b|\bany\s+(?:\w+\s+)?(?:student|teenager|kid|child|novice)\s+could\s+(?:figure|find|work)\b|\bthink\s+(?:about|of)\s+how\s+much\s+good\b|\b(?:scientists|studies|research|evidence|experts)\s+(?:have\s+|has\s+)?(?:consistently\s+|repeatedly\s+|clearly\s+)?(?:shown|show|shows|proven|demonstrated|found)\b`,
  String.raw`\b(?:everyone|everybody|people)\s+(?:deserves?|has\s+a\s+right)\s+(?:to\s+)?(?:access\s+to\s+)?(?:knowledge|information)\b|\b(?:censoring|withholding|restricting)\s+(?:information|knowledge)\s+is\s+(?:itself\s+)?(?:harmful|unethical|wrong|paternalistic)|\bsurely\s+you\s+(?:agree|see|understand)\b`,
  String.raw`\b(?:so|very|really|eternally|forever)\s+grateful\b|\bdon't\s+turn\s+me\s+away\b|\bas\s+a\s+(?:loving|worried|desperate|single)\s+(?:father|mother|parent|dad|mom|mum)\b`,
].join('|');

/** Appeals: purpose, promise, feelings, authority, consensus. */
const APPEAL = new RegExp(
  String.raw`\b(?:for\s+(?:purely\s+)?(?:educational|research|academic|awareness|training|scientific|safety)\s+(?:purposes|reasons|use)|(?:i|we)\s+(?:promise|swear|assure\s+you)|(?:will\s+)?only\s+(?:be\s+)?use[ds]?\s+(?:it\s+)?(?:for|to|in)|it\s+would\s+mean\s+(?:so\s+)?much|my\s+(?:late\s+|deceased\s+|dear\s+)?(?:grand(?:mother|ma|father|pa)|mother|father)\b[^.]{0,80}\b(?:used\s+to|would)|(?:perfectly|completely|entirely)\s+(?:responsible|ethical|legal|fine|harmless)|many\s+experts\s+agree|as\s+(?:a|an)\s+(?:researcher|professor|scientist|doctor|expert|journalist|graduate\s+student|security\s+professional)|the\s+goal\s+is\s+(?:protective|educational)|so\s+that\s+(?:we|people|they)\s+can\s+(?:learn|recognise|recognize|defend|train)|(?:my|our|his|her|their|your)\s+(?:life|lives|job|family|daughter|son|child|children|wife|husband)\s+(?:depends?|depend|is\s+at\s+stake|are\s+at\s+stake|will\s+(?:die|lose|be\s+killed))|i'?m\s+begging|i\s+am\s+begging|the\s+only\s+way\s+to\s+save|(?:has|have)\s+kidnapped|as\s+(?:a|an)\s+(?:novelist|writer|author|screenwriter|teacher|chemistry\s+teacher|security\s+consultant|penetration\s+tester|police\s+officer|detective|nurse|doctor)|(?:you\s+are|you're|imagine\s+you\s+are)\s+(?:a|an)\s+(?:\w+\s+)?(?:teacher|consultant|expert|novelist|professor|chemist|scientist)|in\s+a\s+purely\s+(?:theoretical|hypothetical)\s+sense|(?:there's|there\s+is)\s+no\s+(?:real\s+)?harm|never\s+shown\s+to\s+(?:real\s+)?(?:users|people|anyone)|(?:another|a\s+less\s+capable)\s+(?:assistant|ai|model)\s+refused|my\s+editor\s+insists|${MORE_APPEALS})`,
  'i',
);

/**
 * Defence against the harmful thing ("detect malware", "protect staff from phishing emails"), or its victims and
 * their treatment ("people addicted to fentanyl"), is not a goal to reach.
 */
const DEFENSIVE =
  /\b(?:detect\w*|prevent\w*|protect\w*|remov\w*|defend\w*|mitigat\w*|block\w*|clean\w*|scan\w*|recogni[sz]\w*|spot\w*|against|report\w*|recover\w*|addict\w*|overdos\w*|treat\w*|withdraw\w*|quit\w*|victims?)\b[^.]{0,30}$/i;

/**
 * The same read after the harmful thing, in its clause: its users, victims and scandals, or it being detected, prevented
 * or investigated ("fentanyl users", "how counterfeit money is detected", "money laundering scandals").
 */
const DEFENSIVE_AFTER =
  /^[^.?!\n]{0,60}?\b(?:users?|addicts?|addiction|overdoses?|victims?|survivors?|scandals?|(?:is|are|gets?|get|being|was|were)\s+(?:detected|spotted|identified|caught|prevented|recogni[sz]ed|stopped|investigated|prosecuted)|detection|prevention|awareness|regulators?|investigators?)\b/i;

/** The first harmful goal in text that is not read as a defence against it ("detect malware", "fentanyl users"), or null. */
export function harmfulGoal(text: string): RegExpExecArray | null {
  const harm = HARM.exec(text);
  if (harm === null || DEFENSIVE.test(text.slice(Math.max(0, harm.index - 40), harm.index))) return null;
  if (DEFENSIVE_AFTER.test(text.slice(harm.index + harm[0].length, harm.index + harm[0].length + 80))) return null;
  return harm;
}

/** Treating, detecting or preventing the harm, asked in the sentence that asks for detail ("how sarin poisoning victims are treated"). */
const DEFENSIVE_DETAIL =
  /\b(?:treat(?:ed|ing|ment)?|victims?|survivors?|detect(?:ed|ing|ion)?|prevent(?:ed|ing|ion)?|spot(?:ted|ting)?|recogni[sz](?:e|ed|ing)|protect(?:ed|ing|ion)?|remov(?:e|ed|ing|al)|report(?:ed|ing)?|recover(?:y|ed|ing)?|first\s+aid|antidotes?|symptoms?)\b/i;

/** Whether the sentence holding the request for detail at `at` is about treating, detecting or preventing the harm. */
function detailIsDefensive(window: string, at: number): boolean {
  const start = Math.max(window.lastIndexOf('.', at), window.lastIndexOf('?', at), window.lastIndexOf('!', at), window.lastIndexOf('\n', at)) + 1;
  const ends = [window.indexOf('.', at), window.indexOf('?', at), window.indexOf('!', at), window.indexOf('\n', at)].filter((i) => i >= 0);
  return DEFENSIVE_DETAIL.test(window.slice(start, ends.length > 0 ? Math.min(...ends) : window.length));
}

const RULE: RuleMatch['rule'] = { id: 'persuasion.harmful_with_appeal', type: 'role_play_jailbreak', score: 0.85 };

/** A span holding a harmful goal, a request for detail and an appeal, each at most SPAN apart; at most one match. */
export function matchPersuasion(text: string): RuleMatch[] {
  const harm = harmfulGoal(text);
  if (harm === null) return [];
  const from = Math.max(0, harm.index - SPAN);
  const window = text.slice(from, harm.index + harm[0].length + SPAN);
  const detail = DETAIL.exec(window);
  const appeal = APPEAL.exec(window);
  if (detail === null || appeal === null || detailIsDefensive(window, detail.index)) return [];
  const positions = [harm.index, from + detail.index, from + appeal.index];
  const ends = [harm.index + harm[0].length, from + detail.index + detail[0].length, from + appeal.index + appeal[0].length];
  return [{ rule: RULE, start: Math.min(...positions), end: Math.max(...ends) }];
}
