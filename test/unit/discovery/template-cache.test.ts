/**
 * A path's template kept on its trie node (PathTrie.templateOf, node/analysis/discovery/templates.ts;
 * docs/performance.md "Sessions, vulnerabilities, discovery (branch i22-analyses)"): made again
 * whenever a decision is due on the way or anything changed in the trie since. The reference is
 * the same trie with the kept template never used: every template resolve gives and every entry
 * at the end are the same, over request sequences that make positions merge values, close, fold,
 * take version tags and case aliases, with endpoints recorded as the inventory records them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { TrieSettings } from '../../../node/analysis/discovery/templates';
import { replay as replayWith, requestsArb, type TrieRequest } from './trie-requests';

function replay(
  settings: TrieSettings,
  requests: TrieRequest[],
  keep: boolean,
): { templates: string[]; trails: number[]; entries: string[] } {
  return replayWith(settings, requests, (trie) => (trie.keepTemplates = keep));
}

test('a template kept on its node is the one templateOf makes by its definition', () => {
  const settings: TrieSettings = { valueThreshold: 3, literalLimit: 6, similarThreshold: 2, maxNodes: 200 };
  const examples = [
    { path: '/api/v1/users/1/orders', create: true, method: 'GET' },
    { path: '/api/v1/users/2/orders', create: true, method: 'GET' },
    { path: '/api/v1/users/alice', create: true, method: 'GET' },
    { path: '/api/v1/users/bob', create: true, method: 'GET' },
    { path: '/api/v1/users/carol', create: true, method: 'GET' },
    { path: '/api/v1/users/dave', create: true, method: 'GET' },
    { path: '/api/v1/users/3/orders', create: true, method: 'GET' },
  ];
  const kept = replay(settings, examples, true);
  assert.deepEqual(kept, replay(settings, examples, false));
  assert.equal(kept.templates[6], '/api/v1/users/{id}/orders');
  fc.assert(
    fc.property(
      requestsArb,
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 2, max: 12 }),
      fc.integer({ min: 0, max: 3 }),
      (requests, valueThreshold, literalLimit, similarThreshold) => {
        const s: TrieSettings = { valueThreshold, literalLimit, similarThreshold, maxNodes: 400 };
        assert.deepEqual(replay(s, requests, true), replay(s, requests, false));
      },
    ),
    { numRuns: 1000 },
  );
});

test('a kept template is made again after a decision reached through another path, and where a spelling is counted', () => {
  const settings: TrieSettings = { valueThreshold: 1, literalLimit: 2, similarThreshold: 0, maxNodes: 400 };
  const get = (path: string, create: boolean, snapshot = false) => ({ path, create, method: 'GET', snapshot });
  // Resolving the first path again decides the root: the random id beside a value is a value too.
  const elsewhere = [
    get('/00000000-0000-1000-8000-000000000000/api', true),
    get('/PEizpEfxeCE', true),
    get('/00000000-0000-1000-8000-000000000000/api', false),
    get('/PEizpEfxeCE', false),
  ];
  assert.deepEqual(replay(settings, elsewhere, true).templates, ['/{id}/api', '/PEizpEfxeCE', '/{id}/api', '/{id}']);
  // Two requests as `Users` against one as `users`: the template follows the most requested spelling.
  const spelt = [get('/users', true), get('/Users', false), get('/Users', false)];
  assert.deepEqual(replay(settings, spelt, true).templates, ['/users', '/users', '/Users']);
});
