/**
 * OpenAPI 3.1 documents, one per host, from inventory records (./inventory snapshot or a merged
 * cloud inventory). Parameters are required when seen in every call; body schemas are rebuilt from
 * JSON paths; sensitive kinds, counts and first/last seen are `x-` extensions.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ApiEndpointRecord, ApiValueFacts } from '../../records/types';
import { ownValue, setOwn } from '../../own-keys';

type Schema = Record<string, unknown>;

const OPERATIONS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json$|^text\/json$/;

export function valueSchema(f: ApiValueFacts): Schema {
  const types = f.types.filter((t) => t !== 'object' && t !== 'array');
  const all = types.length > 0 ? types : f.types;
  const s: Schema = { type: all.length === 1 ? all[0] : [...all].sort() };
  if (f.formats?.length === 1 && all.every((t) => t === 'string' || t === 'null')) s.format = f.formats[0];
  return s;
}

interface PathTreeNode {
  facts?: ApiValueFacts;
  props: Map<string, PathTreeNode>;
  items?: PathTreeNode;
}

/** `$.a.b`, `$.items[].id`, `$["x.y"]` -> tokens; `[]` is the array-items token. */
function tokens(path: string): string[] | null {
  if (!path.startsWith('$')) return null;
  const out: string[] = [];
  const re = /\.([A-Za-z0-9_$@-]+)|\[\]|\[("(?:[^"\\]|\\.)*")\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < path.length) {
    const m = re.exec(path);
    if (m === null) return null;
    out.push(m[1] !== undefined ? `.${m[1]}` : m[2] !== undefined ? `.${JSON.parse(m[2]) as string}` : '[]');
  }
  return out;
}

/** A JSON Schema for a body, from its fields keyed by JSON path (null when none is a JSON path). */
export function bodySchema(fields: Record<string, ApiValueFacts>, count: number): Schema | null {
  const root: PathTreeNode = { props: new Map() };
  let any = false;
  for (const [path, facts] of Object.entries(fields)) {
    const toks = tokens(path);
    if (toks === null) continue;
    any = true;
    let n = root;
    for (const t of toks) {
      if (t === '[]') n = n.items ??= { props: new Map() };
      else {
        const k = t.slice(1);
        let c = n.props.get(k);
        if (c === undefined) n.props.set(k, (c = { props: new Map() }));
        n = c;
      }
    }
    n.facts = facts;
  }
  return any ? treeSchema(root, count) : null;
}

function treeSchema(n: PathTreeNode, parentCount: number): Schema {
  const types = new Set(n.facts?.types ?? []);
  if (n.props.size > 0) types.add('object');
  if (n.items !== undefined) types.add('array');
  const scalar = n.facts ? valueSchema({ ...n.facts, types: [...types] }) : { type: [...types] };
  const t = [...types].sort();
  const s: Schema = { type: t.length === 1 ? t[0] : t };
  if (scalar.format !== undefined) s.format = scalar.format;
  const count = n.facts?.count ?? parentCount;
  if (n.props.size > 0) {
    const props: Record<string, Schema> = {};
    const required: string[] = [];
    for (const k of [...n.props.keys()].sort()) {
      const child = n.props.get(k)!;
      const schema = setOwn(props, k, treeSchema(child, count));
      if (child.facts !== undefined && child.facts.count >= count && !n.items) required.push(k);
      if (child.facts?.sensitive?.length) schema['x-sensitive'] = child.facts.sensitive;
    }
    s.properties = props;
    if (required.length > 0) s.required = required;
  }
  if (n.items !== undefined) s.items = treeSchema(n.items, count);
  return s;
}

function formSchema(fields: Record<string, ApiValueFacts>, count: number): Schema | null {
  const names = Object.keys(fields)
    .filter((k) => !k.startsWith('$'))
    .sort();
  if (names.length === 0) return null;
  const properties: Record<string, Schema> = {};
  for (const n of names) {
    const schema = setOwn(properties, n, valueSchema(fields[n]));
    if (fields[n].sensitive?.length) schema['x-sensitive'] = fields[n].sensitive;
  }
  const required = names.filter((n) => fields[n].count >= count);
  return required.length > 0 ? { type: 'object', properties, required } : { type: 'object', properties };
}

function securityScheme(auth: string): [string, Schema] | null {
  if (auth === 'jwt') return ['bearerJwt', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }];
  if (auth === 'bearer') return ['bearer', { type: 'http', scheme: 'bearer' }];
  if (auth === 'basic') return ['basic', { type: 'http', scheme: 'basic' }];
  const m = /^(api_key_header|api_key_query|cookie):(.+)$/.exec(auth);
  if (m === null) return null;
  const where = m[1] === 'api_key_header' ? 'header' : m[1] === 'api_key_query' ? 'query' : 'cookie';
  return [`${where}_${m[2].replace(/[^A-Za-z0-9_.-]/g, '_')}`, { type: 'apiKey', in: where, name: m[2] }];
}

