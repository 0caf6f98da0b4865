/**
 * One reading of every counter the service keeps, taken when /metrics or the status page is
 * asked (never per packet): the stages' own plain counters, the capture's kernel counters, the
 * exporter's, and the process's memory and event-loop delay.
 */
import type { Http2Counters } from '../http2/counters';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { AnalyzerCounters } from '../analysis/transaction-analyzer';
import type { DecodeCounters } from '../decode/counters';
import type { HttpCounters } from '../http/counters';
import type { ReassemblyCounters } from '../reassembly/counters';
import type { ExporterCounters } from '../cloud/exporter';
import type { CaptureCounters } from '../capture/sources';
import type { WorkerQueues } from './run-analysis';
import type { LiveCounters } from '../summary';
import type { StageName } from '../stage-clock';
import type { TlsCounters, TlsHostCounts } from '../tls/counters';
import type { KeyLogCounters } from '../tls/keylog';
import type { KeySourceCounters } from './key-sources';

/** Hosts listed on the status page (the most connections first); metrics carry no host label. */
const STATUS_TLS_HOSTS = 100;

/** TLS on the status page and in metrics (docs/tls.md): how much of it is decrypted, and why not. */
export interface TlsStatus extends Omit<TlsCounters, 'hosts'> {
  /** decrypted / connections (0 when none). */
  decryptedShare: number;
  /** Hosts seen on TLS (SNI), the most connections first, at most 100 of them. */
  hosts: Array<{ sni: string } & TlsHostCounts>;
  /** Distinct hosts counted (all of them, not only those listed). */
  hostsCount: number;
  /** The key stores' counters (summed over analysis threads: each thread keeps every key). */
  keylog: KeyLogCounters;
  sources: KeySourceCounters;
}

export interface Readiness {
  ready: boolean;
  /** Why not ready; empty when ready. */
  reasons: string[];
}

export interface ServiceSnapshot {
  version: string;
  /** go-node.yaml's mode: tcp-capture or tcp-capture-v2. */
  mode: string;
  uptime_seconds: number;
  readiness: Readiness;
  capture: CaptureCounters & { engine: string };
  decode: DecodeCounters;
  reassembly: ReassemblyCounters & { activeFlows: number; bufferedBytes: number };
  http: HttpCounters;
  /** HTTP/2 connections and streams (docs/http2.md "Limits and counters"). */
  http2: Http2Counters;
  /** WebSocket connections and messages (docs/websocket.md "Limits and counters"). */
  websocket: LiveCounters['websocket'];
  analysis: AnalyzerCounters;
  /** Analysis threads: 1 = the capture thread itself (http_inspector.workers). */
  analysisThreads: number;
  /** With workers: frames dropped because a worker's queue was full, the backlog; null on one thread. */
  workers: WorkerQueues | null;
  /** null when the node is not registered (nothing is exported). */
  export: ExporterCounters | null;
  /** null when log.access_log is disabled. */
  accessLog: { lines: number; writeErrors: number } | null;
  /** null when tls.enabled is false. */
  tls: TlsStatus | null;
  process: { rssBytes: number; heapUsedBytes: number; eventLoopDelayMs: { p50: number; p99: number; max: number } };
  /** Estimated CPU seconds per pipeline stage since start, summed over the analysis threads (node/stage-clock). */
  stageSeconds: Record<StageName, number>;
}

export interface SnapshotSources {
  version: string;
  mode: string;
  startedAt: number;
  engine: string;
  analysisThreads: number;
  /** The pipeline's counters (summed over workers). */
  counters: () => LiveCounters;
  queues: () => WorkerQueues | null;
  capture: () => CaptureCounters;
  exporter: () => ExporterCounters | null;
  accessLog: () => { lines: number; writeErrors: number } | null;
  keySources: () => KeySourceCounters;
  readiness: () => Readiness;
}

/** Event-loop delay since the previous reading (histogram reset on every read). */
export class EventLoopDelay {
  private readonly h: IntervalHistogram = monitorEventLoopDelay({ resolution: 20 });
  constructor() {
    this.h.enable();
  }
  read(): { p50: number; p99: number; max: number } {
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    const out =
      this.h.count > 0
        ? { p50: ms(this.h.percentile(50)), p99: ms(this.h.percentile(99)), max: ms(this.h.max) }
        : { p50: 0, p99: 0, max: 0 };
    this.h.reset();
    return out;
  }
  stop(): void {
    this.h.disable();
  }
}

export function takeSnapshot(s: SnapshotSources, loop: EventLoopDelay): ServiceSnapshot {
  const c = s.counters();
  const mem = process.memoryUsage();
  return {
    version: s.version,
    mode: s.mode,
    uptime_seconds: Math.round((Date.now() - s.startedAt) / 1000),
    readiness: s.readiness(),
    capture: { engine: s.engine, ...s.capture() },
    decode: { ...c.decode },
    reassembly: { ...c.reassembly, activeFlows: c.flows.active, bufferedBytes: c.flows.bufferedBytes },
    http: { ...c.http, errors: { ...c.http.errors } },
    http2: { ...c.http2 },
    websocket: { ...c.websocket },
    analysis: {
      ...c.analyzer,
      attacksByClass: { ...c.analyzer.attacksByClass },
      attacksByVerdict: { ...c.analyzer.attacksByVerdict },
    },
    analysisThreads: s.analysisThreads,
    workers: s.queues(),
    export: s.exporter(),
    accessLog: s.accessLog(),
    tls: c.tls === null ? null : tlsStatus(c.tls, c.keylog!, s.keySources()),
    process: { rssBytes: mem.rss, heapUsedBytes: mem.heapUsed, eventLoopDelayMs: loop.read() },
    stageSeconds: { ...c.stages },
  };
}

export function tlsStatus(t: TlsCounters, keylog: KeyLogCounters, sources: KeySourceCounters): TlsStatus {
  const hosts = Object.entries(t.hosts).map(([sni, h]) => ({ sni, ...h }));
  hosts.sort((a, b) => b.connections - a.connections || (a.sni < b.sni ? -1 : 1));
  return {
    ...t,
    undecrypted: { ...t.undecrypted },
    versions: { ...t.versions },
    alpn: { ...t.alpn },
    decryptedShare: t.connections ? t.decrypted / t.connections : 0,
    hosts: hosts.slice(0, STATUS_TLS_HOSTS),
    hostsCount: hosts.length,
    keylog: { ...keylog },
    sources,
  };
}
