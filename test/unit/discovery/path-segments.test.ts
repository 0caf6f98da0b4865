/**
 * A path's segments read in place (node/analysis/discovery/path-segments.ts PathSegments) and
 * kept per trie node (templates.ts segmentUnder; docs/performance.md "The discovery stage per
 * transaction (branch i22-disc)"). The references: `segments(path)` (split, dot segments resolved)
 * for the reader; for the trie, the same trie parsing or looking up every segment by its text
 * (`keepSegments = false`): the same templates, entries and path parameters.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PathSegments, segments } from '../../../node/analysis/discovery/path-segments';
import { PathTrie, type TrieSettings } from '../../../node/analysis/discovery/templates';

/** Pieces of paths: slashes, dot segments, names that are prefixes of one another, digits, encodings. */
const PIECES = [
  '/',
  '/',
  '//',
  '.',
  '..',
  'a',
  'ab',
  'abc',
  'users',
  'user',
  '12',
  '123',
  '0',
  '1a',
  '%2F',
  ';x=1',
  'v1',
  ':get',
  '-',
];
const pathArb = fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }).map((p) => p.join(''));

test('PathSegments reads the segments segments() gives', () => {
  const examples: Array<[string, string[]]> = [
    ['/api/v1/users/42', ['api', 'v1', 'users', '42']],
    ['//a//b/', ['a', 'b']],
    ['/a/./b/../c', ['a', 'c']],
    ['', []],
    ['users', ['users']],
  ];
  const walk = new PathSegments();
  for (const [path, want] of examples) {
    const got: string[] = [];
    const n = walk.start(path);
    for (let i = 0; i < n; i++) {
      walk.next();
      got.push(walk.text());
    }
    assert.deepEqual(got, want, path);
  }
  // Compared in place: a name is not its prefix or its extension.
  walk.start('/users/7');
  walk.next();
  assert.equal(walk.is('users'), true);
  assert.equal(walk.is('user'), false);
  assert.equal(walk.is('users/'), false);
  walk.next();
  assert.equal(walk.digits(), true);
  fc.assert(
    fc.property(pathArb, fc.array(fc.constantFrom(...PIECES, 'users/7', ''), { maxLength: 6 }), (path, others) => {
      const want = segments(path);
      assert.equal(walk.start(path), want.length);
      for (let i = 0; i < want.length; i++) {
        walk.next();
        assert.equal(walk.text(), want[i]);
        assert.deepEqual(walk.rest(), want.slice(i));
        assert.equal(walk.digits(), /^\d+$/.test(want[i]));
        for (const o of [...others, ...want]) assert.equal(walk.is(o), o === want[i], JSON.stringify([path, i, o]));
      }
    }),
    { numRuns: 3000 },
  );
});

const SEGMENTS = [
  'api',
  'v1',
  'v2',
  'users',
  'Users',
  'user',
  'orders',
  'items',
  'alice',
  'bob',
  'report.json',
  'page-2',
  'x86_64:3',
  'PEizpEfxeCE',
  '2024-01-31',
  '..',
  '.',
];
const segmentArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SEGMENTS) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 40 }).map(String) },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z]{1,6}$/) },
);
const requestPathArb = fc
  .tuple(fc.array(segmentArb, { maxLength: 5 }), fc.boolean())
  .map(([s, slash]) => `/${s.join('/')}${slash ? '/' : ''}`);
const requestsArb = fc
  .tuple(
    fc.array(requestPathArb, { minLength: 1, maxLength: 12 }),
    fc.array(
      fc.record({
        at: fc.nat(),
        create: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
        method: fc.constantFrom('GET', 'POST'),
      }),
      {
        minLength: 1,
        maxLength: 150,
      },
    ),
  )
  .map(([paths, picks]) => picks.map((p) => ({ ...p, path: paths[p.at % paths.length] })));

function replay(
  settings: TrieSettings,
  requests: Array<{ path: string; create: boolean; method: string }>,
  keep: boolean,
): string[] {
  const trie = new PathTrie<number>(
    settings,
    () => {},
    () => null,
  );
  trie.keepSegments = keep;
  const out: string[] = [];
  for (const r of requests) {
    // A fresh string per request, as the HTTP parser makes them.
    const got = trie.resolve(` ${r.path}`.slice(1), r.create);
    out.push(got === null ? '(refused)' : `${got.template} ${got.node === null ? '-' : got.trail.length}`);
    if (got !== null && got.node !== null && r.create) {
      const methods = (got.node.methods ??= new Map());
      if (!methods.has(r.method)) {
        methods.set(r.method, methods.size);
        trie.changed(got.trail);
      }
    }
    trie.applyMerges();
  }
  for (const e of trie.entries()) out.push(`entry ${e.template} ${JSON.stringify(e.pathParams)}`);
  return out;
}

test('segments kept on their trie node resolve as segments parsed each time', () => {
  const settings: TrieSettings = { valueThreshold: 3, literalLimit: 6, similarThreshold: 2, maxNodes: 200 };
  // `user` after `users` under one node, `users` at the root then under `api`: each parsed as itself.
  const examples = ['/users/1', '/user/2', '/users', '/api/users/3', '/users/./4', '/users/x/../5'].map((path) => ({
    path,
    create: true,
    method: 'GET',
  }));
  const kept = replay(settings, examples, true);
  assert.deepEqual(kept, replay(settings, examples, false));
  assert.deepEqual(kept.slice(0, 3), ['/users/{id} 3', '/user/{id} 3', '/users 2']);
  // Paths the trie does not know, twice each (the second time from remembered segments): a date first is a literal, a date below a value.
  const unknown = ['/2024-01-31/static/app.js', '/users/1/2024-01-31/x'].flatMap((path) => [path, path]);
  const asked = unknown.map((path) => ({ path, create: false, method: 'GET' }));
  const templates = replay(settings, [...examples, ...asked], true);
  assert.deepEqual(templates, replay(settings, [...examples, ...asked], false));
  assert.deepEqual(templates.slice(examples.length, examples.length + 4), [
    '/2024-01-31/static/app.js -',
    '/2024-01-31/static/app.js -',
    '/users/{id}/{date}/x -',
    '/users/{id}/{date}/x -',
  ]);
  fc.assert(
    fc.property(
      requestsArb,
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 2, max: 12 }),
      (requests, valueThreshold, literalLimit) => {
        const s: TrieSettings = { valueThreshold, literalLimit, similarThreshold: 2, maxNodes: 300 };
        assert.deepEqual(replay(s, requests, true), replay(s, requests, false));
      },
    ),
    { numRuns: 1000 },
  );
});
