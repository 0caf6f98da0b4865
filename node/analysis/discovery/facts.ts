/**
 * What the inventory knows about one endpoint, in the delta format itself (plain JSON merged by
 * ./merge): counts add, first_seen is the minimum, last_seen the maximum, types/formats/sensitive
 * kinds are sets, parameters and statuses are objects merged key by key. "Required" is not stored:
 * a parameter is required when its count equals the endpoint's (docs/api-discovery.md).
 */
import type { ObservedValue, ParamLocation } from './extract';

export type Location = ParamLocation | 'path';

export interface ParamFacts {
  count: number;
  types: string[];
  formats?: string[];
  sensitive?: string[];
}

export interface ResponseFacts {
  count: number;
  content_types?: string[];
  /** Response body fields by JSON path. */
  body?: Record<string, ParamFacts>;
}

export interface EndpointFacts {
  count: number;
  first_seen: string;
  last_seen: string;
  params: Partial<Record<Location, Record<string, ParamFacts>>>;
  request_content_types?: string[];
  auth?: string[];
  responses: Record<string, ResponseFacts>;
}

export function emptyFacts(ts: string): EndpointFacts {
  return { count: 0, first_seen: ts, last_seen: ts, params: {}, responses: {} };
}

/**
 * Sets are sorted arrays never changed in place: one-element sets (nearly all of them: a parameter
 * has one type) are shared, interned per value, which keeps per-parameter memory small.
 */
const SINGLETONS = new Map<string, string[]>();

function addToSet(list: string[] | undefined, v: string): string[] {
  if (list === undefined) {
    let one = SINGLETONS.get(v);
    if (one === undefined) {
      one = Object.freeze([v]) as string[];
      if (SINGLETONS.size < 4096) SINGLETONS.set(v, one);
    }
    return one;
  }
  return list.includes(v) ? list : [...list, v].sort();
}

export function addSet<K extends string>(o: { [k in K]?: string[] }, key: K, v: string): void {
  o[key] = addToSet(o[key], v);
}

/**
 * Counts one observation of a value under `map[name]`. A name new to `map` is added when `admit`
 * allows it, told whether `known` (the facts before the last export) has the name. With `counted`,
 * a name is counted once per transaction (the facts already counted are in it).
 */
export function observe(
  map: Record<string, ParamFacts>,
  v: ObservedValue,
  counted: Set<ParamFacts> | null,
  known: Record<string, ParamFacts> | undefined,
  admit: (known: boolean) => boolean,
): void {
  let p = map[v.name];
  if (p === undefined) {
    if (!admit(known?.[v.name] !== undefined)) return;
    p = map[v.name] = { count: 0, types: addToSet(undefined, v.type) };
  }
  if (counted === null) p.count++;
  else if (!counted.has(p)) {
    counted.add(p);
    p.count++;
  }
  addSet(p, 'types', v.type);
  if (v.format !== null) addSet(p, 'formats', v.format);
  for (const s of v.sensitive) addSet(p, 'sensitive', s);
}
