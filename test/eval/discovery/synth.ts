/**
 * Traffic of one OpenAPI document, as a user's mirror would see it: every operation called 3–12
 * times by a few clients with realistic values (ids of several shapes: numbers, UUIDs, hex,
 * short nanoid-like ids, slugs with digits, user names, setting keys, dates, emails), request
 * bodies and JSON answers built from the schemas, plus some static files and a scanner's 404s.
 * Returns the exchanges and what was sent (the truth the score compares the inventory with).
 * A variant (VARIANTS, `--variant NAME` of eval:discovery) changes how the traffic differs from
 * this default, so that discovery is not only measured on the generator it was tuned with.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- OpenAPI documents are untyped JSON, walked by hand here */
import { createHash } from 'node:crypto';
import type { HttpExchangeSpec } from '../../../node/sample/http-exchange';
import { Rng } from '../../../node/sample/rng';
import type { ConversationPlan } from '../../../node/sample/scenarios';
import { jsonType } from '../../../node/analysis/discovery/values';

type Schema = Record<string, any>;
type Spec = Record<string, any>;

/**
 * Traffic variants (`npm run eval:discovery -- --variant NAME`, docs/api-discovery.md "Measured"):
 * each differs from the default traffic in one way real traffic does.
 */
export const VARIANTS = {
  default: 'every operation called 3-12 times by 3 clients, per-resource pools of 3-8 values',
  'low-traffic': 'every operation called exactly 3 times, by 1 or 2 clients',
  'shared-ids': 'one pool of values per value shape for every path parameter (an order id and a user id are both small integers)',
  'real-ids':
    'ids and names drawn from realistic generators: sequential integers close together, ObjectIds, ULIDs, KSUIDs, prod_/sub_ ids, base62 and base64url short ids, slugs of titles, name keys, user names in mixed styles, version tags, emails, dates and timestamps, zero-padded numeric strings (path, query and body)',
  'enum-words': 'half of the string path parameters take 3-5 plain words of a small enum (`daily`, `archived`)',
  skewed: 'one value of each path parameter gets 80 % of the calls',
  'non-json': 'answers are HTML pages, empty 204s or plain text, never JSON',
  'client-quirks':
    'one client ends every path with a slash; another writes literal segments capitalised (a case-insensitive server) in a third of its calls',
} as const;
export type Variant = keyof typeof VARIANTS;

export function isVariant(v: string): v is Variant {
  return Object.hasOwn(VARIANTS, v);
}

export interface SentParam {
  /** Query name, or `$.name` / form name for bodies. */
  name: string;
  /** The spec's type (items' type for arrays of scalars). */
  type: string;
}

export interface TruthOperation {
  method: string;
  /** The spec's template with the server's base path, parameters as `{}`. */
  template: string;
  /** Template with the spec's parameter names (for reports). */
  specTemplate: string;
  calls: number;
  query: Map<string, string>;
  body: Map<string, string>;
  /** Path parameter types in order ('integer' or 'string'). */
  path: string[];
  /** Declared formats (date, date-time, email, uuid) of the query and body parameters sent, by `query NAME` / `body NAME`. */
  formats: Map<string, string>;
  /**
   * The texts sent for each parameter written as text on the wire (a path segment, a query value, a
   * form field), by `path #i` / `query NAME` / `body NAME`: the scorer (score.ts typeAgrees) reads
   * what the wire could show of a declared `string` (`?$.xgafv=1` is also the integer 1).
   */
  texts: Map<string, Set<string>>;
}

export interface SpecTraffic {
  host: string;
  plans: ConversationPlan[];
  operations: TruthOperation[];
  /** Operations left out (paths with `?`/`#`, methods we do not call). */
  skipped: number;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Templates compared modulo parameter names: `{petId}` and `{id}` are both `{}`. */
export function normTemplate(t: string): string {
  const s = t.replace(/\{[^}]*\}/g, '{}').replace(/\/+/g, '/');
  return s.length > 1 && s.endsWith('/') ? s.slice(0, -1) : s;
}

function hash(s: string): number {
  return createHash('sha256').update(s).digest().readUInt32LE(0);
}

