/**
 * The node's API inventory: per host a template trie (./templates) whose nodes hold, per method,
 * the endpoint's facts (./facts) since the last export (`pending`) and before it (`total`). A
 * delta is the pending facts; the inventory is total merged with pending, by the same rules the
 * cloud merges deltas with. Noise (static assets, non-API content types, error-only or
 * unanswered requests) never creates an endpoint; every cap is counted.
 */
import { headerTokens } from '../../http/framing';
import type { HttpTransaction } from '../../http/types';
import type { ApiEndpointRecord } from '../../records/types';
import type { ObservedValue, ParamLocation, TxFacts } from './extract';
import { isGrpcRequest } from './grpc-fields';
import { addSet, CountedOnce, emptyFacts, observe, type Admit, type EndpointFacts, type ParamFacts } from './facts';
import { capEndpointFacts, KeptNames, keptKey, removeKept } from './kept-names';
import type { GraphqlOperationSeen } from './graphql-operations';
import { canonicalEndpoint, mergeEndpoint, type Json } from './merge';
import type { DiscoverySettings } from './settings';
import { IdTypes, itemPositions, type TemplateAnswers } from './path-types';
import { PathTrie, type TemplateEntry } from './templates';
import { ownValue, setOwn } from '../../own-keys';

class Endpoint {
  /** The field paths of its first 2xx JSON responses (union of up to SHAPE_SAMPLES), a templating signal. */
  shape: Set<string> | null = null;
  shapeSamples = 0;
  /** The body parameter names of its first requests with a body (up to SHAPE_SAMPLES): the other half of its shape. */
  bodyShape: Set<string> | null = null;
  bodySamples = 0;
  /** The query parameter names of its first requests with a query (up to SHAPE_SAMPLES): evidence of likeness only (querySimilarity). */
  queryShape: Set<string> | null = null;
  querySamples = 0;
  total: EndpointFacts | null = null;
  pending: EndpointFacts | null = null;
  /** A gRPC method (`kind: grpc` in its records; kept out of OpenAPI). */
  grpc = false;
  /** A WebSocket endpoint (`kind: websocket`; kept out of OpenAPI): a handshake or a message was seen. */
  websocket = false;
  /**
   * Whether a request parameter, or a response field, new to the pending facts is admitted, told
   * whether the total knows it. Request parameters and response fields have separate budgets: a
   * large answer never pushes out query or body parameters. Past a budget the smallest names are
   * kept, not the first ones (./kept-names: what several threads keep merges to one thread's).
   * Made once per endpoint, not per transaction.
   */
  readonly admitParam: Admit;
  readonly admitField: Admit;
  readonly paramNames: KeptNames;
  readonly fieldNames: KeptNames;

  constructor(s: DiscoverySettings, counters: DiscoveryCounters) {
    const params = (this.paramNames = new KeptNames(s.maxParamsPerEndpoint));
    const fields = (this.fieldNames = new KeptNames(s.maxResponseFieldsPerEndpoint));
    this.admitParam = (known, where, name) => {
      if (known) return true;
      const r = params.admit(keptKey(where, name));
      if (r === true) return true;
      counters.paramsCapped++;
      if (r === false) return false;
      removeKept(this.pending!, r);
      return true;
    };
    this.admitField = (known, where, name) => {
      if (known) return true;
      const r = fields.admit(keptKey(where, name));
      if (r === true) return true;
      counters.fieldsCapped++;
      if (r === false) return false;
      removeKept(this.pending!, r);
      return true;
    };
  }
}

/** Where a request parameter goes in an endpoint's kept names (./kept-names keptKey), per location: one string each, not one per parameter. */
const PARAM_WHERE: Record<ParamLocation, string> = { query: 'pquery', header: 'pheader', cookie: 'pcookie', body: 'pbody' };

/**
 * `String(status)` and its kept-names place `r<status>` for the statuses 0-999, made once: `record`
 * names a response's status on every transaction (docs/performance.md "Response JSON and the
 * sessions' path split (branch i22-json2)"). Others are made as before.
 */
const STATUS_TEXTS = 1000;
const STATUS_CODE: string[] = Array.from({ length: STATUS_TEXTS }, (_, s) => String(s));
const STATUS_WHERE: string[] = STATUS_CODE.map((code) => `r${code}`);

