/**
 * Sends the node's findings to the cloud (SPEC section 6). Records are stamped with the node uuid,
 * grouped into batches (bounded by count, bytes and age), gzip'd, given a batch_id and appended to
 * the durable spool before the first attempt to send them. One batch is in flight at a time, oldest
 * first; 5xx, 408, 429 and network failures are retried with exponential backoff and jitter, 409
 * (already stored) counts as delivered, any other 4xx parks the batch. Heartbeats are not spooled: the next one replaces a lost one.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import zlib from 'node:zlib';
import type { NodeRecord } from '../records/types';
import type { Logger } from './logger';
import { baseUrl, envFlag, type ApiTarget } from './cloud-target';
import { CloudClient, CloudTransportError, type CloudResponse } from './http-client';
import { BatchJournal, leftoverJournals } from './batch-journal';
import { Spool, type BatchKind, type SpooledBatch } from './spool';

export const DEFAULT_STATE_DIR = '/opt/wallarm/var/lib/wallarm';

export interface ExporterOptions {
  target: ApiTarget;
  credentials: { uuid: string; secret: string };
  /** The spool directory, normally <state dir>/spool. */
  spoolDir: string;
  logger: Logger;
  version: string;
  /** The capture mode of go-node.yaml (tcp-capture, tcp-capture-v2), reported in heartbeats. */
  mode?: string;
  /** sha256 (hex) of the running go-node.yaml, reported in heartbeats. */
  configSha256: string;
  /** WALLARM_APID_ONLY: attack records are not exported (the caller logs them locally). */
  apidOnly?: boolean;
  /** The node's own counters, added to each heartbeat. */
  extraCounters?: () => Record<string, number>;
  batchMaxRecords?: number;
  batchMaxBytes?: number;
  batchMaxDelayMs?: number;
  heartbeatIntervalMs?: number;
  spoolMaxBytes?: number;
  spoolMaxBatches?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  requestTimeoutMs?: number;
}

export const EXPORTER_DEFAULTS = {
  batchMaxRecords: 500,
  batchMaxBytes: 1 << 20,
  batchMaxDelayMs: 2000,
  heartbeatIntervalMs: 60_000,
  spoolMaxBytes: 256 << 20,
  spoolMaxBatches: 100_000,
  retryBaseMs: 1000,
  retryMaxMs: 60_000,
  requestTimeoutMs: 30_000,
} as const;

export interface ExporterCounters {
  exportedRecords: number;
  exportedBatches: number;
  spooledRecords: number;
  spooledBatches: number;
  /** Records lost: spool cap reached (oldest dropped), spool write failures, unserialisable records. */
  droppedRecords: number;
  droppedBatches: number;
  retries: number;
  parkedBatches: number;
  parkedRecords: number;
  /** Attack records kept local because of WALLARM_APID_ONLY. */
  apidOnlySkipped: number;
  /** Records of types that are not exported (transaction). */
  notExported: number;
  heartbeats: number;
  heartbeatFailures: number;
  spoolBytes: number;
  pendingBatches: number;
  pendingRecords: number;
  spoolCorruptTails: number;
}

export function apidOnlyFromEnv(env: Record<string, string | undefined>): boolean {
  return envFlag(env, 'WALLARM_APID_ONLY', false);
}

const MAX_BACKGROUND_SEALS = 4;

const PATHS: Record<BatchKind, { path: string; field: string }> = {
  events: { path: '/v1/node/events', field: 'records' },
  'api-discovery': { path: '/v1/node/api-discovery', field: 'endpoints' },
};

class PendingBatch {
  readonly id = randomUUID();
  parts: string[] = [];
  bytes = 0;
  timer: NodeJS.Timeout | null = null;
  /** Null until the first record, or when the journal cannot be written (records stay in memory). */
  journal: BatchJournal | null = null;
}