const WORDS = [
  'amber',
  'blue',
  'cedar',
  'delta',
  'ember',
  'falcon',
  'gold',
  'harbor',
  'iris',
  'jade',
  'kite',
  'lotus',
  'maple',
  'nova',
  'orbit',
  'pine',
  'quartz',
  'river',
  'sage',
  'tiger',
  'ultra',
  'violet',
  'willow',
  'zephyr',
  'north',
  'summit',
  'coral',
  'aspen',
];
const FIRST = [
  'anna',
  'bob',
  'carla',
  'dmitri',
  'eve',
  'farid',
  'grace',
  'hugo',
  'ines',
  'jonas',
  'kim',
  'lena',
  'marco',
  'nina',
  'oscar',
  'paula',
];
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Plain words of small enums, as path values (`/reports/{period}`, `/{visibility}/items`). */
const ENUM_WORDS = [
  'daily',
  'weekly',
  'monthly',
  'active',
  'archived',
  'pending',
  'draft',
  'published',
  'public',
  'private',
  'internal',
  'primary',
  'secondary',
  'incoming',
  'outgoing',
  'summary',
  'detailed',
];
/** Stripe-like type prefixes. */
const ID_PREFIXES = ['prod', 'sub', 'cus', 'inv', 'pi', 'acct', 'price'];

function chars(rng: Rng, alphabet: string, n: number): string {
  let s = '';
  while (s.length < n) s += alphabet[Math.floor(rng.next() * alphabet.length)];
  return s;
}

type Shape =
  | 'int'
  | 'uuid'
  | 'hex24'
  | 'hex40'
  | 'nanoid'
  | 'prefixed'
  | 'numstr'
  | 'slug'
  | 'key'
  | 'word'
  | 'username'
  | 'date'
  | 'email'
  | 'sid'
  // real-ids
  | 'seqint'
  | 'objectid'
  | 'ulid'
  | 'ksuid'
  | 'stripe'
  | 'base62'
  | 'titleslug'
  | 'namekey'
  | 'login'
  | 'version'
  | 'b64url'
  | 'timestamp'
  | 'zeropad'
  | 'enumword';

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[Math.floor(rng.next() * xs.length)];
}

function hex(rng: Rng, n: number): string {
  let s = '';
  while (s.length < n) s += Math.floor(rng.next() * 16).toString(16);
  return s;
}

