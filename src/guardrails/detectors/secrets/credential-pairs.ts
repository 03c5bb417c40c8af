/**
 * A password or client secret written right after the user name or client id it belongs to (`user = bob`
 * then `password = x`; `client_id=..&client_secret=..`; `$user = "a"; $pass = "b";`) is one credential. The
 * finding then starts at the identifier's value, so redaction removes the pair: a user name left beside a
 * redacted password still tells an attacker whose password it was, and which account to spray.
 */

/** The secret's key, its separator and opening quote, right before the value (the end of the text before it). */
const SECRET_KEY = /(?:^|[\s;,&?({])(?:-[ \t]+|export[ \t]+|\$)?["'`]?([A-Za-z][\w.-]{0,60})["'`]?[ \t]*(?:=>|[:=])[ \t]*["'`]?$/;
/**
 * The statement before it: `key = value` ending the previous line (a trailing comment and up to three
 * comment lines between allowed) or the same line before a `;`, `,` or `&`. Only the adjacent statement: a
 * user name three statements up may be anyone's.
 */
const PREVIOUS =
  /(?:^|[\s;,&?({])(?:-[ \t]+|export[ \t]+|\$)?["'`]?([A-Za-z][\w.-]{0,60})["'`]?[ \t]*(?:=>|[:=])[ \t]*(["'`]?)([^\s"'`;,&$%{<]{1,200})\2[ \t]*[;,&]?[ \t]*(?:(?:#|\/\/)[^\n]*)?(?:\r?\n[ \t]*(?:(?:#|\/\/)[^\n]*\r?\n[ \t]*){0,3}|[ \t]*)$/;
const USER_KEY = /(?:^|[_.-]|(?<=[a-z]))(?:user(?:[_-]?name)?|login|uid|user[_-]?id)$/i;
const CLIENT_KEY = /(?:^|[_.-]|(?<=[a-z]))(?:client[_-]?id|app[_-]?id|token[_-]?id|consumer[_-]?key|access[_-]?key[_-]?id)$/i;
const PASSWORD_KEY = /(?:passw(?:or)?d|passphrase|pass|pwd)$/i;
const SECRET_WORD = /secret/i;
const LOOKBACK = 400;

/**
 * Where the finding on a secret assignment's value (starting at `start`) should start: the value of the
 * user or client id assigned in the statement just before, when its key names one and the secret's key
 * names the matching kind (a password for a user, a secret for a client id); else `start`.
 */
export function pairedStart(text: string, start: number): number {
  const lo = Math.max(0, start - LOOKBACK);
  const before = text.slice(lo, start);
  const key = SECRET_KEY.exec(before);
  if (key === null) return start;
  const secretKey = key[1] as string;
  const head = before.slice(0, key.index + (key[0].length - key[0].trimStart().length));
  const prev = PREVIOUS.exec(head);
  if (prev === null) return start;
  const idKey = prev[1] as string;
  const pairs = (USER_KEY.test(idKey) && PASSWORD_KEY.test(secretKey)) || (CLIENT_KEY.test(idKey) && SECRET_WORD.test(secretKey));
  if (!pairs) return start;
  const value = prev[3] as string;
  return lo + prev.index + prev[0].indexOf(value, prev[0].search(/(?:=>|[:=])/) + 1);
}
