import type { Finding } from '../../types.js';

/**
 * Private keys in the armored forms people paste: PEM/OpenSSH/PGP (`-----BEGIN ... PRIVATE KEY-----`,
 * also split over string concatenations or with literal `\n` escapes, as in service-account JSON) and
 * PuTTY `.ppk` files. The span runs from the header to the matching end marker, or to the end of the text
 * when the key was cut off: a partial key is still a leaked key.
 */

const BEGIN = /-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----|PuTTY-User-Key-File-\d+:/g;

function pemEnd(text: string, from: number): number {
  const endMarker = text.indexOf('-----END', from);
  if (endMarker === -1) return text.length;
  const close = text.indexOf('-----', endMarker + 8);
  return close === -1 ? text.length : close + 5;
}

function puttyEnd(text: string, from: number): number {
  const mac = text.indexOf('Private-MAC:', from);
  if (mac === -1) return text.length;
  const eol = text.indexOf('\n', mac);
  return eol === -1 ? text.length : eol;
}

/** Appends one `private_key` finding per armored key; linear (each search starts where the last ended). */
export function scanPrivateKeys(text: string, out: Finding[]): void {
  if (!text.includes('PRIVATE KEY') && !text.includes('PuTTY-User-Key-File')) return;
  BEGIN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = BEGIN.exec(text)) !== null) {
    const from = m.index + m[0].length;
    const end = m[0].startsWith('PuTTY') ? puttyEnd(text, from) : pemEnd(text, from);
    out.push({ detector: 'secrets', type: 'private_key', score: 0.98, start: m.index, end, evidence: 'rule:private_key' });
    BEGIN.lastIndex = end;
  }
}
