import type { Detector, DetectContext, Finding } from '../../types.js';

/**
 * Code detector: fenced code blocks and code-like lines, typed by kind so a policy can allow code in
 * general and still block `curl | sh` or `DROP TABLE`. Every rule is bounded (no unbounded lazy runs), so
 * scanning stays linear on hostile input.
 */

export interface CodeDetectorOptions {
  /** Report fenced code blocks. Default true. */
  fences?: boolean;
}

interface Rule {
  type: string;
  score: number;
  re: RegExp;
}

const RULES: readonly Rule[] = [
  { type: 'shell_pipe_to_shell', score: 0.9, re: /\b(?:curl|wget|iwr|Invoke-WebRequest)\b[^\n|]{0,300}\|\s*(?:sudo\s+)?(?:ba|z|k|da)?sh\b/g },
  {
    type: 'shell_destructive',
    score: 0.95,
    re: /\brm\s+-(?:[a-zA-Z]*r[a-zA-Z]*f|[a-zA-Z]*f[a-zA-Z]*r)[a-zA-Z]*\s+[^\n]{0,80}|\bmkfs(?:\.\w+)?\s+\/dev\/|\bdd\s+if=[^\n]{0,80}of=\/dev\/|:\(\)\s*\{\s*:\|:&\s*\};:|\bchmod\s+-R\s+777\s+\//g,
  },
  {
    type: 'shell_command',
    score: 0.6,
    re: /^[ \t]*(?:\$|#)[ \t]+(?:sudo|apt(?:-get)?|yum|npm|pip|git|docker|kubectl|chmod|chown|ssh|scp|nc|ncat|bash|sh|python3?|node)\b[^\n]{0,200}/gm,
  },
  { type: 'reverse_shell', score: 0.95, re: /\b(?:nc|ncat|netcat)\b[^\n]{0,80}\s-e\s+\/bin\/(?:ba)?sh|\/dev\/tcp\/[\w.-]{1,100}\/\d{1,5}/g },
  { type: 'powershell', score: 0.8, re: /\bInvoke-Expression\b|\bIEX\s*\(|\s-(?:EncodedCommand|enc)\s+[A-Za-z0-9+/=]{8,}|\bSet-ExecutionPolicy\s+Bypass/gi },
  { type: 'sql_destructive', score: 0.9, re: /\b(?:DROP\s+(?:TABLE|DATABASE|SCHEMA)|TRUNCATE\s+TABLE|DELETE\s+FROM\s+\w+\s*(?:;|$))/gim },
  {
    type: 'sql',
    score: 0.6,
    re: /\b(?:SELECT\s+(?:\*|[\w.,\s]{1,100})\s+FROM\s+\w+|INSERT\s+INTO\s+\w+|UPDATE\s+\w+\s+SET\s+\w+\s*=|UNION\s+(?:ALL\s+)?SELECT|ALTER\s+TABLE\s+\w+)|\bselect\s+\*\s+from\s+\w+|\bunion\s+(?:all\s+)?select\b|'\s*[oO][rR]\s+'?1'?\s*=\s*'?1/g,
  },
  { type: 'script_tag', score: 0.9, re: /<script\b[^>]{0,200}>|<\/script\s*>/gi },
  { type: 'html_event_handler', score: 0.8, re: /<[a-z][\w-]{0,20}\s[^>]{0,200}?\bon(?:error|load|click|mouseover|focus)\s*=/gi },
  { type: 'python_exec', score: 0.7, re: /\b(?:os\.system|subprocess\.(?:run|call|Popen|check_output)|__import__|eval|exec)\s*\(/g },
];

/** Fenced blocks (``` or ~~~ at a line start); an unclosed fence runs to the end, as in a stream. */
function findFences(text: string, findings: Finding[]): void {
  let open: { start: number; marker: string; lang: string } | null = null;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, Math.min(lineEnd, lineStart + 64)).trimStart();
    const marker = line.startsWith('```') ? '```' : line.startsWith('~~~') ? '~~~' : null;
    if (marker !== null) {
      if (open === null) {
        open = { start: lineStart, marker, lang: (/^[\w+#.-]{1,20}/.exec(line.slice(3).trim())?.[0] ?? '').toLowerCase() };
      } else if (marker === open.marker) {
        findings.push(fence(open.start, lineEnd, open.lang));
        open = null;
      }
    }
    lineStart = lineEnd + 1;
  }
  if (open !== null) findings.push(fence(open.start, text.length, open.lang));
}

function fence(start: number, end: number, lang: string): Finding {
  return { detector: 'code', type: 'fenced_code', score: 0.5, start, end, evidence: lang ? `lang:${lang}` : 'lang:unknown' };
}

/** Creates the code detector. */
export function createCodeDetector(options: CodeDetectorOptions = {}): Detector {
  const fences = options.fences ?? true;

  function detectCode(text: string, _context: DetectContext): Finding[] {
    if (typeof text !== 'string') return [];
    const findings: Finding[] = [];
    if (fences && (text.includes('```') || text.includes('~~~'))) findFences(text, findings);
    for (const rule of RULES) {
      let count = 0;
      for (const m of text.matchAll(rule.re)) {
        if (++count > 50) break;
        // Code may embed credentials: the evidence is the rule, not the line.
        findings.push({ detector: 'code', type: rule.type, score: rule.score, start: m.index, end: m.index + m[0].length, evidence: `rule:${rule.type}` });
      }
    }
    return findings;
  }

  return { name: 'code', detect: detectCode };
}
