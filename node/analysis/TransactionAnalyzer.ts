/**
 * The analysis stage: one HTTP transaction in, the records it yields out (transaction, attack),
 * each stamped with flow, client identity (after proxy_headers) and the node's uuid.
 */
import { resolveClient } from '../config/proxy-headers';
import type { NodeConfig } from '../config/types';
import type { HeaderList, HttpTransaction } from '../http/types';
import { flowRef, formatTs } from '../report/format';
import type { AttackHit, AttackRecord, AttackVerdict, NodeRecord } from '../report/records';
import { transactionRecord, type ClientIdentity } from '../report/transaction-record';

export const RECORD_TYPES = ['transaction', 'attack', 'vulnerability', 'api_endpoint', 'session'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export interface RecordSink {
  write(record: NodeRecord): void;
}

/** What the analyzer needs of attack detection (node/analysis/attacks). */
export interface AttackEngine {
  detect(tx: HttpTransaction): { hits: AttackHit[]; verdict: AttackVerdict } | null;
  maskHeaders(headers: HeaderList): HeaderList;
}

export interface AnalyzerCounters {
  transactions: number;
  transactionsWithoutResponse: number;
  attacks: number;
  proxyHeaderErrors: number;
}

export interface AnalyzerOptions {
  config: NodeConfig;
  /** Record types to produce; work for the others is skipped. */
  produce: ReadonlySet<RecordType>;
  sink: RecordSink;
  attacks: AttackEngine | null;
  nodeUuid?: string;
}

export class TransactionAnalyzer {
  readonly counters: AnalyzerCounters = { transactions: 0, transactionsWithoutResponse: 0, attacks: 0, proxyHeaderErrors: 0 };

  constructor(private readonly opts: AnalyzerOptions) {}

  analyze(tx: HttpTransaction): void {
    const c = this.counters;
    c.transactions++;
    if (tx.response === null) c.transactionsWithoutResponse++;
    const resolved = resolveClient(this.opts.config.proxyHeaders, tx.conn.client.ip, tx.request.headers);
    if (resolved.error !== undefined) c.proxyHeaderErrors++;
    const who: ClientIdentity = { clientIp: resolved.clientIp, host: resolved.host };
    const { produce, sink, attacks } = this.opts;
    if (produce.has('transaction')) sink.write(this.stamp(transactionRecord(tx, who)));
    if (attacks !== null && produce.has('attack')) {
      const found = attacks.detect(tx);
      if (found !== null) {
        c.attacks++;
        sink.write(this.stamp(attackRecord(tx, who, found.hits, found.verdict, attacks)));
      }
    }
  }

  private stamp<T extends NodeRecord>(record: T): T {
    if (this.opts.nodeUuid !== undefined) record.node_uuid = this.opts.nodeUuid;
    return record;
  }
}

function attackRecord(tx: HttpTransaction, who: ClientIdentity, hits: AttackHit[], verdict: AttackVerdict, engine: AttackEngine): AttackRecord {
  return {
    type: 'attack',
    ts: formatTs(tx.request.startTs),
    flow: flowRef(tx.conn),
    client_ip: who.clientIp,
    host: who.host,
    request: { method: tx.request.method, target: tx.request.target, headers: engine.maskHeaders(tx.request.headers) },
    response: tx.response && { status: tx.response.status },
    hits,
    verdict,
  };
}
