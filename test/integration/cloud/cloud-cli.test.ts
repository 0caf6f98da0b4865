import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { Exporter } from '../../../node/cloud/exporter';
import { registerNode } from '../../../node/cloud/register';
import { recordingLogger, tempDir, waitFor } from './helpers';

const root = path.resolve(__dirname, '../../..');

test('npm run cloud: HTTPS with a self-signed cert, tokens file, admin outage, events JSON (API token) and the Attacks page (login)', async () => {
  const dir = tempDir('cloud-cli');
  const tokens = path.join(dir, 'tokens');
  fs.writeFileSync(tokens, '# lab tokens\ntok-cli-1 us\ntok-cli-eu eu\n');
  const made = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(root, 'cloud/main.ts'),
      'token',
      'create',
      '--data',
      path.join(dir, 'data'),
      '--name',
      'reader',
      '--usage',
      'Console API',
    ],
    { cwd: root, encoding: 'utf8' },
  );
  assert.equal(made.status, 0, made.stderr);
  const apiToken = made.stdout.trim();
  const proc = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(root, 'cloud/main.ts'),
      '--listen',
      '127.0.0.1:0',
      '--data',
      path.join(dir, 'data'),
      '--tls-self-signed',
      '--tokens',
      tokens,
      '--admin',
    ],
    { cwd: root },
  );
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', () => {});
  let exporter: Exporter | undefined;
  try {
    await waitFor('the cloud to listen', () => /listening on https:\/\/127\.0\.0\.1:(\d+)/.test(out), 15_000);
    const port = Number(/listening on https:\/\/127\.0\.0\.1:(\d+)/.exec(out)![1]);
    const target = { host: '127.0.0.1', port, useSsl: true, caVerify: false };
    const reg = { ...target, labels: { group: 'g' }, hostname: 'h', version: '0.1.0', arch: 'x86_64' };
    await assert.rejects(registerNode({ ...reg, token: 'tok-cli-eu' }), /access denied \(403/);
    const creds = await registerNode({ ...reg, token: 'tok-cli-1' });

    exporter = new Exporter({
      target,
      credentials: creds,
      spoolDir: path.join(dir, 'spool'),
      logger: recordingLogger(),
      version: '0.1.0',
      configSha256: '',
      batchMaxRecords: 5,
      batchMaxDelayMs: 20,
      retryBaseMs: 20,
      retryMaxMs: 200,
      heartbeatIntervalMs: 60_000,
    });
    await fetchInsecure(port, '/admin/faults', JSON.stringify({ outage_ms: 600 }));
    await new Promise((r) => setTimeout(r, 150)); // the cloud is now down
    for (let i = 0; i < 12; i++) {
      exporter.push({
        type: 'attack',
        ts: `2026-01-01T00:00:0${i % 10}Z`,
        flow: { src: '1.1.1.1:1', dst: '2.2.2.2:80' },
        client_ip: '1.1.1.1',
        host: 'shop<b>',
        request: { method: 'GET', target: `/etc/passwd?i=${i}`, headers: [] },
        response: null,
        hits: [{ class: 'ptrav', point: ['query', 'i'], value: 'x' }],
        verdict: 'attempt',
      });
    }
    assert.equal(await exporter.flush(15_000), true);
    assert.ok(exporter.counters().retries > 0, 'the outage was felt');
    await exporter.close(1000);

    assert.equal((await requestInsecure(port, '/v1/events?type=attack')).status, 401, 'the reading API needs a token or a login');
    const events = JSON.parse(
      (await requestInsecure(port, '/v1/events?type=attack', { headers: { Authorization: `Bearer ${apiToken}` } })).text,
    ) as { count: number; events: Array<{ request: { target: string } }> };
    assert.equal(events.count, 12);
    assert.deepEqual(
      events.events.map((e) => e.request.target).sort(),
      Array.from({ length: 12 }, (_, i) => `/etc/passwd?i=${i}`).sort(),
    );

    const password = /created user "admin" with password (\S+)/.exec(out)?.[1];
    assert.ok(password, 'the generated admin password is printed once');
    const form = await requestInsecure(port, '/login');
    const csrf = /name="csrf" value="([^"]+)"/.exec(form.text)![1];
    const login = await requestInsecure(port, '/login', {
      method: 'POST',
      body: new URLSearchParams({ csrf, user: 'admin', password, next: '/attacks' }).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: String(form.headers['set-cookie']).split(';')[0] },
    });
    assert.equal(login.status, 303);
    const cookie = (login.headers['set-cookie'] as string[]).find((c) => c.startsWith('aio_session='))!;
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.match(cookie, /Secure/, 'served over TLS, the cookie is Secure');
    const page = await requestInsecure(port, '/attacks', { headers: { Cookie: cookie.split(';')[0] } });
    assert.equal(page.status, 200);
    assert.match(page.text, /<td>12<\/td>/, 'the twelve attacks form one group (same class, endpoint, client, hour)');
    assert.match(page.text, /shop&lt;b&gt;/, 'values are escaped');
    assert.doesNotMatch(page.text, /shop<b>/);
  } finally {
    await exporter?.close(100);
    proc.kill('SIGTERM');
    await once(proc, 'exit');
  }
});

/** GET (or POST with a body) over HTTPS without verifying the self-signed certificate. */
async function fetchInsecure(port: number, urlPath: string, body?: string): Promise<string> {
  return (await requestInsecure(port, urlPath, { method: body ? 'POST' : 'GET', body })).text;
}

async function requestInsecure(
  port: number,
  urlPath: string,
  o: { method?: string; body?: string; headers?: Record<string, string> } = {},
) {
  const https = await import('node:https');
  return new Promise<{ status: number; headers: import('node:http').IncomingHttpHeaders; text: string }>((resolve, reject) => {
    const req = https.request(
      { host: '127.0.0.1', port, path: urlPath, method: o.method ?? 'GET', headers: o.headers, rejectUnauthorized: false },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}