export class Exporter {
  private readonly o: Required<Omit<ExporterOptions, 'extraCounters'>> & Pick<ExporterOptions, 'extraCounters'>;
  private readonly spool: Spool;
  private readonly client: CloudClient;
  private readonly open: Record<BatchKind, PendingBatch> = { events: new PendingBatch(), 'api-discovery': new PendingBatch() };
  private readonly c = {
    exportedRecords: 0,
    exportedBatches: 0,
    spooledRecords: 0,
    spooledBatches: 0,
    droppedRecords: 0,
    droppedBatches: 0,
    retries: 0,
    parkedBatches: 0,
    parkedRecords: 0,
    apidOnlySkipped: 0,
    notExported: 0,
    heartbeats: 0,
    heartbeatFailures: 0,
  };
  private sending = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private heartbeatBusy = false;
  /** Consecutive heartbeat failures. */
  private heartbeatStreak = 0;
  private closing = false;
  private stopped = false;
  private drainWaiters: Array<() => void> = [];
  private closed: Promise<{ delivered: boolean; pendingBatches: number }> | null = null;
  /** Batches being compressed, and the chain that appends them to the spool in order. */
  private sealing = 0;
  private sealed: Promise<void> = Promise.resolve();

  constructor(options: ExporterOptions) {
    this.o = { ...EXPORTER_DEFAULTS, apidOnly: false, ...options, mode: options.mode ?? 'tcp-capture' };
    const log = this.o.logger;
    this.spool = Spool.open({
      dir: this.o.spoolDir,
      maxBytes: this.o.spoolMaxBytes,
      maxBatches: this.o.spoolMaxBatches,
      logger: log,
    });
    this.client = new CloudClient(this.o.target);
    if (this.o.apidOnly) {
      log.info('API-discovery-only mode (WALLARM_APID_ONLY=true): attack export is disabled; attacks are logged locally only');
    }
    if (!this.o.target.useSsl) {
      log.warn('WALLARM_API_USE_SSL=false: cloud traffic (node secret and records) is sent unencrypted over plain HTTP', {
        cloud: baseUrl(this.o.target),
      });
    } else if (!this.o.target.caVerify) {
      log.warn("WALLARM_API_CA_VERIFY=false: the cloud's TLS certificate is not verified; use this only in a lab", {
        cloud: baseUrl(this.o.target),
      });
    }
    this.recoverJournals();
    const left = this.spool.stats();
    if (left.pendingBatches > 0) {
      log.info('resending batches left in the spool by the previous run', {
        batches: left.pendingBatches,
        records: left.pendingRecords,
      });
    }
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), this.o.heartbeatIntervalMs);
    this.heartbeatTimer.unref();
    void this.heartbeat();
    void this.pump();
  }

  /**
   * Queues an attack, vulnerability or session record (api_endpoint records go to API discovery).
   * Returns false when the record is not exported: transactions, attacks in API-discovery-only
   * mode, or after close().
   */
  push(record: NodeRecord): boolean {
    const kind = this.admit(record.type);
    return kind !== null && this.add(kind, () => JSON.stringify({ ...record, node_uuid: this.o.credentials.uuid }));
  }

  /**
   * push() for records already serialised, one per line, all of `type` (an analysis worker's
   * JSON lines): what is queued and spooled is byte for byte what push() of the records gives.
   */
  pushLines(type: string, lines: string): void {
    for (let at = 0; at < lines.length;) {
      const end = lines.indexOf('\n', at);
      const next = end < 0 ? lines.length : end;
      const kind = next > at ? this.admit(type) : null;
      if (kind !== null) {
        const line = lines.slice(at, next);
        this.add(kind, () => withNodeUuid(line, this.o.credentials.uuid));
      }
      at = next + 1;
    }
  }

  /** Where a record of `type` goes; null (counted) when it is not exported. */
  private admit(type: string): BatchKind | null {
    if (this.closing) return null;
    switch (type) {
      case 'attack':
        if (this.o.apidOnly) {
          this.c.apidOnlySkipped++;
          return null;
        }
        return 'events';
      case 'vulnerability':
      case 'session':
        return 'events';
      case 'api_endpoint':
        return 'api-discovery';
      default:
        this.c.notExported++;
        return null;
    }
  }

  /** Queues one API-discovery delta (an endpoint's new or changed facts). */
  pushDiscovery(delta: Record<string, unknown>): boolean {
    if (this.closing) return false;
    return this.add('api-discovery', () => JSON.stringify({ ...delta, node_uuid: this.o.credentials.uuid }));
  }

  /** Seals what is queued and waits until the spool is empty; false if `timeoutMs` passed first. */
  flush(timeoutMs = 30_000): Promise<boolean> {
    this.seal('events');
    this.seal('api-discovery');
    void this.pump();
    return this.drained(timeoutMs);
  }

  /**
   * Stops taking records, seals what is queued and keeps sending until everything is delivered or
   * `deadlineMs` has passed; whatever is still unsent stays in the spool for the next start (the
   * caller logs that, from the result).
   */
  close(deadlineMs = 10_000): Promise<{ delivered: boolean; pendingBatches: number }> {
    this.closed ??= this.shutDown(deadlineMs);
    return this.closed;
  }

  private async shutDown(deadlineMs: number): Promise<{ delivered: boolean; pendingBatches: number }> {
    this.closing = true;
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    const delivered = await this.flush(deadlineMs);
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.client.close();
    await this.sealed; // batches still compressing at the deadline go to the spool for the next start
    const pendingBatches = this.spool.stats().pendingBatches;
    this.spool.close();
    return { delivered, pendingBatches };
  }

  counters(): ExporterCounters {
    const s = this.spool.stats();
    return {
      ...this.c,
      droppedRecords: this.c.droppedRecords + s.droppedRecords,
      droppedBatches: this.c.droppedBatches + s.droppedBatches,
      spoolBytes: s.bytes,
      pendingBatches: s.pendingBatches,
      pendingRecords: s.pendingRecords,
      spoolCorruptTails: s.corruptTails,
    };
  }

  private add(kind: BatchKind, serialise: () => string): boolean {
    let json: string;
    try {
      json = serialise();
    } catch (err) {
      this.c.droppedRecords++;
      this.o.logger.error('record cannot be serialised; dropped', { kind, reason: (err as Error).message });
      return false;
    }
    if (this.open[kind].parts.length > 0 && this.open[kind].bytes + json.length + 1 > this.o.batchMaxBytes) this.seal(kind);
    const b = this.open[kind];
    this.journal(kind, b, json);
    b.parts.push(json);
    b.bytes += json.length + 1;
    if (b.parts.length >= this.o.batchMaxRecords || b.bytes >= this.o.batchMaxBytes) this.seal(kind);
    else if (!b.timer) b.timer = setTimeout(() => this.seal(kind), this.o.batchMaxDelayMs);
    return true;
  }

  /**
   * Turns the open batch into spooled bytes (durable before anything is sent). Compression runs on
   * the libuv thread pool, off the capture path; appends still happen one at a time, in seal order.
   */
  private seal(kind: BatchKind): void {
    const b = this.open[kind];
    if (b.timer) clearTimeout(b.timer);
    b.timer = null;
    if (b.parts.length === 0) return;
    const records = b.parts.length;
    this.open[kind] = new PendingBatch();
    const { id } = b;
    b.journal?.close();
    const json = batchJson(kind, id, b.parts);
    // Beyond a few batches in the pool, compress here: the producer slows down instead of queueing
    // uncompressed batches without bound.
    const compressed = this.sealing < MAX_BACKGROUND_SEALS ? gzip(json) : Promise.resolve(zlib.gzipSync(json));
    compressed.catch(() => {}); // handled in order below; never an unhandled rejection meanwhile
    this.sealing++;
    this.sealed = this.sealed.then(async () => {
      try {
        if (this.spool.append(kind, id, records, await compressed)) {
          this.c.spooledBatches++;
          this.c.spooledRecords += records;
        }
        if (b.journal) BatchJournal.remove(b.journal.file);
      } catch (err) {
        this.c.droppedBatches++;
        this.c.droppedRecords += records;
        this.o.logger.error('cannot write to the spool; batch dropped', {
          spool: this.o.spoolDir,
          records,
          reason: (err as Error).message,
        });
      } finally {
        this.sealing--;
      }
      void this.pump();
    });
  }

  private journal(kind: BatchKind, b: PendingBatch, json: string): void {
    try {
      if (!b.journal && b.parts.length === 0) b.journal = new BatchJournal(this.o.spoolDir, kind, b.id);
      b.journal?.append(json);
    } catch (err) {
      b.journal?.close();
      b.journal = null;
      this.o.logger.error('cannot journal records of the open batch; they are kept in memory only until it is sealed', {
        spool: this.o.spoolDir,
        reason: (err as Error).message,
      });
    }
  }

  /** Seals what a killed predecessor had gathered but not yet spooled, under the same batch_id. */
  private recoverJournals(): void {
    let records = 0;
    for (const j of leftoverJournals(this.o.spoolDir)) {
      try {
        if (j.records.length > 0 && !this.spool.isPending(j.id)) {
          if (this.spool.append(j.kind, j.id, j.records.length, zlib.gzipSync(batchJson(j.kind, j.id, j.records)))) {
            this.c.spooledBatches++;
            this.c.spooledRecords += j.records.length;
            records += j.records.length;
          }
        }
        BatchJournal.remove(j.file);
      } catch (err) {
        this.o.logger.error('cannot recover a journal of unsent records; it is kept for the next start', {
          file: j.file,
          reason: (err as Error).message,
        });
      }
    }
    if (records > 0)
      this.o.logger.info('recovered records gathered but not yet spooled when the previous run stopped', { records });
  }

  private async pump(): Promise<void> {
    if (this.sending || this.retryTimer || this.stopped) return;
    this.sending = true;
    try {
      for (let b = this.spool.next(); b && !this.stopped; b = this.spool.next()) {
        const retryIn = await this.send(b);
        if (retryIn !== null) {
          this.pumpAgainIn(retryIn);
          break;
        }
      }
    } catch (err) {
      // Not expected (send settles every failure itself); never let it end exporting for good.
      this.o.logger.error('exporter failed unexpectedly; retrying later', { reason: (err as Error).stack ?? String(err) });
      this.pumpAgainIn(this.o.retryMaxMs);
    } finally {
      this.sending = false;
    }
    if (this.isDrained()) for (const wake of this.drainWaiters.splice(0)) wake();
  }

  private pumpAgainIn(ms: number): void {
    if (this.stopped) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.pump();
    }, ms);
  }

  /** One attempt; null when the batch is settled (delivered or parked), else ms until the next try. */
  private async send(b: SpooledBatch): Promise<number | null> {
    const { path: urlPath } = PATHS[b.kind];
    let res: CloudResponse;
    try {
      res = await this.client.request({
        method: 'POST',
        path: urlPath,
        headers: { ...this.authHeaders(), 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
        body: this.spool.readBody(b),
        timeoutMs: this.o.requestTimeoutMs,
      });
    } catch (err) {
      if (this.stopped) return null;
      const reason = err instanceof CloudTransportError ? `${err.kind}: ${err.reason}` : (err as Error).message;
      return this.retryLater(b, reason, null);
    }
    if (this.stopped) return null;
    const { status } = res;
    try {
      // 409: the cloud already has this batch_id (ids are random UUIDs, never reused for other content).
      if ((status >= 200 && status < 300) || status === 409) {
        this.spool.ack(b.id);
        this.c.exportedBatches++;
        this.c.exportedRecords += b.records;
        if (this.failures > 0)
          this.o.logger.info('cloud is accepting batches again', {
            failed_attempts: this.failures,
            pending_batches: this.spool.stats().pendingBatches,
          });
        this.failures = 0;
        return null;
      }
      if (status >= 500 || status === 429 || status === 408) {
        return this.retryLater(b, `HTTP ${status} ${res.body.slice(0, 200)}`, retryAfterMs(res));
      }
      const file = this.spool.park(b.id);
      this.c.parkedBatches++;
      this.c.parkedRecords += b.records;
      this.o.logger.error('cloud refused a batch; parked, not retried', {
        status,
        answer: res.body.slice(0, 200),
        batch_id: b.id,
        kind: b.kind,
        records: b.records,
        parked_file: file,
        hint:
          status === 401 || status === 403
            ? 'the node credentials in node.yaml were rejected: re-register the node'
            : 'see docs/cloud-api.md',
      });
      return null;
    } catch (err) {
      // The cloud answered but the spool could not record it; sending again is safe (batch_id dedupe).
      return this.retryLater(b, `spool write failed: ${(err as Error).message}`, null);
    }
  }

  private retryLater(b: SpooledBatch, reason: string, floorMs: number | null): number {
    this.c.retries++;
    const ceiling = Math.min(this.o.retryMaxMs, this.o.retryBaseMs * 2 ** Math.min(this.failures, 30));
    const jittered = ceiling / 2 + Math.random() * (ceiling / 2);
    const delay = Math.round(Math.min(this.o.retryMaxMs, Math.max(jittered, floorMs ?? 0)));
    const fields = {
      cloud: this.client.url(PATHS[b.kind].path),
      reason,
      retry_in_ms: delay,
      pending_batches: this.spool.stats().pendingBatches,
    };
    if (this.failures === 0) this.o.logger.warn('cloud not accepting batches; keeping them in the spool and retrying', fields);
    else this.o.logger.debug('retrying batch later', { ...fields, attempt: this.failures + 1 });
    this.failures++;
    return delay;
  }

  private async heartbeat(): Promise<void> {
    if (this.heartbeatBusy || this.closing) return;
    this.heartbeatBusy = true;
    try {
      const body = JSON.stringify({
        version: this.o.version,
        mode: this.o.mode,
        uptime: Math.round(process.uptime()),
        counters: { ...this.o.extraCounters?.(), ...this.counters() },
        config_sha256: this.o.configSha256,
      });
      const res = await this.client.request({
        method: 'POST',
        path: '/v1/node/heartbeat',
        headers: { ...this.authHeaders(), 'Content-Type': 'application/json' },
        body: Buffer.from(body),
        timeoutMs: this.o.requestTimeoutMs,
      });
      if (res.status >= 200 && res.status < 300) {
        this.c.heartbeats++;
        this.heartbeatStreak = 0;
      } else this.heartbeatFailed(`HTTP ${res.status} ${res.body.slice(0, 200)}`);
    } catch (err) {
      this.heartbeatFailed(err instanceof CloudTransportError ? `${err.kind}: ${err.reason}` : (err as Error).message);
    } finally {
      this.heartbeatBusy = false;
    }
  }

  private heartbeatFailed(reason: string): void {
    this.c.heartbeatFailures++;
    // Warn once per run of failures, not once per minute for the length of an outage.
    const log = this.heartbeatStreak++ === 0 ? this.o.logger.warn : this.o.logger.debug;
    log.call(this.o.logger, 'heartbeat failed', {
      cloud: this.client.url('/v1/node/heartbeat'),
      reason,
      failures: this.c.heartbeatFailures,
    });
  }

  private authHeaders(): Record<string, string> {
    return {
      'X-WallarmAPI-UUID': this.o.credentials.uuid,
      'X-WallarmAPI-Secret': this.o.credentials.secret,
      'User-Agent': `native-node/${this.o.version}`,
    };
  }

  private isDrained(): boolean {
    return (
      this.sealing === 0 &&
      this.spool.next() === undefined &&
      this.open.events.parts.length === 0 &&
      this.open['api-discovery'].parts.length === 0
    );
  }

  private drained(timeoutMs: number): Promise<boolean> {
    if (this.isDrained()) return Promise.resolve(true);
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.drainWaiters = this.drainWaiters.filter((w) => w !== wake);
        resolve(false);
      }, timeoutMs);
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.drainWaiters.push(wake);
    });
  }
}