/** `String(status)`, from STATUS_CODE when it holds it. */
export function statusCode(status: number): string {
  return Number.isInteger(status) && status >= 0 && status < STATUS_TEXTS ? STATUS_CODE[status] : String(status);
}

/** `r${String(status)}`, from STATUS_WHERE when it holds it. */
export function statusWhere(status: number): string {
  return Number.isInteger(status) && status >= 0 && status < STATUS_TEXTS ? STATUS_WHERE[status] : `r${status}`;
}

/** 2xx JSON responses whose field paths make an endpoint's shape; shapes keep at most SHAPE_FIELDS paths, two levels deep. */
const SHAPE_SAMPLES = 3;
const SHAPE_FIELDS = 128;

/** A JSON path at most two levels deep (`$.a.b`, `$[].a`): what identifies a resource, not its optional depths. */
function shallow(path: string): boolean {
  let levels = 0;
  for (let i = 1; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if ((c === 46 || c === 91) && ++levels > 2) return false;
  }
  return true;
}

interface Host {
  trie: PathTrie<Endpoint>;
  endpoints: number;
  /** Per response field path, the endpoints whose shape has it; and the endpoints with a shape (field weights). */
  fieldEndpoints: Map<string, number>;
  shaped: number;
  /** Per query parameter name, the endpoints whose query shape has it; and the endpoints with one (name weights). */
  queryEndpoints: Map<string, number>;
  queried: number;
}

export interface DiscoveryCounters {
  hosts: number;
  endpoints: number;
  noiseStatic: number;
  noiseContentType: number;
  /** Requests to unknown paths answered only with errors (or not at all): no endpoint made. */
  noiseErrorOnly: number;
  hostsCapped: number;
  endpointsCapped: number;
  paramsCapped: number;
  /** Paths too deep or over the per-host path-node cap. */
  pathsRefused: number;
  /** Response fields not kept (max_response_fields_per_endpoint). */
  fieldsCapped: number;
  /** Positions whose values were merged for good (path_value_threshold) or that took every segment as a value (path_literal_limit). */
  positionsFolded: number;
}

export interface Observed {
  /** Template to name the endpoint by (literal path when the inventory does not know it). */
  template: string;
  /** False when the request is noise for the inventory. */
  api: boolean;
  /**
   * Whether the request's response and body fields may still be a shape sample of its endpoint
   * here (false once this endpoint has its samples, or for noise): a worker sends them to the
   * capture thread's templater only then (node/workers/pool.ts).
   */
  sample: boolean;
}

/**
 * What templating reads of a transaction besides its method and status: the path, the response
 * media type (noise), the response's and the request body's field names (an endpoint's shape).
 * TxFacts is one; a worker sends one to the capture thread's templater.
 */
/** One raw trie node's facts for one method (DiscoveryInventory.rawFacts). */
export interface RawEndpointFacts {
  host: string;
  /** The node's raw keys from the root (./templates PathTrie.rawNodes). */
  keys: string[];
  method: string;
  facts: EndpointFacts;
}

export interface TxShape {
  path: string;
  responseContentType: string | null;
  /** The request asked for JSON or XML, not a page (./extract TxFacts.acceptsData). */
  acceptsData: boolean;
  responseFields: ReadonlyArray<{ name: string }>;
  params: ReadonlyArray<{ loc: string; name: string }>;
}

/** What recording a transaction's facts reads (TxFacts is one). */
export type RecordedFacts = Pick<
  TxFacts,
  'params' | 'graphql' | 'requestContentType' | 'responseContentType' | 'responseFields' | 'auth'
>;

function mergeFacts(a: EndpointFacts | null, b: EndpointFacts | null): EndpointFacts | null {
  if (a === null) return b;
  if (b === null) return a;
  return mergeEndpoint(a as unknown as Json, b as unknown as Json) as unknown as EndpointFacts;
}

export class DiscoveryInventory {
  readonly counters: DiscoveryCounters = {
    hosts: 0,
    endpoints: 0,
    noiseStatic: 0,
    noiseContentType: 0,
    noiseErrorOnly: 0,
    hostsCapped: 0,
    endpointsCapped: 0,
    paramsCapped: 0,
    fieldsCapped: 0,
    pathsRefused: 0,
    positionsFolded: 0,
  };
  private readonly hosts = new Map<string, Host>();
  /** The parameter facts counted in the transaction being recorded (cleared per transaction). */
  private readonly counted = new CountedOnce();

