/**
 * The analysis stage: one HTTP transaction in, the records it yields out (transaction, attack),
 * each stamped with flow, client identity (after proxy_headers), the route_config application and
 * the node's uuid. input_filters run first: a bypassed request yields nothing at all (counted
 * only). A route with wallarm_mode off yields its transaction record but is not searched for attacks.
 */
import { resolveClient } from './proxy-headers';
import type { NodeConfig } from '../config/types';
import { grpcContentType } from '../grpc/messages';
import { newGraphqlCounters, type GraphqlCounters } from '../graphql/counters';
import { CAP_KINDS, type CapKind } from './attacks/budget';
import { newProfileCounters, type ProfileCounters } from './attacks/profile/profiles';
import type { BodyPolicy } from '../http/connection';
import { headerValue } from '../http/headers';
import type { HeaderList, HttpRequest, HttpResponse, HttpTransaction } from '../http/types';
import type { ConnectionInfo } from '../reassembly/types';
import { flowRef, formatTs } from '../records/format';
import {
  ATTACK_CLASSES,
  type AttackClass,
  type AttackHit,
  type AttackRecord,
  type AttackVerdict,
  type NodeRecord,
  type RecordSink,
  type RecordType,
} from '../records/types';
import { tlsField, transactionRecord, type ClientIdentity } from '../records/transaction-record';
import type { ApiAnalyzer } from './api-analyzer';
import { filtersEmpty, shouldInspect } from './input-filter';
import { normalizePath, targetPath } from './request-path';
import { selectRoute } from './route-select';
import { NO_CLOCK, Stage, type StageClock } from '../stage-clock';
import { WebSocketAnalyzer } from './websocket-analyzer';

/** What the analyzer needs of attack detection (node/analysis/attacks). */
export interface AttackEngine {
  /** The hits in a request, or null when it is clean (needs the request only). */
  inspect(req: HttpRequest): AttackHit[] | null;
  /** The hits in a WebSocket message's text, with its handshake request as context (docs/websocket.md). */
  inspectMessage(req: HttpRequest, text: string): AttackHit[] | null;
  /** The verdict on a request with hits, from its response. */
  judge(hits: AttackHit[], response: HttpResponse | null): AttackVerdict;
  /** The request's hits with what only the response proves (an open redirect a 3xx followed), counted. */
  withResponse(req: HttpRequest, hits: AttackHit[] | null, response: HttpResponse | null): AttackHit[] | null;
  maskHeaders(headers: HeaderList): HeaderList;
  /** The target with password-, token- and session-like query values masked. */
  maskTarget(target: string): string;
  /** The detector's GraphQL counters (docs/graphql.md "Counters"), read by the summary and metrics. */
  graphql?: GraphqlCounters;
  /** Requests cut short or values trimmed by each attack-detection cap (docs/detection.md), read by the summary and metrics. */
  caps?: Record<CapKind, number>;
  /** Parameter profiles (absent when anomaly_detection is off): docs/detection.md "Parameter profiles". */
  profiles?: ProfileCounters;
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
  /** Transactions whose API analyses (discovery, vulnerabilities, sessions) were skipped: drop_on_overload 'analyses' on an overloaded worker. */
  apiSkipped: number;
  /** Attack records per class (a record with hits of two classes counts once in each). */
  attacksByClass: Record<AttackClass, number>;
  attacksByVerdict: Record<AttackVerdict, number>;
  /** metrics.per_host_stats: recorded transactions and attack records per HTTP host (empty when off). */
  byHost: Record<string, { transactions: number; attacks: number }>;
  /** GraphQL requests read and limits met (the attack engine's; zeroes without one). */
  graphql: GraphqlCounters;
  /** The attack engine's caps met (zeroes without one). */
  attackCaps: Record<CapKind, number>;
  /** The attack engine's parameter profiles (zeroes without one or with anomaly_detection off). */
  profiles: ProfileCounters;
}

/** Hosts counted one by one under metrics.per_host_stats (per analysis thread); later ones add up under OTHER_HOST. */
export const MAX_STAT_HOSTS = 1000;
export const OTHER_HOST = 'other';

/**
 * Who sent a request (it is the ClientIdentity its records carry) and how input_filters and
 * route_config treat it, then its attack hits: everything worked out per request, in one object.
 */
class RequestScope implements ClientIdentity {
  /** undefined: not searched yet; null: clean, or not searched (mode off). */
  hits: AttackHit[] | null | undefined = undefined;

  constructor(
    readonly clientIp: string,
    readonly host: string,
    /** false: input_filters exclude the request (no record, only counted). */
    readonly inspected: boolean,
    readonly application: number,
    readonly mode: NodeConfig['routes']['mode'],
    readonly proxyHeaderError: boolean,
  ) {}
}

/**
 * RequestScope by request, from the response head (bodyPolicy) until analyze(). The newest is kept
 * in a slot, older ones in a WeakMap: a transaction is usually analysed before the next request's
 * response begins (its response ends in the packet it began in), and then the slot alone serves
 * it, without WeakMap bookkeeping.
 */
