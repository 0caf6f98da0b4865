/**
 * What the inventory knows about one endpoint, in the delta format itself (plain JSON merged by
 * ./merge with the rules of the tables below, one table per object, beside its fields). "Required"
 * is not stored: a parameter is required when its count equals the endpoint's (docs/api-discovery.md).
 */
import { ownValue, setOwn } from '../../own-keys';
import type { ApiGraphqlOperation, ApiValueFacts } from '../../records/types';
import type { ObservedValue, ParamLocation } from './extract';

export type Location = ParamLocation | 'path';

/**
 * How a field merges: `sum` (counts), `min`/`max` (timestamps), `union` (sorted sets), `same`
 * (identity fields, equal in both; the larger is kept should they differ), `fields` (an object of
 * known fields, each by its rule), `each` (a map: every entry by one rule). Fields a table does not
 * name merge by ./merge mergeUnknown. All are commutative and associative.
 */
export type MergeRule =
  'sum' | 'min' | 'max' | 'union' | 'same' | { fields: Record<string, MergeRule> } | { each: MergeRule | undefined };

/** A parameter's or field's facts: the record's own type (one shape, records/types.ts). */
export type ParamFacts = ApiValueFacts;

export const PARAM_RULES = { fields: { count: 'sum', types: 'union', formats: 'union', sensitive: 'union' } } satisfies {
  fields: Record<keyof ParamFacts, MergeRule>;
};

export interface ResponseFacts {
  count: number;
  content_types?: string[];
  /** Response body fields by JSON path. */
  body?: Record<string, ParamFacts>;
}

export const RESPONSE_RULES = { fields: { count: 'sum', content_types: 'union', body: { each: PARAM_RULES } } } satisfies {
  fields: Record<keyof ResponseFacts, MergeRule>;
};

/** A WebSocket endpoint's messages one way: how many, and their JSON fields by path. */
export interface MessageFacts {
  count: number;
  fields?: Record<string, ParamFacts>;
}

export const MESSAGE_RULES = { fields: { count: 'sum', fields: { each: PARAM_RULES } } } satisfies {
  fields: Record<keyof MessageFacts, MergeRule>;
};
/** One GraphQL operation root field of an endpoint: the record's own type (records/types.ts). */
export type GraphqlOperationFacts = ApiGraphqlOperation;

export const GRAPHQL_OPERATION_RULES = {
  fields: {
    type: 'same',
    field: 'same',
    count: 'sum',
    operation_names: 'union',
    arguments: { each: { fields: { count: 'sum', types: 'union' } } },
    fragments: 'union',
  },
} satisfies { fields: Record<keyof GraphqlOperationFacts, MergeRule> };

export interface EndpointFacts {
  count: number;
  first_seen: string;
  last_seen: string;
  params: Partial<Record<Location, Record<string, ParamFacts>>>;
  request_content_types?: string[];
  auth?: string[];
  responses: Record<string, ResponseFacts>;
  /** WebSocket endpoints only: the messages seen from each side. */
  messages?: Partial<Record<'client' | 'server', MessageFacts>>;
  /** GraphQL endpoints: operations by `<type> <root field>`. */
  graphql?: Record<string, GraphqlOperationFacts>;
}

export const FACTS_RULES = {
  count: 'sum',
  first_seen: 'min',
  last_seen: 'max',
  params: { each: { each: PARAM_RULES } },
  request_content_types: 'union',
  auth: 'union',
  responses: { each: RESPONSE_RULES },
  messages: { fields: { client: MESSAGE_RULES, server: MESSAGE_RULES } },
  graphql: { each: GRAPHQL_OPERATION_RULES },
} satisfies Record<keyof EndpointFacts, MergeRule>;

/** An api_endpoint record: its identity, `ts` (= last_seen), the facts; node_uuid is dropped before merging. */
export const ENDPOINT_RULES: MergeRule = {
  fields: { type: 'same', host: 'same', method: 'same', template: 'same', ts: 'max', ...FACTS_RULES },
};

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
  const list = o[key];
  const next = addToSet(list, v);
  // Nearly always the value is known: the object is not written then.
  if (next !== list) o[key] = next;
}

/** Facts counted in one transaction kept in a list up to this many, then in a Set as well. */
const COUNTED_LIST_MAX = 32;

/**
 * The parameter facts counted in the transaction being recorded, so that a name met twice in it
 * counts once: `new Set()` per transaction, reused. A request names a few parameters, so they are
 * kept in a list searched in place (by identity); a Set's clear makes a new table every
 * transaction and its add and has hash the object, which cost more (docs/performance.md "HTTP,
 * discovery, vulnerabilities, output per transaction (branch i22-stages)"). Past COUNTED_LIST_MAX
 * the others go to a Set, so many parameters stay linear.
 */
export class CountedOnce {
  private readonly list: ParamFacts[] = [];
  private n = 0;
  private more: Set<ParamFacts> | null = null;

  /** A new transaction: nothing counted. */
  clear(): void {
    this.n = 0;
    this.more?.clear();
  }

  /** Whether `p` is not counted yet in this transaction (it is now). */
  first(p: ParamFacts): boolean {
    const list = this.list;
    for (let i = 0; i < this.n; i++) if (list[i] === p) return false;
    if (this.n < COUNTED_LIST_MAX) {
      list[this.n++] = p;
      return true;
    }
    const more = (this.more ??= new Set());
    if (more.has(p)) return false;
    more.add(p);
    return true;
  }
}

/**
 * Whether a name new to an endpoint's facts is kept, told whether the facts before the last export
 * know it, where it goes (./kept-names keptKey: `p<loc>`, `r<status>`...) and its name.
 */
export type Admit = (known: boolean, where: string, name: string) => boolean;

/**
 * Counts one observation of a value under `map[name]`. A name new to `map` is added when `admit`
 * allows it, told whether `known` (the facts before the last export) has the name and `where` the
 * map is. With `counted`, a name is counted once per transaction (the facts already counted are in it).
 */
export function observe(
  map: Record<string, ParamFacts>,
  v: ObservedValue,
  counted: CountedOnce | null,
  known: Record<string, ParamFacts> | undefined,
  admit: Admit,
  where: string,
): void {
  let p = ownValue(map, v.name);
  if (p === undefined) {
    if (!admit(known !== undefined && Object.hasOwn(known, v.name), where, v.name)) return;
    p = setOwn(map, v.name, { count: 0, types: addToSet(undefined, v.type) });
  }
  if (counted === null || counted.first(p)) p.count++;
  addSet(p, 'types', v.type);
  if (v.format !== null) addSet(p, 'formats', v.format);
  for (const s of v.sensitive) addSet(p, 'sensitive', s);
}
