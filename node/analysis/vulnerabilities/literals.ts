/**
 * Which of a fixed list of literals a body contains, found with as few scans as possible. A
 * substring search runs at the speed at which the literal's first character can be skipped, so
 * the literals are grouped by first character: one search for the character settles a whole
 * group when it is absent (JSON of lower-case keys and numbers has no upper-case letter at all),
 * and only the groups whose character occurs search for their literals. Every pattern then asks
 * the returned set instead of searching the body again (docs/performance.md).
 */
export class LiteralSet {
  private readonly groups: Array<{ first: string; literals: string[] }> = [];

  constructor(literals: Iterable<string>) {
    const byFirst = new Map<string, string[]>();
    for (const l of new Set(literals)) {
      if (l === '') continue;
      const list = byFirst.get(l[0]) ?? [];
      list.push(l);
      byFirst.set(l[0], list);
    }
    for (const [first, list] of byFirst) this.groups.push({ first, literals: list });
  }

  /** The literals the text contains; null when none. */
  find(text: string): Set<string> | null {
    let found: Set<string> | null = null;
    for (const g of this.groups) {
      const at = text.indexOf(g.first);
      if (at < 0) continue;
      for (const l of g.literals) {
        if (text.startsWith(l, at) || text.includes(l, at + 1)) (found ??= new Set()).add(l);
      }
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
