/**
 * The TLS record framer, handshake reader, probe and key store as examples: input bytes and
 * the events they give.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Probe } from '../../../node/app-layer';
import { HandshakeReader, parseClientHello } from '../../../node/tls/handshake';
import { badKeyLogLines, KeyStore } from '../../../node/tls/keylog';
import { RecordReader } from '../../../node/tls/record-reader';
import { TlsProtocol } from '../../../node/tls/protocol';
import type { ConnectionInfo } from '../../../node/reassembly/types';

const record = (type: number, body: Buffer): Buffer =>
  Buffer.concat([Buffer.from([type, 3, 3, body.length >> 8, body.length & 255]), body]);

function collect(): { reader: RecordReader; seen: string[] } {
  const seen: string[] = [];
  const reader = new RecordReader({
    record: (h, f) => void seen.push(`${h[0]}:${f.toString('latin1')}`),
    badRecord: (d) => void seen.push(`bad ${d}`),
  });
  return { reader, seen };
}

test('records come out whole whatever the segment boundaries: split at every byte, and several per segment', () => {
  const stream = Buffer.concat([
    record(22, Buffer.from('hello')),
    record(20, Buffer.from([1])),
    record(23, Buffer.alloc(300, 'x')),
    record(23, Buffer.from('end')),
  ]);
  const expected = ['22:hello', '20:\u0001', `23:${'x'.repeat(300)}`, '23:end'];
  for (let cut = 0; cut <= stream.length; cut++) {
    for (const second of [cut, Math.min(stream.length, cut + 3)]) {
      const { reader, seen } = collect();
      reader.push(stream, 0, cut, 0);
      reader.push(stream, cut, second - cut, 0);
      reader.push(stream, second, stream.length - second, 0);
      assert.deepEqual(seen, expected, `cuts at ${cut} and ${second}`);
    }
  }
  const { reader, seen } = collect();
  for (let i = 0; i < stream.length; i++) reader.push(stream, i, 1, 0);
  assert.deepEqual(seen, expected, 'one byte at a time');
});

test('bytes that are not TLS records stop the framer once, with the header named', () => {
  const { reader, seen } = collect();
  reader.push(Buffer.concat([record(23, Buffer.from('ok')), Buffer.from('GET / HTTP/1.1\r\n')]), 0, 23, 0);
  assert.deepEqual(seen, ['23:ok', 'bad record header 474554202f is not TLS']);
  reader.push(record(23, Buffer.from('more')), 0, 9, 0);
  assert.equal(seen.length, 2, 'nothing after');
  const big = collect();
  big.reader.push(Buffer.from([23, 3, 3, 0x50, 0x00]), 0, 5, 0);
  assert.deepEqual(big.seen, ['bad record header 1703035000 is not TLS'], 'a length beyond 2^14 + 2048 + 256');
});

test('handshake messages are joined across records; an oversized one is skipped without being buffered', () => {
  const seen: string[] = [];
  const r = new HandshakeReader(
    100,
    (type, body, skipped) => void seen.push(`${type}:${body.length}${skipped ? ' skipped' : ''}`),
  );
  const msg = (type: number, len: number) => Buffer.concat([Buffer.from([type, 0, len >> 8, len & 255]), Buffer.alloc(len, 1)]);
  const stream = Buffer.concat([msg(1, 50), msg(11, 3000), msg(20, 32)]);
  for (let i = 0; i < stream.length; i += 7) r.push(stream.subarray(i, i + 7));
  assert.deepEqual(seen, ['1:50', '11:0 skipped', '20:32']);
  assert.equal(r.held, 0);
});

test('a ClientHello gives its random, SNI, ALPN, versions and ticket; a truncated one gives null', () => {
  const ext = (type: number, data: Buffer) =>
    Buffer.concat([Buffer.from([type >> 8, type & 255, data.length >> 8, data.length & 255]), data]);
  const name = Buffer.from('API.Example.com');
  const sni = ext(0, Buffer.concat([Buffer.from([0, name.length + 3, 0, 0, name.length]), name]));
  const alpn = ext(16, Buffer.from([0, 12, 2, 0x68, 0x32, 8, ...Buffer.from('http/1.1')]));
  const versions = ext(43, Buffer.from([4, 3, 4, 3, 3]));
  const ticket = ext(35, Buffer.from('TICKET'));
  const exts = Buffer.concat([sni, alpn, versions, ticket, ext(22, Buffer.alloc(0))]);
  const body = Buffer.concat([
    Buffer.from([3, 3]),
    Buffer.alloc(32, 0xab),
    Buffer.from([2, 9, 9]),
    Buffer.from([0, 4, 0x13, 0x01, 0xc0, 0x2f]),
    Buffer.from([1, 0]),
    Buffer.from([exts.length >> 8, exts.length & 255]),
    exts,
  ]);
  const hello = parseClientHello(body)!;
  assert.equal(hello.random.toString('hex'), 'ab'.repeat(32));
  assert.equal(hello.sni, 'api.example.com');
  assert.deepEqual(hello.alpn, ['h2', 'http/1.1']);
  assert.deepEqual(hello.versions, [0x0304, 0x0303]);
  assert.deepEqual(hello.cipherSuites, [0x1301, 0xc02f]);
  assert.equal(hello.ticket?.toString(), 'TICKET');
  assert.equal(hello.encryptThenMac, true);
  assert.equal(hello.sessionId.toString('hex'), '0909');
  // Up to the compression methods every cut is malformed; a hello may end there (no extensions); any cut inside them is malformed.
  for (let n = 0; n < 45; n++) assert.equal(parseClientHello(body.subarray(0, n)), null, `cut at ${n}`);
  assert.equal(parseClientHello(body.subarray(0, 45))?.sni, null);
  for (let n = 46; n < body.length; n++) assert.equal(parseClientHello(body.subarray(0, n)), null, `cut at ${n}`);
});

test('the probe claims TLS records and nothing HTTP/1.x starts with', () => {
  const p = new TlsProtocol(new KeyStore({ maxEntries: 10, ttlSec: 60 }));
  const conn = {} as ConnectionInfo;
  const probe = (hex: string) => p.probe(0, Buffer.from(hex, 'hex'), conn);
  assert.equal(probe('16030100f801'), Probe.Yes, 'ClientHello');
  assert.equal(probe('160303005a02'), Probe.Yes, 'ServerHello (roles guessed the other way)');
  assert.equal(probe('1703030040'), Probe.Yes, 'application data: a connection seen mid-stream');
  assert.equal(probe('1603'), Probe.NeedMore);
  assert.equal(probe('16030100f8'), Probe.NeedMore);
  assert.equal(probe('16030100f80b'), Probe.No, 'a handshake record that starts with neither hello');
  assert.equal(probe(Buffer.from('GET / HTTP/1.1').toString('hex')), Probe.No);
  assert.equal(probe(Buffer.from('PRI * HTTP/2.0').toString('hex')), Probe.No);
  assert.equal(probe('1605'), Probe.No);
});

test('the key store: NSS key-log lines by client random; comments ignored; bad lines counted by number, never echoed', () => {
  const store = new KeyStore({ maxEntries: 10, ttlSec: 60 });
  const cr = 'aa'.repeat(32);
  const bad = store.addText(
    [
      '# SSL/TLS secrets log file',
      `CLIENT_RANDOM ${cr} ${'11'.repeat(48)}`,
      `CLIENT_HANDSHAKE_TRAFFIC_SECRET ${cr} ${'22'.repeat(32)}`,
      `EXPORTER_SECRET ${cr} ${'33'.repeat(32)}`,
      `RSA 0011223344556677 ${'44'.repeat(48)}`,
      'CLIENT_RANDOM not-hex',
      `SOMETHING_ELSE ${cr} ${'55'.repeat(32)}`,
      '',
    ].join('\n'),
  );
  assert.deepEqual(bad, [6, 7]);
  const k = store.get(Buffer.from(cr, 'hex'))!;
  assert.equal(k.master?.toString('hex'), '11'.repeat(48));
  assert.equal(k.clientHandshake?.toString('hex'), '22'.repeat(32));
  assert.deepEqual(
    { lines: store.counters.lines, badLines: store.counters.badLines, secrets: store.counters.secrets },
    { lines: 6, badLines: 2, secrets: 2 },
  );
  assert.deepEqual(badKeyLogLines('x\n# c\nCLIENT_RANDOM 00'), [1, 3]);
});

test('the key store is bounded (tls.keys_max drops the oldest) and expires (tls.keys_ttl), and wakes waiters', () => {
  let now = 0;
  const store = new KeyStore({ maxEntries: 2, ttlSec: 10 }, () => now);
  const line = (i: number) => `CLIENT_RANDOM ${i.toString(16).padStart(64, '0')} ${'11'.repeat(48)}`;
  const random = (i: number) => Buffer.from(i.toString(16).padStart(64, '0'), 'hex');
  let woken = 0;
  const unwatch = store.watch(random(3), () => woken++);
  store.addLine(line(1));
  now = 5000;
  store.addLine(line(2));
  now = 6000;
  store.addLine(line(3));
  assert.equal(woken, 1);
  assert.equal(store.get(random(1)), undefined, 'evicted');
  assert.equal(store.counters.evicted, 1);
  now = 15001;
  store.expire();
  assert.equal(store.get(random(2)), undefined, 'expired');
  assert.ok(store.get(random(3)));
  assert.equal(store.counters.expired, 1);
  unwatch();
  store.addLine(line(3));
  assert.equal(woken, 1, 'no wake after unwatch');
});

test("a mirror that shows the client's protected records before the server's hello: held, then decrypted in order", async () => {
  const { Tls13Session, TLS_TEST_CONN, TLS_TEST_LIMITS } = await import('../../gen/tls-records');
  const { Rng } = await import('../../../node/sample/rng');
  const { createHttpStreamHandlerFactory } = await import('../../../node/http/connection');
  const rng = new Rng(5);
  const s = new Tls13Session(rng, 'order.example');
  const req = Buffer.from('GET /first HTTP/1.1\r\nHost: order.example\r\n\r\n');
  const res = Buffer.from('HTTP/1.1 204 No Content\r\n\r\n');
  const store = new KeyStore({ maxEntries: 10, ttlSec: 60 });
  store.addText(s.keylog());
  const proto = new TlsProtocol(store);
  const targets: string[] = [];
  const http = createHttpStreamHandlerFactory(
    {
      transaction: (tx) => void targets.push(`${tx.request.target} ${tx.response?.status} ${tx.conn.tls?.sni}`),
      error: () => {},
    },
    TLS_TEST_LIMITS,
    { responseTimeoutSec: 5 },
  );
  proto.attach(
    (conn) => http(conn),
    () => true,
  );
  const h = proto.create(TLS_TEST_CONN);
  const client = Buffer.concat([s.clientHello(), s.data('c2s', req)]);
  const server = Buffer.concat([s.serverHello(rng), s.data('s2c', res)]);
  h.onData(0, client, 0, client.length, 1);
  h.onData(1, server, 0, server.length, 2);
  h.onClose('fin', 3);
  assert.deepEqual(targets, ['/first 204 order.example']);
  assert.equal(proto.counters.decrypted, 1);
});
