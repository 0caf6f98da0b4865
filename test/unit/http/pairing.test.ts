import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHttpStreamHandlerFactory, type HttpConnection } from '../../../node/http/connection';
import type { HttpTransaction } from '../../../node/http/types';
import { conn, LIMITS, run } from './harness';
import { runAllSplits } from './splits';

const GET = (target: string): string => `GET ${target} HTTP/1.1\r\nHost: h\r\n\r\n`;
const OK = (body: string): string => `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
const SEC = 1_000_000;

test('response timeout: an unanswered request is emitted with null; its late response is dropped, order kept', () => {
  const r = runAllSplits(
    [
      { dir: 0, data: GET('/slow'), ts: 1 * SEC },
      { dir: 0, data: GET('/next'), ts: 10 * SEC }, // the connection checks its timeouts as data flows
      { dir: 1, data: OK('late'), ts: 11 * SEC },
      { dir: 1, data: OK('next'), ts: 12 * SEC },
    ],
    { options: { responseTimeoutSec: 5 } },
  );
  assert.deepEqual(
    r.txs.map((t) => [t.request.target, t.response?.body.inspect.toString() ?? null]),
    [
      ['/slow', null],
      ['/next', 'next'],
    ],
  );
  assert.equal(r.counters.responseTimeouts, 1);
  assert.equal(r.counters.lateResponses, 1);
});

test('factory.expire drives timeouts from capture time for idle connections', () => {
  const txs: HttpTransaction[] = [];
  const f = createHttpStreamHandlerFactory({ transaction: (t) => txs.push(t), error: () => {} }, LIMITS, {
    responseTimeoutSec: 2,
  });
  const h = f(conn());
  const req = Buffer.from(GET('/idle'));
  h.onData(0, req, 0, req.length, 1 * SEC);
  f.expire(2.5 * SEC);
  assert.equal(txs.length, 0);
  assert.equal(f.open, 1);
  f.expire(3.5 * SEC);
  assert.equal(txs.length, 1);
  assert.equal(txs[0].response, null);
  h.onClose('fin', 4 * SEC);
  assert.equal(f.open, 0);
  assert.equal(txs.length, 1);
  assert.equal(f.counters.transactionsWithoutResponse, 1);
});

test('pending requests per connection never exceed maxPendingRequests', () => {
  const f = createHttpStreamHandlerFactory({ transaction: () => {}, error: () => {} }, LIMITS, { maxPendingRequests: 3 });
  const h = f(conn()) as HttpConnection;
  const req = Buffer.from(GET('/p'));
  let most = 0;
  for (let i = 0; i < 50; i++) {
    h.onData(0, req, 0, req.length, i);
    most = Math.max(most, h.pendingRequests);
  }
  assert.equal(most, 3);
  assert.equal(f.counters.pendingEvicted, 47);
});

test('pending cap: beyond maxPendingRequests the oldest is emitted with null and pairing stays in order', () => {
  const r = runAllSplits(
    [
      { dir: 0, data: GET('/1') + GET('/2') + GET('/3') + GET('/4') },
      { dir: 1, data: OK('1') + OK('2') + OK('3') + OK('4') },
    ],
    { options: { maxPendingRequests: 2 } },
  );
  assert.deepEqual(
    r.txs.map((t) => [t.request.target, t.response?.body.inspect.toString() ?? null]),
    [
      ['/1', null],
      ['/2', null],
      ['/3', '3'],
      ['/4', '4'],
    ],
  );
  assert.equal(r.counters.pendingEvicted, 2);
  assert.equal(r.counters.lateResponses, 2);
});

test('parse_responses false: requests are emitted as soon as complete, with response null', () => {
  const txs: HttpTransaction[] = [];
  const f = createHttpStreamHandlerFactory({ transaction: (t) => txs.push(t), error: () => {} }, LIMITS, {
    parseResponses: false,
  });
  const h = f(conn());
  const req = Buffer.from(GET('/now'));
  h.onData(0, req, 0, req.length, 1);
  assert.equal(txs.length, 1);
  h.onGap(1, 100, 2);
  h.onClose('fin', 3);
  assert.deepEqual(
    txs.map((t) => [t.request.target, t.response]),
    [['/now', null]],
  );
  const r = runAllSplits(
    [
      { dir: 0, data: GET('/1') },
      { dir: 1, data: OK('ignored') },
      { dir: 0, data: 'CONNECT x:1 HTTP/1.1\r\n\r\n' + GET('/after-connect') },
    ],
    { options: { parseResponses: false } },
  );
  assert.deepEqual(
    r.txs.map((t) => [t.request.target, t.response]),
    [
      ['/1', null],
      ['x:1', null],
      ['/after-connect', null],
    ],
  );
  assert.equal(r.counters.responses, 0);
});

test('connection close emits unanswered requests with null, in order', () => {
  const r = run([{ dir: 0, data: GET('/a') + GET('/b') }, { dir: 1, data: OK('a') }, { close: true }]);
  assert.deepEqual(
    r.txs.map((t) => [t.index, t.response === null]),
    [
      [0, false],
      [1, true],
    ],
  );
});

test('cross-direction reordering: a response captured before its request waits for it', () => {
  const r = runAllSplits([
    { dir: 1, data: OK('first'), ts: 1000 },
    { dir: 0, data: GET('/1'), ts: 1100 },
    { dir: 0, data: 'POST /2 HTTP/1.1\r\nContent-Length: 4\r\n\r\n', ts: 1200 },
    { dir: 1, data: 'HTTP/1.1 201 Created\r\nContent-Length: 3\r\n\r\n', ts: 1300 },
    { dir: 1, data: 'two', ts: 1400 },
    { dir: 0, data: 'body', ts: 1500 },
  ]);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(
    r.txs.map((t) => [t.request.target, t.response?.body.inspect.toString()]),
    [
      ['/1', 'first'],
      ['/2', 'two'],
    ],
  );
});

test('a response with no request is dropped: mid-stream start, lost requests, or none following', () => {
  const mid = runAllSplits(
    [
      { dir: 1, data: OK('answer to a request before the capture') },
      { dir: 0, data: GET('/x') },
      { dir: 1, data: OK('x') },
    ],
    { midstream: true },
  );
  assert.deepEqual(
    mid.errors.map((e) => e.kind),
    ['response_without_request'],
  );
  assert.match(mid.errors[0].detail, /mid-stream start/);
  assert.deepEqual(
    mid.txs.map((t) => t.response?.body.inspect.toString()),
    ['x'],
  );
  const none = run([{ dir: 1, data: 'HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\n\r\n' }, { close: true }]);
  assert.deepEqual(
    none.errors.map((e) => e.kind),
    ['response_without_request'],
  );
  assert.equal(none.txs.length, 0);
});
