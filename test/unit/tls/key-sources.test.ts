/**
 * The live key sources: key-log files followed as they grow and rotate, and the key-push
 * endpoint (bearer token, size cap). Lines reach the sink; secrets never reach the log.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyLogFollower } from '../../../node/tls/keylog-follower';
import { KeyLogEndpoint, KEYLOG_PATH, readToken } from '../../../node/service/keylog-endpoint';
import { startKeySources } from '../../../node/service/key-sources';
import { defaultConfig } from '../../../node/config/load';

const line = (i: number) => `CLIENT_RANDOM ${i.toString(16).padStart(64, '0')} ${'ab'.repeat(48)}\n`;

test('a followed key-log file: appended lines are read once, a partial line waits for its end, rotation starts over, a missing file is waited for', async () => {
  const dir = mkdtempSync(join(tmpdir(), 't20-keylog-'));
  const file = join(dir, 'keys.log');
  const got: string[] = [];
  const problems: string[] = [];
  const f = new KeyLogFollower(
    [file],
    (t) => void got.push(t),
    (_p, m) => void problems.push(m),
  );
  try {
    await f.poll();
    assert.deepEqual(problems, ['no such file (waiting for it)']);
    await f.poll();
    assert.equal(problems.length, 1, 'said once');
    writeFileSync(file, line(1) + line(2).slice(0, 20));
    await f.poll();
    assert.deepEqual(got, [line(1)]);
    appendFileSync(file, line(2).slice(20) + line(3));
    await f.poll();
    assert.deepEqual(got, [line(1), line(2) + line(3)]);
    await f.poll();
    assert.equal(got.length, 2, 'nothing new');
    // copytruncate rotation: the file shrinks.
    truncateSync(file, 0);
    appendFileSync(file, line(4));
    await f.poll();
    assert.equal(got.at(-1), line(4));
    // create rotation: a new file under the same name.
    renameSync(file, `${file}.1`);
    writeFileSync(file, line(5));
    await f.poll();
    assert.equal(got.at(-1), line(5));
    assert.equal(f.counters.rotations, 2);
    assert.ok(
      problems.every((p) => !p.includes('ab'.repeat(8))),
      'no secret in any message',
    );
  } finally {
    await f.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the key-push endpoint takes lines with the right bearer token only, and bounds the body', async () => {
  const got: string[] = [];
  const logs: string[] = [];
  const log = { info: (m: string) => void logs.push(m), warn: (m: string) => void logs.push(m) };
  const token = Buffer.from('0123456789abcdef0123456789abcdef');
  const e = new KeyLogEndpoint(
    { listenAddress: '127.0.0.1:0', tokenFile: '-', maxBodyBytes: 1000, sink: (t) => void got.push(t), log },
    token,
  );
  const port = await e.start();
  const post = (body: string, auth?: string, path = KEYLOG_PATH) =>
    fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', body, headers: auth ? { authorization: auth } : {} });
  try {
    assert.equal((await post(line(1))).status, 401);
    assert.equal((await post(line(1), 'Bearer wrong')).status, 401);
    assert.equal((await post(line(1), `Bearer ${token}`, '/other')).status, 404);
    assert.equal((await fetch(`http://127.0.0.1:${port}${KEYLOG_PATH}`)).status, 405);
    assert.equal((await post(line(1).repeat(20), `Bearer ${token}`)).status, 413);
    assert.deepEqual(got, []);
    const ok = await post(line(1) + 'junk\n' + line(2), `Bearer ${token}`);
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { ok: true, bad_lines: [2] });
    assert.deepEqual(got, [line(1) + 'junk\n' + line(2)]);
    assert.deepEqual(e.counters, { accepted: 1, unauthorized: 2, tooLarge: 1, badRequests: 2 });
    assert.ok(logs.every((m) => !m.includes('ab'.repeat(8))));
  } finally {
    await e.close();
  }
});

test('the token file: missing or short tokens are refused with what to do', () => {
  const dir = mkdtempSync(join(tmpdir(), 't20-token-'));
  try {
    assert.match((readToken(join(dir, 'none')) as { error: string }).error, /no such file/);
    writeFileSync(join(dir, 'short'), 'abc\n');
    assert.match((readToken(join(dir, 'short')) as { error: string }).error, /shorter than 16/);
    writeFileSync(join(dir, 'ok'), '0123456789abcdef0123\n', { mode: 0o600 });
    assert.deepEqual(readToken(join(dir, 'ok')), { token: Buffer.from('0123456789abcdef0123') });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('startKeySources: both sources from the tls settings feed one sink', async () => {
  const dir = mkdtempSync(join(tmpdir(), 't20-sources-'));
  const file = join(dir, 'keys.log');
  writeFileSync(file, line(7));
  writeFileSync(join(dir, 'token'), 'a-long-enough-test-token\n');
  const tls = {
    ...defaultConfig().tls,
    keylogFiles: [file],
    keylogPollMs: 20,
    keylogListen: { listenAddress: '127.0.0.1:0', tokenFile: join(dir, 'token'), maxBodyBytes: 4096 },
  };
  const got: string[] = [];
  const log = { info() {}, warn() {}, error() {} };
  const sources = await startKeySources(tls, (t) => void got.push(t), log);
  try {
    assert.deepEqual(got, [line(7)], 'the file is read at start');
    const r = await fetch(`http://127.0.0.1:${sources.endpointPort}${KEYLOG_PATH}`, {
      method: 'POST',
      body: line(8),
      headers: { authorization: 'Bearer a-long-enough-test-token' },
    });
    assert.equal(r.status, 200);
    appendFileSync(file, line(9));
    await new Promise((res) => setTimeout(res, 200));
    assert.deepEqual(got, [line(7), line(8), line(9)]);
    assert.equal(sources.counters().endpoint?.accepted, 1);
  } finally {
    await sources.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('tls settings: sizes and durations parsed; keylog_listen enabled without token_file is an error naming the key', async () => {
  const { loadConfigText } = await import('../../../node/config/load');
  const ok = loadConfigText(
    'mode: tcp-capture\ntls:\n  key_wait: 2m\n  key_wait_bytes: 64KiB\n  keylog_files: [/tmp/a.log]\n  keylog_listen: {enabled: true, token_file: /etc/t}\n',
    'x.yaml',
  );
  assert.ok('config' in ok);
  assert.equal(ok.config.tls.keyWaitSec, 120);
  assert.equal(ok.config.tls.keyWaitBytes, 65536);
  assert.deepEqual(ok.config.tls.keylogListen, { listenAddress: '127.0.0.1:9444', tokenFile: '/etc/t', maxBodyBytes: 1048576 });
  const bad = loadConfigText('mode: tcp-capture\ntls:\n  keylog_listen: {enabled: true}\n', 'x.yaml');
  assert.ok('errors' in bad);
  assert.match(bad.errors[0].message, /tls.keylog_listen is enabled without token_file/);
  const unit = loadConfigText('mode: tcp-capture\ntls:\n  key_wait: soon\n', 'x.yaml');
  assert.ok('errors' in unit);
});
