import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { flattenJsonText, MAX_VALUES, MAX_JSON_DEPTH, type ObservedValue } from '../../../node/analysis/discovery/json-fields';
import { flattenByDefinition } from './json-reference';

// The text reader takes the character after any whitespace at each token gap in one step
// (json-fields.ts tokenAt): whitespace must be skipped wherever JSON allows it, in the values it
// walks and in those it only checks (past the items, the depth or the values it describes).

function fromText(text: string): ObservedValue[] | null {
  const out: ObservedValue[] = [];
  return flattenJsonText(text, out) ? out : null;
}

function same(text: string): void {
  assert.deepEqual(fromText(text), flattenByDefinition(text), `text: ${JSON.stringify(text.slice(0, 300))}`);
}

function described(text: string): string[] | undefined {
  return fromText(text)?.map((f) => `${f.name} ${f.type}`);
}

/** `n` items separated by `, `: the values past the 20 walked are only checked. */
function spacedItems(n: number, item: (i: number) => string): string {
  return `[ ${Array.from({ length: n }, (_, i) => item(i)).join(' , ')} ]`;
}

test('whitespace before and after every token is skipped (examples)', () => {
  assert.deepEqual(described('{"a" : 1 , "b" :\n[ 1 ,\t2 ] }'), ['$ object', '$.a integer', '$.b array', '$.b[] integer']);
  assert.deepEqual(described(' \r\n{ } '), ['$ object']);
  assert.deepEqual(described('[ ]'), ['$ array']);
  // Items past the 20 walked, after `, `: still JSON, the text is described.
  assert.deepEqual(described(spacedItems(25, (i) => (i < 21 ? '1' : ' { "x" : [ true ] }'))), ['$ array', '$[] integer']);
  // ... and when one of them is no JSON, nothing is.
  assert.equal(described(spacedItems(25, (i) => (i === 23 ? 'tru' : '1'))), undefined);
  // Values past the ones described (MAX_VALUES), after `: `.
  const many = `{ ${Array.from({ length: MAX_VALUES + 20 }, (_, i) => `"k${i}" : ${i % 2 === 0 ? `[ ${i} ]` : ` "v"`}`).join(' ,\n ')} }`;
  assert.equal(fromText(many)?.length, MAX_VALUES);
  same(many);
  // A value below the depth walked (MAX_JSON_DEPTH), with whitespace inside.
  const deep = `${'{ "k" : '.repeat(MAX_JSON_DEPTH + 3)}[ 1 , { "z" : null } ]${' }'.repeat(MAX_JSON_DEPTH + 3)}`;
  assert.equal(described(deep)?.at(-1), `$${'.k'.repeat(MAX_JSON_DEPTH)} object`);
  same(deep);
});

test('look-alikes: characters below 33 that are no JSON whitespace, and spaces inside strings, stay as JSON.parse reads them', () => {
  for (const text of [
    '{"a":\u00001}',
    '{"a":\u000b1}',
    '[1,\f2]',
    '{"a" :"x , y : z"}',
    '{" a ":" b "}',
    '[ "  ",  " " ]',
    `${spacedItems(22, () => '1')}\u0000`,
  ])
    same(text);
});

/** A JSON text of `doc` with whitespace from `gaps` (in turn) at every place JSON allows it. */
function spelled(doc: unknown, gaps: string[]): string {
  let g = 0;
  const gap = (): string => (gaps.length === 0 ? '' : gaps[g++ % gaps.length]);
  const write = (v: unknown): string => {
    if (Array.isArray(v)) return `[${gap()}${v.map((x) => write(x) + gap()).join(`,${gap()}`)}]`;
    if (v !== null && typeof v === 'object')
      return `{${gap()}${Object.entries(v)
        .map(([k, x]) => `${JSON.stringify(k)}${gap()}:${gap()}${write(x)}${gap()}`)
        .join(`,${gap()}`)}}`;
    return JSON.stringify(v);
  };
  return `${gap()}${write(doc)}${gap()}`;
}

const gaps = fc.array(fc.constantFrom('', '', ' ', '\n', '\t', '\r\n  ', '   '), { maxLength: 12 });
// Arrays longer than the items walked, objects with more members than the values described, deep nesting.
const scalar = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 6 }),
);
const { value: documentValue } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 26 }),
  object: fc.dictionary(fc.constantFrom('a', 'b', 'id', 'name', ' s p ', 'x,y', 'k:v'), tie('value'), { maxKeys: 5 }),
}));
const wide = fc
  .array(fc.tuple(fc.string({ maxLength: 4 }), scalar), { minLength: MAX_VALUES - 5, maxLength: MAX_VALUES + 30 })
  .map((pairs) => Object.fromEntries(pairs.map(([k, v], i) => [`${k}${i}`, i % 3 === 0 ? [v, { v }] : v])));
const deep = fc.tuple(fc.integer({ min: MAX_JSON_DEPTH - 2, max: MAX_JSON_DEPTH + 4 }), documentValue).map(([n, leaf]) => {
  let v: unknown = leaf;
  for (let i = 0; i < n; i++) v = i % 2 === 0 ? { k: v, n: i } : [v, i];
  return v;
});

test('any JSON document spelled with any whitespace: what JSON.parse + flattenJson give', () => {
  fc.assert(
    fc.property(fc.oneof(documentValue, wide, deep), gaps, (doc, spaces) => {
      same(spelled(doc, spaces));
      // The same document compact, read after it (the path tree is shared between documents).
      same(JSON.stringify(doc));
    }),
    { numRuns: 1500 },
  );
});
