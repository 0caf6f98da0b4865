/**
 * API discovery, passive vulnerabilities and API sessions on the transaction stream: extracts each
 * transaction's API facts once (discovery/extract) and hands them to the inventory, the
 * vulnerability detector and the session tracker, each built only when its record type is
 * produced. Replay reports the whole inventory at the end; the live node (`exportDeltas`) reports
 * what changed every `export_interval` as api_endpoint deltas and rewrites the OpenAPI documents.
 */
import type { NodeConfig } from '../config/types';
import type { HttpTransaction } from '../http/types';
import { flowRef, formatTs } from '../records/format';
import type { AttackHit, AttackVerdict, NodeRecord, SessionRecord, VulnerabilityRecord } from '../records/types';
import type { ClientIdentity } from '../records/transaction-record';
import { extractFacts, flattenJson, type ObservedValue } from './discovery/extract';
import { targetPath } from '../http/request';
import type { WebSocketMessage } from '../websocket/types';
import { GraphqlReader } from '../graphql/document';
import { graphqlSettings } from '../graphql/settings';
import { DiscoveryInventory, endpointMethod, isWebSocketHandshake, type RawEndpointFacts } from './discovery/inventory';
import type { PathEvidence } from './discovery/evidence';
import { isGrpcRequest } from './discovery/grpc-fields';
import type { TxFacts } from './discovery/extract';
import { writeOpenApiFiles } from './discovery/openapi';
import { discoverySettings, type DiscoverySettings } from './discovery/settings';
import { SessionBook, type SessionObservation } from './sessions/book';
import { SessionTracker } from './sessions/tracker';
import type { RecordSink, RecordType } from '../records/types';
import { VulnerabilityDetector, type SightingOutput } from './vulnerabilities/detector';
import { reportedCounters, VulnerabilityMerge, type FindingSighting } from './vulnerabilities/merge';
import { NO_CLOCK, Stage, type StageClock } from '../stage-clock';
import { memoized } from '../memo';

export interface ApiAnalyzerOptions {
  config: NodeConfig;
  produce: ReadonlySet<RecordType>;
  sink: RecordSink;
  nodeUuid?: string;
  /** Live node: export api_endpoint deltas every export_interval instead of the inventory at the end. */
  exportDeltas?: boolean;
  /** Where one OpenAPI document per host is (re)written; null = nowhere. */
  openapiDir?: string | null;
  /**
   * A worker thread: session observations and vulnerability sightings go to the capture thread,
   * which keeps the sessions and decides what is reported of the findings (node/workers/pool.ts).
   */
  captureThread?: CaptureThreadDeltas;
  /** Times discovery, vulnerabilities and sessions as their stages (node/stage-clock). */
  clock?: StageClock;
}

/** What a worker thread's analysis hands to the capture thread instead of records. */
export interface CaptureThreadDeltas {
  session(o: SessionObservation): void;
  /** A finding's sighting for the capture thread's VulnerabilityMerge (with its record when this thread would report it). */
  finding(s: FindingSighting): void;
  /** A transaction's (or WebSocket message's) templating evidence for the capture thread's templater (discovery/evidence.ts). */
  evidence(e: PathEvidence): void;
  /** The inventory's facts by raw trie node, instead of api_endpoint records (at the end; live: every export_interval). */
  endpointFacts(facts: RawEndpointFacts[]): void;
}

export interface ApiAnalyzerCounters {
  openapiWrites: number;
  openapiWriteErrors: number;
}

/** Messages of each direction of a WebSocket connection that discovery describes. */
export const WS_DESCRIBED_MESSAGES = 64;

/**
 * A transaction's method upper-cased and host lower-cased, remembered: toUpperCase and toLowerCase
 * make a new string even when nothing changes, and methods (interned by the head parser) and hosts
 * (a connection's requests send the same Host) recur (docs/performance.md "Allocation and GC per
 * transaction (branch i22-gc)").
 */
const upperMethod = memoized((method) => method.toUpperCase(), 256);
const lowerHost = memoized((host) => host.toLowerCase(), 1024);