class EarlyWork {
  private slotRequest: HttpRequest | null = null;
  private slotScope: RequestScope | null = null;
  private readonly older = new WeakMap<HttpRequest, RequestScope>();

  get(req: HttpRequest): RequestScope | undefined {
    return req === this.slotRequest ? this.slotScope! : this.older.get(req);
  }

  /** For a request without a scope. */
  add(req: HttpRequest, scope: RequestScope): void {
    if (this.slotRequest !== null) this.older.set(this.slotRequest, this.slotScope!);
    this.slotRequest = req;
    this.slotScope = scope;
  }

  delete(req: HttpRequest): void {
    if (req !== this.slotRequest) {
      this.older.delete(req);
      return;
    }
    this.slotRequest = null;
    this.slotScope = null;
  }
}

/** No attack classes (shared, so frozen). */
const NO_CLASSES: AttackClass[] = Object.freeze([]) as unknown as AttackClass[];

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
  /** Times attack detection as its stage (node/stage-clock). */
  clock?: StageClock;
}

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const k of keys) out[k] = 0;
  return out;
}

export class TransactionAnalyzer {
  readonly counters: AnalyzerCounters = {
    transactions: 0,
    transactionsWithoutResponse: 0,
    attacks: 0,
    proxyHeaderErrors: 0,
    bypassed: 0,
    modeOff: 0,
    apiSkipped: 0,
    attacksByClass: zeroes(ATTACK_CLASSES),
    attacksByVerdict: zeroes(['attempt', 'blocked', 'succeeded'] as const),
    byHost: {},
    graphql: newGraphqlCounters(),
    attackCaps: zeroes(CAP_KINDS),
    profiles: newProfileCounters(),
  };
  private hostStats = 0;
  /**
   * Set by an overloaded worker (drop_on_overload 'analyses', node/workers): transactions skip the
   * API analyses (counted in apiSkipped); records and attack detection are unchanged.
   */
  skipApi = false;
  /** Paths are only worked out when a route or filter will look at them. */
  private readonly scoped: boolean;

  private readonly clock: StageClock;
  /** WebSocket messages and connections (docs/websocket.md), with the identity of their handshake. */
  readonly websocket: WebSocketAnalyzer;

  constructor(private readonly opts: AnalyzerOptions) {
    const { inputFilters, routes } = opts.config;
    this.clock = opts.clock ?? NO_CLOCK;
    this.scoped = !filtersEmpty(inputFilters) || routes.routes.length > 0;
    this.websocket = new WebSocketAnalyzer({
      produce: opts.produce,
      sink: opts.sink,
      attacks: opts.attacks,
      api: opts.api ?? null,
      identify: (conn, req) => this.newScope(conn, req),
      stamp: (record, application) => this.stamp(record, application),
      count: (record) => this.countAttack(record),
    });
    // The engine counts GraphQL as it reads requests: its counters are these.
    if (opts.attacks?.graphql !== undefined) this.counters.graphql = opts.attacks.graphql;
    if (opts.attacks?.caps !== undefined) this.counters.attackCaps = opts.attacks.caps;
    if (opts.attacks?.profiles !== undefined) this.counters.profiles = opts.attacks.profiles;
  }

  /** An attack record written: counted by verdict and class. */
  private countAttack(record: AttackRecord): AttackClass[] {
    const c = this.counters;
    c.attacks++;
    c.attacksByVerdict[record.verdict]++;
    const classes = [...new Set(record.hits.map((h) => h.class))];
    for (const k of classes) c.attacksByClass[k]++;
    return classes;
  }

  /**
   * Which bodies the analysis reads, asked by the HTTP parser at each message head: request bodies
   * when attacks or API discovery are searched; response bodies for API discovery, or else only
   * for requests with attack hits (their verdict reads the response). Every other body is counted
   * and digested but its bytes are not copied.
   */
  readonly bodyPolicy: BodyPolicy = {
    request: () => this.opts.attacks !== null || this.opts.api != null,
    response: (conn, req) => {
      if (this.opts.api != null) return true;
      // A gRPC-Web call's status is in its response body (the trailer frame), read for its record.
      if (req !== null && this.opts.produce.has('transaction') && isGrpcWebRequest(req)) return true;
      if (this.opts.attacks === null) return false;
      if (req === null) return true;
      const scope = this.scopeOf(conn, req);
      return scope.inspected && this.hitsOf(req, scope) !== null;
    },
    // The transaction record and API discovery (content types) read every response's headers.
    readsResponseHeaders: () => this.opts.produce.has('transaction') || this.opts.api != null,
  };

  /**
   * Work done on a request before its response completes (bodyPolicy), kept until analyze():
   * requests are held by the HTTP layer only until their transaction is emitted.
   */
  private readonly early = new EarlyWork();