  constructor(private readonly s: DiscoverySettings) {}

  /**
   * Records one transaction; `record` false only resolves the template (no facts kept). Without
   * `wantTemplate` the template is not built (nobody reads it: '' is returned).
   */
  observe(tx: HttpTransaction, hostName: string, facts: TxFacts, ts: string, record: boolean, wantTemplate = true): Observed {
    const websocket = isWebSocketHandshake(tx);
    const status = tx.response?.status ?? null;
    const method = endpointMethod(tx, websocket);
    const grpc = isGrpcRequest(tx.request.headers);
    return this.observeShape(hostName, method, status, websocket, grpc, facts, record ? facts : null, ts, wantTemplate);
  }

  /**
   * One transaction's templating evidence (`shape`, see TxShape) with its method (a WebSocket
   * handshake's is GET), status, and, to record its facts, `facts` (null: templates only). The
   * capture thread's templater gets the workers' evidence here (node/workers/pool.ts).
   */
  observeShape(
    hostName: string,
    method: string,
    status: number | null,
    websocket: boolean,
    grpc: boolean,
    shape: TxShape,
    facts: RecordedFacts | null,
    ts: string,
    wantTemplate: boolean,
  ): Observed {
    const c = this.counters;
    const host = hostName.toLowerCase();
    const answered = status !== null && status < 400 && method !== 'OPTIONS';
    let h = this.hosts.get(host);
    const noise = this.noise(shape, method);
    if (noise !== null) {
      if (noise === 'static') c.noiseStatic++;
      else c.noiseContentType++;
      return {
        template: wantTemplate ? (h?.trie.resolve(shape.path, false)?.template ?? shape.path) : '',
        api: false,
        sample: false,
      };
    }
    if (h === undefined) {
      if (!answered) {
        c.noiseErrorOnly++;
        return { template: shape.path, api: false, sample: true };
      }
      if (this.hosts.size >= this.s.maxHosts) {
        c.hostsCapped++;
        return { template: shape.path, api: false, sample: false };
      }
      h = this.newHost();
      this.hosts.set(host, h);
      c.hosts++;
    }
    const r = h.trie.resolve(shape.path, answered, wantTemplate);
    c.positionsFolded = this.folds();
    if (r === null) {
      c.pathsRefused++;
      return { template: shape.path, api: false, sample: false };
    }
    if (r.node === null) {
      c.noiseErrorOnly++;
      return { template: r.template, api: false, sample: true };
    }
    let e = r.node.methods?.get(method);
    if (e === undefined) {
      if (!answered) {
        c.noiseErrorOnly++;
        return { template: r.template, api: false, sample: true };
      }
      if (h.endpoints >= this.s.maxEndpointsPerHost || c.endpoints >= this.s.maxEndpoints) {
        c.endpointsCapped++;
        return { template: r.template, api: false, sample: true };
      }
      e = new Endpoint(this.s, c);
      e.grpc = grpc;
      (r.node.methods ??= new Map()).set(method, e);
      h.endpoints++;
      c.endpoints++;
      h.trie.changed(r.trail);
    }
    if (websocket) e.websocket = true;
    if (facts !== null) this.record(e, status, facts, ts);
    const sample = e.shapeSamples < SHAPE_SAMPLES || e.bodySamples < SHAPE_SAMPLES || e.querySamples < SHAPE_SAMPLES;
    // gRPC methods give no shape: their names are names, never values of a parameter (docs/http2.md).
    if (e.shapeSamples < SHAPE_SAMPLES && !grpc && status !== null && status < 300 && shape.responseFields.length > 1) {
      e.shapeSamples++;
      if (e.shape === null) h.shaped++;
      const set = (e.shape ??= new Set());
      const before = set.size;
      for (const f of shape.responseFields) {
        if (set.size >= SHAPE_FIELDS || !shallow(f.name) || set.has(f.name)) continue;
        set.add(f.name);
        h.fieldEndpoints.set(f.name, (h.fieldEndpoints.get(f.name) ?? 0) + 1);
      }
      if (set.size !== before) h.trie.changed(r.trail);
    }
    if (e.bodySamples < SHAPE_SAMPLES && !grpc && shape.params.length > 0 && this.sampleBody(e, shape)) h.trie.changed(r.trail);
    // Query names are read only when a word is weighed against values (querySimilarity), at a decision due for its own
    // reasons: a new name is no change that remakes decisions (remade earlier, values merge for good earlier: eval
    // tuning-4 real-ids, visualstudio.com's prebuilds split in two templates when it was).
    if (e.querySamples < SHAPE_SAMPLES && !grpc && shape.params.length > 0) this.sampleQuery(h, e, shape);
    h.trie.applyMerges();
    return { template: r.template, api: true, sample };
  }

