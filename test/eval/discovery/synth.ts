/**
 * Traffic of one OpenAPI document, as a user's mirror would see it: every operation called 3–12
 * times by a few clients with realistic values (ids of several shapes: numbers, UUIDs, hex,
 * short nanoid-like ids, slugs with digits, user names, setting keys, dates, emails), request
 * bodies and JSON answers built from the schemas, plus some static files and a scanner's 404s.
 * Returns the exchanges and what was sent (the truth the score compares the inventory with).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- OpenAPI documents are untyped JSON, walked by hand here */
import { createHash } from 'node:crypto';
import type { HttpExchangeSpec } from '../../../node/sample/http-exchange';
import { Rng } from '../../../node/sample/rng';
import type { ConversationPlan } from '../../../node/sample/scenarios';

type Schema = Record<string, any>;
type Spec = Record<string, any>;

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
  | 'sid';

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
  }
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

function stringFor(s: Schema, rng: Rng, name: string): string {
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
  const t = typeOf(s);
  if (t === 'object') return null;
  if (t === 'array') {
    const it = typeOf(r.flat(s.items ?? {}));
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
  const m = /^[a-z]+:\/\/[^/]*(\/.*)?$/i.exec(filled);
  const p = m ? (m[1] ?? '') : filled;
  return p.replace(/\/+$/, '');
}

export function synthesize(api: string, spec: Spec, seed: number): SpecTraffic {
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
  // Value pools per path parameter, shared by the operations under the same prefix (one resource's ids).
  const pools = new Map<string, string[]>();
  const poolFor = (prefix: string, name: string, schema: Schema): string[] => {
    const key = `${normTemplate(prefix)} ${name}`;
    const known = pools.get(key);
    if (known !== undefined) return known;
    const shape = Array.isArray(schema.enum) && schema.enum.length > 0 ? null : shapeOf(api, name, schema);
    const n = rng.int(3, 8);
    const prefixWord =
      name
        .replace(/_?id$/i, '')
        .replace(/[^a-z]/gi, '')
        .slice(0, 4)
        .toLowerCase() || 'obj';
    const pool: string[] =
      shape === null
        ? schema.enum.map(String)
        : [...new Set(Array.from({ length: n }, () => valueOfShape(shape, rng, prefixWord)))];
    pools.set(key, pool);
    return pool;
  };

  const calls: Array<{ ex: HttpExchangeSpec; client: number }> = [];
  const operations: TruthOperation[] = [];
  for (const op of ops) {
    const n = rng.int(3, 12);
    const truth: TruthOperation = {
      method: op.method,
      template: normTemplate(op.path),
      specTemplate: op.path,
      calls: n,
      query: new Map(),
      body: new Map(),
      path: [],
    };
    const pathParams = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => {
      const decl = op.params.find((q) => q.in === 'path' && q.name === m[1]);
      const schema = r.flat(decl?.schema ?? { type: 'string' });
      const prefix = op.path.slice(0, m.index);
      const pool = poolFor(prefix, m[1], schema);
      return { name: m[1], pool, type: typeOf(schema) === 'integer' || typeOf(schema) === 'number' ? 'integer' : 'string' };
    });
    truth.path = pathParams.map((p) => p.type);
    const bodyCt = pickBodyType(op.requestBody);
    const resp = pickResponse(r, op.responses);
    for (let i = 0; i < n; i++) {
      let target = op.path;
      for (const pp of pathParams)
        target = target.replace(`{${pp.name}}`, encodeURIComponent(pick(rng, pp.pool)).replace(/%40/g, '@'));
      const qs: string[] = [];
      for (const q of op.params) {
        if (q.in !== 'query') continue;
        const t = paramType(r, q.schema);
        if (t === null || !(q.required || rng.next() < 0.6)) continue;
        qs.push(`${encodeURIComponent(q.name)}=${queryText(valueFor(r, q.schema ?? {}, rng, 2, q.name))}`);
        truth.query.set(q.name, t);
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
            .filter(([, v]) => typeof v !== 'object')
            .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
            .join('&');
          for (const [k, v] of Object.entries(obj))
            if (typeof v !== 'object') truth.body.set(k, paramType(r, schema.properties?.[k]) ?? 'string');
        } else {
          requestBody = JSON.stringify(doc);
          if (doc !== null && typeof doc === 'object' && !Array.isArray(doc)) {
            for (const k of Object.keys(doc)) {
              const key = /^[A-Za-z0-9_$@-]+$/.test(k) ? `$.${k}` : `$[${JSON.stringify(k)}]`;
              truth.body.set(key, typeOf(r.flat(schema.properties?.[k] ?? {})));
            }
          }
        }
        headers.push(['Content-Type', bodyCt]);
      }
      const res: Pick<HttpExchangeSpec, 'status' | 'responseHeaders' | 'responseBody'> =
        resp.schema === null
          ? { status: resp.status, responseHeaders: [], responseBody: '' }
          : {
              status: resp.status,
              responseHeaders: [['Content-Type', resp.type]],
              responseBody: resp.type.includes('json') ? JSON.stringify(valueFor(r, resp.schema, rng, 0)) : '<result/>',
            };
      calls.push({
        ex: { method: op.method, target, host, requestHeaders: headers, requestBody, ...res },
        client: rng.int(0, 2),
      });
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

function pickResponse(r: Resolver, responses: Record<string, Schema>): { status: number; type: string; schema: Schema | null } {
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
