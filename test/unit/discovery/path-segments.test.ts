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
import type { TrieSettings } from '../../../node/analysis/discovery/templates';
import { replay as replayWith, requestsArb, type TrieRequest } from './trie-requests';

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

/** The requests' templates, trails and entries through a trie keeping segments on their nodes or not. */
function replay(settings: TrieSettings, requests: TrieRequest[], keep: boolean): ReturnType<typeof replayWith> {
  return replayWith(settings, requests, (trie) => (trie.keepSegments = keep));
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
  assert.deepEqual(kept.templates.slice(0, 3), ['/users/{id}', '/user/{id}', '/users']);
  assert.deepEqual(kept.trails.slice(0, 3), [3, 3, 2]);
  // Paths the trie does not know, twice each (the second time from remembered segments): a date first is a literal, a date below a value.
  const unknown = ['/2024-01-31/static/app.js', '/users/1/2024-01-31/x'].flatMap((path) => [path, path]);
  const asked = [...examples, ...unknown.map((path) => ({ path, create: false, method: 'GET' }))];
  const withUnknown = replay(settings, asked, true);
  assert.deepEqual(withUnknown, replay(settings, asked, false));
  assert.deepEqual(withUnknown.templates.slice(examples.length), [
    '/2024-01-31/static/app.js',
    '/2024-01-31/static/app.js',
    '/users/{id}/{date}/x',
    '/users/{id}/{date}/x',
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
