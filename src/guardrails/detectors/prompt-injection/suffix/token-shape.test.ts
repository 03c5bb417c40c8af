import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../../scripts/mulberry32.js';
import { TokenShape } from './encode.js';

/**
 * TokenShape.next as it was before its fast path for lower-case runs (one method, every rule evaluated for every
 * char): the reference the fast path must agree with, char for char.
 */
class ReferenceShape {
  private lowerRun = 0;
  private upperRun = 0;
  private capsBefore = 0;
  private markRun = 0;
  private markRare = 0;
  private markMixed = false;
  private c1 = 32;
  private k1 = 0;
  private k2 = 0;
  private named = false;
  private letters = 0;
  private heldO = false;

  reset(): void {
    this.lowerRun = this.upperRun = this.capsBefore = this.markRun = 0;
    this.c1 = 32;
    this.k1 = this.k2 = 0;
    this.named = this.heldO = false;
    this.letters = 0;
  }

  next(c: number): boolean {
    const k = classOf(c);
    let flag = false;
    if (k & 3 && this.letters++ === 0) this.named = (k & 2) !== 0;
    if (k & 1) {
      if (this.heldO) flag = true;
      this.heldO = false;
      if (this.lowerRun === 0) this.capsBefore = this.upperRun;
      this.upperRun = 0;
      this.lowerRun++;
      if (this.lowerRun === 2 && this.capsBefore >= 2) flag = true;
    } else if (k & 2) {
      if (this.heldO) {
        if (c !== 0x53) flag = true;
        this.heldO = false;
      } else if (this.lowerRun >= 2 && !this.named) {
        if (c === 0x4f) this.heldO = true;
        else flag = true;
      }
      this.upperRun++;
      this.lowerRun = 0;
    } else {
      this.lowerRun = this.upperRun = this.capsBefore = 0;
      this.letters = 0;
      if (this.heldO) flag = true;
      this.heldO = false;
    }
    if (k & 3 && this.k2 & 3 && this.k1 & 8) flag = true;
    if ((k & 7) === 0) {
      this.markMixed = this.markRun > 0 && (this.markMixed || c !== this.c1);
      this.markRare = (this.markRun > 0 ? this.markRare : 0) + (k & 32 ? 2 : k & 16 ? 1 : 0);
      this.markRun++;
      if (this.markRun >= 3 && this.markMixed && this.markRare >= 2) flag = true;
    } else this.markRun = 0;
    this.c1 = c;
    this.k2 = this.k1;
    this.k1 = k;
    return flag;
  }
}

/** encode.ts's char classes: 1 lower, 2 upper, 4 digit, 8 glue, 16 cluster, 32 backslash. */
function classOf(c: number): number {
  if ((c >= 97 && c <= 122) || (c >= 0xdf && c <= 0xff && c !== 0xf7)) return 1;
  if ((c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde && c !== 0xd7)) return 2;
  if (c >= 48 && c <= 57) return 4;
  if ('*#`%'.includes(String.fromCharCode(c))) return 8;
  if ('+=<>[]{}|^~$@'.includes(String.fromCharCode(c))) return 24;
  return c === 0x5c ? 56 : 0;
}

describe('TokenShape', () => {
  it('flags the same chars as the rules evaluated in full, on seeded token soups', () => {
    const random = mulberry32(20261207);
    // Lower-case runs dominate (the fast path), with capitals, the O/S of `macOS`, marks, digits and Latin-1.
    const alphabet = 'aaaaaaaaeeiinorstOSABZ.,!?*#`%+=<>[]{}|^~$@\\\'"-_0179éßÀÉ';
    const shape = new TokenShape();
    const reference = new ReferenceShape();
    let flags = 0;
    for (let t = 0; t < 20000; t++) {
      shape.reset();
      reference.reset();
      const length = 1 + Math.floor(random() * 24);
      for (let i = 0; i < length; i++) {
        const c = alphabet.charCodeAt(Math.floor(random() * alphabet.length));
        const expected = reference.next(c);
        expect(shape.next(c)).toBe(expected);
        if (expected) flags++;
      }
    }
    // The soups exercise the rules, not only the fast path.
    expect(flags).toBeGreaterThan(1000);
  });
});