export class ApiAnalyzer {
  readonly inventory: DiscoveryInventory;
  readonly vulnerabilities: VulnerabilityDetector | null;
  /** What is reported of this thread's findings (null on a worker thread: the capture thread decides). */
  readonly findings: VulnerabilityMerge | null;
  /**
   * The capture time (µs) transactions are analysed at (NodePipeline.captureTs: the current frame,
   * tick, +Infinity at the end of input); without one, the request's start.
   */
  captureNow: (() => number) | null = null;
  /** The number of the frame transactions are analysed on (NodePipeline.frameNo); null: none. */
  captureFrame: (() => number) | null = null;
  /** Evidence sent so far (its `seq`). */
  private evidenceSent = 0;
  private readonly sightings: SightingOutput & { startUs: number };
  readonly sessions: SessionTracker | null;
  /** This thread's open sessions (null on a worker thread: the capture thread keeps them). */
  readonly sessionBook: SessionBook | null;
  readonly counters: ApiAnalyzerCounters = { openapiWrites: 0, openapiWriteErrors: 0 };
  private readonly s: DiscoverySettings;
  /** Reads GraphQL requests' operations (null when graphql.enabled is false). */
  private readonly graphql: GraphqlReader | null;
  private readonly recordEndpoints: boolean;

  /** Whether the inventory is kept (api_endpoint records or OpenAPI documents). */
  get recordsEndpoints(): boolean {
    return this.recordEndpoints;
  }
  private lastExportTs = -1;
  /** A worker: the evidence of the transaction being analysed (its findings join it). */
  private evidence: PathEvidence | null = null;
  /** The last OpenAPI write failure (what and where), for the service log; null when none. */
  lastOpenapiError: string | null = null;

  /** Null when api_discovery is disabled or none of its record types is produced. */
  static create(opts: ApiAnalyzerOptions): ApiAnalyzer | null {
    const s = discoverySettings(opts.config);
    const wanted =
      opts.produce.has('api_endpoint') || opts.produce.has('vulnerability') || opts.produce.has('session') || !!opts.openapiDir;
    return s.enabled && wanted ? new ApiAnalyzer(opts, s) : null;
  }

  private constructor(
    private readonly opts: ApiAnalyzerOptions,
    s: DiscoverySettings,
  ) {
    this.s = s;
    const graphql = graphqlSettings(opts.config);
    this.graphql = graphql.enabled ? GraphqlReader.shared(graphql) : null;
    this.recordEndpoints = opts.produce.has('api_endpoint') || !!opts.openapiDir;
    this.inventory = new DiscoveryInventory(s);
    this.vulnerabilities = opts.produce.has('vulnerability')
      ? new VulnerabilityDetector({
          maxRemembered: s.maxVulnerabilities,
          rereportAfterUs: s.vulnerabilityRereportAfterUs,
          maxUnlistedPathsPerFinding: s.maxUnlistedPathsPerVulnerability,
          limits: opts.config.limits,
        })
      : null;
    this.findings =
      this.vulnerabilities !== null && !opts.captureThread
        ? new VulnerabilityMerge(s.maxVulnerabilities, s.vulnerabilityRereportAfterUs)
        : null;
    const send = this.sendFinding;
    this.sightings = {
      analysisUs: 0,
      startUs: 0,
      everyRecord: opts.captureThread !== undefined,
      sighting(key) {
        send([key, this.analysisUs, this.startUs, null]);
      },
    };
    const sessions = opts.produce.has('session');
    this.sessionBook = sessions && !opts.captureThread ? newSessionBook(s, true, (r) => this.emit(r)) : null;
    const book = this.sessionBook;
    this.sessions = sessions ? new SessionTracker(s.sessions, book ? (o) => book.add(o) : opts.captureThread!.session) : null;
  }

  /** Every counter of discovery, vulnerabilities and sessions, flat (summary, metrics). */
  allCounters(): Record<string, number> {
    return {
      ...this.inventory.counters,
      ...this.vulnerabilities?.counters,
      // What was reported: the merge's counters of the same names replace the detector's.
      ...(this.findings && reportedCounters(this.vulnerabilities!.counters, this.findings)),
      ...this.sessions?.counters,
      ...this.sessionBook?.counters,
      ...this.counters,
    };
  }

