import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { PRECOMPILED_MODULE, schemaAjv, schemaValidatorModule } from '../../../build/schema-code';
import { schema, validateDocument } from '../../../node/config/schema';

test('node/config/schema-precompiled.ts is the code ajv generates for the current schema (else: npx tsx build/schema-code.ts)', () => {
  assert.equal(fs.readFileSync(PRECOMPILED_MODULE, 'utf8'), schemaValidatorModule());
});

test('the committed generated validator gives the same verdicts, errors and defaults as ajv compiling the schema', () => {
  const generated = validateDocument;
  const compiled = schemaAjv().compile<unknown>(schema);
  const fixtures = path.join(__dirname, 'fixtures');
  const docs: unknown[] = fs
    .readdirSync(fixtures)
    .map((f) => YAML.parse(fs.readFileSync(path.join(fixtures, f), 'utf8').replace(/<your network interface[^>]*>/g, 'lo')));
  docs.push(
    { mode: 'tcp-capture' },
    {
      mode: 'tcp-capture',
      goreplay: { response_timeout: '5x', filter: 'eth0:80' },
      limits: { max_flows: -3, stream_buffer_bytes: '64 parsecs' },
    },
    { mode: 'tcp-capture', proxy_headers: [{ trusted_networks: ['10.0.0.0/33'], header: 'X Real IP' }], unknown_key: 1 },
    { mode: 'something-else', http_inspector: { workers: 'many' }, metrics: { listen_address: 'nowhere', namespace: '9bad' } },
  );
  for (const doc of docs) {
    const a = structuredClone(doc);
    const b = structuredClone(doc);
    assert.equal(generated(a), compiled(b), JSON.stringify(doc));
    assert.deepEqual(a, b, 'defaults filled in alike');
    assert.deepEqual(generated.errors ?? null, compiled.errors ?? null);
  }
});
