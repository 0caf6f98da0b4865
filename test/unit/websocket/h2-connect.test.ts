/**
 * WebSocket over HTTP/2 (RFC 8441): node's http2 (nghttp2) server with SETTINGS_ENABLE_CONNECT_PROTOCOL
 * and client sending an extended CONNECT (`:protocol websocket`), the WebSocket frames in the
 * stream's DATA (generated frames: `ws` speaks HTTP/1.1 only). Relayed on loopback, replayed. The
 * client sends its first frame without waiting for the answer: the tunnel still gets it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { TcpRecorder } from '../../gen/tcp-recorder';
import { CLIENT_MASK, MessageDeflater, closeFrame, frame } from '../../gen/websocket';
import { replay } from './helpers';
import type { ApiEndpointRecord, AttackRecord, TransactionRecord, WebSocketRecord } from '../../../node/records/types';

test('extended CONNECT: the stream carries WebSocket frames both ways; attacks, websocket record, endpoint', async () => {
  const server = http2.createServer({ settings: { enableConnectProtocol: true } });
  server.on('stream', (stream, headers) => {
    assert.equal(headers[':protocol'], 'websocket');
    stream.respond({ ':status': 200, 'sec-websocket-protocol': 'chat.v1', 'sec-websocket-extensions': 'permessage-deflate' });
    const d = new MessageDeflater(true);
    stream.on('data', () => stream.write(frame(1, d.compress('{"type":"ack","from":"ops@example.org"}'), { rsv1: true })));
    stream.on('end', () => stream.end(closeFrame(1000, '', null)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const rec = new TcpRecorder();
  await rec.start((server.address() as { port: number }).port);
  const client = http2.connect(`http://127.0.0.1:${rec.port}`);
  await new Promise<void>((resolve) => client.once('remoteSettings', () => resolve()));
  const stream = client.request(
    {
      ':method': 'CONNECT',
      ':protocol': 'websocket',
      ':path': '/ws/chat?v=2',
      ':scheme': 'http',
      ':authority': 'chat.test',
      'sec-websocket-version': '13',
    },
    { endStream: false },
  );
  const dc = new MessageDeflater(true);
  const said: Buffer[] = [];
  stream.on('data', (d: Buffer) => said.push(d));
  for (const text of ['{"type":"say","text":"hello"}', '{"type":"say","text":"hello <svg onload=alert(1)>"}']) {
    stream.write(frame(1, dc.compress(text), { rsv1: true, mask: CLIENT_MASK }));
    await new Promise((r) => setTimeout(r, 30));
  }
  stream.end(closeFrame(1000, 'bye', CLIENT_MASK));
  await new Promise<void>((resolve) => stream.on('close', () => resolve()));
  client.close();
  await rec.stop();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(said.length > 0);

  const r = replay(rec.packets({ serverPort: 8443 }), ['transaction', 'attack', 'websocket', 'api_endpoint']);
  const tx = r.records.find((x): x is TransactionRecord => x.type === 'transaction')!;
  assert.deepEqual(
    [tx.request.method, tx.request.target, tx.response?.status, tx.http_version],
    ['CONNECT', '/ws/chat?v=2', 200, '2'],
  );
  const attacks = r.records.filter((x): x is AttackRecord => x.type === 'attack');
  assert.deepEqual(
    attacks.map((a) => [a.websocket?.index, a.hits.map((h) => `${h.class}@${h.point.join('.')}`), a.stream_id, a.host]),
    [[1, ['xss@ws.json.text'], tx.stream_id, 'chat.test']],
  );
  const ws = r.records.find((x): x is WebSocketRecord => x.type === 'websocket')!;
  assert.deepEqual([ws.client.messages, ws.close?.by, ws.subprotocol, ws.http_version], [2, 'client', 'chat.v1', '2']);
  // One acknowledgement per chunk the server's stream read (two messages and the close, possibly coalesced).
  assert.ok(ws.server.messages >= 1 && ws.server.messages <= 3);
  assert.equal(ws.compressed_skipped, 0);
  const ep = r.records.find((x): x is ApiEndpointRecord => x.type === 'api_endpoint')!;
  assert.equal(`${ep.kind} ${ep.method} ${ep.template}`, 'websocket GET /ws/chat');
  assert.equal(r.counters.http2.tunnels, 1);
  assert.equal(r.counters.websocket.extendedConnects, 1);
});