  /**
   * One WebSocket message on the endpoint its handshake named (`GET path`, kind websocket): counted
   * per side, with the JSON fields it had (`fields`, from flattenJson). The endpoint is made if the
   * handshake did not make it (the handshake is analysed after its first messages on HTTP/2).
   */
  observeMessage(
    hostName: string,
    path: string,
    side: 'client' | 'server',
    fields: ObservedValue[],
    ts: string,
    record = true,
  ): void {
    const c = this.counters;
    const host = hostName.toLowerCase();
    let h = this.hosts.get(host);
    if (h === undefined) {
      if (this.hosts.size >= this.s.maxHosts) {
        c.hostsCapped++;
        return;
      }
      h = this.newHost();
      this.hosts.set(host, h);
      c.hosts++;
    }
    const r = h.trie.resolve(path, true, false);
    if (r === null || r.node === null) {
      c.pathsRefused++;
      return;
    }
    let e = r.node.methods?.get('GET');
    if (e === undefined) {
      if (h.endpoints >= this.s.maxEndpointsPerHost || c.endpoints >= this.s.maxEndpoints) {
        c.endpointsCapped++;
        return;
      }
      e = new Endpoint(this.s, c);
      (r.node.methods ??= new Map()).set('GET', e);
      h.endpoints++;
      c.endpoints++;
      h.trie.changed(r.trail);
    }
    e.websocket = true;
    // The capture thread's templater: the workers keep the messages' facts.
    if (!record) return h.trie.applyMerges();
    const p = (e.pending ??= emptyFacts(ts));
    if (ts < p.first_seen) p.first_seen = ts;
    if (ts > p.last_seen) p.last_seen = ts;
    const m = ((p.messages ??= {})[side] ??= { count: 0 });
    m.count++;
    if (fields.length === 0) return;
    const known = e.total?.messages?.[side]?.fields;
    const into = (m.fields ??= {});
    for (const f of fields) observe(into, f, null, known, e.admitField, `m${side}`);
    h.trie.applyMerges();
  }

  /**
   * Noise by the response's media type first (JSON under `/dump.tar.gz` is API, HTML fetched by
   * `GET /api/x` is a page, not API), by the path's extension only when the response has no media
   * type. Pages and assets are fetched: a POST, PUT, PATCH or DELETE is an operation whatever
   * media type answers it (`POST /login` answered by an HTML page, `DELETE /x` by a text/html note).
   * An HTML answer to a request that asked for data only (`Accept: application/json`) is an API's
   * answer, not a page: a browser asking for a page names HTML.
   */
  private noise(facts: TxShape, method: string): 'static' | 'type' | null {
    const ct = facts.responseContentType;
    if (ct !== null) {
      if (method !== 'GET' && method !== 'HEAD') return null;
      if (facts.acceptsData && (ct === 'text/html' || ct === 'application/xhtml+xml')) return null;
      return this.s.ignoreContentTypes.some((p) => ct.startsWith(p)) ? 'type' : null;
    }
    const lastSeg = facts.path.slice(facts.path.lastIndexOf('/') + 1);
    const dot = lastSeg.lastIndexOf('.');
    return dot > 0 && this.s.ignoreExtensions.has(lastSeg.slice(dot + 1).toLowerCase()) ? 'static' : null;
  }