function valueOfShape(shape: Shape, rng: Rng, prefix: string): string {
  switch (shape) {
    case 'int':
      return String(rng.int(1, 99999));
    case 'numstr':
      return String(rng.int(100000, 99999999));
    case 'uuid': {
      const h = hex(rng, 32);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
    }
    case 'hex24':
      return hex(rng, 24);
    case 'hex40':
      return hex(rng, 40);
    case 'nanoid': {
      let s = '';
      const n = rng.int(8, 11);
      while (s.length < n) s += ALNUM[Math.floor(rng.next() * ALNUM.length)];
      return s;
    }
    case 'prefixed': {
      let s = '';
      while (s.length < 14) s += ALNUM[Math.floor(rng.next() * ALNUM.length)];
      return `${prefix}_${s}`;
    }
    case 'sid':
      return `${prefix.toUpperCase().slice(0, 2).padEnd(2, 'X')}${hex(rng, 32)}`;
    case 'slug':
      return `${pick(rng, WORDS)}-${pick(rng, WORDS)}-${rng.int(2, 999)}`;
    case 'key':
      return `${pick(rng, WORDS)}_${pick(rng, WORDS)}_${rng.int(1, 99)}`;
    case 'word':
      return rng.next() < 0.5 ? `${pick(rng, WORDS)}-${pick(rng, WORDS)}` : `${pick(rng, WORDS)}${pick(rng, WORDS)}`;
    case 'username':
      return rng.next() < 0.6 ? `${pick(rng, FIRST)}${rng.int(1, 99)}` : `${pick(rng, FIRST)}.${pick(rng, WORDS)}`;
    case 'date':
      return `20${rng.int(20, 25)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
    case 'email':
      return `${pick(rng, FIRST)}.${pick(rng, WORDS)}@example.com`;
    case 'seqint':
      // Ids of one table drawn close together: the row ids a client sees in a list.
      return String(SEQ_BASE + rng.int(0, 40));
    case 'objectid':
      // A MongoDB ObjectId: 4 bytes of seconds (2023-2025), then 8 random bytes.
      return rng.int(0x63b0_0000, 0x6770_0000).toString(16) + hex(rng, 16);
    case 'ulid':
      return `01${chars(rng, 'GHJ', 1)}${chars(rng, CROCKFORD, 23)}`;
    case 'ksuid':
      return `2${chars(rng, ALNUM, 26)}`;
    case 'stripe':
      return `${pick(rng, ID_PREFIXES)}_${chars(rng, ALNUM, 14)}`;
    case 'base62':
      return chars(rng, ALNUM, rng.int(6, 8));
    case 'titleslug':
      return titleSlug(rng);
    case 'namekey':
      return nameKey(rng);
    case 'login':
      return login(rng);
    case 'version':
      return versionTag(rng);
    case 'b64url':
      // A URL-safe base64 id of 11 characters (a video id: `dQw4w9WgXcQ`).
      return chars(rng, `${ALNUM}-_`, 11);
    case 'timestamp':
      return rng.next() < 0.5
        ? `${valueOfShape('date', rng, '')}T${String(rng.int(0, 23)).padStart(2, '0')}:${rng.int(10, 59)}:${rng.int(10, 59)}Z`
        : String(rng.int(1_700_000_000, 1_760_000_000));
    case 'zeropad':
      return String(rng.int(1, 9999)).padStart(rng.int(5, 8), '0');
    case 'enumword':
      return pick(rng, ENUM_WORDS);
  }
}

/*
 * The real-ids variant's names (docs/api-discovery.md "Traffic variants"): drawn from a vocabulary
 * of everyday English (not the default traffic's 28 words), in the styles real sites write them,
 * mixed within one parameter's values as a real user base mixes them. Written before any
 * templating was tuned on them.
 */
const TITLE_WORDS = (
  'the a an of to and in for with on how why what your my new best first last guide notes ' +
  'release review update summer winter spring autumn city river garden kitchen coffee bread ' +
  'travel budget photo music night morning market school team project design data cloud home ' +
  'office story week year plan report launch ideas tips tricks simple quick easy great little ' +
  'big old open small world local green red black white blue golden silver north south east ' +
  'west mountain lake ocean forest road bridge station window light dark fast slow happy ' +
  'building learning making cooking running writing reading getting started using working ' +
  'about from into after before under over between without'
).split(' ');
const FIRST_NAMES =
  'anna ben carla david elena felix grace henry isabel jack julia kevin laura marco nora oliver peter rosa sam tom'.split(' ');
const SURNAMES = 'smith mueller garcia rossi dubois novak kowalski jensen silva tanaka nguyen brown weber martin costa'.split(
  ' ',
);
/** Words of setting keys, project and environment keys (`max_upload_size`, `mobile-app`, `production`). */
const KEY_WORDS = (
  'production staging dev test default main mobile web app api billing email max min upload ' +
  'size timeout retry limit enabled feature flag dark mode beta checkout search login signup ' +
  'theme language region backup sync notify alerts admin public internal legacy v2 new'
).split(' ');

/** The slug of a title: 2-7 everyday words, sometimes ending in a year (`how-to-bake-bread-2024`). */
function titleSlug(rng: Rng): string {
  const words = Array.from({ length: rng.int(2, 7) }, () => pick(rng, TITLE_WORDS));
  if (rng.next() < 0.2) words.push(String(rng.int(2015, 2025)));
  return words.join('-');
}

/** A name key: 1-3 key words joined by `-`, `_` or `.` (`production`, `mobile-app`, `max_upload_size`). */
function nameKey(rng: Rng): string {
  const sep = pick(rng, ['-', '_', '.', '-']);
  return Array.from({ length: rng.int(1, 3) }, () => pick(rng, KEY_WORDS)).join(sep);
}

/** A user name in one of the styles people pick (`annasmith`, `anna.smith`, `asmith`, `anna84`, `AnnaSmith`, `smith-anna`). */
function login(rng: Rng): string {
  const f = pick(rng, FIRST_NAMES);
  const l = pick(rng, SURNAMES);
  const cap = (w: string) => `${w[0].toUpperCase()}${w.slice(1)}`;
  switch (rng.int(0, 7)) {
    case 0:
      return `${f}${l}`;
    case 1:
      return `${f}.${l}`;
    case 2:
      return `${f[0]}${l}`;
    case 3:
      return `${f}${rng.int(1, 99)}`;
    case 4:
      return `${cap(f)}${cap(l)}`;
    case 5:
      return `${l}-${f}`;
    case 6:
      return `${f}_${l}${rng.int(1, 9)}`;
    default:
      return f;
  }
}

/** A version tag (`v1.4.2`, `2.0.0`, `3.1.0-rc.1`, `v12`). */
function versionTag(rng: Rng): string {
  const v = `${rng.int(0, 4)}.${rng.int(0, 20)}.${rng.int(0, 9)}`;
  const r = rng.next();
  if (r < 0.4) return `v${v}`;
  if (r < 0.8) return v;
  if (r < 0.9) return `${v}-${pick(rng, ['rc', 'beta', 'alpha'])}.${rng.int(1, 3)}`;
  return `v${rng.int(1, 12)}`;
}

/** Where the sequential ids of the real-ids variant start (one app's tables: small and close). */
const SEQ_BASE = 1040;

/** The real-ids variant's shape for a path parameter (the default shape says what kind of value it is). */
function realShape(api: string, name: string, shape: Shape): Shape {
  if (shape === 'int') return 'seqint';
  if (shape === 'uuid' || shape === 'email') return shape;
  if (/version|release/i.test(name) && shape !== 'date') return 'version';
  if (shape === 'date') return hash(`${api} ${name} t`) % 2 === 0 ? 'date' : 'timestamp';
  if (shape === 'username') return 'login';
  if (shape === 'slug' || shape === 'key' || shape === 'word')
    return /slug|title|post|article|page|doc/i.test(name) || hash(`${api} ${name} n`) % 2 === 0 ? 'titleslug' : 'namekey';
  const h = hash(`${api} ${name} real`);
  return (['objectid', 'ulid', 'ksuid', 'stripe', 'base62', 'zeropad', 'seqint', 'b64url'] as const)[h % 8];
}

/** The value shape of a path parameter: from its schema, else its name, else a per-API choice. */
function shapeOf(api: string, name: string, schema: Schema): Shape {
  const t = schema.type;
  if (t === 'integer' || t === 'number') return 'int';
  if (schema.format === 'uuid') return 'uuid';
  if (schema.format === 'date' || schema.format === 'date-time') return 'date';
  if (schema.format === 'email' || /email/i.test(name)) return 'email';
  if (typeof schema.pattern === 'string' && /^\^[A-Z]{2}\[0-9a-fA-F\]\{32\}\$$/.test(schema.pattern)) return 'sid';
  const h = hash(`${api} ${name}`);
  if (/user(name)?$|login$|owner$|author$|handle$|screen_?name$|^username/i.test(name)) return 'username';
  if (/date|day$/i.test(name)) return 'date';
  if (/(name|key|slug|code|setting|label|tag)s?$/i.test(name) && !/id$/i.test(name))
    return (['slug', 'key', 'word', 'username'] as const)[h % 4];
  return (['uuid', 'hex24', 'nanoid', 'prefixed', 'numstr', 'int', 'hex40', 'slug'] as const)[h % 8];
}

class Resolver {
  constructor(private readonly spec: Spec) {}

  deref<T = Schema>(v: any, depth = 0): T {
    let x = v;
    for (let i = 0; i < 10 && x && typeof x === 'object' && typeof x.$ref === 'string'; i++) {
      const parts = (x.$ref as string)
        .replace(/^#\//, '')
        .split('/')
        .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
      let y: any = this.spec;
      for (const p of parts) y = y?.[p];
      x = y ?? {};
    }
    return (depth > 40 ? {} : (x ?? {})) as T;
  }

  /** allOf merged, oneOf/anyOf: the first. */
  flat(s0: any, depth = 0): Schema {
    const s = this.deref(s0);
    if (depth > 6) return s;
    if (Array.isArray(s.allOf)) {
      const out: Schema = { type: 'object', properties: {}, required: [] };
      for (const part of s.allOf) {
        const p = this.flat(part, depth + 1);
        if (p.type && p.type !== 'object') return p;
        Object.assign(out.properties, p.properties ?? {});
        out.required.push(...(p.required ?? []));
      }
      Object.assign(out.properties, s.properties ?? {});
      return out;
    }
    for (const k of ['oneOf', 'anyOf']) if (Array.isArray(s[k]) && s[k].length > 0) return this.flat(s[k][0], depth + 1);
    return s;
  }
}

function typeOf(s: Schema): string {
  if (typeof s.type === 'string') return s.type;
  if (Array.isArray(s.type)) return s.type.find((t: string) => t !== 'null') ?? 'string';
  if (s.properties) return 'object';
  if (s.items) return 'array';
  return 'string';
}

/**
 * The type of the values sent for a schema (the truth the scorer compares with): its declared type,
 * unless it lists an enum none of whose members is of that type (`{"type": "integer", "enum": ["1 (Plan)",
 * "2 (User)"]}`, `{"type": "integer", "enum": ["1", "2", "4"]}`): valueFor sends the members, so what the
 * wire carries is the members' one JSON type. A schema no value can satisfy has no other type to be read as.
 */
function sentTypeOf(s: Schema): string {
  const declared = typeOf(s);
  if (!Array.isArray(s.enum) || s.enum.length === 0) return declared;
  const members = new Set<string>((s.enum as unknown[]).map(jsonType));
  if (members.size !== 1 || members.has(declared) || (declared === 'number' && members.has('integer'))) return declared;
  return [...members][0];
}

/** A JSON value for a schema (bounded depth), realistic enough for discovery's type checks. */
function valueFor(r: Resolver, s0: any, rng: Rng, depth: number, name = ''): unknown {
  const s = r.flat(s0);
  if (Array.isArray(s.enum) && s.enum.length > 0) return pick(rng, s.enum);
  switch (typeOf(s)) {
    case 'integer':
      return rng.int(s.minimum ?? 1, Math.max(s.minimum ?? 1, Math.min(s.maximum ?? 500, 500)));
    case 'number':
      return Math.round(rng.next() * 10000) / 100 + 0.25;
    case 'boolean':
      return rng.next() < 0.5;
    case 'array': {
      if (depth > 4) return [];
      const n = rng.int(1, 2);
      return Array.from({ length: n }, () => valueFor(r, s.items ?? {}, rng, depth + 1, name));
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      if (depth > 4) return out;
      const req = new Set<string>(s.required ?? []);
      for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, unknown>)) {
        if (req.has(k) || rng.next() < 0.8) out[k] = valueFor(r, v, rng, depth + 1, k);
      }
      return out;
    }
    default:
      return stringFor(s, rng, name);
  }
}

/** The variant of the traffic being built (module state: synthesize() sets it, one spec at a time). */
let variant: Variant = 'default';

function stringFor(s: Schema, rng: Rng, name: string): string {
  if (variant === 'real-ids' && s.format === undefined && /id$/i.test(name))
    return valueOfShape((['objectid', 'ulid', 'ksuid', 'stripe', 'base62', 'zeropad'] as const)[hash(name) % 6], rng, '');
  if (variant === 'real-ids' && s.format === 'date-time' && hash(name) % 2 === 0)
    return valueOfShape('timestamp', rng, '').replace(/^\d+$/, (x) => new Date(Number(x) * 1000).toISOString());
  switch (s.format) {
    case 'date':
      return valueOfShape('date', rng, '');
    case 'date-time':
      return `${valueOfShape('date', rng, '')}T10:${rng.int(10, 59)}:00Z`;
    case 'email':
      return valueOfShape('email', rng, '');
    case 'uuid':
      return valueOfShape('uuid', rng, '');
    case 'uri':
    case 'url':
      return `https://example.com/${pick(rng, WORDS)}`;
    default:
  }
  if (/email/i.test(name)) return valueOfShape('email', rng, '');
  if (/name$/i.test(name)) return `${pick(rng, FIRST)} ${pick(rng, WORDS)}`;
  return rng.next() < 0.5 ? pick(rng, WORDS) : `${pick(rng, WORDS)} ${pick(rng, WORDS)}`;
}