/** Where the spool lives under a state directory (SPEC: --state-dir, default /opt/wallarm/var/lib/wallarm). */
export function spoolDirIn(stateDir: string): string {
  return path.join(stateDir, 'spool');
}

/** A record's JSON as push() writes it: `{ ...record, node_uuid }`, from the record's own JSON. */
function withNodeUuid(json: string, uuid: string): string {
  const field = `"node_uuid":${JSON.stringify(uuid)}`;
  // The record's own node_uuid (the analyzers add it last) with this value: nothing changes.
  if (json.endsWith(`,${field}}`)) return json;
  // None (an unescaped quote is never inside a JSON string): it goes last.
  if (!json.includes('"node_uuid":')) return json === '{}' ? `{${field}}` : `${json.slice(0, -1)},${field}}`;
  return JSON.stringify({ ...(JSON.parse(json) as object), node_uuid: uuid });
}

function batchJson(kind: BatchKind, id: string, records: string[]): string {
  return `{"batch_id":"${id}","${PATHS[kind].field}":[${records.join(',')}]}`;
}

function gzip(text: string): Promise<Buffer> {
  return new Promise((resolve, reject) => zlib.gzip(text, (err, out) => (err ? reject(err) : resolve(out))));
}

/** Retry-After in seconds or as an HTTP date; null when absent or unusable. */
function retryAfterMs(res: CloudResponse): number | null {
  const h = res.headers['retry-after'];
  if (typeof h !== 'string' || h.trim() === '') return null;
  if (/^\d+$/.test(h.trim())) return Number(h.trim()) * 1000;
  const at = Date.parse(h);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}
