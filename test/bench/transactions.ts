/** A capture's HTTP transactions, collected once by the pipeline for the in-process benches (analysis-parts.ts, discovery-stage.ts). */
import { readFileSync } from 'node:fs';
import { PcapStreamReader } from '../../node/capture/pcap-reader';
import { buildNode } from '../../node/node-builder';
import { defaultConfig } from '../../node/config/load';
import type { HttpTransaction } from '../../node/http/types';
import type { RecordType } from '../../node/records/types';

/** Every transaction of `file`, the pipeline producing `produce` (which decides the bodies kept and digested). */
export function captureTransactions(file: string, produce: ReadonlySet<RecordType>): HttpTransaction[] {
  const txs: HttpTransaction[] = [];
  const node = buildNode(defaultConfig(), new Set(produce), { write: () => {} }, undefined, (tx) => void txs.push(tx), {
    stageClock: false,
  });
  const data = readFileSync(file);
  const reader = new PcapStreamReader(node.pipeline.onFrame);
  for (let off = 0; off < data.length; off += 1 << 20) reader.push(data.subarray(off, Math.min(data.length, off + (1 << 20))));
  reader.end();
  node.pipeline.finish();
  return txs;
}
