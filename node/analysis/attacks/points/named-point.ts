import type { RequestPoint } from '../../../report/records';

/**
 * The point `[root, name]` of a named value (a header, cookie or parameter), the same array each
 * time: the same few names recur in every request, and a point is only read (compared, joined,
 * put in a record), never changed. Bounded: dropped when it holds MAX_NAMES.
 */
const points = new Map<string, Map<string, RequestPoint>>();
let size = 0;
const MAX_NAMES = 4096;

export function namedPoint(root: string, name: string): RequestPoint {
  let byName = points.get(root);
  let point = byName?.get(name);
  if (point !== undefined) return point;
  if (size >= MAX_NAMES) {
    points.clear();
    size = 0;
    byName = undefined;
  }
  if (byName === undefined) points.set(root, (byName = new Map()));
  point = [root, name];
  byName.set(name, point);
  size++;
  return point;
}

/** Lower-case names, each worked out once (bounded like the points). */
const lowerNames = new Map<string, string>();

export function lowerName(name: string): string {
  let lower = lowerNames.get(name);
  if (lower === undefined) {
    lower = name.toLowerCase();
    if (lowerNames.size >= MAX_NAMES) lowerNames.clear();
    lowerNames.set(name, lower);
  }
  return lower;
}