  private newHost(): Host {
    const s = this.s;
    const h: Host = {
      trie: new PathTrie<Endpoint>(
        {
          valueThreshold: s.pathValueThreshold,
          literalLimit: s.pathLiteralLimit,
          similarThreshold: s.pathSimilarThreshold,
          maxNodes: s.maxEndpointsPerHost * 4,
        },
        (into, from) => this.mergeEndpoints(h, into, from),
        (a, b) => shapeSimilarity(h, a, b),
        () => h.endpoints,
        (e) => e.bodyShape?.size ?? 0,
        (a, b) => querySimilarity(h, a, b),
        (e) => (e.total?.count ?? 0) + (e.pending?.count ?? 0),
        bodyOverlap,
      ),
      endpoints: 0,
      fieldEndpoints: new Map(),
      shaped: 0,
      queryEndpoints: new Map(),
      queried: 0,
    };
    return h;
  }

  private folds(): number {
    let n = 0;
    for (const h of this.hosts.values()) n += h.trie.folds;
    return n;
  }

  private record(e: Endpoint, status: number | null, facts: RecordedFacts, ts: string): void {
    const p = (e.pending ??= emptyFacts(ts));
    p.count++;
    if (ts < p.first_seen) p.first_seen = ts;
    if (ts > p.last_seen) p.last_seen = ts;
    const t = e.total;
    // A parameter named twice in one request (a repeated query name, a JSON path of two types) counts once.
    const counted = this.counted;
    counted.clear();
    for (const v of facts.params)
      observe((p.params[v.loc] ??= {}), v, counted, t?.params[v.loc], e.admitParam, PARAM_WHERE[v.loc]);
    if (facts.graphql !== null) recordGraphql(p, t, facts.graphql, e.admitParam);
    if (facts.requestContentType !== null) addSet(p, 'request_content_types', facts.requestContentType);
    for (const a of facts.auth) addSet(p, 'auth', a);
    if (status !== null) {
      const code = statusCode(status);
      const r = (p.responses[code] ??= { count: 0 });
      r.count++;
      if (facts.responseContentType !== null) addSet(r, 'content_types', facts.responseContentType);
      if (facts.responseFields.length > 0) {
        // A body kept from an earlier response has fields: only a new one can be left empty (by the cap).
        const fresh = r.body === undefined;
        const body: Record<string, ParamFacts> = (r.body ??= {});
        const known = t?.responses[code]?.body;
        const where = statusWhere(status);
        for (const f of facts.responseFields) observe(body, f, null, known, e.admitField, where);
        if (fresh && Object.keys(body).length === 0) delete r.body;
      }
    }
  }

  /** Adds the request's body parameter names to the endpoint's body shape; whether it grew. */
  private sampleBody(e: Endpoint, facts: TxShape): boolean {
    let grew = false;
    let seen = false;
    for (const p of facts.params) {
      // Containers (`$`, `$[]`) every array or object body has say nothing about its schema.
      if (p.loc !== 'body' || p.name === '$' || p.name.endsWith('[]')) continue;
      seen = true;
      const shape = (e.bodyShape ??= new Set());
      if (shape.size >= SHAPE_FIELDS || !shallow(p.name) || shape.has(p.name)) continue;
      shape.add(p.name);
      grew = true;
    }
    if (seen) e.bodySamples++;
    return grew;
  }

  /** Adds the request's query parameter names to the endpoint's query shape (and the host's name counts). */
  private sampleQuery(h: Host, e: Endpoint, facts: TxShape): void {
    let seen = false;
    for (const p of facts.params) {
      if (p.loc !== 'query') continue;
      seen = true;
      if (e.queryShape === null) {
        e.queryShape = new Set();
        h.queried++;
      }
      if (e.queryShape.size >= SHAPE_FIELDS || e.queryShape.has(p.name)) continue;
      e.queryShape.add(p.name);
      h.queryEndpoints.set(p.name, (h.queryEndpoints.get(p.name) ?? 0) + 1);
    }
    if (seen) e.querySamples++;
  }

  private mergeEndpoints(h: Host, into: Endpoint, from: Endpoint): void {
    into.shape ??= from.shape;
    into.websocket ||= from.websocket;
    into.bodyShape ??= from.bodyShape;
    into.queryShape ??= from.queryShape;
    into.total = mergeFacts(into.total, from.total);
    into.pending = mergeFacts(into.pending, from.pending);
    into.paramNames.absorb(from.paramNames);
    into.fieldNames.absorb(from.fieldNames);
    h.endpoints--;
    this.counters.endpoints--;
  }

