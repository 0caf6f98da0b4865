/**
 * The node's API inventory: per host a template trie (./templates) whose nodes hold, per method,
 * the endpoint's facts (./facts) since the last export (`pending`) and before it (`total`). A
 * delta is the pending facts; the inventory is total merged with pending, by the same rules the
 * cloud merges deltas with. Noise (static assets, non-API content types, error-only or
 * unanswered requests) never creates an endpoint; every cap is counted.
 */
import type { HttpTransaction } from '../../http/types';
import type { ApiEndpointRecord } from '../../records/types';
import type { TxFacts } from './extract';
import { addSet, emptyFacts, observe, type EndpointFacts, type ParamFacts } from './facts';
import { mergeValue, type Json } from './merge';
import type { DiscoverySettings } from './settings';
import { PathTrie, type PathNode } from './templates';
import { classifyText } from './values';

class Endpoint {
  /** The field paths of its first 2xx JSON response with two fields or more (similar-sibling folding). */
  shape: string | null = null;
  total: EndpointFacts | null = null;
  pending: EndpointFacts | null = null;
  /** Parameters and response fields admitted (for the per-endpoint cap; an upper bound after folds). */
  params = 0;
}

interface Host {
  trie: PathTrie<Endpoint>;
  endpoints: number;
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
  /** Positions folded because several literal leaves answered with the same response shape. */
  similarFolds: number;
}

export interface Observed {
  /** Template to name the endpoint by (literal path when the inventory does not know it). */
  template: string;
  /** False when the request is noise for the inventory. */
  api: boolean;
}

function mergeFacts(a: EndpointFacts | null, b: EndpointFacts | null): EndpointFacts | null {
  if (a === null) return b;
  if (b === null) return a;
  return mergeValue('', a as unknown as Json, b as unknown as Json) as unknown as EndpointFacts;
}

export class DiscoveryInventory {
  readonly counters: DiscoveryCounters = {
    hosts: 0, endpoints: 0, noiseStatic: 0, noiseContentType: 0, noiseErrorOnly: 0, hostsCapped: 0, endpointsCapped: 0, paramsCapped: 0, pathsRefused: 0, similarFolds: 0,
  };
  private readonly hosts = new Map<string, Host>();

  constructor(private readonly s: DiscoverySettings) {}

  /** Records one transaction; `record` false only resolves the template (no facts kept). */
  observe(tx: HttpTransaction, hostName: string, facts: TxFacts, ts: string, record: boolean): Observed {
    const c = this.counters;
    const host = hostName.toLowerCase();
    const method = tx.request.method.toUpperCase();
    const lastSeg = facts.path.slice(facts.path.lastIndexOf('/') + 1);
    const dot = lastSeg.lastIndexOf('.');
    const staticAsset = dot > 0 && this.s.ignoreExtensions.has(lastSeg.slice(dot + 1).toLowerCase());
    const ct = facts.responseContentType;
    const nonApiType = ct !== null && this.s.ignoreContentTypes.some((p) => ct.startsWith(p));
    const res = tx.response;
    const answered = res !== null && res.status < 400 && method !== 'OPTIONS';
    let h = this.hosts.get(host);
    if (staticAsset || nonApiType) {
      if (staticAsset) c.noiseStatic++;
      else c.noiseContentType++;
      return { template: h?.trie.resolve(facts.path, false)?.template ?? facts.path, api: false };
    }
    if (h === undefined) {
      if (!answered) {
        c.noiseErrorOnly++;
        return { template: facts.path, api: false };
      }
      if (this.hosts.size >= this.s.maxHosts) {
        c.hostsCapped++;
        return { template: facts.path, api: false };
      }
      const created: Host = { trie: new PathTrie<Endpoint>(this.s.pathValueThreshold, this.s.maxEndpointsPerHost * 4, (into, from) => this.mergeEndpoints(created, into, from)), endpoints: 0 };
      h = created;
      this.hosts.set(host, h);
      c.hosts++;
    }
    const r = h.trie.resolve(facts.path, answered);
    if (r === null) {
      c.pathsRefused++;
      return { template: facts.path, api: false };
    }
    if (r.node === null) {
      c.noiseErrorOnly++;
      return { template: r.template, api: false };
    }
    let e = r.node.methods?.get(method);
    if (e === undefined) {
      if (!answered) {
        c.noiseErrorOnly++;
        return { template: r.template, api: false };
      }
      if (h.endpoints >= this.s.maxEndpointsPerHost || c.endpoints >= this.s.maxEndpoints) {
        c.endpointsCapped++;
        return { template: r.template, api: false };
      }
      e = new Endpoint();
      (r.node.methods ??= new Map()).set(method, e);
      h.endpoints++;
      c.endpoints++;
    }
    if (record) this.record(e, tx, facts, r.pathValues, ts);
    if (e.shape === null && res !== null && res.status < 300 && facts.responseFields.length > 2) {
      e.shape = facts.responseFields.map((f) => f.name).sort().join('\n');
      if (r.literalParent !== null && this.similarLeaves(r.literalParent.literal, method, e.shape)) {
        h.trie.fold(r.literalParent);
        c.similarFolds++;
        return { template: h.trie.resolve(facts.path, false)!.template, api: true };
      }
    }
    return { template: r.template, api: true };
  }

