/**
 * Parameter types (docs/api-discovery.md "… (branch i19-types)"): what a parameter's values prove of its type, and
 * how the evaluation (test/eval/discovery/score.ts typeAgrees) compares the node's types with a spec's where the
 * wire carries no type: a path segment, a query value or a form field is text, so a declared `string` whose every
 * value sent is `1` or `2` is written exactly as the integers 1 and 2 are.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyText } from '../../../node/analysis/discovery/values';
import { typeAgrees } from '../../eval/discovery/score';
import { synthesize } from '../../eval/discovery/synth';

const texts = (...xs: string[]): Set<string> => new Set(xs);

test('what text values prove: digits are an integer, one decimal a number, true/false a boolean, a leading zero a code', () => {
  const cases: Array<[string, string]> = [
    ['1', 'integer'],
    ['-42', 'integer'],
    ['12.5', 'number'],
    ['true', 'boolean'],
    ['007', 'string'],
    ['1790712390123456789', 'string'],
    ['yes', 'string'],
  ];
  for (const [text, type] of cases) assert.equal(classifyText(text).type, type, text);
});

test('a declared string sent only as integer texts (an enum ["1", "2"], ids drawn as digits) agrees with integer', () => {
  assert.equal(typeAgrees(['integer'], 'string', texts('1', '2')), true);
  assert.equal(typeAgrees(['integer'], 'string', texts('4417', '4420', '4431')), true);
});

test('a declared string sent only as true/false agrees with boolean; as decimals, with number', () => {
  assert.equal(typeAgrees(['boolean'], 'string', texts('true', 'false')), true);
  assert.equal(typeAgrees(['number'], 'string', texts('12.5', '3')), true);
});

test('look-alikes stay misses: a text that is no integer, JSON bodies, the other direction, texts not written as JSON writes them', () => {
  // One text sent that no integer is written as: the string is proven.
  assert.equal(typeAgrees(['integer'], 'string', texts('1', 'abc')), false);
  // A JSON body keeps its quotes (`"1"` is not 1): no texts are given for it, the comparison stays strict.
  assert.equal(typeAgrees(['integer'], 'string', undefined), false);
  // A declared integer read as a string: the digits proved an integer, the node said otherwise.
  assert.equal(typeAgrees(['string'], 'integer', texts('12', '15')), false);
  // `007` and `+3` are no integer's text; `True` and `1` are no boolean's.
  assert.equal(typeAgrees(['integer'], 'string', texts('007')), false);
  assert.equal(typeAgrees(['integer'], 'string', texts('+3')), false);
  assert.equal(typeAgrees(['boolean'], 'string', texts('True', 'false')), false);
  assert.equal(typeAgrees(['boolean'], 'string', texts('1', '0')), false);
  // The node's integer for a declared boolean is no agreement (only a declared string is text-only).
  assert.equal(typeAgrees(['integer'], 'boolean', texts('1', '0')), false);
});

test("unchanged: the declared type among the node's, and an integer for a declared number, agree", () => {
  assert.equal(typeAgrees(['string'], 'string'), true);
  assert.equal(typeAgrees(['integer', 'string'], 'integer'), true);
  assert.equal(typeAgrees(['integer'], 'number'), true);
  assert.equal(typeAgrees(['number'], 'integer'), false);
  assert.equal(typeAgrees(undefined, 'string', texts('1')), false);
});

test('the synthesized traffic notes the texts of path, query and form parameters, not of JSON bodies', () => {
  const spec = {
    openapi: '3.0.0',
    servers: [{ url: 'https://api.example.com/' }],
    paths: {
      '/things/{thingId}': {
        get: {
          parameters: [
            { in: 'path', name: 'thingId', required: true, schema: { type: 'integer' } },
            { in: 'query', name: 'v', required: true, schema: { type: 'string', enum: ['1', '2'] } },
          ],
          responses: { '200': { content: { 'application/json': { schema: { type: 'object' } } } } },
        },
        put: {
          parameters: [{ in: 'path', name: 'thingId', required: true, schema: { type: 'integer' } }],
          requestBody: {
            content: {
              'application/json': {
                schema: { type: 'object', required: ['n'], properties: { n: { type: 'string', enum: ['1'] } } },
              },
            },
          },
          responses: { '204': {} },
        },
      },
    },
  };
  const traffic = synthesize('example.com_things', spec, 7);
  const get = traffic.operations.find((o) => o.method === 'GET')!;
  assert.deepEqual(
    [...get.texts.get('query v')!].every((x) => x === '1' || x === '2'),
    true,
  );
  assert.ok([...get.texts.get('path #0')!].every((x) => /^\d+$/.test(x)));
  const put = traffic.operations.find((o) => o.method === 'PUT')!;
  assert.equal(put.texts.get('body $.n'), undefined);
});

test('a schema whose enum members are none of its declared type is scored by the members sent; others by their declared type', () => {
  const body = (properties: Record<string, unknown>): Parameters<typeof synthesize>[1] => ({
    openapi: '3.0.0',
    servers: [{ url: 'https://api.example.com/' }],
    paths: {
      '/accounts': {
        post: {
          requestBody: {
            content: {
              'application/json': { schema: { type: 'object', required: Object.keys(properties), properties } },
            },
          },
          responses: { '204': {} },
        },
      },
    },
  });
  const types = (properties: Record<string, unknown>): Record<string, string> =>
    Object.fromEntries(synthesize('example.com_accounts', body(properties), 7).operations[0].body);
  assert.deepEqual(
    types({
      scope: { type: 'integer', enum: ['1 (Plan)', '2 (User)'] },
      shards: { type: 'integer', enum: ['1', '2', '4'] },
      // Look-alikes: members of the declared type, a number's whole members, a string enum of digits.
      level: { type: 'integer', enum: [1, 2] },
      ratio: { type: 'number', enum: [1, 2] },
      version: { type: 'string', enum: ['1', '2'] },
    }),
    { '$.scope': 'string', '$.shards': 'string', '$.level': 'integer', '$.ratio': 'number', '$.version': 'string' },
  );
});