/** A query value as text: arrays as comma lists (form style). */
function queryText(v: unknown): string {
  if (Array.isArray(v)) return v.map(queryText).join(',');
  return encodeURIComponent(String(v));
}

function paramType(r: Resolver, s0: any): string | null {
  const s = r.flat(s0 ?? {});
  const t = sentTypeOf(s);
  if (t === 'object') return null;
  if (t === 'array') {
    const it = sentTypeOf(r.flat(s.items ?? {}));
    return it === 'object' || it === 'array' ? null : it;
  }
  return t;
}

interface Op {
  method: string;
  path: string;
  params: Schema[];
  requestBody: Schema | null;
  responses: Record<string, Schema>;
}

function serverBase(spec: Spec): string {
  const url = String(spec.servers?.[0]?.url ?? '/');
  const vars = spec.servers?.[0]?.variables ?? {};
  const filled = url.replace(/\{([^}]+)\}/g, (_, v) => String(vars[v]?.default ?? 'x'));
  // A scheme-less `//host/base` is a network-path reference (RFC 3986 4.2): a client sends `/base/...`.
  const m = /^(?:[a-z][a-z0-9+.-]*:)?\/\/[^/]*(\/.*)?$/i.exec(filled);
  const p = m ? (m[1] ?? '') : filled;
  return p.replace(/\/+$/, '');
}

