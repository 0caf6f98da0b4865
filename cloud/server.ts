/**
 * The reference cloud (docs/cloud-api.md): every endpoint of SPEC section 6 over HTTP or HTTPS,
 * durable in a data directory, plus what a person or a test needs to see what arrived and to
 * inject faults. Written from the contract so the node can be tried without the real cloud.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import zlib from 'node:zlib';
import { openDatabase } from './db/open';
import { Repository, type BatchKind, type NodeEntry } from './repository';
import { ConsoleApp, type ConsoleOptions } from './console/app';

export type Region = 'us' | 'eu';

export interface CloudServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  dataDir: string;
  /** `postgres://...`; default: SQLite in dataDir/console.db. */
  database?: string;
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Accepted API tokens; a token bound to a region is refused (403) by the other region. */
  tokens: Map<string, Region | null>;
  region: Region;
  /** The first administrator's password when the database has no user yet; generated (and kept in `initialAdminPassword`) when absent. */
  adminPassword?: string;
  /** Console settings (cookies, login limits); `secureCookies` follows `tls` unless given. */
  console?: Partial<ConsoleOptions>;
  /** Events older than this many days are deleted (checked hourly). */
  retentionDays?: number;
  /** Attack records a value search reads, newest first (default SEARCH_SCAN_RECORDS). */
  searchScanRecords?: number;
  /** Serve /admin/* (fault injection). Off unless asked for. */
  admin?: boolean;
  log?: (line: string) => void;
}

/** Largest accepted body on the wire and after gunzip. */
const MAX_WIRE_BYTES = 16 << 20;
const MAX_DECODED_BYTES = 64 << 20;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface Fault {
  status: number;
  remaining: number;
  /** Only requests whose path starts with this; '' = every /v1/node/ request. */
  pathPrefix: string;
}

export interface CloudServerStats {
  requests: Record<string, number>;
  stored: number;
  duplicates: number;
  conflicts: number;
  injected: number;
}

export class CloudServer {
  /** Everything stored (cloud/repository.ts). */
  store!: Repository;
  readonly stats: CloudServerStats = { requests: {}, stored: 0, duplicates: 0, conflicts: 0, injected: 0 };
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private faults: Fault[] = [];
  private delayMs = 0;
  private listening = false;
  port = 0;
  console!: ConsoleApp;
  private retentionTimer: NodeJS.Timeout | undefined;
  /** Set when this start created the first administrator with a generated password (print it once). */
  initialAdminPassword: string | null = null;

  private constructor(private readonly o: CloudServerOptions) {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => void this.handle(req, res);
    this.server = o.tls ? https.createServer({ cert: o.tls.cert, key: o.tls.key }, handler) : http.createServer(handler);
    // Raw TCP sockets, also for HTTPS: a connection still in its TLS handshake must be closable too.
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    // A failed TLS handshake (a client refusing our certificate) is the client's business.
    this.server.on('tlsClientError', () => {});
  }

  static async start(o: CloudServerOptions): Promise<CloudServer> {
    const s = new CloudServer(o);
    s.store = await Repository.open(await openDatabase(o.database, o.dataDir));
    if (o.searchScanRecords !== undefined) s.store.searchScanRecords = o.searchScanRecords;
    s.console = new ConsoleApp(s.store, { secureCookies: o.tls !== undefined, ...o.console });
    const days = o.retentionDays ?? 30;
    const purge = () =>
      void s.store.purgeOlderThan(days).catch((err: unknown) => o.log?.(`cloud: retention failed: ${(err as Error).message}`));
    purge();
    s.retentionTimer = setInterval(purge, 3_600_000);
    s.retentionTimer.unref();
    if ((await s.store.userCount()) === 0) {
      const password = o.adminPassword ?? randomBytes(18).toString('base64url');
      await s.store.createUser('admin', password, true);
      if (o.adminPassword === undefined) s.initialAdminPassword = password;
    }
    s.port = o.port;
    await s.startListening();
    return s;
  }

  /** Where the SQLite database and TLS files live. */
  get dataDir(): string {
    return this.o.dataDir;
  }

  get url(): string {
    const host = this.o.host.includes(':') ? `[${this.o.host}]` : this.o.host;
    return `${this.o.tls ? 'https' : 'http'}://${host}:${this.port}`;
  }

