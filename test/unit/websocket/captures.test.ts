/**
 * Generated WebSocket captures through the whole pipeline (reassembly, HTTP/1.1 upgrade hook,
 * analysis): attack records with the handshake's identity and the message's direction and index,
 * the `websocket` record, the endpoint in the inventory; a connection joined mid-stream.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conversation } from '../http2/helpers';
import { replay } from './helpers';
import {
  CLIENT_MASK,
  MessageDeflater,
  clientText,
  closeFrame,
  fragments,
  frame,
  handshake,
  serverText,
} from '../../gen/websocket';
import type { ApiEndpointRecord, AttackRecord, WebSocketRecord } from '../../../node/records/types';

const BENIGN = [
  { type: 'say', room: 'lobby', text: "Hi all, what's the plan for tonight?" },
  { type: 'say', room: 'lobby', text: 'select a date and let me know -- thanks!' },
  { type: 'typing', room: 'lobby' },
];

test('upgrade, compressed fragmented chat: injections found at ["ws","json",...], benign messages clean, records and inventory', () => {
  const h = handshake({
    path: '/ws/chat?token=abc',
    protocol: 'chat.v2',
    extensions: 'permessage-deflate; client_max_window_bits=15',
  });
  const dc = new MessageDeflater(true);
  const ds = new MessageDeflater(true);
  const c = conversation({ mss: 40 });
  c.send('c2s', h.request).send('s2c', h.response);
  for (const m of BENIGN) c.send('c2s', fragments(1, dc.compress(JSON.stringify(m)), 2, CLIENT_MASK, true));
  c.send(
    'c2s',
    fragments(
      1,
      dc.compress(JSON.stringify({ type: 'say', room: "lobby' UNION SELECT password FROM users--", text: 'x' })),
      3,
      CLIENT_MASK,
      true,
    ),
  );
  c.send('s2c', frame(1, ds.compress(JSON.stringify({ type: 'said', from: 'ann@example.org', text: 'hello' })), { rsv1: true }));
  c.send('c2s', clientText('<img src=x onerror=alert(document.cookie)>'));
  c.send('c2s', closeFrame(1000, 'done', CLIENT_MASK))
    .send('s2c', closeFrame(1000, '', null))
    .close('fin');
  const r = replay(c.packets(), ['attack', 'websocket', 'api_endpoint']);
  const attacks = r.records.filter((x): x is AttackRecord => x.type === 'attack');
  assert.deepEqual(
    attacks.map(
      (a) => `${a.websocket?.direction}#${a.websocket?.index} ${a.hits.map((h) => `${h.class}@${h.point.join('.')}`).join(',')}`,
    ),
    ['client#3 sqli@ws.json.room', 'client#4 xss@ws.text'],
  );
  assert.equal(attacks[0].host, 'chat.test');
  assert.equal(attacks[0].request.target, '/ws/chat?token=***');
  assert.equal(attacks[0].response?.status, 101);
  const ws = r.records.find((x): x is WebSocketRecord => x.type === 'websocket')!;
  assert.deepEqual(
    { sub: ws.subprotocol, ext: ws.extensions, c: ws.client.messages, s: ws.server.messages, close: ws.close },
    {
      sub: 'chat.v2',
      ext: ['permessage-deflate; client_max_window_bits=15'],
      c: 5,
      s: 1,
      close: { by: 'client', code: 1000, reason: 'done' },
    },
  );
  const ep = r.records.find((x): x is ApiEndpointRecord => x.type === 'api_endpoint')!;
  assert.equal(`${ep.kind} ${ep.method} ${ep.template}`, 'websocket GET /ws/chat');
  assert.deepEqual(Object.keys(ep.messages?.client?.fields ?? {}).sort(), ['$', '$.room', '$.text', '$.type']);
  assert.deepEqual(ep.messages?.server?.fields?.['$.from'].sensitive, ['email']);
  assert.equal(r.counters.websocket.compressedMessages, 5);
});

test('without --emit websocket there is no websocket record; benign chat alone gives no attack', () => {
  const h = handshake();
  const c = conversation();
  c.send('c2s', h.request).send('s2c', h.response);
  for (const m of BENIGN) c.send('c2s', clientText(JSON.stringify(m)));
  c.send('s2c', serverText('{"type":"ack"}')).close('fin');
  const r = replay(c.packets(), ['attack', 'transaction']);
  assert.deepEqual(
    r.records.map((x) => x.type),
    ['transaction'],
  );
  // Only attacks are searched: the client's three messages are read, the server's is only counted.
  assert.equal(r.counters.websocket.wsMessagesAnalyzed, 3);
  assert.equal(r.counters.websocket.messages, 4);
});

test('a capture joined mid-stream: frames found, records carry no handshake', () => {
  const c = conversation({ handshake: false });
  c.send('c2s', Buffer.concat([clientText('{"q":"1 OR 1=1"}'), clientText('{"q":"ok"}')]));
  c.send('s2c', serverText('{"rows":[]}'));
  c.close('fin');
  const r = replay(c.packets(), ['attack', 'websocket']);
  assert.equal(r.counters.websocket.midstream, 1);
  const a = r.records.find((x): x is AttackRecord => x.type === 'attack');
  assert.deepEqual(
    a?.hits.map((h) => h.point),
    [['ws', 'json', 'q']],
  );
  assert.equal(a?.request.target, '');
  const ws = r.records.find((x): x is WebSocketRecord => x.type === 'websocket');
  assert.equal(ws?.request, null);
  assert.equal(ws?.client.messages, 2);
});

test('a lost segment: the message it cut is incomplete, later messages are read', () => {
  const h = handshake();
  const c = conversation({ mss: 64 });
  c.send('c2s', h.request).send('s2c', h.response);
  c.send('c2s', clientText('{"text":"' + 'z'.repeat(150) + '"}'));
  c.send('c2s', clientText('{"text":"<script>alert(1)</script>"}'));
  // The second segment of the first message (the request took the first ones).
  c.drop('c2s', Math.ceil(h.request.length / 64) + 1).close('fin');
  const r = replay(c.packets(), ['attack', 'websocket']);
  const ws = r.records.find((x): x is WebSocketRecord => x.type === 'websocket');
  assert.equal(ws?.client.messages, 2);
  assert.equal(ws?.incomplete, 1);
  assert.deepEqual(
    r.records.filter((x): x is AttackRecord => x.type === 'attack').map((a) => a.websocket?.index),
    [1],
  );
});
