import type { Finding } from '../../types.js';

/**
 * Kubernetes `kind: Secret` manifests: every value in their top-level `data:` map is a base64'd secret,
 * whatever its key says (`username`, `DATABASE_URL`, `config.json`). A ConfigMap's `data:` is not. One
 * pass over the text: documents split at `---`, the map read line by line.
 */

const DOC_SEPARATOR = /^---[^\n]*(?:\n|$)/gm;
const KIND_SECRET = /^kind:[ \t]*["']?Secret["']?[ \t]*$/m;
const ENTRY = /^([ \t]+)[\w.-]{1,100}:[ \t]+["']?([A-Za-z0-9+/]{4,}={0,2})["']?[ \t]*$/;

/** Appends one `kubernetes_secret_data` finding per base64 value under `data:` of each Secret document. */
export function scanKubernetesSecrets(text: string, out: Finding[]): void {
  if (!text.includes('kind: Secret') && !text.includes('kind: "Secret"')) return;
  DOC_SEPARATOR.lastIndex = 0;
  let docStart = 0;
  for (;;) {
    const sep = DOC_SEPARATOR.exec(text);
    const docEnd = sep ? sep.index : text.length;
    const doc = text.slice(docStart, docEnd);
    if (KIND_SECRET.test(doc)) scanDataMap(doc, docStart, out);
    if (!sep) return;
    docStart = sep.index + sep[0].length;
  }
}

function scanDataMap(doc: string, offset: number, out: Finding[]): void {
  let inData = false;
  let at = 0;
  for (const line of doc.split('\n')) {
    const lineAt = at;
    at += line.length + 1;
    if (/^data:[ \t]*\r?$/.test(line)) {
      inData = true;
      continue;
    }
    if (!inData || line.trim() === '' || line.trimStart().startsWith('#')) continue;
    // A line back at the top level ends the map.
    if (!/^[ \t]/.test(line)) {
      inData = false;
      continue;
    }
    const entry = ENTRY.exec(line.replace(/\r$/, ''));
    if (!entry) continue;
    const [, indent, value] = entry as unknown as [string, string, string];
    if (value.length < 8 || value.length % 4 !== 0) continue;
    const start = offset + lineAt + line.indexOf(value, indent.length);
    out.push({ detector: 'secrets', type: 'kubernetes_secret_data', score: 0.8, start, end: start + value.length, evidence: 'rule:kubernetes_secret_data' });
  }
}
