/**
 * The HTTP client of the mirror scenarios, run inside the client namespace:
 *   node --import tsx test/e2e/http-client.ts '<JSON ClientJob>'
 * prints one JSON result line: what the client sent and received, to compare with what the
 * node reported. Bodies are taken as they travel (chunked coding removed, gzip kept), which is
 * what the node's body length and sha256 describe.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { gzipSync } from 'node:zlib';
import type { Lab } from './lab';

export interface Exchange {
  method: 'GET' | 'POST';
  target: string;
  /** Request body size (random bytes); sent chunked unless `gzip` (then gzip with Content-Length). */
  bodyBytes?: number;
  gzip?: boolean;
}

export type ClientJob =
  | { mode: 'keepalive'; host: string; exchanges: Exchange[] }
  | { mode: 'pipelined'; host: string; exchanges: Exchange[] }
  | { mode: 'load'; host: string; targets: string[]; connections: number; ratePerSecond: number; seconds: number };

export interface Digest {
  length: number;
  sha256: string;
}

export interface ExchangeResult {
  target: string;
  status: number;
  request: Digest | null;
  response: Digest;
}

export type ClientResult =
  | { mode: 'keepalive'; localPorts: number[]; results: ExchangeResult[] }
  | { mode: 'pipelined'; localPort: number; requests: Array<Digest | null>; bytesReceived: number }
  | { mode: 'load'; sent: number; completed: number; failed: number; byStatus: Record<string, number> };

const digest = (b: Buffer): Digest => ({ length: b.length, sha256: createHash('sha256').update(b).digest('hex') });

function requestBody(e: Exchange): Buffer | null {
  if (!e.bodyBytes) return null;
  // Base64 text: compressible enough for gzip to matter, random enough not to be trivial.
  const raw = Buffer.from(
    randomBytes(Math.ceil((e.bodyBytes * 3) / 4))
      .toString('base64')
      .slice(0, e.bodyBytes),
  );
  return e.gzip ? gzipSync(raw) : raw;
}

async function keepalive(host: string, exchanges: Exchange[]): Promise<ClientResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const results: ExchangeResult[] = [];
  const localPorts = new Set<number>();
  for (const e of exchanges) {
    const body = requestBody(e);
    const headers: Record<string, string> = { 'Accept-Encoding': 'gzip' };
    if (body && e.gzip)
      Object.assign(headers, { 'Content-Encoding': 'gzip', 'Content-Type': 'text/plain', 'Content-Length': String(body.length) });
    const res = await new Promise<ExchangeResult>((resolve, reject) => {
      const req = http.request({ host, port: 80, method: e.method, path: e.target, agent, headers }, (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () =>
          resolve({
            target: e.target,
            status: r.statusCode ?? 0,
            request: body && digest(body),
            response: digest(Buffer.concat(chunks)),
          }),
        );
        r.on('error', reject);
      });
      req.on('socket', (s) => s.once('connect', () => localPorts.add(s.localPort!)));
      req.on('error', reject);
      if (body && !e.gzip) {
        // No Content-Length: node sends it chunked; several writes make several chunks.
        for (let off = 0; off < body.length; off += 256 * 1024) req.write(body.subarray(off, off + 256 * 1024));
      } else if (body) req.write(body);
      req.end();
    });
    results.push(res);
  }
  agent.destroy();
  return { mode: 'keepalive', localPorts: [...localPorts], results };
}

function chunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let off = 0; off < body.length; off += 100_000) {
    const piece = body.subarray(off, off + 100_000);
    parts.push(Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}

/** All requests written at once on one connection, the last one closing it; read to the end. */
async function pipelined(host: string, exchanges: Exchange[]): Promise<ClientResult> {
  const bodies = exchanges.map(requestBody);
  const wire = Buffer.concat(
    exchanges.flatMap((e, i) => {
      const body = bodies[i];
      const last = i === exchanges.length - 1;
      let head = `${e.method} ${e.target} HTTP/1.1\r\nHost: ${host}\r\nAccept-Encoding: gzip\r\nConnection: ${last ? 'close' : 'keep-alive'}\r\n`;
      if (body === null) return [Buffer.from(`${head}\r\n`)];
      if (e.gzip) head += `Content-Encoding: gzip\r\nContent-Length: ${body.length}\r\n\r\n`;
      else return [Buffer.from(`${head}Transfer-Encoding: chunked\r\n\r\n`), chunked(body)];
      return [Buffer.from(head), body];
    }),
  );
  const socket = net.connect(80, host);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const localPort = socket.localPort!;
  let bytesReceived = 0;
  socket.on('data', (d: Buffer) => (bytesReceived += d.length));
  // No half-close: nginx takes an early FIN as the client going away and resets the connection.
  // The last request's Connection: close ends it.
  socket.write(wire);
  await new Promise<void>((resolve, reject) => socket.once('close', () => resolve()).once('error', reject));
  return { mode: 'pipelined', localPort, requests: bodies.map((b) => b && digest(b)), bytesReceived };
}

/**
 * `connections` keep-alive connections (one agent of one socket each, used in turn), requests
 * spread evenly at no more than `ratePerSecond`.
 */
async function load(job: Extract<ClientJob, { mode: 'load' }>): Promise<ClientResult> {
  const agents = Array.from({ length: job.connections }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
  const total = Math.round(job.ratePerSecond * job.seconds);
  const interval = 1000 / job.ratePerSecond;
  const byStatus: Record<string, number> = {};
  let completed = 0;
  let failed = 0;
  const start = Date.now();
  const inflight: Array<Promise<void>> = [];
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    const target = job.targets[i % job.targets.length];
    inflight.push(
      new Promise<void>((resolve) => {
        const req = http.get({ host: job.host, port: 80, path: target, agent: agents[i % agents.length] }, (r) => {
          r.resume();
          r.on('end', () => {
            completed++;
            byStatus[r.statusCode ?? 0] = (byStatus[r.statusCode ?? 0] ?? 0) + 1;
            resolve();
          });
        });
        req.on('error', () => {
          failed++;
          resolve();
        });
      }),
    );
  }
  await Promise.all(inflight);
  for (const agent of agents) agent.destroy();
  return { mode: 'load', sent: total, completed, failed, byStatus };
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]) as ClientJob;
  const result =
    job.mode === 'keepalive'
      ? await keepalive(job.host, job.exchanges)
      : job.mode === 'pipelined'
        ? await pipelined(job.host, job.exchanges)
        : await load(job);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) void main();

/** Runs a job in a lab host's namespace (asynchronously: the test keeps reading the node). */
export function runClient(lab: Lab, role: string, job: ClientJob): Promise<ClientResult> {
  const child = lab.spawn(role, [process.execPath, '--import', 'tsx', __filename, JSON.stringify(job)]);
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out) as ClientResult)
        : reject(new Error(`http client (${job.mode}) exited ${code}: ${err}`)),
    ),
  );
}