  /** The next `count` node requests under `pathPrefix` get `status` (after being read, before being stored). */
  failNext(status: number, count: number, pathPrefix = ''): void {
    this.faults.push({ status, remaining: count, pathPrefix });
  }

  /** Batches are stored, then answered this much later (a reply lost to a crash or a timeout). */
  setReplyDelay(ms: number): void {
    this.delayMs = ms;
  }

  /** Closes the port and every open connection: to the node, the cloud is down. */
  async stopListening(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  async startListening(): Promise<void> {
    if (this.listening) return;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, this.o.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
    this.listening = true;
  }

  async close(): Promise<void> {
    await this.stopListening();
    clearInterval(this.retentionTimer);
    await this.store.close();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://cloud');
    const route = `${req.method} ${url.pathname}`;
    this.stats.requests[route] = (this.stats.requests[route] ?? 0) + 1;
    try {
      const body = req.method === 'POST' ? await readBody(req) : Buffer.alloc(0);
      if (url.pathname.startsWith('/v1/node/')) {
        const fault = this.faults.find((f) => f.remaining > 0 && url.pathname.startsWith(f.pathPrefix));
        if (fault) {
          fault.remaining--;
          this.stats.injected++;
          throw new HttpError(fault.status, 'injected fault');
        }
      }
      if (
        !url.pathname.startsWith('/v1/') &&
        !url.pathname.startsWith('/admin/') &&
        (await this.console.handle(req, res, url, body))
      )
        return;
      if (req.method === 'GET' && url.pathname.startsWith('/v1/') && !(await this.console.authorizeApi(req))) {
        throw new HttpError(401, 'log in to the console, or send Authorization: Bearer <a "Console API" token>');
      }
      const answer = await this.route(req, route, url, body);
      if (typeof answer === 'string') {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(answer);
      } else {
        sendJson(res, 200, answer);
      }
    } catch (err) {
      if (err instanceof HttpError) {
        sendJson(res, err.status, { error: err.message });
      } else {
        this.o.log?.(`cloud: ${route} failed: ${(err as Error).stack ?? String(err)}`);
        sendJson(res, 500, { error: 'internal error' });
      }
    }
  }

  private async route(req: http.IncomingMessage, route: string, url: URL, body: Buffer): Promise<unknown> {
    switch (route) {
      case 'POST /v1/node/register':
        return this.register(req, body);
      case 'POST /v1/node/events':
        return this.batch(req, 'events', 'records', body);
      case 'POST /v1/node/api-discovery':
        return this.batch(req, 'api-discovery', 'endpoints', body);
      case 'POST /v1/node/heartbeat': {
        const node = await this.authenticate(req);
        const hb = parseObject(body, req);
        await this.store.heartbeat(node, hb);
        return { status: 'ok' };
      }
      case 'GET /v1/events': {
        const limit = url.searchParams.get('limit');
        const events = await this.store.events({
          type: url.searchParams.get('type') ?? undefined,
          node: url.searchParams.get('node_uuid') ?? undefined,
          limit: limit && /^\d+$/.test(limit) ? Number(limit) : undefined,
        });
        return { count: events.length, events };
      }
      case 'GET /v1/api-discovery': {
        const endpoints = await this.store.endpoints();
        return { count: endpoints.length, endpoints };
      }
      case 'GET /v1/nodes':
        return { nodes: await this.store.nodes() };
    }
    if (this.o.admin) {
      if (route === 'POST /admin/faults') return this.adminFaults(parseObject(body, req));
      if (route === 'GET /admin/stats') return this.stats;
    }
    throw new HttpError(404, `no such endpoint: ${route}`);
  }

  private async register(req: http.IncomingMessage, body: Buffer): Promise<{ uuid: string; secret: string }> {
    const token = header(req, 'x-wallarmapi-token');
    let region = token === undefined ? undefined : this.o.tokens.get(token);
    if (region === undefined && token !== undefined)
      region = (await this.store.checkDeploymentToken(token))?.region as Region | null | undefined;
    if (region === undefined) throw new HttpError(401, 'invalid API token');
    if (region !== null && region !== this.o.region) throw new HttpError(403, 'access denied');
    const b = parseObject(body, req);
    const labels = b.labels;
    if (labels !== undefined && (typeof labels !== 'object' || labels === null || Array.isArray(labels))) {
      throw new HttpError(400, 'labels must be an object of strings');
    }
    const group = (labels as Record<string, unknown> | undefined)?.group;
    if (typeof group !== 'string' || group === '')
      throw new HttpError(422, 'label "group" is required for this registration type');
    if (typeof b.hostname !== 'string' || b.hostname === '') throw new HttpError(400, 'hostname is required');
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    const creds = await this.store.registerNode({
      hostname: b.hostname,
      labels: labels as Record<string, string>,
      mode: str(b.mode),
      version: str(b.version),
      arch: str(b.arch),
    });
    this.o.log?.(`cloud: registered node ${creds.uuid} (${b.hostname}, group ${group})`);
    return creds;
  }

  private async batch(req: http.IncomingMessage, kind: BatchKind, field: string, raw: Buffer): Promise<unknown> {
    const node = await this.authenticate(req);
    const decoded = decode(req, raw);
    const b = parseObject(decoded, req, true);
    const id = b.batch_id;
    if (typeof id !== 'string' || id === '' || id.length > 128)
      throw new HttpError(400, 'batch_id must be a non-empty string of at most 128 characters');
    const items = b[field];
    if (!Array.isArray(items)) throw new HttpError(400, `${field} must be an array`);
    items.forEach((item: unknown, i) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item))
        throw new HttpError(400, `${field}[${i}] is not an object`);
      const rec = item as Record<string, unknown>;
      if (rec.node_uuid !== node.uuid) throw new HttpError(400, `${field}[${i}].node_uuid must be the sending node's uuid`);
      if (kind === 'events' && typeof rec.type !== 'string') throw new HttpError(400, `${field}[${i}].type must be a string`);
    });
    const outcome = await this.store.acceptBatch(node, kind, id, decoded, items as Array<Record<string, unknown>>);
    if (outcome === 'conflict') {
      this.stats.conflicts++;
      throw new HttpError(409, `batch_id ${id} was already used for different content`);
    }
    if (outcome === 'duplicate') this.stats.duplicates++;
    else this.stats.stored++;
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    return { status: outcome, batch_id: id, accepted: outcome === 'stored' ? items.length : 0 };
  }

  private adminFaults(b: Record<string, unknown>): unknown {
    if (typeof b.fail_status === 'number') {
      this.failNext(
        b.fail_status,
        typeof b.fail_count === 'number' ? b.fail_count : 1,
        typeof b.fail_path === 'string' ? b.fail_path : '',
      );
    }
    if (typeof b.reply_delay_ms === 'number') this.setReplyDelay(b.reply_delay_ms);
    if (typeof b.outage_ms === 'number') {
      const ms = b.outage_ms;
      // Answer first, then go away for a while.
      setTimeout(() => void this.stopListening().then(() => setTimeout(() => void this.startListening(), ms)), 50);
    }
    if (b.clear === true) this.faults = [];
    return { faults: this.faults, reply_delay_ms: this.delayMs };
  }

  private async authenticate(req: http.IncomingMessage): Promise<NodeEntry> {
    const node = await this.store.authenticateNode(header(req, 'x-wallarmapi-uuid'), header(req, 'x-wallarmapi-secret'));
    if (!node) throw new HttpError(401, 'unknown node or wrong secret (X-WallarmAPI-UUID / X-WallarmAPI-Secret)');
    return node;
  }
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_WIRE_BYTES) {
        reject(new HttpError(413, `body larger than ${MAX_WIRE_BYTES} bytes`));
        req.pause();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function decode(req: http.IncomingMessage, raw: Buffer): Buffer {
  const enc = (header(req, 'content-encoding') ?? 'identity').trim().toLowerCase();
  if (enc === 'identity' || enc === '') return raw;
  if (enc !== 'gzip' && enc !== 'x-gzip') throw new HttpError(415, `Content-Encoding ${enc} is not supported (use gzip or none)`);
  try {
    return zlib.gunzipSync(raw, { maxOutputLength: MAX_DECODED_BYTES });
  } catch (err) {
    const tooBig = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    throw new HttpError(
      tooBig ? 413 : 400,
      tooBig ? `body larger than ${MAX_DECODED_BYTES} bytes after gunzip` : 'body is not valid gzip',
    );
  }
}

function parseObject(raw: Buffer, req: http.IncomingMessage, decoded = false): Record<string, unknown> {
  const text = (decoded ? raw : decode(req, raw)).toString('utf8');
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new HttpError(400, 'body must be a JSON object');
  return v as Record<string, unknown>;
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));
}