function operation(e: ApiEndpointRecord, schemes: Record<string, Schema>): Schema {
  const parameters: Schema[] = [];
  const pathFacts = e.params.path ?? {};
  for (const m of e.template.matchAll(/\{([^}]+)\}/g)) {
    const f = ownValue(pathFacts, m[1]);
    parameters.push({ name: m[1], in: 'path', required: true, schema: f ? valueSchema(f) : { type: 'string' } });
  }
  for (const loc of ['query', 'header', 'cookie'] as const) {
    const params = e.params[loc] ?? {};
    for (const name of Object.keys(params).sort()) {
      const f = params[name];
      const p: Schema = { name, in: loc, required: f.count >= e.count, schema: valueSchema(f) };
      if (f.sensitive?.length) p['x-sensitive'] = f.sensitive;
      parameters.push(p);
    }
  }
  const op: Schema = { operationId: `${e.method.toLowerCase()} ${e.template}` };
  if (parameters.length > 0) op.parameters = parameters;
  const body = e.params.body ?? {};
  const content: Record<string, Schema> = {};
  for (const ct of e.request_content_types ?? []) {
    const schema = JSON_TYPE.test(ct)
      ? bodySchema(body, e.count)
      : ct === 'application/x-www-form-urlencoded' || ct === 'multipart/form-data'
        ? formSchema(body, e.count)
        : null;
    setOwn(content, ct, schema === null ? {} : { schema });
  }
  if (Object.keys(content).length > 0) op.requestBody = { content };
  const responses: Record<string, Schema> = {};
  for (const status of Object.keys(e.responses).sort()) {
    const r = e.responses[status];
    const resp: Schema = { description: `HTTP ${status} (seen ${r.count} times)` };
    if (r.content_types?.length) {
      const c: Record<string, Schema> = {};
      for (const ct of r.content_types) {
        const schema = JSON_TYPE.test(ct) && r.body ? bodySchema(r.body, r.count) : null;
        setOwn(c, ct, schema === null ? {} : { schema });
      }
      resp.content = c;
    }
    responses[/^[1-5]\d\d$/.test(status) ? status : 'default'] = resp;
  }
  op.responses = Object.keys(responses).length > 0 ? responses : { default: { description: 'no response seen' } };
  const security: Array<Record<string, string[]>> = [];
  for (const a of e.auth ?? []) {
    const s = securityScheme(a);
    if (s === null) continue;
    schemes[s[0]] = s[1];
    security.push({ [s[0]]: [] });
  }
  if (security.length > 0) op.security = security;
  // GraphQL operations are no REST paths: the endpoint lists them as they are in the record.
  if (e.graphql !== undefined && Object.keys(e.graphql).length > 0) op['x-graphql-operations'] = e.graphql;
  op['x-count'] = e.count;
  op['x-first-seen'] = e.first_seen;
  op['x-last-seen'] = e.last_seen;
  return op;
}

/** One OpenAPI 3.1 document per host, keyed by host. Methods OpenAPI cannot express are left out. */
export function openApiDocuments(endpoints: ApiEndpointRecord[]): Map<string, Schema> {
  const byHost = new Map<string, ApiEndpointRecord[]>();
  for (const e of endpoints) {
    // gRPC methods are no REST operations: they stay in the inventory (kind grpc), not in OpenAPI.
    if (e.kind === 'grpc' || e.kind === 'websocket') continue;
    let list = byHost.get(e.host);
    if (list === undefined) byHost.set(e.host, (list = []));
    list.push(e);
  }
  const docs = new Map<string, Schema>();
  for (const host of [...byHost.keys()].sort()) {
    const schemes: Record<string, Schema> = {};
    const paths: Record<string, Record<string, Schema>> = {};
    let lastSeen = '';
    for (const e of byHost
      .get(host)!
      .sort((a, b) => (a.template === b.template ? (a.method < b.method ? -1 : 1) : a.template < b.template ? -1 : 1))) {
      const method = e.method.toLowerCase();
      if (!OPERATIONS.has(method)) continue;
      (paths[e.template] ??= {})[method] = operation(e, schemes);
      if (e.last_seen > lastSeen) lastSeen = e.last_seen;
    }
    const doc: Schema = {
      openapi: '3.1.0',
      info: {
        title: `${host} (discovered by aio-native)`,
        version: lastSeen || '0',
        description: 'Built passively from mirrored traffic: only what was seen is described.',
      },
      servers: [{ url: `http://${host}` }],
      paths,
    };
    if (Object.keys(schemes).length > 0)
      doc.components = { securitySchemes: Object.fromEntries(Object.entries(schemes).sort(([a], [b]) => (a < b ? -1 : 1))) };
    docs.set(host, doc);
  }
  return docs;
}

/**
 * Writes `<dir>/<host>.openapi.json` for every host of `endpoints` (an inventory: one node's
 * snapshot, or deltas merged with ./merge Inventory, e.g. from several worker threads), each
 * atomically (temporary file + rename). Returns the number of documents written.
 */
export function writeOpenApiFiles(dir: string, endpoints: ApiEndpointRecord[]): number {
  fs.mkdirSync(dir, { recursive: true });
  let written = 0;
  for (const [host, doc] of openApiDocuments(endpoints)) {
    const file = path.join(dir, openApiFileName(host));
    fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(doc, null, 2)}\n`);
    fs.renameSync(`${file}.tmp`, file);
    written++;
  }
  return written;
}

/** A file name for a host's document: `<host>.openapi.json`, unsafe characters replaced. */
export function openApiFileName(host: string): string {
  return `${host.replace(/[^A-Za-z0-9.-]/g, '_') || '_'}.openapi.json`;
}
