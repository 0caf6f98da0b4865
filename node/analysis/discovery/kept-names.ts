/**
 * Which parameter and field names an endpoint keeps past its caps (max_params_per_endpoint,
 * max_response_fields_per_endpoint): the `cap` smallest by their key (JSON depth + where + NUL +
 * name, in code-unit order), not the first ones seen. The depth comes first so that a large body
 * loses its deepest fields first, never the query parameters or its own top-level fields:
 * `?name=` and `$.Image` of a body with 150 fields under `$.HostConfig` are kept
 * (docs/api-discovery.md "Caps and counters"). The first ones seen depend on the order requests
 * reach a thread, so with several threads (or nodes) each would keep other names; the smallest
 * names are a function of the set of names alone, and mergeable
 * (docs/api-discovery.md#several-analysis-threads): a name among the `cap` smallest of all is among
 * the `cap` smallest of any part it was seen in, so no thread ever refused or evicted it and its
 * counts are complete everywhere; the merge of the parts cut to the `cap` smallest
 * (`capEndpointFacts`) is the one-thread answer.
 */
import type { EndpointFacts } from './facts';

/** A key's location: params `p<loc>`, GraphQL operations `g`, their arguments `a<operation>`; fields `r<status>`, messages `m<side>`. */
const SEP = '\u0000';

export class KeptNames {
  /** Names admitted into the current (pending) facts, unsorted; the index of the largest. */
  private readonly keys: string[] = [];
  private maxAt = -1;
  /** Names admitted since the endpoint was made (an upper bound after merges). */
  admitted = 0;

  constructor(private readonly cap: number) {}

  /**
   * Admits the key of a name new to the facts: true (room left), false (refused: the facts have
   * `cap` smaller ones), or the key evicted to make room (the caller removes it from the facts).
   */
  admit(key: string): boolean | string {
    if (this.admitted < this.cap) {
      this.admitted++;
      this.keys.push(key);
      if (this.maxAt < 0 || key > this.keys[this.maxAt]) this.maxAt = this.keys.length - 1;
      return true;
    }
    if (this.maxAt < 0 || key >= this.keys[this.maxAt]) return false;
    const evicted = this.keys[this.maxAt];
    this.keys[this.maxAt] = key;
    this.findMax();
    return evicted;
  }

  /** The pending facts were exported: what they hold can no longer be evicted (names past the cap are refused, as before). */
  exported(): void {
    this.keys.length = 0;
    this.maxAt = -1;
  }

  /** Another endpoint's names merged into this one's (the trie merged their nodes). */
  absorb(other: KeptNames): void {
    this.admitted += other.admitted;
    for (const k of other.keys) this.keys.push(k);
    this.findMax();
  }

  private findMax(): void {
    this.maxAt = -1;
    for (let i = 0; i < this.keys.length; i++) if (this.maxAt < 0 || this.keys[i] > this.keys[this.maxAt]) this.maxAt = i;
  }
}

export function keptKey(where: string, name: string): string {
  return String.fromCharCode(48 + Math.min(jsonDepth(name), 9)) + where + SEP + name;
}

/**
 * How many levels down a JSON path names a value: `$` 0, `$.a` and `$[]` 1, `$.a[].b` 3, a quoted
 * key one level (`$["a.b"]`); a query, header, cookie or form name is 0.
 */
export function jsonDepth(name: string): number {
  if (name.charCodeAt(0) !== 36 /* $ */) return 0;
  let depth = 0;
  let quoted = false;
  for (let i = 1; i < name.length; i++) {
    const c = name[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '.' || c === '[') depth++;
  }
  return depth;
}

/** Removes the name a key stands for from `f` (evicted by a smaller one). */
export function removeKept(f: EndpointFacts, key: string): void {
  const sep = key.indexOf(SEP);
  // The depth digit, where, the separator, the name.
  const where = key.slice(1, sep);
  const name = key.slice(sep + 1);
  const at = where.slice(1);
  switch (where[0]) {
    case 'p':
      delete f.params[at as keyof EndpointFacts['params']]?.[name];
      return;
    case 'g':
      delete f.graphql?.[name];
      return;
    case 'a':
      delete f.graphql?.[at]?.arguments?.[name];
      return;
    case 'r': {
      const r = f.responses[at];
      if (r?.body === undefined) return;
      delete r.body[name];
      // A response whose body lost every field has none (as when the cap left a new body empty).
      if (Object.keys(r.body).length === 0) delete r.body;
      return;
    }
    case 'm':
      delete f.messages?.[at as 'client' | 'server']?.fields?.[name];
  }
}

/** Every admitted parameter key (`params`) and field key (`fields`) of `f`; path parameters are the template's, not admitted. */
function keysOf(f: EndpointFacts): { params: string[]; fields: string[] } {
  const params: string[] = [];
  const fields: string[] = [];
  for (const [loc, map] of Object.entries(f.params)) {
    if (loc === 'path' || map === undefined) continue;
    for (const n of Object.keys(map)) params.push(keptKey(`p${loc}`, n));
  }
  for (const [op, g] of Object.entries(f.graphql ?? {})) {
    params.push(keptKey('g', op));
    for (const a of Object.keys(g.arguments ?? {})) params.push(keptKey(`a${op}`, a));
  }
  for (const [status, r] of Object.entries(f.responses))
    for (const n of Object.keys(r.body ?? {})) fields.push(keptKey(`r${status}`, n));
  for (const [side, m] of Object.entries(f.messages ?? {}))
    for (const n of Object.keys(m?.fields ?? {})) fields.push(keptKey(`m${side}`, n));
  return { params, fields };
}

/**
 * The facts cut to the `maxParams` smallest parameter keys and `maxFields` smallest field keys
 * (a copy when something is cut; `f` itself otherwise): the merge of several threads' or nodes'
 * facts, each within its caps, made the one-thread answer again.
 */
export function capEndpointFacts<F extends EndpointFacts>(f: F, maxParams: number, maxFields: number): F {
  const { params, fields } = keysOf(f);
  if (params.length <= maxParams && fields.length <= maxFields) return f;
  const out = structuredClone(f);
  for (const [keys, cap] of [
    [params, maxParams],
    [fields, maxFields],
  ] as const) {
    if (keys.length <= cap) continue;
    keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const k of keys.slice(cap)) removeKept(out, k);
  }
  return out;
}
