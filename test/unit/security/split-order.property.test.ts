/**
 * End to end through decode, reassembly and HTTP: any segmentation of the same conversations, in
 * any (windowed) order, with any retransmitted and overlapping copies, interleaved with each other,
 * yields exactly the same transactions with the same bodies.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PacketDecoder } from '../../../node/decode/decoder';
import { StreamReassembler } from '../../../node/reassembly/stream-reassembler';
import { createHttpStreamHandlerFactory } from '../../../node/http/connection';
import { defaultConfig } from '../../../node/config/load';
import type { HttpTransaction } from '../../../node/http/types';
import { interleave } from '../../../node/sample/conversation';
import { renderConversation, type ConversationPlan } from '../../../node/sample/scenarios';
import { lorem, type HttpExchangeSpec } from '../../../node/sample/http-exchange';

const EXCHANGES: HttpExchangeSpec[] = [
  { target: '/a?x=1' },
  { method: 'POST', target: '/form', requestBody: 'a=1&b=2', status: 201, reason: 'Created' },
  { target: '/chunked', responseBody: lorem(7000, 2), responseChunkSize: 900 },
  { method: 'PUT', target: '/put', requestBody: lorem(5000, 3), requestChunkSize: 1200, responseBody: 'ok' },
  { target: '/gz', responseBody: lorem(9000, 4), responseGzip: true },
  { method: 'HEAD', target: '/head', responseBody: 'x' },
];

function run(plans: ConversationPlan[], seed: number): string[] {
  const limits = defaultConfig().limits;
  const txs: HttpTransaction[] = [];
  const http = createHttpStreamHandlerFactory({ transaction: (tx) => void txs.push(tx), error: () => {} }, limits);
  const reassembler = new StreamReassembler(limits, http, new Set([80]));
  const decoder = new PacketDecoder();
  const packets = interleave(
    plans.map((p) => renderConversation(p).packets),
    seed,
  );
  let ts = 0;
  for (const p of packets) {
    ts = p.ts;
    const d = decoder.decode(p.linkType, p.frame, 0, p.frame.length, p.ts);
    if (d !== null) reassembler.process(d);
  }
  reassembler.flush(ts);
  return txs
    .map((t) =>
      [
        t.conn.client.port,
        t.request.method,
        t.request.target,
        t.request.body.sha256,
        t.response?.status ?? '-',
        t.response?.body.sha256 ?? '-',
      ].join(' '),
    )
    .sort();
}

test('any segmentation, order, duplication and overlap yields the same transactions', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          exchanges: fc.subarray(EXCHANGES, { minLength: 1 }),
          mss: fc.integer({ min: 1, max: 1460 }),
          reorder: fc.integer({ min: 1, max: 6 }),
          retransmit: fc.double({ min: 0, max: 0.5, noNaN: true }),
          overlaps: fc.integer({ min: 0, max: 3 }),
          seed: fc.integer({ min: 1, max: 1 << 30 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      fc.integer({ min: 1, max: 1000 }),
      (convs, seed) => {
        const plans: ConversationPlan[] = convs.map((c, i) => ({
          opts: { client: '10.3.0.2', server: '10.3.0.1', clientPort: 30000 + i, serverPort: 80, mss: c.mss, seed: c.seed },
          exchanges: c.exchanges,
          impair: (conv) => {
            conv.reorder(c.reorder).retransmit(c.retransmit);
            if (c.overlaps > 0 && conv.dataIndexes('c2s').length > 1) conv.overlap(c.overlaps, 'c2s');
          },
        }));
        const want = plans
          .flatMap((p, i) =>
            renderConversation({ ...p, impair: undefined }).expected.map((e) =>
              [30000 + i, e.method, e.target, e.requestSha256, e.status ?? '-', e.responseSha256 ?? '-'].join(' '),
            ),
          )
          .sort();
        assert.deepEqual(run(plans, seed), want);
      },
    ),
    { numRuns: 60 },
  );
});
