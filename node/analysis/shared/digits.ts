/**
 * Whether [from, end) of `s` is one or more ASCII digits (`/^[0-9]+$/` on that slice), read in place
 * so that a path's segment is judged without being cut out of it: the attack stage's exploit path
 * tails and discovery's path segments and value kinds ask it of nearly every request (docs/performance.md
 * "The attack stage per transaction (branch i22-attacks3)").
 */
export function asciiDigits(s: string, from: number, end: number): boolean {
  if (from >= end) return false;
  for (let i = from; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}