  /**
   * Every endpoint's facts by raw trie node (not by template): what a worker thread hands to the
   * capture thread, whose templater decides the templates from every worker's evidence
   * (docs/api-discovery.md#several-analysis-threads). `take`: the facts since the last call only
   * (they move to the total, as takeDeltas).
   */
  rawFacts(take: boolean): RawEndpointFacts[] {
    const out: RawEndpointFacts[] = [];
    for (const [host, h] of this.hosts) {
      h.trie.rawNodes((keys, node) => {
        for (const [method, e] of node.methods!) {
          const facts = take ? e.pending : mergeFacts(e.total, e.pending);
          if (take) {
            e.total = mergeFacts(e.total, e.pending);
            e.pending = null;
            e.paramNames.exported();
            e.fieldNames.exported();
          }
          if (facts !== null) out.push({ host, keys: [...keys], method, facts });
        }
      });
    }
    return out;
  }

  /**
   * Another thread's facts of a raw node (`rawFacts`) merged into the endpoint at that node here;
   * false when this inventory has no such endpoint (its templater refused the path or the endpoint:
   * caps, or a value position the other thread folded and this one did not).
   */
  addRawFacts(r: RawEndpointFacts): boolean {
    const node = this.hosts.get(r.host)?.trie.nodeAt(r.keys);
    const e = node?.methods?.get(r.method);
    if (e === undefined) return false;
    e.pending = mergeFacts(e.pending, r.facts);
    return true;
  }

  /** The facts gathered since the last call, one record per changed endpoint; they move to the total. */
  takeDeltas(): ApiEndpointRecord[] {
    return this.collect(
      (e) => e.pending,
      (e) => {
        e.total = mergeFacts(e.total, e.pending);
        e.pending = null;
        e.paramNames.exported();
        e.fieldNames.exported();
      },
    );
  }

  /** The whole inventory: one record per endpoint (what replay emits and OpenAPI is built from). */
  snapshot(): ApiEndpointRecord[] {
    return this.collect((e) => mergeFacts(e.total, e.pending), null);
  }

  /**
   * One record per template and method: the facts of the raw endpoints the template covers
   * merged, with the path parameters derived from the template (always present, so their count is
   * the endpoint's; their types are those of the values seen at the position).
   */
  private collect(pick: (e: Endpoint) => EndpointFacts | null, after: ((e: Endpoint) => void) | null): ApiEndpointRecord[] {
    const out: ApiEndpointRecord[] = [];
    for (const host of [...this.hosts.keys()].sort()) {
      const trie = this.hosts.get(host)!.trie;
      const entries = trie.entries();
      this.counters.positionsFolded = this.folds();
      const ids = idTypesOf(entries);
      for (const entry of entries) {
        const byMethod = new Map<string, EndpointFacts | null>();
        const grpcMethods = new Set<string>();
        const websocketMethods = new Set<string>();
        for (const node of entry.nodes) {
          for (const [m, e] of node.methods ?? []) {
            byMethod.set(m, mergeFacts(byMethod.get(m) ?? null, pick(e)));
            if (e.grpc) grpcMethods.add(m);
            if (e.websocket) websocketMethods.add(m);
            after?.(e);
          }
        }
        for (const method of [...byMethod.keys()].sort()) {
          const merged = byMethod.get(method)!;
          if (merged === null) continue;
          // Raw endpoints merged under one template each kept their smallest names: the smallest of all.
          // In a merge's form (keys sorted, unions sorted) whether one raw endpoint, several or several threads' facts made it.
          const f = canonicalEndpoint(
            capEndpointFacts(merged, this.s.maxParamsPerEndpoint, this.s.maxResponseFieldsPerEndpoint) as unknown as Json,
          ) as unknown as EndpointFacts;
          const base = { type: 'api_endpoint' as const, ts: f.last_seen, host, method, template: entry.template };
          out.push(
            grpcMethods.has(method)
              ? { ...base, kind: 'grpc', ...withPathParams(f, entry, ids) }
              : websocketMethods.has(method)
                ? { ...base, kind: 'websocket', ...withPathParams(f, entry, ids) }
                : { ...base, ...withPathParams(f, entry, ids) },
          );
        }
      }
    }
    return out;
  }
}

