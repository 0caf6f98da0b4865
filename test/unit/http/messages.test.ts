import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sha } from './harness';
import { runAllSplits } from './splits';

const GET = (target: string, extra = ''): string => `GET ${target} HTTP/1.1\r\nHost: example.com\r\n${extra}\r\n`;
const OK = (body: string, extra = ''): string => `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n${extra}\r\n${body}`;

test('request and response heads: start lines, header case, duplicates in order, obs-fold', () => {
  const r = runAllSplits([
    {
      dir: 0,
      data: 'GET /a?b=1 HTTP/1.1\r\nHost: x\r\nX-Dup: 1\r\nx-dup: 2\r\nX-Fold: first\r\n  second\r\n\tthird\r\nEmpty:\r\n\r\n',
    },
    { dir: 1, data: 'HTTP/1.1 404 Not Found\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 3\r\n\r\nnop' },
  ]);
  assert.equal(r.txs.length, 1);
  const { request: q, response: p } = r.txs[0];
  assert.equal(q.method, 'GET');
  assert.equal(q.target, '/a?b=1');
  assert.equal(q.version, 'HTTP/1.1');
  assert.deepEqual(q.headers, [
    ['Host', 'x'],
    ['X-Dup', '1'],
    ['x-dup', '2'],
    ['X-Fold', 'first second third'],
    ['Empty', ''],
  ]);
  assert.equal(p!.status, 404);
  assert.equal(p!.reason, 'Not Found');
  assert.deepEqual(
    p!.headers.filter(([n]) => n === 'Set-Cookie').map(([, v]) => v),
    ['a=1', 'b=2'],
  );
  assert.equal(p!.body.length, 3);
  assert.equal(p!.body.sha256, sha('nop'));
  assert.deepEqual(r.errors, []);
});

test('bodies: Content-Length request, digest over the whole body, inspection capped', () => {
  const big = 'x'.repeat(3000) + 'END';
  const r = runAllSplits([
    { dir: 0, data: `POST /upload HTTP/1.1\r\nContent-Length: ${big.length}\r\n\r\n${big}` },
    { dir: 1, data: OK('') },
  ]);
  const b = r.txs[0].request.body;
  assert.equal(b.length, big.length);
  assert.equal(b.sha256, sha(big));
  assert.equal(b.inspect.length, 1024);
  assert.equal(b.truncated, true);
  assert.equal(b.incomplete, false);
  assert.equal(r.txs[0].response!.body.sha256, sha(''));
  assert.equal(r.counters.bodiesTruncated, 1);
});

