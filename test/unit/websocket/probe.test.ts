/** The mid-stream probe (node/websocket/protocol.ts): which first bytes make a connection WebSocket. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Probe } from '../../../node/app-layer';
import { WebSocketProtocol } from '../../../node/websocket/protocol';
import { CONN, OPTIONS } from './helpers';
import { clientText, serverText } from '../../gen/websocket';

const ws = new WebSocketProtocol({ message: () => {}, closed: () => {} }, OPTIONS);
const mid = { ...CONN, midstream: true };
const answer = (data: Buffer | string, conn = mid): string =>
  NAMES[ws.probe(0, typeof data === 'string' ? Buffer.from(data) : data, conn)];
const NAMES: Record<Probe, string> = { [Probe.No]: 'No', [Probe.Yes]: 'Yes', [Probe.NeedMore]: 'NeedMore' };

test('mid-stream probe: chained frames are WebSocket; HTTP/1.x, HTTP/2, TLS and handshaken connections are not', () => {
  const cases: Array<[string, Buffer | string, string]> = [
    ['one whole masked client frame', clientText('hello'), 'Yes'],
    ['two server frames', Buffer.concat([serverText('a'), serverText('b')]), 'Yes'],
    ['a server frame and the first byte of the next', Buffer.concat([serverText('a'), Buffer.from([0x81])]), 'NeedMore'],
    ['a frame cut short', clientText('hello').subarray(0, 4), 'NeedMore'],
    ['an HTTP request', 'GET /index.html HTTP/1.1\r\nHost: a\r\n\r\n', 'No'],
    ['an HTTP response', 'HTTP/1.1 200 OK\r\n\r\n', 'No'],
    ['an HTTP/2 SETTINGS frame', Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]), 'No'],
    ['a TLS record', Buffer.from([0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5]), 'No'],
    ['a masked client frame longer than the probe', clientText('x'.repeat(5000)).subarray(0, 2048), 'Yes'],
    ['an unmasked frame longer than the probe', serverText('x'.repeat(5000)).subarray(0, 2048), 'NeedMore'],
    ['a frame followed by junk', Buffer.concat([serverText('a'), Buffer.from([0x83, 0x01, 0x00])]), 'No'],
  ];
  assert.deepEqual(
    cases.map(([what, bytes]) => `${what}: ${answer(bytes)}`),
    cases.map(([what, , expected]) => `${what}: ${expected}`),
  );
  assert.equal(answer(clientText('hello'), CONN), 'No', 'a connection whose handshake was seen is HTTP first');
});
