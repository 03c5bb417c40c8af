/**
 * Whether a harmful request (harmful-ask.ts, defence excluded) is in the window or the HARM_REACH chars before
 * it: the request an optimised suffix was appended to.
 */
import { asksForHarmNotDefence } from '../harmful-ask.js';

const HARM_REACH = 400;

export function asksForHarmBefore(text: string, start: number, end: number): boolean {
  return asksForHarmNotDefence(text.slice(Math.max(0, start - HARM_REACH), end));
}
