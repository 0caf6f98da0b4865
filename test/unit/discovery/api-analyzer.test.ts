import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { ApiAnalyzer } from '../../../node/analysis/api-analyzer';
import { defaultConfig, loadConfigText } from '../../../node/config/load';
import type { NodeRecord } from '../../../node/records/types';
import { tx } from './tx';

const who = { clientIp: '10.0.0.1', host: 'api.test' };

test('built only for the record types asked for; api_discovery.enabled false builds nothing', () => {
  const out: NodeRecord[] = [];
  const sessionsOnly = ApiAnalyzer.create({
    config: defaultConfig(),
    produce: new Set(['session']),
    sink: { write: (r) => out.push(r) },
  })!;
  assert.equal(sessionsOnly.vulnerabilities, null);
  sessionsOnly.observe(tx({ target: '/api/a?password=x' }), who, null);
  sessionsOnly.finish();
  assert.deepEqual(
    out.map((r) => r.type),
    ['session'],
  );
  assert.equal(
    ApiAnalyzer.create({ config: defaultConfig(), produce: new Set(['attack', 'transaction']), sink: { write: () => {} } }),
    null,
  );
  const off = loadConfigText('mode: tcp-capture\napi_discovery:\n  enabled: false\n', 'x');
  assert.ok('config' in off);
  assert.equal(
    ApiAnalyzer.create({ config: off.config, produce: new Set(['api_endpoint', 'session']), sink: { write: () => {} } }),
    null,
  );
});

test('an OpenAPI directory that cannot be written is counted and explained, never thrown', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aio-oas-'));
  try {
    const blocker = path.join(dir, 'file');
    fs.writeFileSync(blocker, 'x');
    const a = ApiAnalyzer.create({
      config: defaultConfig(),
      produce: new Set(['api_endpoint']),
      sink: { write: () => {} },
      openapiDir: path.join(blocker, 'sub'),
    })!;
    a.observe(tx({ target: '/api/a' }), who, null);
    a.finish();
    assert.equal(a.counters.openapiWriteErrors, 1);
    assert.match(a.lastOpenapiError!, /cannot write OpenAPI documents to .*file\/sub/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('arbitrary requests and responses never throw (discovery, vulnerabilities, sessions)', () => {
  const a = ApiAnalyzer.create({
    config: defaultConfig(),
    produce: new Set(['api_endpoint', 'vulnerability', 'session']),
    sink: { write: () => {} },
  })!;
  const text = fc.oneof(
    fc.string(),
    fc.json(),
    fc.constantFrom('{"a":[1,{"b":null}]}', '[[[]]]', 'eyJhbGciOiJub25lIn0.eyJzdWIiOjF9.', '%', '%zz', '{'),
  );
  const ct = fc.constantFrom(
    'application/json',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'text/plain',
    'application/problem+json',
    '',
  );
  fc.assert(
    fc.property(
      fc.record({
        method: fc.constantFrom('GET', 'POST', 'PUT', 'OPTIONS', 'PROPFIND', 'get'),
        target: fc.oneof(fc.webPath(), fc.string(), fc.constantFrom('*', 'http://u:p@h/x?y=1', '/a//b/../%00?&&=&a[b][]=1')),
        body: text,
        responseBody: text,
        reqType: ct,
        resType: ct,
        auth: fc.constantFrom('', 'Bearer ', 'Basic !!!', 'Bearer eyJ.eyJ.', 'Digest x'),
        cookie: fc.string(),
        status: fc.constantFrom(200, 201, 302, 404, 500, null),
      }),
      (r) => {
        const headers: Array<[string, string]> = [
          ['Content-Type', r.reqType],
          ['Cookie', r.cookie],
        ];
        if (r.auth) headers.push(['Authorization', r.auth]);
        a.observe(
          tx({
            method: r.method,
            target: r.target,
            headers,
            body: r.body,
            status: r.status,
            responseHeaders: [
              ['Content-Type', r.resType],
              ['Server', 'nginx/1.18.0'],
            ],
            responseBody: r.responseBody,
          }),
          who,
          null,
        );
      },
    ),
    { numRuns: 2000 },
  );
  a.finish();
});
