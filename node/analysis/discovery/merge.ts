/**
 * The merge of API-discovery deltas, shared by the node (its own inventory is the merge of the
 * deltas it exported), the worker pool and the reference cloud. How each field merges is written
 * in a table beside the fields (./facts: ENDPOINT_RULES), never guessed from a name. Every rule is
 * commutative and associative (sum, min, max, set union, key-by-key), so deltas from several
 * nodes merge to the same inventory in any order and any grouping (SPEC section 7). Replaying a
 * delta twice is prevented per batch (batch_id), since counts add.
 */
import { ENDPOINT_RULES, type MergeRule } from './facts';
import { ownValue } from '../../own-keys';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** An endpoint's identity: host, method and path template. */
export function endpointKey(e: Record<string, unknown>): string {
  const s = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  return `${s(e.host)} ${s(e.method).toUpperCase()} ${s(e.template ?? e.path_template ?? e.path)}`;
}

/**
 * The delta as the inventory keeps it: without node_uuid, so that nodes sharing the traffic
 * (each seeing some of the connections) build the same inventory as one node seeing it all.
 */
export function normaliseDelta(e: Record<string, unknown>): Record<string, Json> {
  const out = { ...e } as Record<string, Json>;
  delete out.node_uuid;
  if (typeof out.method === 'string') out.method = out.method.toUpperCase();
  return out;
}

/** Two api_endpoint records (or endpoint facts) of one endpoint merged by ENDPOINT_RULES. */
export function mergeEndpoint(a: Json | undefined, b: Json | undefined): Json {
  return mergeBy(ENDPOINT_RULES, a, b);
}

/** Merges by a rule of the table; a field the table does not name merges by `mergeUnknown`. */
export function mergeBy(rule: MergeRule | undefined, a: Json | undefined, b: Json | undefined): Json {
  if (a === undefined) return b as Json;
  if (b === undefined) return a;
  if (rule === undefined) return mergeUnknown(a, b);
  if (typeof rule === 'string') {
    switch (rule) {
      case 'sum':
        return typeof a === 'number' && typeof b === 'number' ? a + b : mergeUnknown(a, b);
      case 'min':
        return order(a, b) <= 0 ? a : b;
      case 'max':
      case 'same':
        return order(a, b) >= 0 ? a : b;
      case 'union':
        return Array.isArray(a) && Array.isArray(b) ? union(a, b) : mergeUnknown(a, b);
    }
  }
  if (!isObject(a) || !isObject(b)) return mergeUnknown(a, b);
  const out: Array<[string, Json]> = [];
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)]))
    out.push([k, mergeBy(fieldRule(rule, k), ownValue(a, k), ownValue(b, k))]);
  return sortedObject(out);
}

/**
 * An api_endpoint record (or endpoint facts) in the form a merge gives: object keys sorted at
 * every level, `union` arrays sorted and without repeats. The inventory emits every record so,
 * whether its facts came from one raw endpoint, from several merged under one template, or from
 * several worker threads (docs/api-discovery.md "Several analysis threads"): one answer, byte for
 * byte. Idempotent, and `canonicalEndpoint(mergeEndpoint(a, b))` is `mergeEndpoint(a, b)`.
 */
export function canonicalEndpoint(a: Json): Json {
  return canonicalBy(ENDPOINT_RULES, a);
}

function canonicalBy(rule: MergeRule | undefined, a: Json): Json {
  if (rule === undefined) return canonicalUnknown(a);
  if (typeof rule === 'string') return rule === 'union' && Array.isArray(a) ? union(a, []) : a;
  if (!isObject(a)) return canonicalUnknown(a);
  return sortedObject(Object.entries(a).map(([k, v]) => [k, canonicalBy(fieldRule(rule, k), v)]));
}

function canonicalUnknown(a: Json): Json {
  if (Array.isArray(a)) return union(a, []);
  if (isObject(a)) return canonicalBy({ each: undefined }, a);
  return a;
}

/**
 * Fields no table names (a newer node's delta): numbers and strings keep the larger, booleans
 * or, arrays are sets, objects merge key by key; different kinds keep a deterministic choice.
 * Commutative and associative like the rules of the table.
 */
function mergeUnknown(a: Json, b: Json): Json {
  if (typeof a === typeof b && (typeof a === 'number' || typeof a === 'string')) return order(a, b) >= 0 ? a : b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a || b;
  if (Array.isArray(a) && Array.isArray(b)) return union(a, b);
  if (isObject(a) && isObject(b)) return mergeBy({ each: undefined }, a, b);
  return JSON.stringify(a) > JSON.stringify(b) ? a : b;
}

function order(a: Json, b: Json): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function union(a: Json[], b: Json[]): Json[] {
  const byText = new Map<string, Json>();
  for (const v of [...a, ...b]) byText.set(JSON.stringify(v), v);
  return [...byText.keys()].sort().map((k) => byText.get(k)!);
}

function isObject(v: Json): v is { [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The rule of field `k` of an object rule. Keys come from the data: a key named like an
 * Object.prototype member (`constructor`) has no rule of its own (docs/design.md, "Names from traffic").
 */
function fieldRule(rule: Exclude<MergeRule, string>, k: string): MergeRule | undefined {
  return 'each' in rule ? rule.each : ownValue(rule.fields, k);
}

/** An object of these entries, keys sorted; built with fromEntries, so `__proto__` stays a key. */
function sortedObject(entries: Array<[string, Json]>): Record<string, Json> {
  return Object.fromEntries(entries.sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
}

export class Inventory {
  private readonly endpoints = new Map<string, Json>();

  add(delta: Record<string, unknown>): void {
    const key = endpointKey(delta);
    this.endpoints.set(key, mergeEndpoint(this.endpoints.get(key), normaliseDelta(delta)));
  }

  list(): Json[] {
    return [...this.endpoints.keys()].sort().map((k) => this.endpoints.get(k)!);
  }
}
