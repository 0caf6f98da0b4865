/** Generated HTTP/2 conversations replayed through the real pipeline. */
import type { RecordType } from '../../../node/records/types';
import { buildNode } from '../../../node/node-builder';
import { defaultConfig } from '../../../node/config/load';
import type { NodeConfig } from '../../../node/config/types';
import type { HttpTransaction } from '../../../node/http/types';
import type { Http2Counters } from '../../../node/http2/counters';
import type { NodeRecord } from '../../../node/records/types';
import { TcpConversation, type ConversationOptions, type GenPacket } from '../../../node/sample/conversation';

export function conversation(opts: Partial<ConversationOptions> = {}): TcpConversation {
  return new TcpConversation({ client: '10.2.0.2', server: '10.2.0.1', clientPort: 41000, serverPort: 8080, seed: 5, ...opts });
}

export interface Replayed {
  txs: HttpTransaction[];
  records: NodeRecord[];
  h2: Http2Counters;
  appConnections: Record<string, number>;
}

export function replay(packets: GenPacket[], produce: RecordType[] = ['transaction'], tune?: (c: NodeConfig) => void): Replayed {
  const config = defaultConfig();
  tune?.(config);
  const txs: HttpTransaction[] = [];
  const records: NodeRecord[] = [];
  const node = buildNode(config, new Set(produce), { write: (r) => records.push(r) }, undefined, (tx) => txs.push(tx));
  for (const p of packets) node.pipeline.onFrame(p.linkType, p.frame, 0, p.frame.length, p.ts, p.frame.length);
  node.pipeline.finish();
  return { txs, records, h2: node.pipeline.http2.counters, appConnections: node.pipeline.appLayer.counters.connections };
}

/** A transaction as a short readable line: stream, method target -> status, bodies. */
export function line(tx: HttpTransaction): string {
  const res = tx.response;
  const body = (b: HttpTransaction['request']['body']) => `${b.length}${b.incomplete ? '!' : ''}`;
  return `${tx.streamId ?? '-'} ${tx.request.method} ${tx.request.target} [${body(tx.request.body)}] -> ${res === null ? 'none' : `${res.status} [${body(res.body)}]`}`;
}
