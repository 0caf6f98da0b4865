/**
 * The merge rules of API-discovery deltas, shared by the node (its own inventory is the merge of
 * the deltas it exported) and the reference cloud. Every rule is commutative and associative (sum,
 * min, max, and, or, set union), so deltas from several nodes merge to the same inventory in any
 * order and any grouping (SPEC section 7). Replaying a delta twice is prevented per batch (batch_id),
 * since counts add.
 */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const SUMMED = new Set(['count', 'hits', 'calls', 'requests', 'seen']);
const AND = new Set(['required']);

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

export function mergeValue(key: string, a: Json | undefined, b: Json | undefined): Json {
  if (a === undefined) return b as Json;
  if (b === undefined) return a;
  if (typeof a === 'number' && typeof b === 'number') {
    if (SUMMED.has(key)) return a + b;
    return key.startsWith('first') || key.startsWith('min') ? Math.min(a, b) : Math.max(a, b);
  }
  if (typeof a === 'string' && typeof b === 'string') {
    const first = key.startsWith('first') || key.startsWith('min');
    return (first ? a < b : a > b) ? a : b;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return AND.has(key) ? a && b : a || b;
  if (Array.isArray(a) && Array.isArray(b)) {
    const byText = new Map<string, Json>();
    for (const v of [...a, ...b]) byText.set(JSON.stringify(v), v);
    return [...byText.keys()].sort().map((k) => byText.get(k)!);
  }
  if (isObject(a) && isObject(b)) {
    const out: Record<string, Json> = {};
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) out[k] = mergeValue(k, a[k], b[k]);
    return sortKeys(out);
  }
  // Different shapes for the same key: keep a deterministic choice.
  return JSON.stringify(a) > JSON.stringify(b) ? a : b;
}

function isObject(v: Json): v is { [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function sortKeys(o: Record<string, Json>): Record<string, Json> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}

export class Inventory {
  private readonly endpoints = new Map<string, Json>();

  add(delta: Record<string, unknown>): void {
    const key = endpointKey(delta);
    this.endpoints.set(key, mergeValue('', this.endpoints.get(key), normaliseDelta(delta)));
  }

  list(): Json[] {
    return [...this.endpoints.keys()].sort().map((k) => this.endpoints.get(k)!);
  }
}
