/**
 * Which of a fixed list of literals a body contains, found with as few scans as possible. A
 * substring search runs at the speed at which the literal's first character can be skipped, so
 * the literals are grouped by first character: one search for the character settles a whole
 * group when it is absent (JSON of lower-case keys and numbers has no upper-case letter at all),
 * and only the groups whose character occurs search for their literals (short texts are marked
 * character by character in one pass instead). Every pattern then asks
 * the returned set instead of searching the body again (docs/performance.md).
 */
/** Up to this length a text's characters are marked in one pass; longer ones are searched per first character. */
const MARK_MAX = 4096;

export class LiteralSet {
  private readonly groups: Array<{ first: number; literals: string[] }> = [];
  /** Per character code below 128, the pass (`stamp`) that last saw it: no clearing between texts. */
  private readonly seen = new Uint32Array(128);
  private stamp = 0;

  constructor(literals: Iterable<string>) {
    const byFirst = new Map<number, string[]>();
    for (const l of new Set(literals)) {
      if (l === '' || l.charCodeAt(0) >= 128) throw new Error(`literal ${JSON.stringify(l)}: must start with an ASCII character`);
      const list = byFirst.get(l.charCodeAt(0)) ?? [];
      list.push(l);
      byFirst.set(l.charCodeAt(0), list);
    }
    for (const [first, list] of byFirst) this.groups.push({ first, literals: list });
  }

  /** The literals the text contains; null when none. */
  find(text: string): Set<string> | null {
    // A short text (most API bodies) is marked in one pass: a search has a fixed cost of its own,
    // which on a 1 KB body outweighs the scan, so only the groups whose character occurs search.
    const short = text.length <= MARK_MAX;
    let stamp = 0;
    if (short) {
      stamp = this.stamp = (this.stamp + 1) >>> 0 || 1;
      const seen = this.seen;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c < 128) seen[c] = stamp;
      }
    }
    let found: Set<string> | null = null;
    for (const g of this.groups) {
      let from = 0;
      if (short) {
        if (this.seen[g.first] !== stamp) continue;
      } else {
        from = text.indexOf(String.fromCharCode(g.first));
        if (from < 0) continue;
      }
      for (const l of g.literals) if (text.includes(l, from)) (found ??= new Set()).add(l);
    }
    return found;
  }
}

/** Whether any of `needs` is in `found`. */
export function anyFound(found: ReadonlySet<string> | null, needs: readonly string[]): boolean {
  if (found === null) return false;
  for (const n of needs) if (found.has(n)) return true;
  return false;
}
