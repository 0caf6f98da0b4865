/**
 * The analysis stage: one HTTP transaction in, the records it yields out (transaction, attack),
 * each stamped with flow, client identity (after proxy_headers), the route_config application and
 * the node's uuid. input_filters run first: a bypassed request yields nothing at all (counted
 * only). A route with wallarm_mode off yields its transaction record but is not searched for attacks.
 */
import { resolveClient } from '../config/proxy-headers';
import type { NodeConfig } from '../config/types';
import type { HeaderList, HttpTransaction } from '../http/types';
import { flowRef, formatTs } from '../report/format';
import { ATTACK_CLASSES, type AttackClass, type AttackHit, type AttackRecord, type AttackVerdict, type NodeRecord } from '../report/records';
import { transactionRecord, type ClientIdentity } from '../report/transaction-record';
import type { ApiAnalyzer } from './ApiAnalyzer';
import { filtersEmpty, shouldInspect } from './input-filter';
import { normalizePath, targetPath } from './request-path';
import { selectRoute } from './route-select';

export const RECORD_TYPES = ['transaction', 'attack', 'vulnerability', 'api_endpoint', 'session'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export interface RecordSink {
  write(record: NodeRecord): void;
}

/** What the analyzer needs of attack detection (node/analysis/attacks). */
export interface AttackEngine {
  detect(tx: HttpTransaction): { hits: AttackHit[]; verdict: AttackVerdict } | null;
  maskHeaders(headers: HeaderList): HeaderList;
  /** The target with password-, token- and session-like query values masked. */
  maskTarget(target: string): string;
}

export interface AnalyzerCounters {
  transactions: number;
  transactionsWithoutResponse: number;
  attacks: number;
  proxyHeaderErrors: number;
  /** Requests input_filters excluded: no record, no access log line. */
  bypassed: number;
  /** Requests on a route with wallarm_mode off: recorded, not searched for attacks. */
  modeOff: number;
  /** Attack records per class (a record with hits of two classes counts once in each). */
  attacksByClass: Record<AttackClass, number>;
  attacksByVerdict: Record<AttackVerdict, number>;
}

/** What one analysed transaction came to; the access log writes one line from it. */
export interface AnalysisOutcome {
  who: ClientIdentity;
  /** route_config application id (-1 = none). */
  application: number;
  /** Distinct attack classes found; empty when none (or not searched). */
  attackClasses: AttackClass[];
}

export interface AnalyzerOptions {
  config: NodeConfig;
  /** Record types to produce; work for the others is skipped. */
  produce: ReadonlySet<RecordType>;
  sink: RecordSink;
  attacks: AttackEngine | null;
  nodeUuid?: string;
  /** Called once per transaction that was not bypassed (the access log). */
  observe?: (tx: HttpTransaction, outcome: AnalysisOutcome) => void;
  /** API discovery, vulnerabilities and sessions (null when none of their records is produced). */
  api?: ApiAnalyzer | null;
}

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const k of keys) out[k] = 0;
  return out;
}

export class TransactionAnalyzer {
  readonly counters: AnalyzerCounters = {
    transactions: 0, transactionsWithoutResponse: 0, attacks: 0, proxyHeaderErrors: 0, bypassed: 0, modeOff: 0,
    attacksByClass: zeroes(ATTACK_CLASSES), attacksByVerdict: zeroes(['attempt', 'blocked', 'succeeded'] as const),
  };
  /** Paths are only worked out when a route or filter will look at them. */
  private readonly scoped: boolean;

  constructor(private readonly opts: AnalyzerOptions) {
    const { inputFilters, routes } = opts.config;
    this.scoped = !filtersEmpty(inputFilters) || routes.routes.length > 0;
  }

  analyze(tx: HttpTransaction): void {
    const c = this.counters;
    const config = this.opts.config;
    const resolved = resolveClient(config.proxyHeaders, tx.conn.client.ip, tx.request.headers);
    const who: ClientIdentity = { clientIp: resolved.clientIp, host: resolved.host };
    let application = config.routes.application;
    let mode = config.routes.mode;
    if (this.scoped) {
      const raw = targetPath(tx.request.target);
      const path = config.urlNormalize ? normalizePath(raw) : raw;
      if (!shouldInspect(config.inputFilters, { path, target: tx.request.target, headers: tx.request.headers, clientIp: who.clientIp })) {
        c.bypassed++;
        return;
      }
      ({ application, mode } = selectRoute(config.routes, who.host, path));
    }
    c.transactions++;
    if (tx.response === null) c.transactionsWithoutResponse++;
    if (resolved.error !== undefined) c.proxyHeaderErrors++;
    const { produce, sink, attacks } = this.opts;
    const outcome: AnalysisOutcome = { who, application, attackClasses: [] };
    if (produce.has('transaction')) sink.write(this.stamp(transactionRecord(tx, who), application));
    let found: ReturnType<AttackEngine['detect']> = null;
    if (mode === 'off') c.modeOff++;
    else if (attacks !== null) {
      found = attacks.detect(tx);
      if (found !== null && produce.has('attack')) {
        c.attacks++;
        c.attacksByVerdict[found.verdict]++;
        outcome.attackClasses = [...new Set(found.hits.map((h) => h.class))];
        for (const k of outcome.attackClasses) c.attacksByClass[k]++;
        sink.write(this.stamp(attackRecord(tx, who, found.hits, found.verdict, attacks), application));
      }
    }
    this.opts.observe?.(tx, outcome);
    this.opts.api?.observe(tx, who, found);
  }

  /** Live capture's clock (µs): API sessions expire, API-discovery deltas are exported. */
  tick(nowTs: number): void {
    this.opts.api?.tick(nowTs);
  }

  /** End of input: open API sessions and the API inventory are reported. */
  finish(): void {
    this.opts.api?.finish();
  }

  private stamp<T extends NodeRecord>(record: T, application: number): T {
    if (application !== -1) record.application = application;
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
    request: { method: tx.request.method, target: engine.maskTarget(tx.request.target), headers: engine.maskHeaders(tx.request.headers) },
    response: tx.response && { status: tx.response.status },
    hits,
    verdict,
  };
}