/**
 * How alike two endpoints' response shapes are: the weighted share of the smaller shape's fields
 * that the other has (optional fields make two answers of one resource differ, but one mostly
 * inside the other), each field weighted by how rare it is among the host's endpoints
 * (ln((N+1)/n)): an envelope every answer has (`$.meta.page`) says little, a resource's own
 * fields (`$.channels`, `$.email`) say much. Null when a shape is unknown.
 */
function shapeSimilarity(h: Host, a: Endpoint, b: Endpoint): number | null {
  const res = responseSimilarity(h, a, b);
  const req = bodySimilarity(a, b);
  if (req === null) return res;
  return res === null ? req : Math.min(res, req);
}

/**
 * The query parameter names two endpoints were sent, weighted by rarity as response fields are: one
 * operation's requests take one query schema (`/projects-v1/jack20` and `/projects-v1/PeterRossi`, both
 * `?excludeAllowedReviewers=`). Evidence of likeness only, never against it: optional query parameters come
 * and go from call to call, so names that differ say nothing (null below SHAPE_ALIKE_QUERY). Read by the
 * templates only where a word is weighed against a position's values and nothing else compares
 * (templates.ts againstValues): operations of one resource share their query too (`/lists/show.json` and
 * `/lists/members.json`, both `?list_id=`), so among words alone it would merge actions.
 */
function querySimilarity(h: Host, a: Endpoint, b: Endpoint): number | null {
  if (a.queryShape === null || b.queryShape === null) return null;
  const weight = (f: string): number => Math.log((h.queried + 1) / (h.queryEndpoints.get(f) ?? 1));
  const [small, large] = a.queryShape.size <= b.queryShape.size ? [a.queryShape, b.queryShape] : [b.queryShape, a.queryShape];
  let common = 0;
  let all = 0;
  for (const f of small) {
    const w = weight(f);
    all += w;
    if (large.has(f)) common += w;
  }
  const sim = all === 0 ? 0 : common / all;
  return sim >= SHAPE_ALIKE_QUERY ? sim : null;
}

/** Query names in common, as a share of the smaller query's weight, that count as alike (templates.ts SHAPE_ALIKE is the same). */
const SHAPE_ALIKE_QUERY = 0.75;

/**
 * How alike two endpoints' request bodies are (`PUT /functions/a` and `PUT /functions/b` take one
 * schema, `PUT /products/prices` and `PUT /products/stocks` two). Null when either sent no body
 * parameters.
 */
function bodySimilarity(a: Endpoint, b: Endpoint): number | null {
  const names = bodyNamesInCommon(a, b);
  if (names === null) return null;
  const { small, large, common } = names;
  // One schema: the smaller body's names are all in the other (optional fields left out). Else the
  // share of names in common over both (`[{sku, price}]` and `[{sku, quantity}]` share a third).
  return common === small ? 1 : common / (small + large - common);
}

/**
 * The share of the smaller request body's names the other body has (null when either sent none): how far two
 * bodies may be one schema's, optional fields coming and going (`{name, maxRuns, maxGpus}` beside `{maxCpus,
 * maxRuns, maxGpus}`: two of three), read by the templates where words' own bodies are weighed (wordsLikeness).
 */
function bodyOverlap(a: Endpoint, b: Endpoint): number | null {
  const names = bodyNamesInCommon(a, b);
  return names === null ? null : names.common / names.small;
}

function bodyNamesInCommon(a: Endpoint, b: Endpoint): { small: number; large: number; common: number } | null {
  if (a.bodyShape === null || b.bodyShape === null || a.bodyShape.size === 0 || b.bodyShape.size === 0) return null;
  const [small, large] = a.bodyShape.size <= b.bodyShape.size ? [a.bodyShape, b.bodyShape] : [b.bodyShape, a.bodyShape];
  let common = 0;
  for (const f of small) if (large.has(f)) common++;
  return { small: small.size, large: large.size, common };
}

function responseSimilarity(h: Host, a: Endpoint, b: Endpoint): number | null {
  if (a.shape === null || b.shape === null) return null;
  const weight = (f: string): number => Math.log((h.shaped + 1) / (h.fieldEndpoints.get(f) ?? 1));
  let common = 0;
  let wa = 0;
  let wb = 0;
  for (const f of a.shape) {
    const w = weight(f);
    wa += w;
    if (b.shape.has(f)) common += w;
  }
  for (const f of b.shape) wb += weight(f);
  const smaller = Math.min(wa, wb);
  return smaller === 0 ? 1 : common / smaller;
}

