/**
 * The greedy largest cluster (node/analysis/discovery/clusters.ts), the one loop behind the sets of names templates.ts
 * judges values of one parameter: examples of each joining rule, and a property test against the plain loops it
 * replaced (docs/api-discovery.md, branch i19-clusters); the likeness matrix those loops read, filled in the order
 * of the plain fills it replaced (branch i19-likeness).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { alikeWithEvery, largestCluster, likenessMatrix, linkedWithoutConflict } from '../../../node/analysis/discovery/clusters';

/** A symmetric matrix from its upper triangle: `pairs` lists [i, j, value], the rest 0. */
function matrix(k: number, pairs: Array<[number, number, number]>): number[][] {
  const like = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const [i, j, v] of pairs) like[i][j] = like[j][i] = v;
  return like;
}

test('alike with every item: the largest clique found greedily, the first seed winning a tie', () => {
  // 0-1-2 alike with one another, 3-4 alike: the triangle wins.
  const like = matrix(5, [
    [0, 1, 1],
    [0, 2, 1],
    [1, 2, 1],
    [3, 4, 1],
  ]);
  assert.deepEqual(
    largestCluster(
      5,
      alikeWithEvery((i, j) => like[i][j] > 0),
    ),
    [0, 1, 2],
  );
  // Two pairs of equal size: the first seed's.
  const pairs = matrix(4, [
    [2, 3, 1],
    [0, 1, 1],
  ]);
  assert.deepEqual(
    largestCluster(
      4,
      alikeWithEvery((i, j) => pairs[i][j] > 0),
    ),
    [0, 1],
  );
  // A chain 0-1-2 is no clique: 0 and 2 are not alike.
  const chain = matrix(3, [
    [0, 1, 1],
    [1, 2, 1],
  ]);
  assert.deepEqual(
    largestCluster(
      3,
      alikeWithEvery((i, j) => chain[i][j] > 0),
    ),
    [0, 1],
  );
  assert.deepEqual(
    largestCluster(
      0,
      alikeWithEvery(() => true),
    ),
    [],
  );
});

test('linked without conflict: one link in and no item differing; each seed in turn, the largest kept', () => {
  // 0-2 alike, 1-2 alike, 0-1 nothing to compare: seed 0 takes 2 only (1 has no link to 0), seed 2 takes both.
  const hub = matrix(3, [
    [0, 2, 1],
    [1, 2, 1],
  ]);
  assert.deepEqual(largestCluster(3, linkedWithoutConflict(hub)), [2, 0, 1]);
  // Look-alike: an item that differs from one taken (-1) stays out, however alike with another.
  const conflict = matrix(3, [
    [0, 1, 1],
    [0, 2, 1],
    [1, 2, -1],
  ]);
  assert.deepEqual(largestCluster(3, linkedWithoutConflict(conflict)), [0, 1]);
  // Nothing linked: every cluster is its seed alone, the first kept.
  assert.deepEqual(largestCluster(3, linkedWithoutConflict(matrix(3, []))), [0]);
});

test('grown until nothing joins: an item linked only through one that joined after it is taken on the next pass', () => {
  // Links 0-3 and 3-1. From seed 0, item 1 is visited before 3 joins: one pass leaves it out (seed 3 takes all
  // three first), growing takes it on the second pass (seed 0 first).
  const chain = matrix(4, [
    [0, 3, 2],
    [1, 3, 1],
  ]);
  assert.deepEqual(largestCluster(4, linkedWithoutConflict(chain)), [3, 0, 1]);
  assert.deepEqual(largestCluster(4, linkedWithoutConflict(chain), true), [0, 3, 1]);
});

/** The loops templates.ts had, written out plainly: the references. */
function referenceEvery(k: number, like: number[][]): number[] {
  let best: number[] = [];
  for (let seed = 0; seed < k; seed++) {
    const cluster = [seed];
    for (let j = 0; j < k; j++) if (j !== seed && cluster.every((i) => like[i][j] > 0)) cluster.push(j);
    if (cluster.length > best.length) best = cluster;
  }
  return best;
}

function referenceLinked(k: number, like: number[][]): number[] {
  let best: number[] = [];
  for (let seed = 0; seed < k; seed++) {
    const cluster = [seed];
    for (let j = 0; j < k; j++)
      if (j !== seed && cluster.every((i) => like[i][j] >= 0) && cluster.some((i) => like[i][j] > 0)) cluster.push(j);
    if (cluster.length > best.length) best = cluster;
  }
  return best;
}