  observe(tx: HttpTransaction, who: ClientIdentity, attack: { hits: AttackHit[]; verdict: AttackVerdict } | null): void {
    const clock = this.opts.clock ?? NO_CLOCK;
    const prev = clock.enter(Stage.discovery);
    const facts = extractFacts(tx, this.opts.config.limits, this.graphql, this.vulnerabilities !== null);
    const ts = formatTs(tx.request.startTs);
    const method = upperMethod(tx.request.method);
    const host = this.vulnerabilities !== null || this.sessions !== null ? lowerHost(who.host) : '';
    const { template, api, sample } = this.inventory.observe(
      tx,
      who.host,
      facts,
      ts,
      this.recordEndpoints,
      this.vulnerabilities !== null || this.sessions !== null,
    );
    const ct = this.opts.captureThread;
    // A worker: the evidence travels after the findings it carries (their keys are re-made on the capture thread).
    const ev = ct !== undefined ? (this.evidence = this.evidenceOf(tx, who.host, facts, ts, api, sample)) : null;
    if (this.vulnerabilities !== null) {
      clock.enter(Stage.vulnerabilities);
      const out = this.sightings;
      out.analysisUs = this.captureNow?.() ?? tx.request.startTs;
      out.startUs = tx.request.startTs;
      // Sightings of earlier instants are complete on a single thread (those of the end of input, +Infinity, at finish()).
      if (out.analysisUs !== Infinity) this.findings?.release(out.analysisUs, this.emitFinding);
      for (const { key, ...v } of this.vulnerabilities.inspect(
        { tx, facts, method, template, knownEndpoint: api, attack },
        host,
        ts,
        out,
      )) {
        const rec: VulnerabilityRecord = {
          type: 'vulnerability',
          ts,
          flow: flowRef(tx.conn),
          client_ip: who.clientIp,
          host: who.host,
          ...v,
        };
        this.sendFinding([key, out.analysisUs, out.startUs, rec]);
      }
    }
    if (this.sessions !== null) {
      clock.enter(Stage.sessions);
      this.sessions.observe(tx, who.clientIp, host, facts, template, api);
    }
    if (ev !== null) {
      this.evidence = null;
      ct!.evidence(ev);
    }
    clock.leave(prev);
    if (this.opts.exportDeltas && this.lastExportTs < 0) this.lastExportTs = tx.request.startTs;
  }

  /**
   * What the capture thread's templater reads of a transaction (discovery/evidence.ts): the field
   * names only while they may be a shape sample here (`sample`), the facts only when this thread
   * did not record them (no endpoint of its own yet; the merged order decides).
   */
  private evidenceOf(tx: HttpTransaction, host: string, facts: TxFacts, ts: string, api: boolean, sample: boolean): PathEvidence {
    const websocket = isWebSocketHandshake(tx);
    const status = tx.response?.status ?? null;
    const grpc = isGrpcRequest(tx.request.headers);
    const shaped = sample && !grpc;
    const bodyParams: string[] = [];
    const queryParams: string[] = [];
    if (shaped)
      for (const p of facts.params) {
        if (p.loc === 'body') bodyParams.push(p.name);
        else if (p.loc === 'query') queryParams.push(p.name);
      }
    return {
      analysisUs: this.captureNow?.() ?? tx.request.startTs,
      frameNo: this.captureFrame?.() ?? Infinity,
      seq: this.evidenceSent++,
      startUs: tx.request.startTs,
      host,
      method: endpointMethod(tx, websocket),
      status,
      websocket,
      grpc,
      path: facts.path,
      responseContentType: facts.responseContentType,
      acceptsData: facts.acceptsData,
      responseFields:
        shaped && status !== null && status < 300 && facts.responseFields.length > 1
          ? facts.responseFields.map((f) => f.name)
          : [],
      bodyParams,
      queryParams,
      facts:
        !api && sample && this.recordEndpoints
          ? {
              params: facts.params,
              graphql: facts.graphql,
              requestContentType: facts.requestContentType,
              responseContentType: facts.responseContentType,
              responseFields: facts.responseFields,
              auth: facts.auth,
            }
          : null,
      ts,
      findings: [],
    };
  }