/** The method a transaction's endpoint is named by: a WebSocket over HTTP/2 is opened by an extended CONNECT, the same endpoint as HTTP/1.1's GET. */
export function endpointMethod(tx: HttpTransaction, websocket: boolean): string {
  return websocket ? 'GET' : tx.request.method.toUpperCase();
}

/** The opening handshake of a WebSocket: a 101 to `Upgrade: websocket`, or an extended CONNECT for `websocket` answered 2xx. */
export function isWebSocketHandshake(tx: HttpTransaction): boolean {
  const res = tx.response;
  if (res === null) return false;
  if (tx.request.protocol !== undefined) return tx.request.protocol.toLowerCase() === 'websocket' && res.status < 300;
  return res.status === 101 && headerTokens(res.headers, 'upgrade').includes('websocket');
}

/** Operation and fragment names kept per GraphQL operation (clients choose them freely). */
const MAX_GRAPHQL_NAMES = 20;

/**
 * A GraphQL request's operations into the endpoint's facts: each operation root field and each
 * argument name new to the endpoint takes a place of max_params_per_endpoint (counted
 * `paramsCapped` when none is left); an operation is counted once per request.
 */
function recordGraphql(p: EndpointFacts, known: EndpointFacts | null, ops: GraphqlOperationSeen[], admit: Admit): void {
  const counted = new Set<string>();
  for (const op of ops) {
    const map = (p.graphql ??= {});
    let f = map[op.key];
    if (f === undefined) {
      if (!admit(known?.graphql?.[op.key] !== undefined, 'g', op.key)) continue;
      f = map[op.key] = { type: op.type, field: op.field, count: 0 };
    }
    if (!counted.has(op.key)) {
      counted.add(op.key);
      f.count++;
    }
    if (op.operationName !== null && (f.operation_names?.length ?? 0) < MAX_GRAPHQL_NAMES)
      addSet(f, 'operation_names', op.operationName);
    for (const fragment of op.fragments) if ((f.fragments?.length ?? 0) < MAX_GRAPHQL_NAMES) addSet(f, 'fragments', fragment);
    for (const a of op.arguments) {
      const args = (f.arguments ??= {});
      let arg = ownValue(args, a.name);
      if (arg === undefined) {
        const knownArgs = known?.graphql?.[op.key]?.arguments;
        if (!admit(knownArgs !== undefined && Object.hasOwn(knownArgs, a.name), `a${op.key}`, a.name)) continue;
        arg = setOwn(args, a.name, { count: 0, types: [] });
      }
      arg.count++;
      addSet(arg, 'types', a.type);
    }
  }
}

/**
 * How the host's answers write the ids of each template position (./path-types), read from every
 * endpoint's facts so far (exported or not): a delta's path parameter types are those of the
 * inventory at that time, like its template.
 */
function idTypesOf(entries: Array<TemplateEntry<Endpoint>>): IdTypes {
  const answers: TemplateAnswers[] = [];
  for (const entry of entries)
    for (const node of entry.nodes)
      for (const [method, e] of node.methods ?? []) {
        if (e.total !== null) answers.push({ template: entry.template, method, responses: e.total.responses });
        if (e.pending !== null) answers.push({ template: entry.template, method, responses: e.pending.responses });
      }
  return new IdTypes(answers);
}

function withPathParams(f: EndpointFacts, entry: TemplateEntry<Endpoint>, ids: IdTypes): EndpointFacts {
  if (entry.pathParams.length === 0) return f;
  const path: Record<string, ParamFacts> = {};
  const items = itemPositions(entry.template);
  for (const [i, p] of entry.pathParams.entries()) {
    // Digits the API writes as strings in its answers are string ids (`"Id": "4417"`).
    const item = items[i] ?? null;
    const types =
      p.types.length === 1 && p.types[0] === 'integer' && item !== null && ids.typeAt(item) === 'string' ? ['string'] : p.types;
    const facts: ParamFacts = { count: f.count, types };
    if (p.formats.length > 0) facts.formats = p.formats;
    setOwn(path, p.name, facts);
  }
  return { ...f, params: { path, ...f.params } };
}
