/**
 * The value memory's key for a value's text (detector.ts knownValueHits): a number for short text,
 * the text itself otherwise. Values are new strings in every request (slices of the target, cookie
 * and JSON fields), and a `Map` lookup by a string first computes its hash outside the compiled
 * code (340-370 ns per new string against 50-90 ns for one already hashed, docs/performance.md
 * "Attack stage: exact pre-checks"); a small integer is hashed inline. Most path segments, ids and
 * query values are short, so most lookups take the number.
 *
 * The key is one-to-one with the text (a number never equals a string in a `Map`):
 * - digits only, 1 to 9 of them, without a leading zero unless alone (`0`, `42`, `123456789`):
 *   their value, 0 to 999 999 999;
 * - else 1 to 4 ASCII characters: minus the 7-bit codes packed under a leading 1 bit that marks
 *   the length, -128 to -(2^29 - 1), so below every number of the first form;
 * - else the text.
 * Every number is a small integer (within 31 bits). Pinned by test/unit/attacks/memory-key.test.ts.
 */
export function memoryKey(text: string): string | number {
  const n = text.length;
  if (n === 0 || n > 9) return text;
  const first = text.charCodeAt(0);
  if (first >= 0x30 && first <= 0x39 && (first !== 0x30 || n === 1)) {
    let value = first - 0x30;
    let i = 1;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x30 || c > 0x39) break;
      value = value * 10 + (c - 0x30);
    }
    if (i === n) return value;
  }
  if (n > 4) return text;
  let packed = 1;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return text;
    packed = (packed << 7) | c;
  }
  return -packed;
}
