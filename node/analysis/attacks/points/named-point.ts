import type { RequestPoint } from '../../../records/types';
import { memoized } from '../../../memo';

const MAX_NAMES = 4096;

/** One memory of points per root (the roots are ours: header, cookie, query, form...). */
const pointsByRoot = new Map<string, (name: string) => RequestPoint>();

/**
 * The point `[root, name]` of a named value (a header, cookie or parameter), the same array each
 * time: the same few names recur in every request, and a point is only read (compared, joined,
 * put in a record), never changed.
 */
export function namedPoint(root: string, name: string): RequestPoint {
  let points = pointsByRoot.get(root);
  if (points === undefined) pointsByRoot.set(root, (points = memoized((n): RequestPoint => [root, n], MAX_NAMES)));
  return points(name);
}