function referenceGrown(k: number, like: number[][]): number[] {
  let best: number[] = [];
  for (let seed = 0; seed < k; seed++) {
    const cluster = [seed];
    for (let grew = true; grew;) {
      grew = false;
      for (let j = 0; j < k; j++)
        if (!cluster.includes(j) && cluster.every((i) => like[i][j] >= 0) && cluster.some((i) => like[i][j] > 0)) {
          cluster.push(j);
          grew = true;
        }
    }
    if (cluster.length > best.length) best = cluster;
  }
  return best;
}

/** namesOfOneShape's loop: seeds and joiners over the items left (a set of indices, ascending), like[i][j] boolean. */
function referenceEveryAmong(left: Set<number>, like: number[][]): number[] {
  let best: number[] = [];
  for (const seed of left) {
    const cluster = [seed];
    for (const j of left) if (j !== seed && cluster.every((i) => like[i][j] > 0)) cluster.push(j);
    if (cluster.length > best.length) best = cluster;
  }
  return best;
}

/** A random symmetric likeness matrix with values -1, 0, 1, 2 (as enumBeforeValues' links). */
const likeness = fc.integer({ min: 0, max: 9 }).chain((k) =>
  fc.array(fc.integer({ min: -1, max: 2 }), { minLength: (k * (k - 1)) / 2, maxLength: (k * (k - 1)) / 2 }).map((upper) => {
    const like = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    let n = 0;
    for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) like[i][j] = like[j][i] = upper[n++];
    return like;
  }),
);

test('property: the helper is each loop it replaced, on random likeness matrices', () => {
  fc.assert(
    fc.property(likeness, (like) => {
      const k = like.length;
      assert.deepEqual(
        largestCluster(
          k,
          alikeWithEvery((i, j) => like[i][j] > 0),
        ),
        referenceEvery(k, like),
      );
      assert.deepEqual(largestCluster(k, linkedWithoutConflict(like)), referenceLinked(k, like));
      assert.deepEqual(largestCluster(k, linkedWithoutConflict(like), true), referenceGrown(k, like));
    }),
    { numRuns: 500 },
  );
});

test('property: over the items left (namesOfOneShape), the helper on their ids is the loop over the set', () => {
  fc.assert(
    fc.property(likeness, fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }), (like, kept) => {
      const left = new Set([...like.keys()].filter((i) => kept[i]));
      const ids = [...left];
      const best = largestCluster(
        ids.length,
        alikeWithEvery((i, j) => like[ids[i]][ids[j]] > 0),
      ).map((i) => ids[i]);
      assert.deepEqual(best, referenceEveryAmong(left, like));
    }),
    { numRuns: 500 },
  );
});

test('likeness matrix: each pair asked once, i < j in ascending order, stored both ways; the diagonal as given', () => {
  const asked: Array<[number, number]> = [];
  const like = likenessMatrix(
    3,
    (i, j) => {
      asked.push([i, j]);
      return 10 * i + j;
    },
    0,
  );
  assert.deepEqual(asked, [
    [0, 1],
    [0, 2],
    [1, 2],
  ]);
  assert.deepEqual(like, [
    [0, 1, 2],
    [1, 0, 12],
    [2, 12, 0],
  ]);
  // A boolean likeness (namesOfOneShape): false on the diagonal, the pair's answer off it.
  assert.deepEqual(
    likenessMatrix(2, () => true, false),
    [
      [false, true],
      [true, false],
    ],
  );
  // No items, one item: nothing asked.
  assert.deepEqual(
    likenessMatrix(0, () => assert.fail('asked'), 0),
    [],
  );
  assert.deepEqual(
    likenessMatrix(1, () => assert.fail('asked'), 0),
    [[0]],
  );
});

/** The fill templates.ts had at each of its four likeness matrices, written out plainly: the reference. */
function referenceFill(k: number, likeness: (i: number, j: number) => number, self: number): number[][] {
  const like = Array.from({ length: k }, () => new Array<number>(k).fill(self));
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) like[i][j] = like[j][i] = likeness(i, j);
  return like;
}

test('property: the likeness matrix is the plain fill, call for call, with a likeness that has side effects', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 12 }),
      fc.integer({ min: -1, max: 2 }),
      fc.array(fc.integer({ min: -1, max: 2 }), { minLength: 1 }),
      (k, self, answers) => {
        // A stateful likeness (as the caches behind wordsLikeness): its answer depends on how many calls came before.
        const stateful = (calls: Array<[number, number]>) => (i: number, j: number) => {
          calls.push([i, j]);
          return answers[calls.length % answers.length] + i - j;
        };
        const asked: Array<[number, number]> = [];
        const expectedAsked: Array<[number, number]> = [];
        assert.deepEqual(likenessMatrix(k, stateful(asked), self), referenceFill(k, stateful(expectedAsked), self));
        assert.deepEqual(asked, expectedAsked);
      },
    ),
    { numRuns: 300 },
  );
});
