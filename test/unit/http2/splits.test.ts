/**
 * The HTTP/2 parser gives the same transactions however the bytes are cut into deliveries (frame
 * headers, HPACK integers and Huffman strings split anywhere), as the reassembler may deliver them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Http2Protocol } from '../../../node/http2/protocol';
import { KEEP_ALL_BODIES } from '../../../node/http/connection';
import type { HttpTransaction } from '../../../node/http/types';
import { F, HpackEncoder, PREFACE, T, data, dataFrames, frame, headers, request, response, settings } from '../../gen/h2';

const CONN = {
  id: 1,
  client: { ip: '10.0.0.2', port: 4000 },
  server: { ip: '10.0.0.1', port: 80 },
  vlan: [],
  vni: null,
  midstream: false,
  firstTs: 0,
};

function exchange(): { c2s: Buffer; s2c: Buffer } {
  const ce = new HpackEncoder();
  const se = new HpackEncoder();
  const reqs: Buffer[] = [PREFACE, settings([[1, 8192]])];
  const ress: Buffer[] = [settings(), frame(T.SETTINGS, F.ACK, 0)];
  for (let i = 0; i < 6; i++) {
    const id = 2 * i + 1;
    const body = Buffer.from(`{"n":${i},"pad":"${'p'.repeat(i * 700)}"}`);
    reqs.push(
      headers(
        id,
        ce.encode(
          request('POST', `/items/${i}?q=${'x'.repeat(i)}`, 'split.test', [
            ['content-type', 'application/json'],
            ['x-trace', `t-${i % 2}`],
          ]),
        ),
        F.END_HEADERS,
      ),
    );
    reqs.push(...dataFrames(id, body, true, 500));
    ress.push(
      headers(
        id,
        se.encode(
          response(200, [
            ['content-type', 'application/json'],
            ['server', 'split/1'],
          ]),
        ),
        F.END_HEADERS,
      ),
    );
    ress.push(
      data(id, `{"ok":${i}}`, false),
      frame(T.HEADERS, F.END_HEADERS | F.END_STREAM, id, se.encode([['grpc-status', '0']])),
    );
  }
  return { c2s: Buffer.concat(reqs), s2c: Buffer.concat(ress) };
}

function run(c2s: Buffer, s2c: Buffer, cuts: number[]): string[] {
  const txs: HttpTransaction[] = [];
  const proto = new Http2Protocol(
    { transaction: (tx) => void txs.push(tx) },
    {
      maxStreams: 100,
      headerTableBytes: 65536,
      headerBytes: 65536,
      bodyInspectBytes: 1 << 20,
      connectionBodyBytes: 1 << 24,
      digestBodies: true,
      responseTimeoutSec: 5,
      parseResponses: true,
      bodies: KEEP_ALL_BODIES,
    },
  );
  const h = proto.create(CONN);
  // Causal order, as reassembly delivers it: each response after its request (here: all requests first).
  let i = 0;
  for (const [dir, bytes] of [
    [0, c2s],
    [1, s2c],
  ] as const) {
    for (let at = 0; at < bytes.length; i++) {
      const m = Math.min(cuts[i % cuts.length], bytes.length - at);
      h.onData(dir, bytes, at, m, i);
      at += m;
    }
  }
  h.onClose('fin', i + 1);
  return txs
    .map((t) =>
      JSON.stringify([
        t.streamId,
        t.request.method,
        t.request.target,
        t.request.headers,
        t.request.body.inspect.toString(),
        t.response?.status,
        t.response?.headers,
        t.response?.trailers,
        t.response?.body.inspect.toString(),
      ]),
    )
    .sort();
}

test('the same transactions for every way of cutting the bytes', () => {
  const { c2s, s2c } = exchange();
  const whole = run(c2s, s2c, [1 << 30]);
  assert.equal(whole.length, 6);
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 16 }), (cuts) => {
      assert.deepEqual(run(c2s, s2c, cuts), whole);
    }),
    { numRuns: 150, seed: 24 },
  );
});
