import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import YAML from 'yaml';
import { schemaValidatorModule } from '../../../build/schema-code';
import { schema, schemaAjv } from '../../../node/config/schema';

const configDir = path.resolve(__dirname, '../../../node/config');

/** The module build/bundle.ts puts in the bundle, loaded from where the bundle resolves it. */
function generatedValidator(): ValidateFunction<unknown> {
  const filename = path.join(configDir, 'schema-precompiled.generated.js');
  const m = new Module(filename);
  m.filename = filename;
  m.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(configDir);
  (m as unknown as { _compile(code: string, file: string): void })._compile(schemaValidatorModule(), filename);
  return (m.exports as { precompiledValidator: ValidateFunction<unknown> }).precompiledValidator;
}

test("the bundle's pre-generated validator gives the same verdicts, errors and defaults as the one compiled at start", () => {
  const generated = generatedValidator();
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
