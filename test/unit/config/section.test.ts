/**
 * Sections read onto their defaults (node/config/section.ts): snake_case keys, a missing or null
 * key keeps its default, a converter for values in other units. For the sections read this way
 * (anomaly_detection, graphql): every key the schema has is read, into the setting of that name,
 * and the schema's defaults are the code's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readSection, snakeCase } from '../../../node/config/section';
import { parseSize } from '../../../node/config/units';
import { anomalySettings, DEFAULT_ANOMALY_SETTINGS } from '../../../node/analysis/attacks/profile/settings';
import { DEFAULT_GRAPHQL_SETTINGS, graphqlSettings } from '../../../node/graphql/settings';

const SCHEMA = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../node/config/go-node.schema.json'), 'utf8')) as {
  properties: Record<string, { properties: Record<string, { default: unknown }> }>;
};

test('readSection: snake_case keys onto the defaults; missing, null and unconverted keys keep theirs', () => {
  const defaults = { enabled: true, maxDepth: 15, maxDocumentBytes: 1024 };
  assert.deepEqual(readSection(undefined, defaults), defaults);
  assert.deepEqual(readSection({ max_depth: 3, enabled: false, maxDepth: 99, other: 1 }, defaults), {
    enabled: false,
    maxDepth: 3,
    maxDocumentBytes: 1024,
  });
  assert.deepEqual(readSection({ max_depth: null }, defaults), defaults);
  const size = { maxDocumentBytes: (raw: unknown) => parseSize(raw as string) ?? undefined };
  assert.equal(readSection({ max_document_bytes: '2KiB' }, defaults, size).maxDocumentBytes, 2048);
  assert.equal(readSection({ max_document_bytes: 'lots' }, defaults, size).maxDocumentBytes, 1024);
  assert.equal(readSection(JSON.parse('{"__proto__": {"maxDepth": 1}}'), defaults).maxDepth, 15);
  assert.equal(snakeCase('maxParametersPerEndpoint'), 'max_parameters_per_endpoint');
});

const SECTIONS = [
  { name: 'anomaly_detection', defaults: DEFAULT_ANOMALY_SETTINGS, read: anomalySettings },
  { name: 'graphql', defaults: DEFAULT_GRAPHQL_SETTINGS, read: graphqlSettings },
] as const;

for (const s of SECTIONS) {
  test(`${s.name}: every key of the schema is read into its setting; the schema's defaults are the code's`, () => {
    const keys = Object.keys(SCHEMA.properties[s.name].properties);
    assert.deepEqual(keys.slice().sort(), Object.keys(s.defaults).map(snakeCase).sort());
    const fromSchema = Object.fromEntries(keys.map((k) => [k, SCHEMA.properties[s.name].properties[k].default]));
    assert.deepEqual(s.read({ raw: { [s.name]: fromSchema } }), s.defaults);
    // Each key set to a value of its own: each setting has its key's value.
    const given = Object.fromEntries(keys.map((k, i) => [k, typeof fromSchema[k] === 'boolean' ? !fromSchema[k] : 1000 + i]));
    const read = s.read({ raw: { [s.name]: given } }) as unknown as Record<string, unknown>;
    for (const k of keys) assert.equal(read[Object.keys(s.defaults).find((n) => snakeCase(n) === k)!], given[k], k);
  });
}
