/**
 * HttpOptions.upgrade as examples: after a 101 the hook's handler reads the connection, in order:
 * the client bytes held after the upgrade request, the server bytes after the 101 head, then every
 * later byte, gap and the close. What HTTP/2 (h2c) uses, and what other upgraded protocols reuse.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHttpStreamHandlerFactory } from '../../../node/http/connection';
import type { HttpTransaction } from '../../../node/http/types';
import type { StreamHandler } from '../../../node/reassembly/types';
import { LIMITS, conn } from './harness';

function setup(replaces: boolean, accept = true) {
  const log: string[] = [];
  const txs: HttpTransaction[] = [];
  const handler: StreamHandler = {
    onData: (dir, buf, off, len) => void log.push(`data ${dir} ${buf.toString('latin1', off, off + len)}`),
    onGap: (dir, len) => void log.push(`gap ${dir} ${len}`),
    onClose: (reason) => void log.push(`close ${reason}`),
  };
  const factory = createHttpStreamHandlerFactory({ transaction: (tx) => void txs.push(tx), error: () => {} }, LIMITS, {
    upgrade: (_conn, req, res) => {
      log.push(`hook ${req.method} ${req.target} -> ${res.status}`);
      return accept ? { handler, replacesTransaction: replaces } : null;
    },
  });
  return { log, txs, h: factory(conn()) };
}

const send = (h: StreamHandler, dir: 0 | 1, text: string) => h.onData(dir, Buffer.from(text, 'latin1'), 0, text.length, 1);

test('after a 101 the handler gets the held client bytes, the server bytes after the head, then everything', () => {
  const { log, txs, h } = setup(false);
  send(h, 0, 'GET /chat HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\nCLIENT-EARLY');
  assert.deepEqual(log, [], 'held until the answer');
  send(h, 1, 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\nSERVER-FIRST');
  send(h, 0, 'client-later');
  h.onGap(1, 10, 2);
  send(h, 1, 'server-later');
  h.onClose('fin', 3);
  assert.deepEqual(log, [
    'hook GET /chat -> 101',
    'data 0 CLIENT-EARLY',
    'data 1 SERVER-FIRST',
    'data 0 client-later',
    'gap 1 10',
    'data 1 server-later',
    'close fin',
  ]);
  assert.deepEqual(
    txs.map((t) => `${t.request.target} ${t.response?.status}`),
    ['/chat 101'],
    'the 101 exchange is still a transaction',
  );
});

test('replacesTransaction: the new protocol reports the upgrade request, HTTP/1.x does not', () => {
  const { txs, h } = setup(true);
  send(
    h,
    0,
    'GET / HTTP/1.1\r\nHost: a\r\nUpgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: AAMAAABk\r\n\r\n',
  );
  send(h, 1, 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n');
  h.onClose('fin', 2);
  assert.equal(txs.length, 0);
});

test('a hook that declines (null): the connection stops being parsed, as without a hook', () => {
  const { log, txs, h } = setup(false, false);
  send(h, 0, 'GET /x HTTP/1.1\r\nHost: a\r\nUpgrade: foo\r\n\r\nbytes');
  send(h, 1, 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: foo\r\n\r\nmore');
  send(h, 0, 'GET /not-http HTTP/1.1\r\n\r\n');
  h.onClose('fin', 2);
  assert.deepEqual(log, ['hook GET /x -> 101']);
  assert.deepEqual(
    txs.map((t) => t.request.target),
    ['/x'],
  );
});

test('a refused upgrade (200): no hook call, the held bytes are the next request', () => {
  const { log, txs, h } = setup(false);
  send(h, 0, 'GET /a HTTP/1.1\r\nHost: a\r\nUpgrade: h2c\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n');
  send(h, 1, 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
  h.onClose('fin', 2);
  assert.deepEqual(log, []);
  assert.deepEqual(
    txs.map((t) => t.request.target),
    ['/a', '/b'],
  );
});
