import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger, redact, REDACTED, type LogSink, type LoggerOptions } from '../../../node/config/logger';

function memory(): LogSink & { lines: string[] } {
  const lines: string[] = [];
  return { lines, write: (l) => lines.push(l), reopen: () => undefined, close: () => undefined };
}

const T0 = Date.UTC(2026, 10, 27, 1, 2, 3, 456);

function logger(options: Partial<LoggerOptions>, clock = { t: T0 }) {
  const sink = memory();
  const log = createLogger({ level: 'info', pretty: false, logFile: null, now: () => clock.t, sink, ...options });
  return { log, sink, clock };
}

test('JSON lines: ts, level, msg first, then fields; levels below the threshold are dropped', () => {
  const { log, sink } = logger({ level: 'warn' });
  log.info('hidden');
  log.warn('capture started', { iface: 'eth0', ports: [80] });
  log.error('reserved names kept', { msg: 'x', level: 1 });
  assert.equal(sink.lines.length, 2);
  assert.equal(
    sink.lines[0],
    '{"ts":"2026-11-27T01:02:03.456Z","level":"warn","msg":"capture started","iface":"eth0","ports":[80]}\n',
  );
  assert.deepEqual(JSON.parse(sink.lines[1]), {
    ts: '2026-11-27T01:02:03.456Z',
    level: 'error',
    msg: 'reserved names kept',
    _msg: 'x',
    _level: 1,
  });
  assert.ok(log.enabled('fatal') && !log.enabled('info'));
});

test('pretty text lines: time, padded level, message, key=value (quoted when needed)', () => {
  const { log, sink } = logger({ pretty: true, level: 'debug' });
  log.child({ component: 'capture' }).debug('flow skipped', { reason: 'not http', port: 22, ok: false });
  assert.equal(
    sink.lines[0],
    '2026-11-27T01:02:03.456Z DEBUG flow skipped component=capture reason="not http" port=22 ok=false\n',
  );
});

test('secrets are redacted at any depth, in both formats; errors keep message and code', () => {
  const { log, sink } = logger({});
  log.info('registering', {
    token: 'abc',
    nested: { Authorization: 'Bearer x', password: 'p', apiKey: 'k', keep: 1 },
    headers: [{ cookie: 's' }],
  });
  const rec = JSON.parse(sink.lines[0]);
  assert.equal(rec.token, REDACTED);
  assert.deepEqual(rec.nested, { Authorization: REDACTED, password: REDACTED, apiKey: REDACTED, keep: 1 });
  assert.deepEqual(rec.headers, [{ cookie: REDACTED }]);
  assert.ok(!sink.lines[0].includes('Bearer'));
  const err = Object.assign(new Error('boom'), { code: 'EACCES' });
  assert.deepEqual(redact({ err, big: 10n }), { err: { name: 'Error', message: 'boom', code: 'EACCES' }, big: '10' });
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  assert.deepEqual(redact(cyclic), { a: 1, self: '[circular]' });
});

test('debugEvery: at most N lines per key per second, then the suppressed count', () => {
  const { log, sink, clock } = logger({ level: 'debug', debugLinesPerSecond: 3 });
  for (let i = 0; i < 10; i++) log.debugEvery('not-http', 'flow skipped', { flow: i });
  log.debugEvery('other', 'other reason');
  assert.deepEqual(
    sink.lines.map((l) => JSON.parse(l).flow),
    [0, 1, 2, undefined],
  );
  clock.t += 999;
  log.debugEvery('not-http', 'flow skipped', { flow: 10 });
  assert.equal(sink.lines.length, 4, 'still inside the first second');
  clock.t += 1;
  log.debugEvery('not-http', 'flow skipped', { flow: 11 });
  assert.deepEqual(JSON.parse(sink.lines[4]), {
    ts: new Date(clock.t).toISOString(),
    level: 'debug',
    msg: 'flow skipped',
    flow: 11,
    suppressed: 8,
  });
  log.debugEvery('not-http', 'flow skipped', { flow: 12 });
  assert.equal(JSON.parse(sink.lines[5]).suppressed, undefined);
});

test('debugEvery costs nothing and prints nothing above debug level', () => {
  const { log, sink } = logger({ level: 'info' });
  log.debugEvery('k', 'm');
  assert.equal(sink.lines.length, 0);
});

test('log_file: appended, reopened after rotation; an unopenable file falls back to stderr', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logger-'));
  try {
    const file = path.join(dir, 'go-node.log');
    fs.writeFileSync(file, 'old line\n');
    const log = createLogger({ level: 'info', pretty: false, logFile: file, now: () => T0 });
    log.info('one');
    fs.renameSync(file, `${file}.1`);
    log.reopen();
    log.info('two');
    log.close();
    assert.match(fs.readFileSync(`${file}.1`, 'utf8'), /^old line\n\{"ts":.*"msg":"one"\}\n$/);
    assert.match(fs.readFileSync(file, 'utf8'), /^\{"ts":.*"msg":"two"\}\n$/);

    const written: string[] = [];
    const original = process.stderr.write;
    process.stderr.write = ((chunk: string) => (written.push(chunk), true)) as typeof process.stderr.write;
    try {
      createLogger({ level: 'info', pretty: false, logFile: path.join(dir, 'missing', 'x.log') }).info('still logging');
    } finally {
      process.stderr.write = original;
    }
    assert.match(written[0], /"level":"error","msg":"cannot open log\.log_file, logging to stderr".*ENOENT/);
    assert.match(written[1], /"msg":"still logging"/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
