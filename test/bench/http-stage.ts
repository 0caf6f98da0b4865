/**
 * The HTTP/1.x stage alone, warm, in process: a capture is decoded and reassembled once, each
 * connection's stream events (data in order, gaps, close) recorded as copies; then every round
 * feeds them through fresh HTTP handlers (node/http/connection.ts) as the pipeline would, with
 * bodies digested and every header list made, as when transaction records are produced, and a
 * sink that only counts. Prints CPU µs per transaction per round (best and median), so a change
 * in node/http is measured without the analyses that follow it (docs/performance.md, i22-http).
 *
 *   npx tsx test/bench/http-stage.ts [FILE.pcap] [--rounds 9]
 *   esbuild this file to a bundle and run it on the shipped runtime for the shipped figures.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PcapStreamReader } from '../../node/capture/pcap-reader';
import { PacketDecoder } from '../../node/decode/decoder';
import { decoderOptionsFromPlan } from '../../node/decode/from-plan';
import { defaultConfig } from '../../node/config/load';
import { StreamReassembler } from '../../node/reassembly/stream-reassembler';
import type { CloseReason, ConnectionInfo, Direction, StreamHandler } from '../../node/reassembly/types';
import { createHttpStreamHandlerFactory } from '../../node/http/connection';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '9' } },
});
const file = positionals[0] ?? '/tmp/aio-native-bench-api-5pct.pcap';
const config = defaultConfig();

type Event = { dir: Direction; data: Buffer | null; gap: number; ts: number } | { close: CloseReason; ts: number };
const conns: Array<{ info: ConnectionInfo; events: Event[] }> = [];
const decoder = new PacketDecoder(decoderOptionsFromPlan(config.capture, config.limits));
const reassembler = new StreamReassembler(config.limits, (info) => {
  const events: Event[] = [];
  conns.push({ info, events });
  const h: StreamHandler = {
    onData(dir, buf, off, len, ts) {
      events.push({ dir, data: Buffer.from(buf.subarray(off, off + len)), gap: 0, ts });
    },
    onGap(dir, len, ts) {
      events.push({ dir, data: null, gap: len, ts });
    },
    onClose(reason, ts) {
      events.push({ close: reason, ts });
    },
  };
  return h;
});
let lastTs = 0;
const reader = new PcapStreamReader((linkType, buf, offset, length, ts) => {
  lastTs = ts;
  const p = decoder.decode(linkType, buf, offset, length, ts);
  if (p !== null) reassembler.process(p, ts);
});
const data = readFileSync(file);
for (let off = 0; off < data.length; off += 1 << 20) reader.push(data.subarray(off, Math.min(data.length, off + (1 << 20))));
reader.end();
reassembler.flush(lastTs);

let transactions = 0;
/** Header fields and digest characters read per round (printed, so the reads are not optimised away). */
let read = 0;
const perTx: number[] = [];
for (let round = 0; round < Number(values.rounds); round++) {
  transactions = 0;
  const factory = createHttpStreamHandlerFactory(
    {
      transaction: (tx) => {
        transactions++;
        // Read as the transaction record does: both header lists, both digests.
        read += tx.request.headers.length + tx.request.body.sha256.length;
        if (tx.response !== null) read += tx.response.headers.length + tx.response.body.sha256.length;
      },
      error: () => {},
    },
    config.limits,
    {
      digestBodies: true,
      bodies: { request: () => true, response: () => true, readsResponseHeaders: () => true },
    },
  );
  const start = process.cpuUsage();
  for (const c of conns) {
    const h = factory(c.info);
    for (const e of c.events) {
      if ('close' in e) h.onClose(e.close, e.ts);
      else if (e.data !== null) h.onData(e.dir, e.data, 0, e.data.length, e.ts);
      else h.onGap(e.dir, e.gap, e.ts);
    }
  }
  const used = process.cpuUsage(start);
  perTx.push((used.user + used.system) / transactions);
}
const sorted = [...perTx].sort((a, b) => a - b);
console.log(
  `${file}: ${conns.length} connections, ${transactions} transactions; CPU µs per transaction per round ${perTx.map((t) => t.toFixed(2)).join(' ')}; best ${sorted[0].toFixed(2)}, median ${sorted[sorted.length >> 1].toFixed(2)}; fields and digest characters read per round ${read / perTx.length}`,
);