test('chunked with extensions and trailers, both directions; Transfer-Encoding list ending in chunked', () => {
  const r = runAllSplits([
    {
      dir: 0,
      data: 'POST /c HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n4;name=val;flag\r\nWiki\r\n5 ; x="q;uoted"\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nX-Trailer: t1\r\nX-Sum: 9\r\n\r\n',
    },
    { dir: 1, data: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n000a\r\n0123456789\r\n0;last\r\n\r\n' },
  ]);
  const q = r.txs[0].request;
  assert.equal(q.body.sha256, sha('Wikipedia in\r\n\r\nchunks.'));
  assert.equal(q.body.length, 23);
  assert.deepEqual(q.trailers, [
    ['X-Trailer', 't1'],
    ['X-Sum', '9'],
  ]);
  assert.equal(r.txs[0].response!.body.sha256, sha('0123456789'));
  assert.equal(r.txs[0].response!.trailers, undefined);
  assert.deepEqual(r.errors, []);
});

test('chunk sizes: 2^53-1 is accepted, 2^53 and 2^64 are bad_chunk (no wrap), parsing resumes', () => {
  for (const size of ['20000000000000', '10000000000000000', 'FFFFFFFFFFFFFFFFFFFFFFFF']) {
    const r = runAllSplits([
      { dir: 0, data: `POST /big HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n${size}\r\nxyz\r\n` + GET('/next') },
      { dir: 1, data: OK('1') + OK('2') },
    ]);
    assert.deepEqual(
      r.errors.map((e) => e.kind),
      ['bad_chunk'],
      size,
    );
    assert.equal(r.txs.length, 2);
    assert.equal(r.txs[0].request.body.incomplete, true);
    assert.equal(r.txs[1].request.target, '/next');
    assert.equal(r.txs[1].response!.body.sha256, sha('2'));
  }
  const max = runAllSplits([{ dir: 0, data: 'POST /max HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1FFFFFFFFFFFFF\r\nabc' }]);
  assert.deepEqual(
    max.errors.map((e) => e.kind),
    ['truncated_message'],
  );
  assert.equal(max.txs[0].request.body.length, 3);
  assert.equal(max.txs[0].request.body.incomplete, true);
});

test('malformed chunked framing is bad_chunk', () => {
  for (const body of ['zz\r\n', '5\r\nhelloXX0\r\n\r\n', ';ext\r\n']) {
    const r = runAllSplits([{ dir: 0, data: `POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n${body}` }]);
    assert.equal(r.errors[0].kind, 'bad_chunk', body);
    assert.equal(r.txs[0].request.body.incomplete, true);
  }
});

test('Content-Length: identical duplicates accepted; conflicts and junk are bad_content_length', () => {
  const same = runAllSplits([{ dir: 0, data: 'POST /s HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3, 3\r\n\r\nabc' }]);
  assert.deepEqual(same.errors, []);
  assert.equal(same.txs[0].request.body.sha256, sha('abc'));
  for (const cl of [
    'Content-Length: 3\r\nContent-Length: 4',
    'Content-Length: -1',
    'Content-Length: 3x',
    'Content-Length: 99999999999999999',
  ]) {
    const r = runAllSplits([
      { dir: 0, data: `POST /s HTTP/1.1\r\n${cl}\r\n\r\nabcd` + GET('/after') },
      { dir: 1, data: OK('a') + OK('b') },
    ]);
    assert.equal(r.errors[0].kind, 'bad_content_length', cl);
    assert.equal(r.txs[0].request.body.incomplete, true);
    assert.equal(r.txs.at(-1)!.request.target, '/after', cl);
    assert.equal(r.txs.at(-1)!.response!.body.sha256, sha('b'), cl);
  }
});

test('request Transfer-Encoding not ending in chunked is bad_transfer_encoding; response is close-delimited', () => {
  const r = runAllSplits([
    { dir: 0, data: 'POST /t HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n' },
    { dir: 1, data: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nContent-Length: 2\r\n\r\nuntil close' },
  ]);
  assert.deepEqual(
    r.errors.map((e) => e.kind),
    ['bad_transfer_encoding'],
  );
  assert.equal(r.txs[0].response!.body.sha256, sha('until close'));
});

test('no-body responses: HEAD, 204, 304 whatever their headers say; a 1xx before the final one', () => {
  const r = runAllSplits([
    { dir: 0, data: 'HEAD /h HTTP/1.1\r\n\r\n' + GET('/204') + GET('/304') + GET('/102') },
    {
      dir: 1,
      data:
        'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n' +
        'HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n' +
        'HTTP/1.1 304 Not Modified\r\nContent-Length: 50\r\nTransfer-Encoding: chunked\r\n\r\n' +
        'HTTP/1.1 102 Processing\r\n\r\n' +
        OK('done'),
    },
  ]);
  assert.deepEqual(
    r.txs.map((t) => [t.request.target, t.response!.status, t.response!.body.length]),
    [
      ['/h', 200, 0],
      ['/204', 204, 0],
      ['/304', 304, 0],
      ['/102', 200, 4],
    ],
  );
  assert.deepEqual(
    r.txs[3].interim.map((i) => i.status),
    [102],
  );
  assert.deepEqual(r.errors, []);
});

test('100 Continue: interim response between the request head and its body', () => {
  const r = runAllSplits([
    { dir: 0, data: 'PUT /f HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n' },
    { dir: 1, data: 'HTTP/1.1 100 Continue\r\n\r\n' },
    { dir: 0, data: 'hello' },
    { dir: 1, data: 'HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n' },
  ]);
  assert.equal(r.txs.length, 1);
  assert.deepEqual(r.txs[0].interim, [{ status: 100, reason: 'Continue', headers: [] }]);
  assert.equal(r.txs[0].response!.status, 201);
  assert.equal(r.txs[0].request.body.sha256, sha('hello'));
  assert.equal(r.counters.interimResponses, 1);
});

test('early final response while the request body still streams pairs with that request', () => {
  const r = runAllSplits([
    { dir: 0, data: 'POST /big HTTP/1.1\r\nContent-Length: 10\r\n\r\n01234' },
    { dir: 1, data: 'HTTP/1.1 413 Payload Too Large\r\nContent-Length: 0\r\n\r\n' },
    { dir: 0, data: '56789' + GET('/next') },
    { dir: 1, data: OK('n') },
  ]);
  assert.deepEqual(
    r.txs.map((t) => [t.request.target, t.response!.status]),
    [
      ['/big', 413],
      ['/next', 200],
    ],
  );
  assert.equal(r.txs[0].request.body.sha256, sha('0123456789'));
});

test('pipelining: three requests, then three responses, paired in order', () => {
  const r = runAllSplits([
    { dir: 0, data: GET('/1') + 'POST /2 HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi' + GET('/3') },
    { dir: 1, data: OK('one') + 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\ntwo\r\n0\r\n\r\n' + OK('three') },
  ]);
  assert.deepEqual(
    r.txs.map((t) => [t.index, t.request.target, t.response!.body.inspect.toString()]),
    [
      [0, '/1', 'one'],
      [1, '/2', 'two'],
      [2, '/3', 'three'],
    ],
  );
  assert.equal(r.counters.transactions, 3);
  assert.equal(r.counters.requests, 3);
  assert.equal(r.counters.responses, 3);
});

test('keep-alive: HTTP/1.0 and 1.1 requests, close-delimited response ends at connection close', () => {
  const r = runAllSplits([
    { dir: 0, data: 'GET /ka HTTP/1.0\r\nConnection: keep-alive\r\n\r\n' },
    { dir: 1, data: 'HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok' },
    { dir: 0, data: 'GET /last HTTP/1.0\r\n\r\n' },
    { dir: 1, data: 'HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nread until the end\r\n\r\nHTTP/1.1 200 not a header' },
    { close: true },
  ]);
  assert.equal(r.txs.length, 2);
  assert.equal(r.txs[1].response!.body.inspect.toString(), 'read until the end\r\n\r\nHTTP/1.1 200 not a header');
  assert.equal(r.txs[1].response!.body.incomplete, false);
  assert.deepEqual(r.errors, []);
});

test('stray CRLF between messages is tolerated', () => {
  const r = runAllSplits([
    { dir: 0, data: 'POST /a HTTP/1.1\r\nContent-Length: 1\r\n\r\nx\r\n\r\n' + GET('/b') },
    { dir: 1, data: OK('1') + '\r\n' + OK('2') },
  ]);
  assert.deepEqual(r.errors, []);
  assert.equal(r.txs.length, 2);
});

test('Upgrade: 101 Switching Protocols stops parsing both directions', () => {
  const r = runAllSplits([
    { dir: 0, data: GET('/chat', 'Upgrade: websocket\r\nConnection: Upgrade\r\n') },
    { dir: 1, data: 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\x81\x05hello' },
    { dir: 0, data: '\x81\x85\x00\x00\x00\x00hello GET / HTTP/1.1\r\n\r\n' },
    { dir: 1, data: '\x88\x00' },
  ]);
  assert.equal(r.txs.length, 1);
  assert.equal(r.txs[0].response!.status, 101);
  assert.equal(r.counters.upgrades, 1);
  assert.ok(r.counters.tunnelBytes > 20);
  assert.deepEqual(r.errors, []);
});

test('Upgrade refused: the bytes the client sent meanwhile are parsed as requests', () => {
  const r = runAllSplits([
    { dir: 0, data: GET('/up', 'Upgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\n') + GET('/pipelined') },
    { dir: 1, data: OK('no upgrade') + OK('second') },
  ]);
  assert.deepEqual(
    r.txs.map((t) => [t.request.target, t.response!.body.inspect.toString()]),
    [
      ['/up', 'no upgrade'],
      ['/pipelined', 'second'],
    ],
  );
  assert.equal(r.counters.upgrades, 0);
});

test('CONNECT: 2xx opens a tunnel; a refused CONNECT keeps parsing', () => {
  const tunnel = runAllSplits([
    { dir: 0, data: 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n' },
    { dir: 1, data: 'HTTP/1.1 200 Connection Established\r\n\r\n' },
    { dir: 0, data: '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03' },
    { dir: 1, data: '\x16\x03\x03\x00\x7a\x02\x00\x00\x76' },
  ]);
  assert.equal(tunnel.txs.length, 1);
  assert.equal(tunnel.txs[0].request.method, 'CONNECT');
  assert.equal(tunnel.txs[0].request.target, 'example.com:443');
  assert.equal(tunnel.counters.upgrades, 1);
  assert.deepEqual(tunnel.errors, []);
  const refused = runAllSplits([
    { dir: 0, data: 'CONNECT example.com:443 HTTP/1.1\r\n\r\n' },
    { dir: 1, data: 'HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 4\r\n\r\ndeny' },
    { dir: 0, data: 'CONNECT example.com:443 HTTP/1.1\r\nProxy-Authorization: Basic eA==\r\n\r\n' },
    { dir: 1, data: 'HTTP/1.1 200 OK\r\n\r\n' },
    { dir: 0, data: '\x16\x03\x01' },
  ]);
  assert.deepEqual(
    refused.txs.map((t) => t.response!.status),
    [407, 200],
  );
  assert.equal(refused.counters.upgrades, 1);
});

test('bad request line and bad status line are reported, then parsing resumes at the next message', () => {
  const r = runAllSplits([
    { dir: 0, data: 'THIS IS NOT HTTP\r\nHost: x\r\n\r\n' + GET('/ok') },
    { dir: 1, data: 'HTTP/1.1 2OO OK\r\nContent-Length: 0\r\n\r\n' },
    { dir: 0, data: GET('/two') },
    { dir: 1, data: OK('fine') },
  ]);
  assert.deepEqual(
    r.errors.map((e) => e.kind),
    ['bad_request_line', 'bad_status_line'],
  );
  assert.match(r.errors[0].detail, /THIS IS NOT HTTP/);
  assert.deepEqual(
    r.txs.map((t) => [t.request.target, t.response?.status ?? null]),
    [
      ['/ok', null],
      ['/two', 200],
    ],
  );
});

test('binary garbage in place of a request is rejected after its first bytes', () => {
  const r = runAllSplits([{ dir: 0, data: '\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03' + 'x'.repeat(5000) }]);
  assert.deepEqual(
    r.errors.map((e) => e.kind),
    ['bad_request_line'],
  );
  assert.equal(r.txs.length, 0);
});

test('bad header lines are reported and skipped, the message is kept', () => {
  const r = runAllSplits([
    { dir: 0, data: 'GET /h HTTP/1.1\r\nGood: 1\r\nNo colon here\r\nBad Name: 2\r\n: empty\r\nAlso-Good: 3\r\n\r\n' },
  ]);
  assert.deepEqual(
    r.errors.map((e) => e.kind),
    ['bad_header', 'bad_header', 'bad_header'],
  );
  assert.deepEqual(r.txs[0].request.headers, [
    ['Good', '1'],
    ['Also-Good', '3'],
  ]);
});

test('response without a pending request is an error and the stream stays in sync', () => {
  const r = runAllSplits([
    { dir: 1, data: OK('orphan'), ts: 1_000_000 },
    { dir: 0, data: GET('/real'), ts: 5_000_000 },
    { dir: 1, data: OK('real'), ts: 5_001_000 },
  ]);
  assert.deepEqual(
    r.errors.map((e) => e.kind),
    ['response_without_request'],
  );
  assert.deepEqual(
    r.txs.map((t) => t.response!.body.inspect.toString()),
    ['real'],
  );
});

test('header cap: a head over limits.header_bytes is header_too_large and dropped; the next message parses', () => {
  const limits = { headerBytes: 256, bodyInspectBytes: 64 };
  const r = runAllSplits(
    [
      { dir: 0, data: `GET /big HTTP/1.1\r\nX-Big: ${'a'.repeat(1000)}\r\nMore: 1\r\n\r\n` + GET('/small') },
      { dir: 1, data: OK('1') },
    ],
    { limits },
  );
  assert.deepEqual(
    r.errors.map((e) => e.kind),
    ['header_too_large'],
  );
  assert.deepEqual(
    r.txs.map((t) => [t.request.target, t.response?.status ?? null]),
    [['/small', 200]],
  );
  const head = (n: number): string => 'GET / HTTP/1.1\r\nA: ' + 'b'.repeat(n - 16 - 3 - 4) + '\r\n\r\n';
  assert.equal(head(256).length, 256);
  assert.deepEqual(runAllSplits([{ dir: 0, data: head(256) }], { limits }).errors, []);
  assert.deepEqual(
    runAllSplits([{ dir: 0, data: head(257) }], { limits }).errors.map((e) => e.kind),
    ['header_too_large'],
  );
});

test('connection close in the middle of a message: truncated_message, emitted incomplete', () => {
  const r = runAllSplits([{ dir: 0, data: 'POST /p HTTP/1.1\r\nContent-Length: 100\r\n\r\npartial' }, { close: true }]);
  assert.deepEqual(
    r.errors.map((e) => e.kind),
    ['truncated_message'],
  );
  assert.equal(r.txs[0].request.body.incomplete, true);
  assert.equal(r.txs[0].request.body.sha256, sha('partial'));
  assert.equal(r.txs[0].response, null);
});

test('bytes after a CONNECT beyond the hold cap or lost in a gap: a refusal resumes at the next request', () => {
  const limits = { headerBytes: 256, bodyInspectBytes: 64 };
  const r = runAllSplits(
    [
      { dir: 0, data: 'CONNECT a:443 HTTP/1.1\r\n\r\n' + GET('/held') },
      { gap: 0, length: 40 },
      { dir: 0, data: 'x'.repeat(300) },
      { dir: 1, data: 'HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n' + OK('held') },
      { dir: 0, data: 'rest of what was lost' + GET('/later') },
      { dir: 1, data: OK('later') },
    ],
    { limits },
  );
  assert.deepEqual(
    r.txs.map((t) => [t.request.target, t.response?.body.inspect.toString() ?? null]),
    [
      ['a:443', ''],
      ['/held', 'held'],
      ['/later', 'later'],
    ],
  );
  assert.equal(r.counters.upgrades, 0);
  assert.deepEqual(r.errors, []);
});