  /**
   * Whether `path_similar_threshold` literal leaves of one position answer `method` with the same
   * response shape: values (slugs, user names), not resources, which would answer differently.
   */
  private similarLeaves(siblings: Map<string, PathNode<Endpoint>> | null, method: string, shape: string): boolean {
    const need = this.s.pathSimilarThreshold;
    if (need === 0 || siblings === null || siblings.size < need) return false;
    let alike = 0;
    for (const child of siblings.values()) {
      if (child.literal !== null || child.variable !== null) continue;
      if (child.methods?.get(method)?.shape === shape && ++alike >= need) return true;
    }
    return false;
  }

  private record(e: Endpoint, tx: HttpTransaction, facts: TxFacts, pathValues: Array<[string, string]>, ts: string): void {
    const p = (e.pending ??= emptyFacts(ts));
    p.count++;
    if (ts < p.first_seen) p.first_seen = ts;
    if (ts > p.last_seen) p.last_seen = ts;
    const t = e.total;
    /** A name new to the pending half is admitted when the total has it, or while under the cap. */
    const admit = (known: boolean): boolean => {
      if (known) return true;
      if (e.params >= this.s.maxParamsPerEndpoint) {
        this.counters.paramsCapped++;
        return false;
      }
      e.params++;
      return true;
    };
    for (const [name, value] of pathValues) {
      const { type, format } = classifyText(value);
      observe((p.params.path ??= {}), { name, type, format, sensitive: [] }, null, t?.params.path, admit);
    }
    // A parameter named twice in one request (a repeated query name, a JSON path of two types) counts once.
    const counted = new Set<ParamFacts>();
    for (const v of facts.params) observe((p.params[v.loc] ??= {}), v, counted, t?.params[v.loc], admit);
    if (facts.requestContentType !== null) addSet(p, 'request_content_types', facts.requestContentType);
    for (const a of facts.auth) addSet(p, 'auth', a);
    const res = tx.response;
    if (res !== null) {
      const r = (p.responses[String(res.status)] ??= { count: 0 });
      r.count++;
      if (facts.responseContentType !== null) addSet(r, 'content_types', facts.responseContentType);
      if (facts.responseFields.length > 0) {
        // A body kept from an earlier response has fields: only a new one can be left empty (by the cap).
        const fresh = r.body === undefined;
        const body: Record<string, ParamFacts> = (r.body ??= {});
        const known = t?.responses[String(res.status)]?.body;
        for (const f of facts.responseFields) observe(body, f, null, known, admit);
        if (fresh && Object.keys(body).length === 0) delete r.body;
      }
    }
  }

  private mergeEndpoints(h: Host, into: Endpoint, from: Endpoint): void {
    into.shape ??= from.shape;
    into.total = mergeFacts(into.total, from.total);
    into.pending = mergeFacts(into.pending, from.pending);
    into.params += from.params;
    h.endpoints--;
    this.counters.endpoints--;
  }

  /** The facts gathered since the last call, one record per changed endpoint; they move to the total. */
  takeDeltas(): ApiEndpointRecord[] {
    return this.collect((e) => {
      const d = e.pending;
      if (d === null) return null;
      e.total = mergeFacts(e.total, d);
      e.pending = null;
      return d;
    });
  }

  /** The whole inventory: one record per endpoint (what replay emits and OpenAPI is built from). */
  snapshot(): ApiEndpointRecord[] {
    return this.collect((e) => mergeFacts(e.total, e.pending));
  }

  private collect(pick: (e: Endpoint) => EndpointFacts | null): ApiEndpointRecord[] {
    const out: ApiEndpointRecord[] = [];
    for (const host of [...this.hosts.keys()].sort()) {
      for (const { template, node } of this.hosts.get(host)!.trie.entries()) {
        for (const method of [...node.methods!.keys()].sort()) {
          const f = pick(node.methods!.get(method)!);
          if (f !== null) out.push({ type: 'api_endpoint', ts: f.last_seen, host, method, template, ...f });
        }
      }
    }
    return out;
  }
}
