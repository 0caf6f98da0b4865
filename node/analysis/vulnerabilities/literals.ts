/**
 * Which of a fixed list of literals a body contains, found with as few scans as possible. A
 * substring search runs at the speed at which the literal's first character can be skipped, so
 * the literals are grouped by first character: one search for the character settles a whole
 * group when it is absent (JSON of lower-case keys and numbers has no upper-case letter at all),
 * and only the groups whose character occurs search for their literals (short texts are marked
 * character by character in one pass instead). Every pattern then asks
 * the returned set instead of searching the body again (docs/performance.md). The marks are the
 * thread's shared ones (../shared/text-marks.ts): discovery's JSON reader has usually marked the
 * same response text already, and every LiteralSet asked about it reads that one pass.
 */
import { MARK_MAX, TEXT_MARKS } from '../shared/text-marks';

export class LiteralSet {
  private readonly groups: Array<{ first: number; literals: string[] }> = [];
  /**
   * The same literals grouped by their first two characters (both below 128; the rest stay in
   * `loose`), for short texts: one pass marks every pair of adjacent characters, and a group is
   * searched only when its pair occurs. JSON has `:` and `S` and `.` everywhere, but rarely `:l`,
   * `Sy` or `.j`: pairs settle most groups a first character cannot (docs/performance.md).
   */
  private readonly pairGroups: Array<{ pair: number; literals: string[] }> = [];
  /** Literals of one character, or whose second character is not ASCII: found by their first character alone. */
  private readonly loose: Array<{ first: number; literals: string[] }> = [];

  constructor(literals: Iterable<string>) {
    const byFirst = new Map<number, string[]>();
    const byPair = new Map<number, string[]>();
    const loose = new Map<number, string[]>();
    const add = (map: Map<number, string[]>, key: number, l: string): void => {
      const list = map.get(key) ?? [];
      list.push(l);
      map.set(key, list);
    };
    for (const l of new Set(literals)) {
      if (l === '' || l.charCodeAt(0) >= 128) throw new Error(`literal ${JSON.stringify(l)}: must start with an ASCII character`);
      const first = l.charCodeAt(0);
      add(byFirst, first, l);
      if (l.length >= 2 && l.charCodeAt(1) < 128) add(byPair, first * 128 + l.charCodeAt(1), l);
      else add(loose, first, l);
    }
    for (const [first, list] of byFirst) this.groups.push({ first, literals: list });
    for (const [pair, list] of byPair) this.pairGroups.push({ pair, literals: list });
    for (const [first, list] of loose) this.loose.push({ first, literals: list });
  }

  /** The literals the text contains; null when none. */
  find(text: string): Set<string> | null {
    // A short text (most API bodies) is marked in one pass: a search has a fixed cost of its own,
    // which on a 1 KB body outweighs the scan, so only the groups whose pair occurs search.
    return text.length <= MARK_MAX ? this.findMarked(text) : this.findSearched(text);
  }

  private findMarked(text: string): Set<string> | null {
    const stamp = TEXT_MARKS.mark(text);
    const seen = TEXT_MARKS.seen;
    const pairs = TEXT_MARKS.pairs;
    let found: Set<string> | null = null;
    for (const g of this.pairGroups) {
      if (pairs[g.pair] !== stamp) continue;
      for (const l of g.literals) if (text.includes(l)) (found ??= new Set()).add(l);
    }
    for (const g of this.loose) {
      if (seen[g.first] !== stamp) continue;
      for (const l of g.literals) if (text.includes(l)) (found ??= new Set()).add(l);
    }
    return found;
  }

  /** A long text: one search per first character, then its group's literals from there. */
  private findSearched(text: string): Set<string> | null {
    let found: Set<string> | null = null;
    for (const g of this.groups) {
      const from = text.indexOf(String.fromCharCode(g.first));
      if (from < 0) continue;
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
