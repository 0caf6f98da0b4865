/**
 * tls.keylog_listen: a local HTTP endpoint that receives key-log lines (docs/tls.md).
 * `POST /keylog` with `Authorization: Bearer <token>` (the token is read from tls.keylog_listen.
 * token_file at start) and the lines as the body; answers 200 with how many lines were taken.
 * The secrets go to the key store only: never to the log (failures name the peer, not the body).
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { badKeyLogLines } from '../tls/keylog';
import { parseListenAddress } from './listen-address';

export const KEYLOG_PATH = '/keylog';

export interface KeyLogEndpointCounters {
  /** POSTs whose lines were taken. */
  accepted: number;
  /** Requests refused: no or wrong token (401), too large (413), wrong method or path. */
  unauthorized: number;
  tooLarge: number;
  badRequests: number;
}

export interface KeyLogEndpointOptions {
  listenAddress: string;
  tokenFile: string;
  maxBodyBytes: number;
  sink: (text: string) => void;
  log: { info(msg: string, f?: Record<string, unknown>): void; warn(msg: string, f?: Record<string, unknown>): void };
}

/** Reads the bearer token; an error message (what, where, how to fix) instead when it cannot be used. */
export function readToken(file: string): { token: Buffer } | { error: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      error: `tls.keylog_listen.token_file ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (err as Error).message}; write the token into it (chmod 600)`,
    };
  }
  const token = text.trim();
  if (token.length < 16)
    return {
      error: `tls.keylog_listen.token_file ${file}: the token is shorter than 16 characters; use a long random one (openssl rand -hex 32)`,
    };
  return { token: Buffer.from(token) };
}

export class KeyLogEndpoint {
  readonly counters: KeyLogEndpointCounters = { accepted: 0, unauthorized: 0, tooLarge: 0, badRequests: 0 };
  private server: http.Server | null = null;
  /** The token's digest: compared in constant time whatever the length offered. */
  private readonly tokenDigest: Buffer;

  constructor(
    private readonly o: KeyLogEndpointOptions,
    token: Buffer,
  ) {
    this.tokenDigest = createHash('sha256').update(token).digest();
  }

  /** Listens; resolves with the bound port (0 requested in tests). */
  start(): Promise<number> {
    const address = parseListenAddress(this.o.listenAddress);
    const server = http.createServer((req, res) => this.handle(req, res));
    server.requestTimeout = 10000;
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: address.port, host: address.host }, () => {
        const port = (server.address() as { port: number }).port;
        this.o.log.info(`receiving TLS key-log lines on POST ${KEYLOG_PATH}`, { listen_address: this.o.listenAddress });
        resolve(port);
      });
    });
  }

  async close(): Promise<void> {
    const s = this.server;
    if (s === null) return;
    this.server = null;
    await new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
  }

  private authorized(req: http.IncomingMessage): boolean {
    const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (m === null) return false;
    return timingSafeEqual(createHash('sha256').update(m[1].trim()).digest(), this.tokenDigest);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const reply = (status: number, body: object): void =>
      void res.writeHead(status, { 'content-type': 'application/json', connection: 'close' }).end(`${JSON.stringify(body)}\n`);
    if ((req.url ?? '').split('?')[0] !== KEYLOG_PATH || req.method !== 'POST') {
      this.counters.badRequests++;
      req.resume();
      return reply(req.method === 'POST' ? 404 : 405, { error: `POST key-log lines to ${KEYLOG_PATH}` });
    }
    if (!this.authorized(req)) {
      this.counters.unauthorized++;
      this.o.log.warn('key-log POST refused: missing or wrong bearer token', { peer: req.socket.remoteAddress });
      req.resume();
      return reply(401, {
        error: 'missing or wrong bearer token (Authorization: Bearer <token of tls.keylog_listen.token_file>)',
      });
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > this.o.maxBodyBytes) {
      this.counters.tooLarge++;
      req.resume();
      return reply(413, {
        error: `body over tls.keylog_listen.max_body_bytes (${this.o.maxBodyBytes}); send fewer lines per POST`,
      });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > this.o.maxBodyBytes) over = true;
      else chunks.push(c);
    });
    req.on('end', () => {
      if (over) {
        this.counters.tooLarge++;
        return reply(413, {
          error: `body over tls.keylog_listen.max_body_bytes (${this.o.maxBodyBytes}); send fewer lines per POST`,
        });
      }
      const text = Buffer.concat(chunks).toString('latin1');
      const bad = badKeyLogLines(text);
      this.o.sink(text.endsWith('\n') ? text : `${text}\n`);
      this.counters.accepted++;
      reply(200, { ok: true, bad_lines: bad });
    });
  }
}
