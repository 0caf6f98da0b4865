import type { Detector } from './index';

/**
 * Every detector's gate is one character class (a character the attack cannot do without), so
 * which gates a text passes is the union over its characters: one scan of the text answers all
 * of them, instead of one regular-expression search per detector. Bit i is DETECTORS[i]'s gate;
 * detectors without a gate are always set.
 */
export class GateMask {
  private readonly ascii = new Uint32Array(128);
  /** Bits of each non-ASCII code unit met so far (at most 65 408 entries). */
  private readonly other = new Map<number, number>();
  private readonly ungated: number;

  constructor(private readonly detectors: readonly Detector[]) {
    if (detectors.length > 31) throw new Error('GateMask: more than 31 detectors');
    let ungated = 0;
    detectors.forEach((d, i) => {
      if (d.gate === null) ungated |= 1 << i;
    });
    this.ungated = ungated;
    for (let c = 0; c < 128; c++) this.ascii[c] = this.bitsOf(c);
  }

  /** The detectors (as bits) whose gate `text` passes. */
  of(text: string): number {
    let mask = this.ungated;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 128) mask |= this.ascii[c];
      else {
        let bits = this.other.get(c);
        if (bits === undefined) this.other.set(c, (bits = this.bitsOf(c)));
        mask |= bits;
      }
    }
    return mask;
  }

  private bitsOf(code: number): number {
    const ch = String.fromCharCode(code);
    let bits = 0;
    this.detectors.forEach((d, i) => {
      if (d.gate !== null && d.gate.test(ch)) bits |= 1 << i;
    });
    return bits;
  }
}
