import type { IncomingHttpHeaders } from 'node:http';

/** The header an identity allowed to assert end users names the end user with. */
export const END_USER_HEADER = 'x-gatehouse-end-user';

const MAX_END_USER_LENGTH = 256;
/** No control characters (C0, DEL, C1): the value lands in records and must not forge log lines. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this regex's job
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** An end-user name is 1 to 256 characters with no control characters. */
export function checkEndUser(value: string): boolean {
  return value.length > 0 && value.length <= MAX_END_USER_LENGTH && !CONTROL.test(value);
}

/** The header's value; undefined when absent or empty. Node joins repeated headers with ", ". */
export function endUserHeader(headers: IncomingHttpHeaders): string | undefined {
  const value = headers[END_USER_HEADER];
  const text = Array.isArray(value) ? value.join(', ') : value;
  return text === undefined || text === '' ? undefined : text;
}
