import type { Detector } from './index';

import { TEXT_HINTS } from './text-hints';

export { TEXT_HINTS };
/** Gate bits below TEXT_HINTS: distinct gates (detectors with the same gate, and all ungated ones, share a bit). */
const MAX_GATE_BITS = 27;
const BASE64_OR_SPACE = /[A-Za-z0-9+/_=\s-]/;
const LETTERS_AND_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const NOT_WORD_OR_SPACE = /[^A-Za-z0-9_ ]/;
/** Hints every non-ASCII code unit sets. */
const NON_ASCII_HINTS = TEXT_HINTS.NON_ASCII | TEXT_HINTS.NOT_BASE64 | TEXT_HINTS.NOT_WORD_OR_SPACE;

/**
 * Every detector's gate is one character class (a character the attack cannot do without), so
 * which gates a text passes is the union over its characters: one scan of the text answers all
 * of them, instead of one regular-expression search per detector. `bit(i)` is DETECTORS[i]'s gate
 * bit, `bitOf(gate)` the bit of any gate a detector declares (its `gateWhere` too): detectors with
 * the same gate share one, and all detectors without a gate share one that is always set (so the
 * number of detectors is not bounded by the 27 bits below TEXT_HINTS, only the number of distinct
 * gates).
 */
export class GateMask {
  // Int32: TEXT_HINTS.NOT_WORD_OR_SPACE is the sign bit, and a bit mask is an int32 in JS.
  private readonly ascii = new Int32Array(128);
  /** Bits of each non-ASCII code unit met so far (at most 65 408 entries). */
  private readonly other = new Map<number, number>();
  private readonly ungated: number;
  private readonly wordsPassNothing: boolean;
  /** The bits `_` sets (a gate may take it: it is not a letter or digit, which no gate may take). */
  private readonly underscore: number;
  /** Each detector's gate bit. */
  private readonly bits: number[];
  private readonly bitOfKey = new Map<string, number>();
  /** The distinct gates with their bits (ungated detectors have none here). */
  private readonly gates: Array<{ gate: RegExp; bit: number }> = [];
  /** Every gate bit (a GateMask.of result without its TEXT_HINTS). */
  readonly gateBits: number;

  constructor(detectors: readonly Detector[]) {
    const bitOfKey = this.bitOfKey;
    let ungated = 0;
    const add = (gate: RegExp | null): number => {
      const key = gateKey(gate);
      let bit = bitOfKey.get(key);
      if (bit === undefined) {
        if (bitOfKey.size >= MAX_GATE_BITS) throw new Error(`GateMask: more than ${MAX_GATE_BITS} distinct detector gates`);
        bit = 1 << bitOfKey.size;
        bitOfKey.set(key, bit);
        if (gate === null) ungated = bit;
        else this.gates.push({ gate, bit });
      }
      return bit;
    };
    this.bits = detectors.map((d) => add(d.gate));
    for (const d of detectors) if (d.gateWhere !== undefined) add(d.gateWhere.gate);
    this.ungated = ungated;
    this.gateBits = (1 << bitOfKey.size) - 1;
    for (let c = 0; c < 128; c++) {
      const ch = String.fromCharCode(c);
      let hints = 0;
      if (ch === '%' || ch === '&' || ch === '\\') hints |= TEXT_HINTS.ESCAPE;
      if (c === 0) hints |= TEXT_HINTS.NUL;
      if (!BASE64_OR_SPACE.test(ch)) hints |= TEXT_HINTS.NOT_BASE64;
      if (NOT_WORD_OR_SPACE.test(ch)) hints |= TEXT_HINTS.NOT_WORD_OR_SPACE;
      this.ascii[c] = this.bitsOf(c) | hints;
    }
    this.wordsPassNothing = LETTERS_AND_DIGITS.split('').every((ch) => this.ascii[ch.charCodeAt(0)] === 0);
    this.underscore = this.ascii[0x5f];
  }

  /** The detectors (as bits) whose gate `text` passes, and its TEXT_HINTS. */
  of(text: string): number {
    // Most text is words and spaces: when letters, digits and `_` pass no gate and hint nothing,
    // one search for any other character (much faster than this loop) settles such text: its
    // spaces and `_` add their bits, and the result has no NOT_WORD_OR_SPACE hint, which spares
    // code injection the same search (docs/performance.md, branch i22-shared).
    if (this.wordsPassNothing && !NOT_WORD_OR_SPACE.test(text))
      return (
        this.ungated |
        (text.includes(' ') ? this.ascii[0x20] : 0) |
        (this.underscore !== 0 && text.includes('_') ? this.underscore : 0)
      );
    let mask = this.ungated;
    const ascii = this.ascii;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 128) mask |= ascii[c];
      else {
        let bits = this.other.get(c);
        if (bits === undefined) this.other.set(c, (bits = this.bitsOf(c) | NON_ASCII_HINTS));
        mask |= bits;
      }
    }
    return mask;
  }

  /** DETECTORS[i]'s gate bit in a GateMask.of result. */
  bit(i: number): number {
    return this.bits[i];
  }

  /** The bit of a gate some detector declares (null: the ungated bit). */
  bitOf(gate: RegExp | null): number {
    const bit = this.bitOfKey.get(gateKey(gate));
    if (bit === undefined) throw new Error(`GateMask: ${String(gate)} is no detector's gate`);
    return bit;
  }

  private bitsOf(code: number): number {
    const ch = String.fromCharCode(code);
    let bits = 0;
    for (const g of this.gates) if (g.gate.test(ch)) bits |= g.bit;
    return bits;
  }
}

function gateKey(gate: RegExp | null): string {
  return gate === null ? '' : `/${gate.source}/${gate.flags}`;
}
