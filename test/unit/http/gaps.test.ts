import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHttpStreamHandlerFactory } from '../../../node/http/connection';
import { conn, LIMITS, sha } from './harness';
import { runAllSplits } from './splits';

const GET = (target: string): string => `GET ${target} HTTP/1.1\r\nHost: example.com\r\n\r\n`;
const OK = (body: string): string => `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
const pairs = (txs: ReturnType<typeof runAllSplits>['txs']): Array<[string, string | null]> =>
  txs.map((t) => [t.request.target, t.response === null ? null : t.response.body.inspect.toString()]);

test('gap inside a Content-Length request body: message incomplete, framing kept, next request parsed', () => {
  const r = runAllSplits([
    { dir: 0, data: 'POST /a HTTP/1.1\r\nContent-Length: 10\r\n\r\n0123' },
    { gap: 0, length: 3 },
    { dir: 0, data: '789' + GET('/b') },
    { dir: 1, data: OK('ra') + OK('rb') },
  ]);
  assert.deepEqual(
    r.errors.map((e) => e.kind),
    ['gap_in_message'],
  );
  assert.deepEqual(pairs(r.txs), [
    ['/a', 'ra'],
    ['/b', 'rb'],
  ]);
  const b = r.txs[0].request.body;
  assert.equal(b.incomplete, true);
  assert.equal(b.length, 7);
  assert.equal(b.sha256, sha('0123789'));
  assert.equal(b.inspect.toString(), '0123');
  assert.equal(r.txs[1].request.body.incomplete, false);
  assert.equal(r.counters.realignments, 0);
});

test("gap past the end of a request body: resync at the next request line; the lost request's response is dropped", () => {
  const r = runAllSplits([
    { dir: 0, data: 'POST /a HTTP/1.1\r\nContent-Length: 10\r\n\r\n0123' },
    { gap: 0, length: 80 }, // the rest of /a and all of the next request
    { dir: 1, data: OK('ra') },
    { dir: 1, data: OK('r-lost') },
    { dir: 0, data: 'lost request tail\r\nX-Junk: 1\r\n\r\n' + GET('/c') },
    { dir: 1, data: OK('rc') },
  ]);
  assert.deepEqual(pairs(r.txs), [
    ['/a', 'ra'],
    ['/c', 'rc'],
  ]);
  assert.deepEqual(
    r.errors.map((e) => e.kind),
    ['gap_in_message', 'response_without_request'],
  );
  assert.equal(r.txs[0].request.body.incomplete, true);
});

test('gap in a chunked body within the chunk is absorbed; past it the parser resyncs', () => {
  const inChunk = runAllSplits([
    { dir: 0, data: 'POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n01' },
    { gap: 0, length: 5 },
    { dir: 0, data: '789\r\n0\r\n\r\n' + GET('/b') },
  ]);
  assert.deepEqual(
    inChunk.txs.map((t) => [t.request.target, t.request.body.length, t.request.body.incomplete]),
    [
      ['/a', 5, true],
      ['/b', 0, false],
    ],
  );
  const past = runAllSplits([
    { dir: 0, data: 'POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n01' },
    { gap: 0, length: 20 },
    { dir: 0, data: 'ff\r\n0\r\n\r\n' + GET('/b') },
  ]);
  assert.deepEqual(
    past.txs.map((t) => [t.request.target, t.request.body.incomplete]),
    [
      ['/a', true],
      ['/b', false],
    ],
  );
});

test('gap inside a response body of known length keeps the pairing exact', () => {
  const r = runAllSplits([
    { dir: 0, data: GET('/1') + GET('/2') },
    { dir: 1, data: 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc' },
    { gap: 1, length: 7 },
    { dir: 1, data: OK('two') },
  ]);
  assert.deepEqual(pairs(r.txs), [
    ['/1', 'abc'],
    ['/2', 'two'],
  ]);
  assert.equal(r.txs[0].response!.body.incomplete, true);
  assert.equal(r.counters.realignments, 0);
});

test('a gap that loses a whole response (keep-alive, one request at a time): that request gets null', () => {
  const r = runAllSplits([
    { dir: 0, data: GET('/1') },
    { dir: 1, data: OK('one') },
    { dir: 0, data: GET('/2') },
    { gap: 1, length: 120 }, // the whole response to /2
    { dir: 0, data: GET('/3') },
    { dir: 1, data: OK('three') },
    { dir: 0, data: GET('/4') },
    { dir: 1, data: OK('four') },
  ]);
  assert.deepEqual(pairs(r.txs), [
    ['/1', 'one'],
    ['/2', null],
    ['/3', 'three'],
    ['/4', 'four'],
  ]);
  assert.equal(r.counters.responsesLost, 1);
  assert.equal(r.counters.realignments, 1);
  assert.deepEqual(r.errors, []);
});

test('a gap that loses a whole response of a pipelined batch: count alignment pairs the rest', () => {
  const r = runAllSplits([
    { dir: 0, data: GET('/1') + GET('/2') + GET('/3') },
    { gap: 1, length: 60 },
    { dir: 1, data: OK('two') },
    { dir: 1, data: OK('three') },
  ]);
  assert.deepEqual(pairs(r.txs), [
    ['/1', null],
    ['/2', 'two'],
    ['/3', 'three'],
  ]);
});

test('a gap inside a response head: the rest of it is skipped and the pairing realigns', () => {
  const r = runAllSplits([
    { dir: 0, data: GET('/1') + GET('/2') },
    { dir: 1, data: 'HTTP/1.1 200 OK\r\nContent-Le' },
    { gap: 1, length: 30 },
    { dir: 1, data: 'tail of one\r\n' + OK('two') },
  ]);
  assert.deepEqual(
    r.errors.map((e) => e.kind),
    ['gap_in_message'],
  );
  assert.deepEqual(pairs(r.txs), [
    ['/1', null],
    ['/2', 'two'],
  ]);
});

test('mid-stream start: leading partial messages are skipped until a message boundary', () => {
  const r = runAllSplits(
    [
      { dir: 1, data: 'nt-Length: 5\r\n\r\nhello' },
      { dir: 0, data: 'ody of an earlier upload\r\nmore body\r\n' + GET('/x') },
      { dir: 1, data: OK('x') },
    ],
    { midstream: true },
  );
  assert.deepEqual(pairs(r.txs), [['/x', 'x']]);
  assert.deepEqual(r.errors, []);
  assert.ok(r.counters.resyncSkippedBytes > 0);
});

test('mid-stream start exactly at a message boundary parses the first message', () => {
  const r = runAllSplits(
    [
      { dir: 0, data: GET('/first') },
      { dir: 1, data: OK('1') },
    ],
    { midstream: true },
  );
  assert.deepEqual(pairs(r.txs), [['/first', '1']]);
  assert.equal(r.counters.roleSwaps, 0);
});

test('mid-stream with the client guessed wrong: roles are swapped for the connection', () => {
  for (const order of ['response first', 'request first']) {
    const req = { dir: 1 as const, data: 'POST /s HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi' };
    const res = { dir: 0 as const, data: OK('swapped') };
    const r = runAllSplits(order === 'response first' ? [res, req] : [req, res], { midstream: true });
    assert.equal(r.counters.roleSwaps, 1, order);
    if (order === 'request first') {
      assert.deepEqual(pairs(r.txs), [['/s', 'swapped']]);
    } else {
      // The response came before any request: it answers something not seen.
      assert.deepEqual(pairs(r.txs), [['/s', null]]);
    }
    assert.equal(r.txs[0].conn.client.ip, '10.0.0.2');
    assert.equal(r.txs[0].conn.server.port, 40000);
  }
});

test('realignment resolves as soon as the client sends its next request, not only at close', () => {
  const got: string[] = [];
  const f = createHttpStreamHandlerFactory(
    {
      transaction: (t) => got.push(`${t.request.target}=${t.response?.body.inspect.toString() ?? 'null'}`),
      error: () => {},
    },
    LIMITS,
  );
  const h = f(conn());
  let ts = 0;
  const send = (dir: 0 | 1, s: string): void => {
    const b = Buffer.from(s);
    h.onData(dir, b, 0, b.length, (ts += 1000));
  };
  send(0, GET('/1'));
  h.onGap(1, 50, (ts += 1000));
  send(0, GET('/2'));
  send(1, OK('two'));
  assert.deepEqual(got, []);
  send(0, GET('/3'));
  assert.deepEqual(got, ['/1=null', '/2=two']);
  send(1, OK('three'));
  assert.deepEqual(got, ['/1=null', '/2=two', '/3=three']);
});
