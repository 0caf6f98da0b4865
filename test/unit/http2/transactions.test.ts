/**
 * HTTP/2 connections as examples: generated captures (test/gen/h2.ts) with known answers, replayed
 * through the whole pipeline; each stream is one transaction.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { F, PREFACE, T, block, data, frame, headers, indexed, request, response, settings } from '../../gen/h2';
import { conversation, line, replay } from './helpers';
import type { AttackRecord, TransactionRecord } from '../../../node/records/types';

const HOST = 'api.test:8080';

test('prior knowledge: interleaved streams, CONTINUATION, padding, priority, trailers, push, reset', () => {
  const c = conversation();
  c.send(
    'c2s',
    Buffer.concat([
      PREFACE,
      settings([
        [1, 4096],
        [3, 100],
      ]),
    ]),
  );
  c.send('s2c', Buffer.concat([settings([[3, 128]]), frame(T.SETTINGS, F.ACK, 0)]));
  // Stream 1: POST with a body in two DATA frames; stream 3: GET whose header block spans HEADERS + CONTINUATION.
  const b3 = block(
    request('GET', '/items?id=7', HOST, [
      ['user-agent', 'gen/1'],
      ['accept', 'application/json'],
    ]),
  );
  c.send(
    'c2s',
    Buffer.concat([
      headers(1, request('POST', '/items', HOST, [['content-type', 'application/json']])),
      frame(T.HEADERS, F.END_STREAM, 3, b3.subarray(0, 10)),
      data(1, '{"name":', false),
      frame(T.CONTINUATION, F.END_HEADERS, 3, b3.subarray(10)),
      // Padded DATA (3 pad bytes) ending stream 1.
      frame(T.DATA, F.END_STREAM | F.PADDED, 1, Buffer.concat([Buffer.from([3]), Buffer.from('"chair"}'), Buffer.alloc(3)])),
      // Stream 5: padded HEADERS with a priority block, reset by the client.
      frame(
        T.HEADERS,
        F.END_HEADERS | F.PADDED | F.PRIORITY,
        5,
        Buffer.concat([Buffer.from([2]), Buffer.from([0, 0, 0, 0, 16]), block(request('GET', '/slow', HOST)), Buffer.alloc(2)]),
      ),
      frame(T.PRIORITY, 0, 3, Buffer.from([0, 0, 0, 1, 200])),
      frame(T.WINDOW_UPDATE, 0, 0, Buffer.from([0, 1, 0, 0])),
    ]),
  );
  c.send(
    's2c',
    Buffer.concat([
      // Push of /style.css promised on stream 3.
      frame(
        T.PUSH_PROMISE,
        F.END_HEADERS,
        3,
        Buffer.concat([Buffer.from([0, 0, 0, 2]), block(request('GET', '/style.css', HOST))]),
      ),
      headers(3, response(200, [['content-type', 'application/json']])),
      headers(1, response(201, [['location', '/items/9']])),
      data(3, '{"id":7}', false),
      data(1, 'created'),
      headers(2, response(200, [['content-type', 'text/css']])),
      data(2, 'body{}'),
      headers(3, [['x-checksum', 'abc']], F.END_HEADERS | F.END_STREAM),
      frame(T.PING, 0, 0, Buffer.alloc(8)),
    ]),
  );
  c.send('c2s', frame(T.RST_STREAM, 0, 5, Buffer.from([0, 0, 0, 8])));
  c.send('s2c', frame(T.GOAWAY, 0, 0, Buffer.from([0, 0, 0, 5, 0, 0, 0, 0])));
  c.close('fin');
  const r = replay(c.packets(), ['transaction', 'attack']);
  assert.deepEqual(r.txs.map(line), [
    '1 POST /items [16] -> 201 [7]',
    '2 GET /style.css [0] -> 200 [6]',
    '3 GET /items?id=7 [0] -> 200 [8]',
    '5 GET /slow [0!] -> none',
  ]);
  const [s1, , s3] = r.txs;
  assert.equal(s1.request.body.inspect.toString(), '{"name":"chair"}');
  assert.deepEqual(s3.request.headers, [
    ['host', HOST],
    ['user-agent', 'gen/1'],
    ['accept', 'application/json'],
  ]);
  assert.deepEqual(s3.response?.trailers, [['x-checksum', 'abc']]);
  assert.equal(s3.request.version, 'HTTP/2');
  assert.deepEqual(r.appConnections, { http1: 0, tls: 0, http2: 1, websocket: 0 });
  assert.equal(r.h2.resets, 1);
  assert.equal(r.h2.pushPromises, 1);
  const rec = r.records.find((x) => x.type === 'transaction') as TransactionRecord;
  assert.equal(rec.http_version, '2');
  assert.equal(rec.stream_id, 1);
  assert.equal(rec.host, HOST);
});

test('Huffman strings and dynamic-table references across requests decode; SETTINGS_HEADER_TABLE_SIZE bounds size updates', () => {
  const c = conversation();
  c.send('c2s', Buffer.concat([PREFACE, settings()]));
  // Request 1 indexes user-agent and a custom header (entries 63 and 62); request 2 refers to both by index.
  const req1 = Buffer.concat([
    block(request('GET', '/a', HOST), { huffman: true }),
    block(
      [
        ['user-agent', 'h2-gen/2.0'],
        ['x-tenant', 'blue'],
      ],
      { huffman: true, index: true },
    ),
  ]);
  const req2 = Buffer.concat([block(request('GET', '/b', HOST)), indexed(63), indexed(62)]);
  c.send('c2s', headers(1, req1, F.END_HEADERS | F.END_STREAM));
  c.send('s2c', Buffer.concat([settings(), headers(1, response(204), F.END_HEADERS | F.END_STREAM)]));
  c.send('c2s', headers(3, req2, F.END_HEADERS | F.END_STREAM));
  // A size update to 0 then a literal: the table is emptied, so index 62 after it is malformed.
  c.send('s2c', headers(3, Buffer.concat([Buffer.from([0x20]), block(response(200))]), F.END_HEADERS | F.END_STREAM));
  c.close('fin');
  const r = replay(c.packets());
  assert.deepEqual(r.txs.map(line), ['1 GET /a [0] -> 204 [0]', '3 GET /b [0] -> 200 [0]']);
  assert.deepEqual(r.txs[1].request.headers, [
    ['host', HOST],
    ['user-agent', 'h2-gen/2.0'],
    ['x-tenant', 'blue'],
  ]);
  assert.equal(r.h2.hpackUnknownRefs, 0);
  assert.equal(r.h2.hpackErrors, 0);
});

test('Upgrade: h2c: the upgrade request is stream 1, its response comes as HTTP/2; later streams follow', () => {
  const c = conversation();
  const upgrade =
    'GET /hello?x=1 HTTP/1.1\r\nHost: api.test\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n';
  c.send('c2s', upgrade);
  c.send(
    's2c',
    Buffer.concat([
      Buffer.from('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n'),
      settings(),
      headers(1, response(200, [['content-type', 'text/plain']])),
      data(1, 'hello over h2'),
    ]),
  );
  c.send(
    'c2s',
    Buffer.concat([
      PREFACE,
      settings(),
      frame(T.SETTINGS, F.ACK, 0),
      headers(3, request('GET', '/second', 'api.test'), F.END_HEADERS | F.END_STREAM),
    ]),
  );
  c.send('s2c', Buffer.concat([headers(3, response(404)), data(3, 'no')]));
  c.close('fin');
  const r = replay(c.packets());
  assert.deepEqual(r.txs.map(line), ['1 GET /hello?x=1 [0] -> 200 [13]', '3 GET /second [0] -> 404 [2]']);
  assert.equal(r.txs[0].request.version, 'HTTP/1.1', 'stream 1 is the HTTP/1.1 request as sent');
  assert.equal(r.txs[0].response?.version, 'HTTP/2');
  assert.equal(r.h2.upgrades, 1);
  assert.deepEqual(r.appConnections, { http1: 1, tls: 0, http2: 0, websocket: 0 });
});

test('a 101 to another protocol is not HTTP/2: the upgrade transaction stays HTTP/1.x and the rest is not parsed', () => {
  const c = conversation();
  c.send('c2s', 'GET /chat HTTP/1.1\r\nHost: api.test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n');
  c.send('s2c', 'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n\x81\x02hi');
  c.close('fin');
  const r = replay(c.packets());
  assert.deepEqual(r.txs.map(line), ['- GET /chat [0] -> 101 [0]']);
  assert.equal(r.h2.connections, 0);
});

test('joined mid-stream: fields referring to the unknown dynamic table are left out and counted, the rest decoded', () => {
  const c = conversation({ handshake: false });
  // The client's encoder has entries we never saw: 62 and 63 are unknown here.
  c.send(
    'c2s',
    headers(
      9,
      Buffer.concat([block(request('GET', '/late', HOST)), indexed(62), block([['x-known', 'yes']])]),
      F.END_HEADERS | F.END_STREAM,
    ),
  );
  c.send('s2c', headers(9, Buffer.concat([block(response(200)), indexed(63)]), F.END_HEADERS));
  c.send('s2c', data(9, 'ok'));
  // A response for a stream whose request was before the capture: dropped, counted.
  c.send('s2c', data(7, 'orphan'));
  c.close('fin');
  const r = replay(c.packets());
  assert.deepEqual(r.txs.map(line), ['9 GET /late [0] -> 200 [2]']);
  assert.deepEqual(r.txs[0].request.headers, [
    ['host', HOST],
    ['x-known', 'yes'],
  ]);
  assert.equal(r.h2.hpackUnknownRefs, 2);
  assert.equal(r.h2.framesWithoutStream, 1);
  assert.deepEqual(r.appConnections, { http1: 0, tls: 0, http2: 1, websocket: 0 });
});

test('joined mid-stream with the roles guessed wrong: the side that sends :method is the client', () => {
  // The capture's \"client\" (port 50000) is the HTTP/2 server; the reassembler guesses the lower port is the server.
  const c = conversation({ handshake: false, clientPort: 50000, serverPort: 40000 });
  c.send('c2s', Buffer.concat([settings(), frame(T.WINDOW_UPDATE, 0, 0, Buffer.from([0, 0, 1, 0]))]));
  c.send('s2c', headers(1, request('GET', '/swap', HOST), F.END_HEADERS | F.END_STREAM));
  c.send('c2s', Buffer.concat([headers(1, response(200)), data(1, 'x')]));
  c.close('fin');
  const r = replay(c.packets());
  assert.deepEqual(r.txs.map(line), ['1 GET /swap [0] -> 200 [1]']);
  assert.equal(r.txs[0].conn.client.port, 40000);
  assert.equal(r.h2.roleSwaps, 1);
});

test('a gap loses only the streams it touched: a lost HEADERS frame loses its stream, later streams decode', () => {
  const c = conversation({ mss: 200 });
  c.send('c2s', Buffer.concat([PREFACE, settings()]));
  c.send('c2s', headers(1, request('GET', '/one', HOST), F.END_HEADERS | F.END_STREAM));
  c.send('s2c', Buffer.concat([settings(), headers(1, response(200)), data(1, 'one')]));
  c.send('c2s', headers(3, request('GET', '/lost', HOST, [['x-pad', 'p'.repeat(40)]]), F.END_HEADERS | F.END_STREAM));
  c.send('c2s', headers(5, request('GET', '/five', HOST), F.END_HEADERS | F.END_STREAM));
  c.send('s2c', Buffer.concat([headers(3, response(200)), data(3, 'three'), headers(5, response(200)), data(5, 'five')]));
  // Drop the segment that carried stream 3's HEADERS (client data segments: preface+settings, 1, 3, 5).
  c.drop('c2s', 2);
  c.close('fin');
  const r = replay(c.packets());
  assert.deepEqual(r.txs.map(line), ['1 GET /one [0] -> 200 [3]', '5 GET /five [0] -> 200 [4]']);
  assert.equal(r.h2.gaps, 1);
  assert.equal(r.h2.framesWithoutStream, 2, "stream 3's response (HEADERS, DATA) has no request");
});

test("a gap inside a DATA frame marks only that stream's body incomplete; frame sync is found again", () => {
  const c = conversation({ mss: 100 });
  c.send('c2s', Buffer.concat([PREFACE, settings()]));
  c.send('c2s', headers(1, request('GET', '/big', HOST), F.END_HEADERS | F.END_STREAM));
  c.send('s2c', Buffer.concat([settings(), headers(1, response(200))]));
  // 450 bytes of DATA in 5 segments of 100, then the end of stream 1 and a new frame.
  c.send('s2c', frame(T.DATA, 0, 1, 'd'.repeat(491)));
  c.send('s2c', data(1, 'end'));
  c.send('c2s', headers(3, request('GET', '/after', HOST), F.END_HEADERS | F.END_STREAM));
  c.send('s2c', Buffer.concat([headers(3, response(200)), data(3, 'fine')]));
  c.drop('s2c', 4);
  c.close('fin');
  const r = replay(c.packets());
  assert.deepEqual(r.txs.map(line), ['1 GET /big [0] -> 200 [394!]', '3 GET /after [0] -> 200 [4]']);
  assert.equal(r.h2.gaps, 1);
});

test('http2_max_streams: with more streams open, the oldest is emitted as it is (counted)', () => {
  const c = conversation();
  c.send('c2s', Buffer.concat([PREFACE, settings()]));
  for (const id of [1, 3, 5]) c.send('c2s', headers(id, request('GET', `/s${id}`, HOST), F.END_HEADERS | F.END_STREAM));
  c.send('s2c', Buffer.concat([headers(5, response(200)), data(5, 'x'), headers(3, response(200)), data(3, 'y')]));
  c.close('fin');
  const r = replay(c.packets(), ['transaction'], (cfg) => {
    cfg.limits.http2MaxStreams = 2;
  });
  assert.deepEqual(r.txs.map(line), ['1 GET /s1 [0] -> none', '5 GET /s5 [0] -> 200 [1]', '3 GET /s3 [0] -> 200 [1]']);
  assert.equal(r.h2.streamsEvicted, 1);
});

test('header_bytes bounds a header block: a larger block is not decoded (counted), the stream is dropped', () => {
  const c = conversation();
  c.send('c2s', Buffer.concat([PREFACE, settings()]));
  c.send('c2s', headers(1, request('GET', '/huge', HOST, [['x-big', 'b'.repeat(3000)]]), F.END_HEADERS | F.END_STREAM));
  c.send('c2s', headers(3, request('GET', '/ok', HOST), F.END_HEADERS | F.END_STREAM));
  c.send('s2c', Buffer.concat([headers(3, response(200)), data(3, 'k')]));
  c.close('fin');
  const r = replay(c.packets(), ['transaction'], (cfg) => {
    cfg.limits.headerBytes = 1024;
  });
  assert.deepEqual(r.txs.map(line), ['3 GET /ok [0] -> 200 [1]']);
  assert.equal(r.h2.framesTooLarge, 1);
});

test('attacks in HTTP/2 requests are found as in HTTP/1.x, with the stream id on the attack record', () => {
  const c = conversation();
  c.send('c2s', Buffer.concat([PREFACE, settings()]));
  c.send('c2s', headers(1, request('GET', "/item?id=1'%20OR%20'1'='1'--", HOST), F.END_HEADERS | F.END_STREAM));
  c.send('s2c', Buffer.concat([headers(1, response(200)), data(1, 'x')]));
  c.close('fin');
  const r = replay(c.packets(), ['attack']);
  const a = r.records.filter((x): x is AttackRecord => x.type === 'attack');
  assert.equal(a.length, 1);
  assert.ok(a[0].hits.some((h) => h.class === 'sqli' && h.point.join('.') === 'query.id'));
  assert.equal(a[0].stream_id, 1);
  assert.equal(a[0].host, HOST);
});

test('http2_connection_body_bytes: bodies of open streams past the connection budget are counted, not kept', () => {
  const c = conversation();
  c.send('c2s', Buffer.concat([PREFACE, settings()]));
  c.send(
    'c2s',
    Buffer.concat([
      headers(1, request('POST', '/a', HOST), F.END_HEADERS),
      headers(3, request('POST', '/b', HOST), F.END_HEADERS),
      data(1, 'a'.repeat(3000), false),
      data(3, 'b'.repeat(3000), false),
      data(1, 'end'),
      data(3, 'end'),
    ]),
  );
  c.send('s2c', Buffer.concat([headers(1, response(200)), data(1, 'x'), headers(3, response(200)), data(3, 'y')]));
  c.close('fin');
  const r = replay(c.packets(), ['transaction', 'attack'], (cfg) => {
    cfg.limits.http2ConnectionBodyBytes = 4000;
  });
  assert.deepEqual(r.txs.map(line), ['1 POST /a [3003] -> 200 [1]', '3 POST /b [3003] -> 200 [1]']);
  assert.equal(r.txs[0].request.body.inspect.length, 3003);
  assert.equal(r.txs[1].request.body.inspect.length, 0, 'kept bytes would pass the budget');
  assert.equal(r.txs[1].request.body.truncated, true);
  assert.equal(r.h2.connectionBodyCapHits, 1);
});
