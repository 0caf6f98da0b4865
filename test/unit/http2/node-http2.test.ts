/**
 * Bytes from a real HTTP/2 implementation (Node's http2 module, which is nghttp2: Huffman-coded
 * strings, a dynamic table reused across requests, trailers, flow control), relayed on loopback,
 * rendered as a capture and replayed: the transactions are what the client sent and the server
 * answered.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { TcpRecorder } from '../../gen/tcp-recorder';
import { line, replay } from './helpers';
import type { ApiEndpointRecord } from '../../../node/records/types';

async function exchange(): Promise<TcpRecorder> {
  const server = http2.createServer();
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (d: Buffer) => chunks.push(d));
    stream.on('end', () => {
      const path = String(headers[':path']);
      if (path.startsWith('/gz')) {
        stream.respond({ ':status': 200, 'content-type': 'application/json', 'content-encoding': 'gzip' });
        stream.end(zlib.gzipSync(JSON.stringify({ echo: Buffer.concat(chunks).toString() })));
        return;
      }
      stream.respond({ ':status': path === '/missing' ? 404 : 200, 'content-type': 'text/plain' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'x-done': 'yes' }));
      stream.end(`you sent ${Buffer.concat(chunks).length} bytes to ${path}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const rec = new TcpRecorder();
  await rec.start((server.address() as AddressInfo).port);
  const client = http2.connect(`http://127.0.0.1:${rec.port}`);
  const send = (path: string, method = 'GET', body?: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = client.request({ ':method': method, ':path': path, 'x-tenant': 'blue-team', 'user-agent': 'node-h2-test/1.0' });
      req.on('data', () => {});
      req.on('end', () => resolve());
      req.on('error', reject);
      req.end(body);
    });
  // Sequential first (the dynamic table is reused), then three at once (interleaved streams).
  await send('/first?a=1');
  await send('/second', 'POST', 'x'.repeat(40000));
  await Promise.all([send('/missing'), send('/gz', 'PUT', '{"k":"v"}'), send("/search?q=<script>alert('h2')</script>")]);
  client.close();
  await new Promise<void>((resolve) => client.on('close', () => resolve()));
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rec.stop();
  return rec;
}

test('nghttp2 (Node http2) bytes: every stream is one transaction with its headers, bodies and trailers', async () => {
  const rec = await exchange();
  assert.equal(rec.connections.length, 1);
  const r = replay(rec.packets(), ['transaction', 'attack', 'api_endpoint']);
  const said = (n: number, path: string) => `you sent ${n} bytes to ${path}`.length;
  const gz = r.txs.find((t) => t.streamId === 7)!;
  assert.equal(zlib.gunzipSync(gz.response!.body.inspect).toString(), '{"echo":"{\\"k\\":\\"v\\"}"}');
  assert.deepEqual(
    r.txs.map(line).sort(),
    [
      `1 GET /first?a=1 [0] -> 200 [${said(0, '/first?a=1')}]`,
      `3 POST /second [40000] -> 200 [${said(40000, '/second')}]`,
      `5 GET /missing [0] -> 404 [${said(0, '/missing')}]`,
      `7 PUT /gz [9] -> 200 [${gz.response!.body.length}]`,
      `9 GET /search?q=<script>alert('h2')</script> [0] -> 200 [${said(0, "/search?q=<script>alert('h2')</script>")}]`,
    ].sort(),
  );
  for (const tx of r.txs) {
    assert.deepEqual(
      tx.request.headers.filter(([n]) => n === 'x-tenant' || n === 'user-agent' || n === 'host'),
      [
        ['host', `127.0.0.1:${rec.port}`],
        ['x-tenant', 'blue-team'],
        ['user-agent', 'node-h2-test/1.0'],
      ],
    );
  }
  const first = r.txs.find((t) => t.streamId === 1)!;
  assert.deepEqual(first.response?.trailers, [['x-done', 'yes']]);
  assert.equal(r.h2.hpackUnknownRefs + r.h2.hpackErrors + r.h2.malformedHeaders, 0);
  const endpoints = r.records.filter((x): x is ApiEndpointRecord => x.type === 'api_endpoint');
  // HTTP/2 endpoints exactly as HTTP/1.x ones: method, template, parameters, host from :authority.
  assert.deepEqual(
    endpoints.map((e) => `${e.host} ${e.method} ${e.template}`).sort(),
    ['GET /first', 'GET /search', 'POST /second', 'PUT /gz'].map((x) => `127.0.0.1:${rec.port} ${x}`),
  );
  assert.deepEqual(endpoints.find((e) => e.template === '/first')?.params.query, { a: { count: 1, types: ['integer'] } });
  const attacks = r.records.filter((x) => x.type === 'attack');
  assert.equal(attacks.length, 1);
  assert.equal((attacks[0] as { stream_id?: number }).stream_id, 9);
});
