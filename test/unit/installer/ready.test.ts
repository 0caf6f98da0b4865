import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitReady } from '../../../installer/ready';
import type { System } from '../../../installer/system';

/** Only isActive matters to waitReady. */
function systemActive(active: () => boolean): System {
  return { isActive: async () => active() } as unknown as System;
}

/** For the cases that end at the deadline (load only makes the wait longer). */
const fast = { timeoutMs: 600, settleMs: 200, pollMs: 20 };
/**
 * For the cases that must end before the deadline: a deadline a busy machine cannot reach by
 * delaying timers and probes (docs/testing.md, "Timing in tests").
 */
const farDeadline = { ...fast, timeoutMs: 60_000 };

async function server(status: () => number): Promise<{ url: string; close: () => void }> {
  const s = http.createServer((req, res) => {
    res.statusCode = req.url === '/ready' ? status() : 404;
    res.end();
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/ready`, close: () => s.close() };
}

test('ready as soon as /ready answers 200, after 503s', async () => {
  let calls = 0;
  const srv = await server(() => (++calls < 3 ? 503 : 200));
  try {
    const r = await waitReady(
      systemActive(() => true),
      srv.url,
      farDeadline,
    );
    assert.deepEqual(r, { ready: true, how: `${srv.url} answered 200` });
  } finally {
    srv.close();
  }
});

test('a /ready that never says 200 fails at the deadline', async () => {
  const srv = await server(() => 503);
  try {
    const r = await waitReady(
      systemActive(() => true),
      srv.url,
      fast,
    );
    assert.equal(r.ready, false);
    assert.match(r.how, /active but .* never answered 200/);
  } finally {
    srv.close();
  }
});

test('health disabled: active for the settle period is ready; never active fails', async () => {
  // Decided at the settle period (0.2 s), not the deadline (60 s).
  const settleOnly = farDeadline;
  const started = Date.now();
  const ok = await waitReady(
    systemActive(() => true),
    null,
    settleOnly,
  );
  assert.equal(ok.ready, true);
  assert.match(ok.how, /health_check is disabled/);
  assert.ok(Date.now() - started >= settleOnly.settleMs);
  assert.ok(Date.now() - started < settleOnly.timeoutMs);
  const dead = await waitReady(
    systemActive(() => false),
    null,
    fast,
  );
  assert.equal(dead.ready, false);
  assert.match(dead.how, /not active/);
});

test('nothing listening on the endpoint: systemd decides at the deadline, and says so', async () => {
  const srv = await server(() => 200);
  srv.close();
  const started = Date.now();
  const r = await waitReady(
    systemActive(() => true),
    srv.url,
    fast,
  );
  assert.equal(r.ready, true);
  assert.match(r.how, /nothing answered on/);
  assert.ok(Date.now() - started >= fast.timeoutMs);
});
