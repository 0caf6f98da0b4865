import { CLASS_OF, hashOf } from './vocabulary';

/**
 * One pass over a value the parameter profiles have not met lately: its hash (hashOf's FNV-1a)
 * and its character classes together. A value the trait memory does not know needs both, and on
 * long JSON prose (hundreds of characters, every one distinct) the two loops were the profiles'
 * largest cost: one loop lets the class bits be gathered while the hash's multiply runs
 * (docs/performance.md "The attack stage per value (branch i22-attacks)"). Pinned to hashOf and
 * the class-by-class scan by test/unit/attacks/profile-scan.test.ts.
 */

/**
 * What scanValue found besides the hash: [classes 0-31 as bits, classes 32-63 as bits, 1 when two
 * spaces or more, 1 when letters and digits alternate: ALTERNATING_RUNS runs or more of either,
 * symbols between them not counted (`a1b2`, `3f9e2a7b1c`: a random token; `12345678Z`, `ana12`,
 * `Calle Mayor 12` have two)].
 */
export const SCANNED = new Int32Array(4);

/** Runs of letters or digits (alternating) from which a value reads as a random token (docs/detection.md "Value shapes (branch i18-profiles)"). */
export const ALTERNATING_RUNS = 4;

/** Of each ASCII code: 1 for a letter, 2 for a digit, 0 otherwise (entry 128: every non-ASCII code unit). */
const ALNUM = new Uint8Array(129);
for (let c = 48; c <= 57; c++) ALNUM[c] = 2;
for (let c = 65; c <= 90; c++) ALNUM[c] = ALNUM[c + 32] = 1;

/**
 * Each ASCII code's class as its bit in the low or the high word (0 in the other), so the scan ORs
 * without a branch; entry 128 (no bits) stands for every non-ASCII code unit.
 */
const LOW_BIT = new Int32Array(129);
const HIGH_BIT = new Int32Array(129);
for (let c = 0; c < 128; c++) {
  const k = CLASS_OF[c];
  if (k >= 32) HIGH_BIT[c] = 1 << (k - 32);
  else if (k >= 0) LOW_BIT[c] = 1 << k;
}
/** The space's class bit (in the high word): a value without it has no two spaces. */
const SPACE_HIGH_BIT = HIGH_BIT[0x20];

/** hashOf(value), with the value's classes and two-spaces flag in SCANNED (non-ASCII characters have no class). */
export function scanValue(value: string): number {
  let h = 0x811c9dc5;
  let lo = 0;
  let hi = 0;
  let kind = 0;
  let runs = 0;
  // The class bits are ORed without a branch but the clamp to entry 128 (a select): the hash's
  // multiply is the loop's whole latency; the spaces are counted after it, by two native searches,
  // only when the value has one (docs/performance.md "The attack stage per transaction (branch
  // i22-attacks, second session)"). Runs of letters or digits are counted on the way
  // (docs/detection.md "Value shapes (branch i18-profiles)").
  const n = value.length;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    h = Math.imul(h ^ c, 0x01000193);
    const a = c < 128 ? c : 128;
    lo |= LOW_BIT[a];
    hi |= HIGH_BIT[a];
    const k = ALNUM[a];
    if (k !== 0 && k !== kind) {
      kind = k;
      runs++;
    }
  }
  SCANNED[0] = lo;
  SCANNED[1] = hi;
  SCANNED[2] = (hi & SPACE_HIGH_BIT) !== 0 && value.indexOf(' ', value.indexOf(' ') + 1) >= 0 ? 1 : 0;
  SCANNED[3] = runs >= ALTERNATING_RUNS ? 1 : 0;
  return h >>> 0;
}

/** The reference the property test compares scanValue with (one loop per result, as the profiles had). */
export function scanValueSimply(value: string): { hash: number; lo: number; hi: number; sentence: number; alternating: number } {
  let lo = 0;
  let hi = 0;
  let spaces = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 32) spaces++;
    if (c < 128) {
      const k = CLASS_OF[c];
      if (k >= 32) hi |= 1 << (k - 32);
      else if (k >= 0) lo |= 1 << k;
    }
  }
  const runs = value
    .replace(/[^A-Za-z0-9]/g, '')
    .replace(/[A-Za-z]+/g, 'a')
    .replace(/[0-9]+/g, '0').length;
  return { hash: hashOf(value), lo, hi, sentence: spaces >= 2 ? 1 : 0, alternating: runs >= ALTERNATING_RUNS ? 1 : 0 };
}
