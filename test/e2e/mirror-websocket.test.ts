/**
 * WebSocket live: the npm `ws` chat server (10.10.0.2:8080) and client (10.10.0.1) in network
 * namespaces (prefix t25w), mirrored to the node (SPAN). Compressed, masked messages; injections
 * in message fields give attacks at their points, benign chat gives none, the connection gives a
 * `websocket` record and the endpoint is in the inventory as kind websocket.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { skipReason } from './scenario';
import { REPO, mirrorScenario, waitUntil } from './support/fixture';
import { CHAT_PATH, CLIENT_MESSAGES, INJECTIONS } from '../gen/ws-chat';
import type { ApiEndpointRecord, AttackRecord, NodeRecord, WebSocketRecord } from '../../node/records/types';

const skip = skipReason();
const PEER = [process.execPath, '--import', 'tsx', path.join(REPO, 'test/gen/ws-chat.ts')];

test('WebSocket mirror: ws chat with permessage-deflate, injections found at their points', { skip, timeout: 120_000 }, (t) =>
  mirrorScenario(t, { prefix: 't25w' }, async (s) => {
    const server = await s.spawnReady('server', [...PEER, 'server', '8080', '10.10.0.2'], 'listening');
    try {
      const { node } = await s.node({ goreplay: "filter: 'mon0:8080'", emit: 'attack,websocket,api_endpoint' });
      const out = s.lab.exec('client', [...PEER, 'client', `ws://10.10.0.2:8080${CHAT_PATH}`]);
      assert.equal(out.trim(), `acks=${CLIENT_MESSAGES}`);
      const records = (): NodeRecord[] => node.records() as NodeRecord[];
      await waitUntil(() => records().some((r) => r.type === 'websocket'), 15_000);
      assert.equal(await node.stop(), 0);
      const all = records();
      const attacks = all.filter((r): r is AttackRecord => r.type === 'attack');
      assert.deepEqual(
        attacks.map((a) => JSON.stringify(a.hits.map((h) => [h.class, h.point]))).sort(),
        INJECTIONS.map((i) => JSON.stringify([[i.cls, i.point]])).sort(),
      );
      assert.ok(attacks.every((a) => a.client_ip === '10.10.0.1' && a.websocket?.direction === 'client'));
      const ws = all.find((r): r is WebSocketRecord => r.type === 'websocket')!;
      assert.deepEqual([ws.client.messages, ws.server.messages, ws.close?.code], [CLIENT_MESSAGES, CLIENT_MESSAGES, 1000]);
      assert.match(ws.extensions.join(), /permessage-deflate/);
      const ep = all.find((r): r is ApiEndpointRecord => r.type === 'api_endpoint' && r.kind === 'websocket');
      assert.equal(ep?.template, CHAT_PATH);
      s.figures(CLIENT_MESSAGES, ws.client.messages, node);
    } finally {
      server.kill('SIGTERM');
    }
  }),
);