  analyze(tx: HttpTransaction): void {
    const c = this.counters;
    const scope = this.scopeOf(tx.conn, tx.request);
    this.early.delete(tx.request);
    if (!scope.inspected) {
      c.bypassed++;
      return;
    }
    const { application, mode } = scope;
    const who: ClientIdentity = scope;
    c.transactions++;
    if (tx.response === null) c.transactionsWithoutResponse++;
    if (scope.proxyHeaderError) c.proxyHeaderErrors++;
    const { produce, sink, attacks } = this.opts;
    if (produce.has('transaction')) sink.write(this.stamp(transactionRecord(tx, who), application));
    let found: { hits: AttackHit[]; verdict: AttackVerdict } | null = null;
    let attackClasses = NO_CLASSES;
    if (mode === 'off') c.modeOff++;
    else if (attacks !== null) {
      const prev = this.clock.enter(Stage.attacks);
      const hits = attacks.withResponse(tx.request, this.hitsOf(tx.request, scope), tx.response);
      found = hits === null ? null : { hits, verdict: attacks.judge(hits, tx.response) };
      if (found !== null && produce.has('attack')) {
        const record = this.stamp(attackRecord(tx, who, found.hits, found.verdict, attacks), application);
        attackClasses = this.countAttack(record);
        sink.write(record);
      }
      this.clock.leave(prev);
    }
    if (this.opts.config.metrics.perHostStats) this.countHost(scope.host, found !== null && produce.has('attack'));
    this.opts.observe?.(tx, { who, application, attackClasses });
    if (this.opts.api == null) return;
    if (this.skipApi) c.apiSkipped++;
    else this.opts.api.observe(tx, who, found);
  }

  private countHost(host: string, attack: boolean): void {
    const byHost = this.counters.byHost;
    let entry = Object.prototype.hasOwnProperty.call(byHost, host) ? byHost[host] : undefined;
    if (entry === undefined) {
      // '__proto__' would not be an ordinary key of the counters once merged across workers.
      const key = this.hostStats < MAX_STAT_HOSTS && host !== '__proto__' ? host : OTHER_HOST;
      if (key === host) this.hostStats++;
      entry = byHost[key] ??= { transactions: 0, attacks: 0 };
    }
    entry.transactions++;
    if (attack) entry.attacks++;
  }

  /** Client identity, input_filters and route_config for a request, worked out once (kept in `early`). */
  private scopeOf(conn: ConnectionInfo, req: HttpRequest): RequestScope {
    const known = this.early.get(req);
    if (known !== undefined) return known;
    const scope = this.newScope(conn, req);
    this.early.add(req, scope);
    return scope;
  }

  /** Client identity, input_filters and route_config for a request. */
  private newScope(conn: ConnectionInfo, req: HttpRequest): RequestScope {
    const config = this.opts.config;
    const resolved = resolveClient(config.proxyHeaders, conn.client.ip, req.headers);
    // A request decrypted from TLS without a Host header is for the server its client named (SNI).
    if (resolved.host === '' && conn.tls?.sni) resolved.host = conn.tls.sni;
    const proxyHeaderError = resolved.error !== undefined;
    let scope: RequestScope;
    if (this.scoped) {
      const raw = targetPath(req.target);
      const path = config.urlNormalize ? normalizePath(raw) : raw;
      const inspected = shouldInspect(config.inputFilters, {
        path,
        target: req.target,
        headers: req.headers,
        clientIp: resolved.clientIp,
      });
      const { application, mode } = inspected ? selectRoute(config.routes, resolved.host, path) : config.routes;
      scope = new RequestScope(resolved.clientIp, resolved.host, inspected, application, mode, proxyHeaderError);
    } else {
      scope = new RequestScope(
        resolved.clientIp,
        resolved.host,
        true,
        config.routes.application,
        config.routes.mode,
        proxyHeaderError,
      );
    }
    return scope;
  }

  /** The request's attack hits, searched once (null: clean, or not searched: mode off). */
  private hitsOf(req: HttpRequest, scope: RequestScope): AttackHit[] | null {
    if (scope.hits === undefined) {
      if (scope.mode === 'off' || this.opts.attacks === null) scope.hits = null;
      else {
        const prev = this.clock.enter(Stage.attacks);
        scope.hits = this.opts.attacks.inspect(req);
        this.clock.leave(prev);
      }
    }
    return scope.hits;
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

function isGrpcWebRequest(req: HttpRequest): boolean {
  const t = grpcContentType(headerValue(req.headers, 'content-type'));
  return t !== null && t.wire !== 'grpc';
}

function attackRecord(
  tx: HttpTransaction,
  who: ClientIdentity,
  hits: AttackHit[],
  verdict: AttackVerdict,
  engine: AttackEngine,
): AttackRecord {
  const record: AttackRecord = {
    type: 'attack',
    ts: formatTs(tx.request.startTs),
    flow: flowRef(tx.conn),
    client_ip: who.clientIp,
    host: who.host,
    request: {
      method: tx.request.method,
      target: engine.maskTarget(tx.request.target),
      headers: engine.maskHeaders(tx.request.headers),
    },
    response: tx.response && { status: tx.response.status },
    hits,
    verdict,
  };
  if (tx.conn.tls !== undefined) record.tls = tlsField(tx.conn.tls);
  if (tx.streamId !== undefined) {
    record.http_version = '2';
    record.stream_id = tx.streamId;
  }
  return record;
}
