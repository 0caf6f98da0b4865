/**
 * The largest set of items that belong together, greedy from each seed: the one loop behind the sets of names
 * judged values of one parameter in templates.ts (names of one shape, Google-style names with custom methods,
 * sibling names whose items answer alike, a word cluster). An exact largest set is a maximum clique, too costly on a
 * request path; the greedy set from every seed is quadratic in the items and deterministic (docs/api-discovery.md,
 * branch i19-clusters).
 */

/**
 * The symmetric likeness matrix of items `0 … count - 1`: `likeness(i, j)` is called once per pair, for `i < j` in
 * ascending order of `i` then `j` (the likeness functions read and fill caches, so the call order is kept as the
 * loops it replaced had it, branch i19-likeness), and stored at both `[i][j]` and `[j][i]`; the diagonal holds `self`.
 */
export function likenessMatrix<T>(count: number, likeness: (i: number, j: number) => T, self: T): T[][] {
  const like = Array.from({ length: count }, () => new Array<T>(count).fill(self));
  for (let i = 0; i < count; i++) for (let j = i + 1; j < count; j++) like[i][j] = like[j][i] = likeness(i, j);
  return like;
}

/** Whether item `j` joins `cluster` (the items taken so far, the seed first). */
export type Joins = (cluster: readonly number[], j: number) => boolean;

/**
 * The largest cluster of items `0 … count - 1`: from each seed in turn, every other item in ascending order joins
 * when `joins` says so; with `grow`, passes repeat until one adds nothing (an item linked to the cluster only through
 * one that joined after it joins too). The first seed wins among clusters of equal size. Returns the items in the
 * order they joined, the seed first; [] when `count` is 0.
 */
export function largestCluster(count: number, joins: Joins, grow = false): number[] {
  let best: number[] = [];
  for (let seed = 0; seed < count; seed++) {
    const cluster = clusterFrom(seed, count, joins, grow);
    if (cluster.length > best.length) best = cluster;
  }
  return best;
}

function clusterFrom(seed: number, count: number, joins: Joins, grow: boolean): number[] {
  const cluster = [seed];
  for (let grew = true; grew;) {
    grew = false;
    for (let j = 0; j < count; j++)
      if (!cluster.includes(j) && joins(cluster, j)) {
        cluster.push(j);
        grew = grow;
      }
  }
  return cluster;
}

/** Joining when alike with every item taken (a clique, greedy). */
export function alikeWithEvery(alike: (i: number, j: number) => boolean): Joins {
  return (cluster, j) => cluster.every((i) => alike(i, j));
}

/**
 * Joining on a likeness matrix (negative: the two differ; 0: nothing to compare; positive: alike): when nothing taken
 * differs from the item and one taken item at least is alike with it.
 */
export function linkedWithoutConflict(like: readonly (readonly number[])[]): Joins {
  return (cluster, j) => cluster.every((i) => like[i][j] >= 0) && cluster.some((i) => like[i][j] > 0);
}
