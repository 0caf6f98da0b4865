import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { schema } from '../../../node/config/schema';

const root = path.resolve(__dirname, '../../..');
const published = JSON.parse(fs.readFileSync(path.join(root, 'node/config/go-node.schema.json'), 'utf8'));

/** Every key path the schema defines: `goreplay.filter`, `proxy_headers[].real_ip`, ... */
function keyPaths(
  node: Record<string, unknown>,
  prefix: string,
  defs: Record<string, Record<string, unknown>>,
  seen = new Set<string>(),
): string[] {
  const out: string[] = [];
  if (typeof node.$ref === 'string') {
    const name = node.$ref.split('/').pop()!;
    if (seen.has(name)) return out;
    return keyPaths(defs[name], prefix, defs, new Set([...seen, name]));
  }
  const props = node.properties as Record<string, Record<string, unknown>> | undefined;
  for (const [k, v] of Object.entries(props ?? {})) {
    const p = prefix ? `${prefix}.${k}` : k;
    out.push(p);
    out.push(...keyPaths(v, p, defs, seen));
  }
  if (node.items) out.push(...keyPaths(node.items as Record<string, unknown>, `${prefix}[]`, defs, seen));
  return out;
}

test('the schema the loader uses is the published node/config/go-node.schema.json', () => {
  assert.deepEqual(schema, published);
});

test('the published schema is a valid draft-07 schema for editors (custom formats are annotations there)', () => {
  const ajv = new Ajv({ strict: false, validateFormats: false });
  assert.equal(ajv.validateSchema(published), true, JSON.stringify(ajv.errors));
  const validate = ajv.compile(published);
  assert.equal(validate({ mode: 'tcp-capture', goreplay: { filter: 'eth0:80' } }), true);
  assert.equal(validate({ mode: 'tcp-capture', goreplay: { filtr: 'eth0:80' } }), false);
});

test('docs/configuration.md documents every key of the schema', () => {
  const doc = fs.readFileSync(path.join(root, 'docs/configuration.md'), 'utf8');
  const keys = keyPaths(published, '', published.definitions);
  assert.ok(keys.length > 40, `${keys.length} keys`);
  const missing = keys.map((k) => k.split('.').pop()!.replace('[]', '')).filter((leaf) => !doc.includes(`\`${leaf}\``));
  assert.deepEqual([...new Set(missing)], []);
});