  /**
   * A WebSocket message on the endpoint its handshake named: its JSON fields (objects and arrays)
   * as the endpoint's message shape. Only the first WS_DESCRIBED_MESSAGES of each direction of a
   * connection are described (docs/websocket.md "Discovery").
   */
  observeWebSocketMessage(host: string, target: string, m: WebSocketMessage, text: string): void {
    if (m.index >= WS_DESCRIBED_MESSAGES || !this.recordEndpoints) return;
    const fields: ObservedValue[] = [];
    const trimmed = text.trimStart();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        flattenJson(JSON.parse(text), fields);
      } catch {
        // Text that only looks like JSON: counted as a message, no fields.
      }
    }
    const ts = formatTs(m.startTs);
    const path = targetPath(target);
    this.inventory.observeMessage(host, path, m.dir === 0 ? 'client' : 'server', fields, ts);
    this.opts.captureThread?.evidence({
      analysisUs: this.captureNow?.() ?? m.startTs,
      frameNo: this.captureFrame?.() ?? Infinity,
      seq: this.evidenceSent++,
      startUs: m.startTs,
      host,
      method: '',
      status: null,
      websocket: true,
      grpc: false,
      path,
      responseContentType: null,
      acceptsData: false,
      responseFields: [],
      bodyParams: [],
      queryParams: [],
      facts: null,
      ts,
      findings: [],
    });
    if (this.opts.exportDeltas && this.lastExportTs < 0) this.lastExportTs = m.startTs;
  }

  /** Live: closes idle sessions and exports deltas when export_interval has passed (`nowTs` in µs). */
  tick(nowTs: number): void {
    this.findings?.release(nowTs, this.emitFinding);
    this.sessionBook?.expire(nowTs);
    if (this.opts.exportDeltas && this.lastExportTs >= 0 && nowTs - this.lastExportTs >= this.s.exportIntervalUs) {
      this.lastExportTs = nowTs;
      this.exportDeltas();
    }
  }

  /** End of capture or shutdown: every open session, then the inventory (or its last delta). */
  finish(): void {
    const ct = this.opts.captureThread;
    if (ct !== undefined) {
      // A worker: the capture thread templates and reports (node/workers/pool.ts).
      if (this.recordEndpoints) ct.endpointFacts(this.inventory.rawFacts(this.opts.exportDeltas === true));
      return;
    }
    const inventory =
      !this.opts.exportDeltas && (this.sessionBook !== null || this.opts.produce.has('api_endpoint'))
        ? this.inventory.snapshot()
        : [];
    this.findings?.release(Infinity, this.emitFinding);
    // Sessions name their requests by the whole inventory, as the capture thread does with workers.
    if (inventory.length > 0) this.sessionBook?.templates.retainOnly(inventory);
    this.sessionBook?.finish();
    if (this.opts.exportDeltas) this.exportDeltas();
    else if (this.opts.produce.has('api_endpoint')) for (const r of inventory) this.emit(r);
    this.writeOpenApi();
  }

  private exportDeltas(): void {
    const ct = this.opts.captureThread;
    if (ct !== undefined) {
      if (this.recordEndpoints) ct.endpointFacts(this.inventory.rawFacts(true));
      return;
    }
    const deltas = this.inventory.takeDeltas();
    if (this.opts.produce.has('api_endpoint')) for (const d of deltas) this.emit(d);
    if (deltas.length > 0) this.writeOpenApi();
  }

  /** Writes `<dir>/<host>.openapi.json` for every host (atomically: temp file + rename). */
  writeOpenApi(): void {
    const dir = this.opts.openapiDir;
    if (!dir) return;
    try {
      this.counters.openapiWrites += writeOpenApiFiles(dir, this.inventory.snapshot());
    } catch (err) {
      this.counters.openapiWriteErrors++;
      this.lastOpenapiError = `cannot write OpenAPI documents to ${dir}: ${(err as Error).message}`;
    }
  }

  private readonly sendFinding = (s: FindingSighting): void => {
    if (this.evidence !== null) this.evidence.findings.push(s);
    else if (this.opts.captureThread) this.opts.captureThread.finding(s);
    else this.findings!.push(s);
  };

  private readonly emitFinding = (r: VulnerabilityRecord): void => this.emit(r);

  private emit(record: NodeRecord): void {
    if (this.opts.nodeUuid !== undefined) record.node_uuid = this.opts.nodeUuid;
    this.opts.sink.write(record);
  }
}

/** A SessionBook with the inventory's caps for its template index. */
export function newSessionBook(s: DiscoverySettings, expireOnObserve: boolean, emit: (r: SessionRecord) => void): SessionBook {
  return new SessionBook(s.sessions, { expireOnObserve, maxHosts: s.maxHosts, maxTemplatesPerHost: s.maxEndpointsPerHost }, emit);
}
