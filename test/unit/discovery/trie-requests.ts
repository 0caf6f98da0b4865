/**
 * Request sequences for the template trie's tests that compare a trie kept one way with its
 * reference (template-cache.test.ts, path-segments.test.ts): paths revisiting a pool (most requests
 * go to paths met before) whose segments make positions merge values, close, fold, take version
 * tags, case aliases, dates and dot segments; endpoints recorded as the inventory records them.
 */
import fc from 'fast-check';
import { PathTrie, type TrieSettings } from '../../../node/analysis/discovery/templates';

export const SEGMENTS = [
  'api',
  'v1',
  'v2',
  'users',
  'Users',
  'user',
  'orders',
  'items',
  'item',
  'comments',
  'search',
  'alice',
  'bob',
  'carol',
  'dave',
  'report.json',
  'report.csv',
  'page-2',
  'x86_64:3',
  'how-to-bake-bread',
  'PEizpEfxeCE',
  'nina3',
  '2024-01-31',
  '.',
  '..',
];
const segmentArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SEGMENTS) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 40 }).map(String) },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z]{1,8}$/) },
);
const pathArb = fc
  .tuple(fc.array(segmentArb, { minLength: 0, maxLength: 5 }), fc.boolean())
  .map(([s, slash]) => `/${s.join('/')}${slash ? '/' : ''}`);

export interface TrieRequest {
  path: string;
  create: boolean;
  method: string;
  /** A live node's export reads every entry between requests (the inventory's snapshot). */
  snapshot?: boolean;
}

export const requestsArb: fc.Arbitrary<TrieRequest[]> = fc
  .tuple(
    fc.array(pathArb, { minLength: 1, maxLength: 12 }),
    fc.array(
      fc.record({
        at: fc.nat(),
        create: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
        method: fc.constantFrom('GET', 'GET', 'POST', 'DELETE'),
        snapshot: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
      }),
      { minLength: 1, maxLength: 200 },
    ),
  )
  .map(([paths, picks]) => picks.map((p) => ({ ...p, path: paths[p.at % paths.length] })));

/**
 * The requests through a fresh trie set up by `configure`: each request's template (and its
 * entries' templates where a snapshot is asked), the length of each resolved trail (-1: refused or
 * unknown), and the entries at the end with their path parameters.
 */
export function replay(
  settings: TrieSettings,
  requests: readonly TrieRequest[],
  configure: (trie: PathTrie<number>) => void,
): { templates: string[]; trails: number[]; entries: string[] } {
  const trie = new PathTrie<number>(
    settings,
    () => {},
    () => null,
  );
  configure(trie);
  const templates: string[] = [];
  const trails: number[] = [];
  for (const r of requests) {
    // A fresh string per request, as the HTTP parser makes them.
    const got = trie.resolve(` ${r.path}`.slice(1), r.create);
    templates.push(got === null ? '(refused)' : got.template);
    trails.push(got === null || got.node === null ? -1 : got.trail.length);
    if (got !== null && got.node !== null && r.create) {
      // As the inventory records an endpoint: a new method is a change on the way.
      const methods = (got.node.methods ??= new Map());
      if (!methods.has(r.method)) {
        methods.set(r.method, methods.size);
        trie.changed(got.trail);
      }
    }
    trie.applyMerges();
    if (r.snapshot === true) templates.push(...trie.entries().map((e) => `entry ${e.template}`));
  }
  return { templates, trails, entries: trie.entries().map((e) => `${e.template} ${JSON.stringify(e.pathParams)}`) };
}