export function synthesize(api: string, spec: Spec, seed: number, v: Variant = 'default'): SpecTraffic {
  variant = v;
  const r = new Resolver(spec);
  const rng = new Rng(seed);
  const base = serverBase(spec);
  const host = `${api.replace(/[^a-z0-9.-]/gi, '-').toLowerCase()}.test`;
  const ops: Op[] = [];
  let skipped = 0;
  for (const [p, item0] of Object.entries((spec.paths ?? {}) as Record<string, Schema>)) {
    const item = r.deref(item0);
    for (const m of Object.keys(item)) {
      if (!METHODS.includes(m)) continue;
      if (/[?#]/.test(p) || /\{\+/.test(p)) {
        skipped++;
        continue;
      }
      const op = r.deref(item[m]);
      const params = new Map<string, Schema>();
      for (const x of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
        const q = r.deref(x);
        if (q.name && q.in) params.set(`${q.in} ${q.name}`, q);
      }
      ops.push({
        method: m.toUpperCase(),
        path: base + p,
        params: [...params.values()],
        requestBody: op.requestBody ? r.deref(op.requestBody) : null,
        responses: op.responses ?? {},
      });
    }
  }
  // Value pools per path parameter, shared by the operations under the same prefix (one resource's ids);
  // shared-ids: one pool per value shape, for every parameter of that shape.
  const pools = new Map<string, string[]>();
  const poolFor = (prefix: string, name: string, schema: Schema): string[] => {
    let shape = Array.isArray(schema.enum) && schema.enum.length > 0 ? null : shapeOf(api, name, schema);
    if (shape !== null && v === 'real-ids') shape = realShape(api, name, shape);
    if (
      shape !== null &&
      v === 'enum-words' &&
      typeOf(schema) === 'string' &&
      schema.format === undefined &&
      hash(`${api} ${name} enum`) % 2 === 0
    )
      shape = 'enumword';
    const key = v === 'shared-ids' && shape !== null ? `shape ${shape}` : `${normTemplate(prefix)} ${name}`;
    const known = pools.get(key);
    if (known !== undefined) return known;
    const n = shape === 'enumword' ? rng.int(3, 5) : rng.int(3, 8);
    const prefixWord =
      name
        .replace(/_?id$/i, '')
        .replace(/[^a-z]/gi, '')
        .slice(0, 4)
        .toLowerCase() || 'obj';
    const pool: string[] =
      shape === null
        ? schema.enum.map(String)
        : v === 'shared-ids' && shape === 'int'
          ? [...new Set(Array.from({ length: n }, () => String(rng.int(1, 12))))]
          : [...new Set(Array.from({ length: n }, () => valueOfShape(shape, rng, prefixWord)))];
    pools.set(key, pool);
    return pool;
  };

  const calls: Array<{ ex: HttpExchangeSpec; client: number }> = [];
  const operations: TruthOperation[] = [];
  for (const op of ops) {
    const n = v === 'low-traffic' ? 3 : rng.int(3, 12);
    // low-traffic: each operation's calls come from one or two of two clients.
    const opClients = v === 'low-traffic' ? (rng.next() < 0.5 ? [rng.int(0, 1)] : [0, 1]) : [0, 1, 2];
    const truth: TruthOperation = {
      method: op.method,
      template: normTemplate(op.path),
      specTemplate: op.path,
      calls: n,
      query: new Map(),
      body: new Map(),
      path: [],
      formats: new Map(),
      texts: new Map(),
    };
    const pathParams = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => {
      const decl = op.params.find((q) => q.in === 'path' && q.name === m[1]);
      const schema = r.flat(decl?.schema ?? { type: 'string' });
      const prefix = op.path.slice(0, m.index);
      const pool = poolFor(prefix, m[1], schema);
      return {
        name: m[1],
        pool,
        type: sentTypeOf(schema) === 'integer' || sentTypeOf(schema) === 'number' ? 'integer' : 'string',
      };
    });
    truth.path = pathParams.map((p) => p.type);
    const bodyCt = pickBodyType(op.requestBody);
    const resp = v === 'non-json' ? notJson(rng) : pickResponse(r, op.responses);
    for (let i = 0; i < n; i++) {
      // The client is drawn after the call's values (the default traffic's order), unless its quirks shape the path.
      let client = v === 'client-quirks' ? pick(rng, opClients) : -1;
      let target = op.path;
      for (const [i, pp] of pathParams.entries()) {
        const value = v === 'skewed' && rng.next() < 0.8 ? pp.pool[0] : pick(rng, pp.pool);
        sentText(truth, `path #${i}`, value);
        target = target.replace(`{${pp.name}}`, encodeURIComponent(value).replace(/%40/g, '@'));
      }
      if (v === 'client-quirks') target = quirk(target, op.path, client, rng);
      const qs: string[] = [];
      for (const q of op.params) {
        if (q.in !== 'query') continue;
        const t = paramType(r, q.schema);
        if (t === null || !(q.required || rng.next() < 0.6)) continue;
        const text = queryText(valueFor(r, q.schema ?? {}, rng, 2, q.name));
        qs.push(`${encodeURIComponent(q.name)}=${text}`);
        sentText(truth, `query ${q.name}`, decodeURIComponent(text));
        truth.query.set(q.name, t);
        const f = declaredFormat(r, q.schema);
        if (f !== null) truth.formats.set(`query ${q.name}`, f);
      }
      if (qs.length > 0) target += `?${qs.join('&')}`;
      const headers: Array<[string, string]> = [
        ['User-Agent', `client-${i % 3}/1.0`],
        ['Accept', 'application/json'],
        ['Authorization', `Bearer tok${hash(api) % 1000}abcdef`],
      ];
      let requestBody: string | undefined;
      if (bodyCt !== null && op.requestBody) {
        const schema = r.flat(op.requestBody.content[bodyCt].schema ?? {});
        const doc = valueFor(r, schema, rng, 0);
        if (bodyCt === 'application/x-www-form-urlencoded') {
          const obj = (doc ?? {}) as Record<string, unknown>;
          requestBody = Object.entries(obj)
            .filter(([, x]) => typeof x !== 'object')
            .map(([k, x]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(x))}`)
            .join('&');
          for (const [k, x] of Object.entries(obj)) {
            if (typeof x === 'object') continue;
            truth.body.set(k, paramType(r, schema.properties?.[k]) ?? 'string');
            sentText(truth, `body ${k}`, String(x));
            const f = declaredFormat(r, schema.properties?.[k]);
            if (f !== null) truth.formats.set(`body ${k}`, f);
          }
        } else {
          requestBody = JSON.stringify(doc);
          if (doc !== null && typeof doc === 'object' && !Array.isArray(doc)) {
            for (const k of Object.keys(doc)) {
              const key = /^[A-Za-z0-9_$@-]+$/.test(k) ? `$.${k}` : `$[${JSON.stringify(k)}]`;
              truth.body.set(key, sentTypeOf(r.flat(schema.properties?.[k] ?? {})));
              const f = declaredFormat(r, schema.properties?.[k]);
              if (f !== null) truth.formats.set(`body ${key}`, f);
            }
          }
        }
        headers.push(['Content-Type', bodyCt]);
      }
      const res: Pick<HttpExchangeSpec, 'status' | 'responseHeaders' | 'responseBody'> =
        resp.schema === null
          ? { status: resp.status, responseHeaders: [], responseBody: '' }
          : resp.body !== undefined
            ? { status: resp.status, responseHeaders: [['Content-Type', resp.type]], responseBody: resp.body }
            : {
                status: resp.status,
                responseHeaders: [['Content-Type', resp.type]],
                responseBody: resp.type.includes('json') ? JSON.stringify(valueFor(r, resp.schema, rng, 0)) : '<result/>',
              };
      if (client < 0) client = pick(rng, opClients);
      calls.push({ ex: { method: op.method, target, host, requestHeaders: headers, requestBody, ...res }, client });
    }
    operations.push(truth);
  }
  // Noise every site has: static files and a scanner's 404s.
  for (const t of ['/', '/index.html', '/static/app.3f9a1c.js', '/static/site.css', '/favicon.ico']) {
    const html = t === '/' || t.endsWith('.html');
    calls.push({
      ex: {
        method: 'GET',
        target: t,
        host,
        requestHeaders: [['User-Agent', 'Mozilla/5.0']],
        status: 200,
        responseHeaders: [
          [
            'Content-Type',
            html ? 'text/html' : t.endsWith('.js') ? 'application/javascript' : t.endsWith('.css') ? 'text/css' : 'image/x-icon',
          ],
        ],
        responseBody: html ? '<html></html>' : 'x',
      },
      client: 0,
    });
  }
  for (const t of ['/wp-login.php', '/.env', '/admin/config.php', `${base}/swagger.json`, '/server-status']) {
    calls.push({
      ex: {
        method: 'GET',
        target: t,
        host,
        requestHeaders: [['User-Agent', 'scanner/1.0']],
        status: 404,
        responseHeaders: [['Content-Type', 'text/html']],
        responseBody: 'not found',
      },
      client: 2,
    });
  }
  rng.shuffle(calls);
  return { host, plans: plansOf(calls, seed), operations, skipped };
}

/** Notes one text sent for a parameter written as text (TruthOperation.texts). */
function sentText(truth: TruthOperation, key: string, text: string): void {
  let texts = truth.texts.get(key);
  if (texts === undefined) truth.texts.set(key, (texts = new Set()));
  texts.add(text);
}

function pickBodyType(rb: Schema | null): string | null {
  const content = rb?.content;
  if (!content) return null;
  const types = Object.keys(content);
  return (
    types.find((t) => t === 'application/json') ??
    types.find((t) => t.endsWith('+json')) ??
    types.find((t) => t === 'application/x-www-form-urlencoded') ??
    null
  );
}

interface Answer {
  status: number;
  type: string;
  schema: Schema | null;
  /** A fixed body (non-json variant), else one built from the schema. */
  body?: string;
}

/** The non-json variant's answer of one operation: an HTML page, an empty 204 or plain text. */
function notJson(rng: Rng): Answer {
  const k = rng.int(0, 2);
  if (k === 0) return { status: 204, type: '', schema: null };
  if (k === 1)
    return {
      status: 200,
      type: 'text/html; charset=utf-8',
      schema: {},
      body: `<!doctype html><html><body><p>${pick(rng, WORDS)}</p></body></html>`,
    };
  return { status: 200, type: 'text/plain', schema: {}, body: `ok ${pick(rng, WORDS)}` };
}

/**
 * The client-quirks variant's path: client 1 adds a trailing slash, client 2 capitalises the
 * literal segments in a third of its calls (as against a case-insensitive server).
 */
function quirk(target: string, template: string, client: number, rng: Rng): string {
  if (client === 1) return `${target}/`;
  if (client !== 2 || rng.next() >= 1 / 3) return target;
  const literals = new Set(template.split('/').filter((x) => x !== '' && !x.includes('{')));
  return target
    .split('/')
    .map((x) => (literals.has(x) ? x.charAt(0).toUpperCase() + x.slice(1) : x))
    .join('/');
}

/** A parameter's declared format when it is one discovery reports (date, date-time, email, uuid). */
function declaredFormat(r: Resolver, s0: any): string | null {
  const s = r.flat(s0 ?? {});
  const f = typeOf(s) === 'array' ? r.flat(s.items ?? {}).format : s.format;
  return f === 'date' || f === 'date-time' || f === 'email' || f === 'uuid' ? f : null;
}

function pickResponse(r: Resolver, responses: Record<string, Schema>): Answer {
  const code = Object.keys(responses)
    .filter((s) => /^2\d\d$/.test(s))
    .sort()[0];
  const status = code === undefined ? 200 : Number(code);
  const res = r.deref(responses[code ?? 'default'] ?? {});
  const content = res.content ?? {};
  const type = Object.keys(content).find((t) => t.includes('json')) ?? Object.keys(content).find((t) => t === '*/*');
  if (status === 204 || type === undefined) return { status, type: '', schema: null };
  return { status, type: type === '*/*' ? 'application/json' : type, schema: content[type].schema ?? {} };
}

/** Each client's calls as keep-alive connections of at most 40 exchanges. */
function plansOf(calls: Array<{ ex: HttpExchangeSpec; client: number }>, seed: number): ConversationPlan[] {
  const plans: ConversationPlan[] = [];
  const t0 = 1_767_000_000_000_000;
  let port = 30000;
  for (let c = 0; c < 3; c++) {
    // Each client's connections (keep-alive, at most 40 exchanges each).
    const mine = calls.filter((x) => x.client === c).map((x) => x.ex);
    for (let k = 0; k < mine.length; k += 40) {
      plans.push({
        opts: {
          client: `10.30.1.${c + 1}`,
          server: '10.30.0.1',
          clientPort: port++,
          serverPort: 80,
          seed: seed + port,
          startTs: t0 + k * 1_000_000 + c * 1000,
          stepUs: 500,
        },
        exchanges: mine.slice(k, k + 40),
      });
    }
  }
  return plans;
}
