import type { Edit } from './edits.js';

/**
 * Terminal control sequences in an answer a coding agent prints: colour codes can hide text, cursor moves
 * can overwrite what was shown, OSC 52 writes the clipboard and OSC 8 turns text into a hyperlink to any
 * URL. ECMA-48 forms, 7-bit (ESC ...) and 8-bit (CSI 0x9b, OSC 0x9d, ...): OSC, DCS, SOS, PM and APC
 * strings up to their terminator (BEL or ST), CSI sequences, and two-character escapes. A lone ESC or C1
 * character is removed too: a terminal would start a sequence with it.
 */
const SEQUENCE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control sequences is the point
  /(?:\x1b\]|\x9d)(8;[^\x07\x1b\x9c]{0,2048})(?:\x07|\x1b\\|\x9c)?|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]{0,4096}(?:\x07|\x1b\\|\x9c)?|(?:\x1b\[|\x9b)[0-?]{0,32}[ -/]{0,8}[@-~]?|\x1b[ -/]{0,4}[0-~]?|[\x80-\x9f]/g;

// biome-ignore lint/suspicious/noControlCharactersInRegex: the cheap test before the scan
const PREFILTER = /[\x1b\x80-\x9f]/;

/**
 * The same sequences as JSON string escapes (`\u001b[31m`), as they appear in tool-call arguments before
 * the client parses them: OSC strings up to an escaped BEL or ST, CSI sequences, and any other escaped ESC
 * or C1 character.
 */
const JSON_SEQUENCE =
  /\\u001[bB]\](8;)?(?:(?!\\u0007|\\u001[bB]).){0,2048}(?:\\u0007|\\u001[bB]\\\\)?|\\u001[bB]\[[0-?]{0,32}[ -/]{0,8}[@-~]?|\\u001[bB]|\\u00[89][0-9a-fA-F]/g;

export function hasTerminalControls(text: string): boolean {
  return PREFILTER.test(text);
}

/** JSON text (tool-call arguments) with an escaped control character in a string. */
export function hasEscapedTerminalControls(text: string): boolean {
  return /\\u00(?:1[bB]|[89][0-9a-fA-F])/.test(text);
}

/** Escaped sequences in JSON text, removed or (escape mode) left as the visible escapes they already are. */
export function jsonTerminalEdits(text: string, mode: 'remove' | 'escape'): Edit[] {
  const edits: Edit[] = [];
  for (const m of text.matchAll(JSON_SEQUENCE)) {
    const type = m[1] !== undefined ? 'osc8_hyperlink' : 'ansi_escape';
    // In escape mode the backslash is doubled, so the parsed string shows `\u001b[31m` instead of running it.
    const replacement = mode === 'remove' ? '' : `\\${m[0]}`;
    edits.push({ start: m.index, end: m.index + m[0].length, replacement, type, action: mode === 'remove' ? 'removed' : 'escaped' });
  }
  return edits;
}

/** Removes, or shows as visible escapes (`\x1b[31m` as `\u001b[31m`), every control sequence. */
export function terminalEdits(text: string, mode: 'remove' | 'escape'): Edit[] {
  const edits: Edit[] = [];
  for (const m of text.matchAll(SEQUENCE)) {
    const type = m[1] !== undefined ? 'osc8_hyperlink' : 'ansi_escape';
    const replacement = mode === 'remove' ? '' : visible(m[0]);
    edits.push({ start: m.index, end: m.index + m[0].length, replacement, type, action: mode === 'remove' ? 'removed' : 'escaped' });
  }
  return edits;
}

function visible(sequence: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters
  return sequence.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
