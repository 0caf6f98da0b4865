import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { flattenJson, jsonKey, type ObservedValue } from '../../../node/analysis/discovery/extract';
import { flattenShallowFirst, MAX_VALUES } from '../../../node/analysis/discovery/json-fields';
import { sensitiveKinds } from '../../../node/analysis/discovery/sensitive';
import { jsonType, stringFormat } from '../../../node/analysis/discovery/values';

/** The definition flattenJson's path tree stands for: paths as strings, a path's types in a set of `path\0type`. */
function flattenByPathStrings(doc: unknown, out: ObservedValue[]): void {
  const seen = new Set<string>();
  const walk = (v: unknown, path: string, lastKey: string, depth: number): void => {
    if (out.length >= 200) return;
    const type = jsonType(v);
    const key = `${path}\u0000${type}`;
    if (!seen.has(key)) {
      seen.add(key);
      const format = typeof v === 'string' ? stringFormat(v) : null;
      const sensitive = typeof v === 'string' || typeof v === 'number' ? sensitiveKinds(lastKey, String(v)) : [];
      out.push({ name: path, type, format, sensitive });
    }
    if (depth >= 8) return;
    if (Array.isArray(v)) {
      for (let i = 0; i < Math.min(v.length, 20); i++) walk(v[i], `${path}[]`, lastKey, depth + 1);
    } else if (type === 'object') {
      const object = v as Record<string, unknown>;
      for (const k in object) walk(object[k], path + jsonKey(k), k, depth + 1);
    }
  };
  walk(doc, '$', '', 0);
}

// Keys that look like path syntax (dots, brackets, quotes, the `[]` of arrays) next to ordinary ones.
const key = fc.oneof(
  fc.constantFrom('a', 'b', 'id', 'a.b', '[]', '["a"]', '.a', 'a[]', '', '$', 'x"]', 'password', 'email', '\u0000'),
  fc.string({ maxLength: 6 }),
);
const scalar = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('jane@example.org', '4111111111111111', '2024-01-02', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.sig', '10.0.0.1'),
  fc.string({ maxLength: 12 }),
);
const { json } = fc.letrec((tie) => ({
  json: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object')),
  array: fc.array(tie('json'), { maxLength: 25 }),
  object: fc.dictionary(key, tie('json'), { maxKeys: 8 }),
}));

test('flattenJson: the same observations, in the same order, as keying paths by their strings', () => {
  fc.assert(
    fc.property(json, (doc) => {
      // Through JSON text, as bodies arrive (plain objects in JSON.parse's key order).
      const parsed: unknown = JSON.parse(JSON.stringify(doc));
      const got: ObservedValue[] = [];
      const want: ObservedValue[] = [];
      flattenJson(parsed, got);
      flattenByPathStrings(parsed, want);
      assert.deepEqual(got, want);
    }),
    { numRuns: 500 },
  );
});

test('flattenJson: deep and wide documents stop at the same depth and count', () => {
  let deep: unknown = 'leaf';
  for (let i = 0; i < 12; i++) deep = { k: [deep, { n: i }] };
  const wide = { items: Array.from({ length: 40 }, (_, i) => ({ [`f${i % 30}`]: i, [`g${i}`]: { h: [i, `${i}`] } })) };
  for (const doc of [deep, wide]) {
    const got: ObservedValue[] = [];
    const want: ObservedValue[] = [];
    flattenJson(doc, got);
    flattenByPathStrings(doc, want);
    assert.deepEqual(got, want);
    assert.ok(got.length > 10);
  }
});

// The path tree is shared by every document flattened (extract.ts PATHS): each document of a
// sequence, including ones that share paths with earlier documents of other types, is flattened
// exactly as on its own.
test('flattenJson: documents flattened one after another are each flattened as alone', () => {
  fc.assert(
    fc.property(fc.array(json, { minLength: 2, maxLength: 6 }), (docs) => {
      for (const doc of docs) {
        const parsed: unknown = JSON.parse(JSON.stringify(doc));
        const got: ObservedValue[] = [];
        const want: ObservedValue[] = [];
        flattenJson(parsed, got);
        flattenByPathStrings(parsed, want);
        assert.deepEqual(got, want);
      }
    }),
    { numRuns: 300 },
  );
});

test('flattenJson: the shared tree is started again when full, with the same observations', () => {
  // 400 documents of 100 new keys each outgrow the tree (16 384 paths) more than once; the first
  // document is flattened again after every few to see it described from a tree that lost it.
  const first = { id: 1, user: { email: 'jane@example.org', tags: ['a', 2, null] } };
  for (let d = 0; d < 400; d++) {
    const doc = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${d}_${i}`, d % 2 === 0 ? i : `v${i}`]));
    for (const x of d % 37 === 0 ? [doc, first] : [doc]) {
      const got: ObservedValue[] = [];
      const want: ObservedValue[] = [];
      flattenJson(x, got);
      flattenByPathStrings(x, want);
      assert.deepEqual(got, want);
    }
  }
});

const byName = (xs: ObservedValue[]): ObservedValue[] =>
  [...xs].sort((a, b) => (a.name + a.type < b.name + b.type ? -1 : a.name + a.type > b.name + b.type ? 1 : 0));

test('flattenShallowFirst: within the limit, the observations of flattenJson (the first value of a path is the same value)', () => {
  fc.assert(
    fc.property(json, (doc) => {
      const parsed: unknown = JSON.parse(JSON.stringify(doc));
      const got: ObservedValue[] = [];
      const want: ObservedValue[] = [];
      flattenShallowFirst(parsed, got);
      flattenJson(parsed, want);
      if (want.length < MAX_VALUES) assert.deepEqual(byName(got), byName(want));
      else assert.equal(got.length, MAX_VALUES);
    }),
    { numRuns: 500 },
  );
});

test('flattenShallowFirst: past the limit, every top-level field is described before a deeper one', () => {
  // A container-create body: a large configuration object first, then the fields a user sets.
  const hostConfig = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`Opt${i}`, { v: i }]));
  const doc = { HostConfig: hostConfig, Image: 'nginx', User: 'www', Env: ['A=1'] };
  const dfs: ObservedValue[] = [];
  flattenJson(doc, dfs);
  assert.ok(!dfs.some((o) => o.name === '$.Image'), 'in document order, $.Image is past the values looked at');
  const got: ObservedValue[] = [];
  flattenShallowFirst(doc, got);
  assert.equal(got.length, MAX_VALUES);
  assert.deepEqual(
    got.slice(0, 5).map((o) => o.name),
    ['$', '$.HostConfig', '$.Image', '$.User', '$.Env'],
  );
});
