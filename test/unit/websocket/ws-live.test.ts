/**
 * WebSocket from a real implementation: the npm `ws` server and client (permessage-deflate with
 * context takeover, masking by the client), relayed on loopback, recorded and replayed as a
 * capture. The injections are found at their points, benign chat gives nothing, the endpoint is
 * in the inventory with its message shapes. (test/e2e/mirror-websocket.test.ts mirrors the same
 * chat live from network namespaces.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TcpRecorder } from '../../gen/tcp-recorder';
import { CHAT_PATH, CLIENT_MESSAGES, INJECTIONS, runChatClient, startChatServer } from '../../gen/ws-chat';
import { replay } from './helpers';
import type { ApiEndpointRecord, AttackRecord, WebSocketRecord } from '../../../node/records/types';

test('ws server and client, compressed: injections at their points, no false positive, websocket record, inventory', async () => {
  const server = await startChatServer(0);
  const rec = new TcpRecorder();
  await rec.start(server.port);
  const acks = await runChatClient(`ws://127.0.0.1:${rec.port}${CHAT_PATH}`);
  await rec.stop();
  await server.stop();
  assert.equal(acks, CLIENT_MESSAGES);
  const r = replay(rec.packets({ serverPort: 8080 }), ['attack', 'websocket', 'api_endpoint']);
  const attacks = r.records.filter((x): x is AttackRecord => x.type === 'attack');
  assert.deepEqual(
    attacks.map((a) => a.hits.map((h) => [h.class, h.point])),
    INJECTIONS.map((i) => [[i.cls, i.point]]),
  );
  assert.ok(
    attacks.every((a) => a.websocket?.direction === 'client' && a.request.target === CHAT_PATH && a.response?.status === 101),
  );
  const ws = r.records.find((x): x is WebSocketRecord => x.type === 'websocket')!;
  assert.equal(ws.subprotocol, 'chat.v1');
  assert.match(ws.extensions[0], /^permessage-deflate/);
  assert.deepEqual(
    [ws.client.messages, ws.server.messages, ws.close?.by, ws.close?.code],
    [CLIENT_MESSAGES, CLIENT_MESSAGES, 'client', 1000],
  );
  assert.equal(ws.compressed_skipped, 0);
  const c = r.counters.websocket;
  // Every message was compressed (threshold 0) and read; the binary that is not text is not analysed.
  assert.equal(c.compressedMessages, 2 * CLIENT_MESSAGES);
  assert.equal(c.wsBinarySkipped, 1);
  const ep = r.records.find((x): x is ApiEndpointRecord => x.type === 'api_endpoint' && x.kind === 'websocket')!;
  assert.equal(`${ep.method} ${ep.template}`, `GET ${CHAT_PATH}`);
  assert.ok(ep.messages?.client?.fields?.['$.text']);
  assert.deepEqual(ep.messages?.server?.fields?.['$.from']?.sensitive, ['email']);
});
