import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiAnalyzer } from '../../../node/analysis/ApiAnalyzer';
import { defaultConfig, loadConfigText } from '../../../node/config/load';
import type { NodeRecord } from '../../../node/report/records';
import { tx } from './tx';

const who = { clientIp: '10.0.0.1', host: 'api.test' };

test('built only for the record types asked for; api_discovery.enabled false builds nothing', () => {
  const out: NodeRecord[] = [];
  const sessionsOnly = ApiAnalyzer.create({ config: defaultConfig(), produce: new Set(['session']), sink: { write: (r) => out.push(r) } })!;
  assert.equal(sessionsOnly.vulnerabilities, null);
  sessionsOnly.observe(tx({ target: '/api/a?password=x' }), who, null);
  sessionsOnly.finish();
  assert.deepEqual(out.map((r) => r.type), ['session']);
  assert.equal(ApiAnalyzer.create({ config: defaultConfig(), produce: new Set(['attack', 'transaction']), sink: { write: () => {} } }), null);
  const off = loadConfigText('mode: tcp-capture\napi_discovery:\n  enabled: false\n', 'x');
  assert.ok('config' in off);
  assert.equal(ApiAnalyzer.create({ config: off.config, produce: new Set(['api_endpoint', 'session']), sink: { write: () => {} } }), null);
});

test('an OpenAPI directory that cannot be written is counted and explained, never thrown', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aio-oas-'));
  try {
    const blocker = path.join(dir, 'file');
    fs.writeFileSync(blocker, 'x');
    const a = ApiAnalyzer.create({ config: defaultConfig(), produce: new Set(['api_endpoint']), sink: { write: () => {} }, openapiDir: path.join(blocker, 'sub') })!;
    a.observe(tx({ target: '/api/a' }), who, null);
    a.finish();
    assert.equal(a.counters.openapiWriteErrors, 1);
    assert.match(a.lastOpenapiError!, /cannot write OpenAPI documents to .*file\/sub/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
