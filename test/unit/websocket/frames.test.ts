/**
 * The WebSocket layer as readable examples: bytes of each direction in, the messages (and the
 * connection's account) out. Frames are generated (test/gen/websocket.ts); websocket-live.test.ts
 * checks the same layer against the npm `ws` implementation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Fed } from './helpers';
import { CLIENT_MASK, MessageDeflater, clientText, closeFrame, fragments, frame, serverText } from '../../gen/websocket';

const PING = 9;
const PONG = 10;

test('masked client text in 3 fragments, split in 2-byte pieces; unmasked server text; close codes', () => {
  const f = new Fed()
    .feed(0, clientText('hello there', 3), 2)
    .feed(1, serverText('{"ok":true}'))
    .feed(0, closeFrame(1001, 'going away', CLIENT_MASK))
    .feed(1, closeFrame(1000, '', null))
    .close();
  assert.deepEqual(f.lines(), ['client#0 text "hello there"', 'server#0 text "{\\"ok\\":true}"']);
  assert.deepEqual(f.summary?.close, { by: 'client', code: 1001, reason: 'going away' });
  assert.deepEqual(f.summary?.client, { messages: 1, bytes: 11, frames: 4, pings: 0, pongs: 0 });
  assert.equal(f.counters.closes, 2);
});

test('control frames between the fragments of a message do not break it', () => {
  const m = CLIENT_MASK;
  const f = new Fed()
    .feed(
      0,
      Buffer.concat([
        frame(1, 'part one, ', { fin: false, mask: m }),
        frame(PING, 'p', { mask: m }),
        frame(0, 'part two', { mask: m }),
      ]),
    )
    .feed(1, frame(PONG, 'p'))
    .close();
  assert.deepEqual(f.lines(), ['client#0 text "part one, part two"']);
  assert.equal(f.summary?.client.pings, 1);
  assert.equal(f.summary?.server.pongs, 1);
  assert.equal(f.summary?.close, null);
});

test('64-bit and 16-bit lengths; a binary message that is not text is still a message', () => {
  const big = Buffer.alloc(70000, 'a');
  const bin = Buffer.from([0, 1, 2, 3, 0xff]);
  const f = new Fed()
    .feed(1, frame(2, big))
    .feed(1, frame(2, bin))
    .feed(1, serverText('x'.repeat(300)))
    .close();
  assert.deepEqual(
    f.messages.map((m) => [m.opcode, m.data.length]),
    [
      ['binary', 70000],
      ['binary', 5],
      ['text', 300],
    ],
  );
});

test('permessage-deflate with context takeover: later messages refer to earlier ones', () => {
  const d = new MessageDeflater(true);
  const f = new Fed({ extensions: ['permessage-deflate; client_max_window_bits'] });
  for (const t of ['{"say":"hello hello"}', '{"say":"hello hello hello"}', '{"say":"hello again"}'])
    f.feed(0, fragments(1, d.compress(t), 2, CLIENT_MASK, true));
  f.close();
  assert.deepEqual(f.lines(), [
    'client#0 text z "{\\"say\\":\\"hello hello\\"}"',
    'client#1 text z "{\\"say\\":\\"hello hello hello\\"}"',
    'client#2 text z "{\\"say\\":\\"hello again\\"}"',
  ]);
  assert.equal(f.counters.compressedMessages, 3);
});

test('permessage-deflate with a 10-bit server window and no context takeover', () => {
  const d = new MessageDeflater(false, 10);
  const f = new Fed({ extensions: ['permessage-deflate; server_no_context_takeover; server_max_window_bits=10'] });
  for (const t of ['a'.repeat(3000), 'b'.repeat(3000)]) f.feed(1, frame(1, d.compress(t), { rsv1: true }));
  f.close();
  assert.deepEqual(
    f.messages.map((m) => m.data.toString()),
    ['a'.repeat(3000), 'b'.repeat(3000)],
  );
});

test('a gap inside a frame: only that message is cut; the next frames are read', () => {
  const msg = clientText('x'.repeat(100));
  const f = new Fed().feed(0, msg.subarray(0, 40)).gap(0, 20).feed(0, Buffer.alloc(0));
  // The reader skipped the lost bytes in step: the rest of the frame then the next message.
  const rest = Buffer.alloc(msg.length - 60);
  msg.copy(rest, 0, 60);
  f.feed(0, rest).feed(0, clientText('next')).close();
  assert.deepEqual(
    f.messages.map((m) => `${m.index} ${m.truncated ? 'cut' : 'whole'} ${m.data.length}`),
    ['0 cut 80', '1 whole 4'],
  );
  assert.equal(f.counters.messagesIncomplete, 1);
  assert.equal(f.counters.resyncs, 0);
});

test('a gap across frames: the reader hunts for the next boundary (masked client frames chain)', () => {
  const f = new Fed().feed(0, clientText('first')).gap(0, 500);
  // The capture resumes in the middle of a frame: its tail, then whole frames.
  const lost = clientText('y'.repeat(50));
  f.feed(0, Buffer.concat([lost.subarray(30), clientText('second'), clientText('third')])).close();
  assert.deepEqual(f.lines(), ['client#0 text "first"', 'client#1 text "second"', 'client#2 text "third"']);
  assert.equal(f.counters.resyncs, 1);
  assert.equal(f.counters.resyncSkippedBytes, lost.length - 30);
});

test('after a gap, compressed messages with context takeover are skipped until one stands alone', () => {
  const d = new MessageDeflater(true);
  const wire = ['{"m":"alpha alpha"}', '{"m":"alpha alpha beta"}', 'QZJX unique 7731', 'QZJX unique 7731 again'].map((t) =>
    frame(1, d.compress(t), { rsv1: true }),
  );
  const f = new Fed({ extensions: ['permessage-deflate'] })
    .feed(1, wire[0])
    .gap(1, 77)
    .feed(1, Buffer.concat(wire.slice(1)))
    .close();
  // Message 1 refers to message 0's bytes, which the reader no longer trusts after the gap: skipped.
  // Message 2 refers to nothing before it: read, and the window is followed again (message 3).
  // Indexes count the messages seen: one lost whole in the gap is not known.
  assert.deepEqual(f.lines(), [
    'server#0 text z "{\\"m\\":\\"alpha alpha\\"}"',
    'server#2 text z "QZJX unique 7731"',
    'server#3 text z "QZJX unique 7731 again"',
  ]);
  assert.equal(f.counters.compressedSkipped, 1);
  assert.equal(f.summary?.compressedSkipped, 1);
});

test('joined mid-stream: the first plausible frame boundary, roles from the masking, compressed messages tried alone', () => {
  const d = new MessageDeflater(true);
  const early = d.compress('{"op":"join","room":"lobby lobby"}');
  const later = d.compress('{"op":"join","room":"lobby lobby lobby"}');
  const client = Buffer.concat([frame(1, early, { rsv1: true, mask: CLIENT_MASK })]).subarray(7);
  // Reassembly guessed the server as the client: direction 0 carries the server's unmasked frames.
  const f = new Fed({ midstream: true })
    .feed(0, Buffer.concat([serverText('{"op":"welcome"}'), serverText('tick')]))
    .feed(1, Buffer.concat([client, frame(1, later, { rsv1: true, mask: CLIENT_MASK }), clientText('plain text')]))
    .close();
  assert.equal(f.counters.roleSwaps, 1);
  assert.deepEqual(f.lines().sort(), [
    'client#1 text "plain text"',
    'server#0 text "{\\"op\\":\\"welcome\\"}"',
    'server#1 text "tick"',
  ]);
  assert.equal(f.counters.compressedSkipped, 1);
  assert.equal(f.ws.session.conn.client.ip, '10.2.0.1');
});

test('limits: message bytes kept, messages per connection, inflate output', () => {
  const f = new Fed({ options: { messageBytes: 10, messagesPerConnection: 2 } })
    .feed(0, clientText('0123456789abcdef'))
    .feed(0, clientText('second'))
    .feed(0, clientText('third, not analysed'))
    .close();
  assert.deepEqual(f.lines(), ['client#0 text … "0123456789"', 'client#1 text "second"']);
  assert.equal(f.counters.messagesTruncated, 1);
  assert.equal(f.counters.messagesNotInspected, 1);
  assert.equal(f.summary?.client.messages, 3);
  const d = new MessageDeflater(false);
  const g = new Fed({ extensions: ['permessage-deflate'], options: { inflateBytes: 1000 } })
    .feed(1, frame(1, d.compress('z'.repeat(5000)), { rsv1: true }))
    .feed(1, frame(1, d.compress('small'), { rsv1: true }))
    .close();
  assert.deepEqual(g.lines(), ['server#1 text z "small"']);
  assert.equal(g.counters.inflateCapHits, 1);
});

test('a header that cannot start a frame (RSV2, reserved opcode) is counted and skipped', () => {
  const f = new Fed()
    .feed(1, Buffer.concat([Buffer.from([0xa3, 0x02, 0x41, 0x42]), serverText('after'), serverText('x')]))
    .close();
  assert.deepEqual(f.lines(), ['server#0 text "after"', 'server#1 text "x"']);
  assert.equal(f.counters.badFrames, 1);
});
