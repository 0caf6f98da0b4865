/**
 * A path's segments read in one pass (node/analysis/discovery/path-segments.ts `segments`) and the
 * session template index splitting only for a host with templates (TemplateIndex.resolve,
 * node/analysis/sessions/template-index.ts; docs/performance.md "Response JSON and the sessions'
 * path split (branch i22-json2)"): the segments are those of `path.split('/')` with empty and `.`
 * pieces dropped and `..` popping, and every path, in any order, resolves as with that split
 * matched against the same templates (../discovery/template-match.ts) and, past MAX_SEGMENTS or
 * without a match, templated by shape.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TemplateIndex } from '../../../node/analysis/sessions/template-index';
import { TemplateTrie } from '../../../node/analysis/discovery/template-match';
import { PathTrie, MAX_SEGMENTS, segments } from '../../../node/analysis/discovery/templates';

/** The split `segments` replaces. */
function segmentsBySplit(path: string): string[] {
  const out: string[] = [];
  for (const s of path.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') out.pop();
    else out.push(s);
  }
  return out;
}

/** The resolve it replaces: the path split by `path.split('/')`, then the same tries. */
class ReferenceIndex {
  private readonly hosts = new Map<string, TemplateTrie>();
  private readonly byShape = new PathTrie<never>(
    { valueThreshold: Infinity, literalLimit: Infinity, similarThreshold: 0, maxNodes: 1 },
    () => {},
    () => null,
  );

  add(host: string, template: string): void {
    let trie = this.hosts.get(host);
    if (trie === undefined) this.hosts.set(host, (trie = new TemplateTrie()));
    const segs = segmentsBySplit(template);
    if (!trie.has(segs)) trie.add(template, segs);
  }

  resolve(host: string, path: string): string {
    const trie = this.hosts.get(host);
    const segs = segmentsBySplit(path);
    if (trie !== undefined && segs.length <= MAX_SEGMENTS) {
      const hit = trie.resolve(segs);
      if (hit !== null) return hit;
    }
    return this.byShape.resolve(path, false)?.template ?? path;
  }
}

/** `/s0/s1/…` of n segments. */
const longPath = (n: number): string => `/${Array.from({ length: n }, (_, i) => `s${i}`).join('/')}`;
const HOSTS = ['a.test', 'b.test'];
const TEMPLATES = [
  '/users/{id}',
  '/users/{id}/orders',
  '/users/me',
  '/orders',
  '/Users/{id}/ME',
  '/items/{item_id}.{format}',
  '/api/v{version}/items',
  '/a/b/c/d',
  '/a/{x}',
  `${longPath(MAX_SEGMENTS - 1)}/{last}`,
];
const SEGMENT = fc.constantFrom(
  'users',
  'Users',
  'ME',
  'me',
  '7',
  'orders',
  'items',
  '3.json',
  'api',
  'v2',
  'a',
  'b',
  'c',
  'd',
  '.',
  '..',
  '',
  'x',
  's0',
  's1',
);
const pathArb = fc.oneof(
  fc.array(SEGMENT, { maxLength: 7 }).map((s) => `/${s.join('/')}`),
  fc.constantFrom(
    longPath(MAX_SEGMENTS),
    `${longPath(MAX_SEGMENTS - 1)}/99`,
    longPath(MAX_SEGMENTS + 1),
    `${longPath(MAX_SEGMENTS + 1)}/..`,
    '',
    '/',
    '//users//7/',
  ),
);

test('TemplateIndex.resolve: the templates of the split path', () => {
  // Examples: a short path after a long one, dot segments, a host without templates.
  const ix = new TemplateIndex(10, 100);
  const ref = new ReferenceIndex();
  for (const t of TEMPLATES) {
    ix.add('a.test', t);
    ref.add('a.test', t);
  }
  assert.equal(ix.resolve('a.test', '/a/b/c/d'), '/a/b/c/d');
  assert.equal(ix.resolve('a.test', '/a/b'), '/a/{x}');
  assert.equal(ix.resolve('a.test', '/users/7/../me'), '/users/me');
  // As many segments as a template may have: matched; one more: templated by shape.
  assert.equal(ix.resolve('a.test', `${longPath(MAX_SEGMENTS - 1)}/99`), `${longPath(MAX_SEGMENTS - 1)}/{last}`);
  assert.equal(ix.resolve('a.test', longPath(MAX_SEGMENTS + 1)), ref.resolve('a.test', longPath(MAX_SEGMENTS + 1)));
  assert.equal(ix.resolve('b.test', '/users/7'), '/users/{id}');
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.nat(HOSTS.length - 1), fc.nat(TEMPLATES.length - 1)), { maxLength: 12 }),
      fc.array(fc.tuple(fc.nat(HOSTS.length - 1), pathArb), { minLength: 1, maxLength: 20 }),
      (adds, paths) => {
        const index = new TemplateIndex(10, 100);
        const reference = new ReferenceIndex();
        for (const [h, t] of adds) {
          index.add(HOSTS[h], TEMPLATES[t]);
          reference.add(HOSTS[h], TEMPLATES[t]);
        }
        for (const [h, p] of paths) assert.equal(index.resolve(HOSTS[h], p), reference.resolve(HOSTS[h], p), p);
      },
    ),
    { numRuns: 2000 },
  );
});

test('segments: the pieces of path.split("/"), empty and "." dropped, ".." popping', () => {
  assert.deepEqual(segments('/api//v1/./users/../items/'), ['api', 'v1', 'items']);
  assert.deepEqual(segments('../../a/..../.b/.'), ['a', '....', '.b']);
  assert.deepEqual(segments(''), []);
  assert.deepEqual(segments('/'), []);
  assert.deepEqual(segments('abc'), ['abc']);
  const piece = fc.constantFrom('', '/', '//', '.', '..', '...', 'a', 'users', '7', '.x', 'x.', '%2F', 'é');
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 16 }), fc.array(fc.constantFrom('/', ''), { maxLength: 16 }), (parts, seps) => {
      const path = parts.map((p, i) => p + (seps[i] ?? '/')).join('');
      assert.deepEqual(segments(path), segmentsBySplit(path), path);
    }),
    { numRuns: 5000 },
  );
});
