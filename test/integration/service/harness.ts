/**
 * `native-node run` as a child process on loopback: the vxlan engine on a free UDP port (the
 * test is the mirror and sends VXLAN datagrams at it), /metrics, /live, /ready and the status
 * page on free TCP ports of 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { vxlanHeader } from '../../../node/sample/frames';
import { renderConversation, type ConversationPlan } from '../../../node/sample/scenarios';
import { cliArgs } from '../../support/cli';

export const VNI = 42;

export async function freeTcpPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

export interface NodeProcess {
  child: ChildProcess;
  dir: string;
  ports: { udp: number; metrics: number; health: number; status: number };
  logFile: string;
  output: string;
  stderr(): string;
  exited: Promise<number | null>;
  get(port: number, urlPath: string): Promise<{ status: number; body: string }>;
  metrics(): Promise<Map<string, number>>;
  log(): string;
}

export interface StartOptions {
  /** go-node.yaml text appended to the vxlan/metrics/health part. */
  yaml?: string;
  emit?: string;
  /** Use this metrics port instead of a free one. */
  metricsPort?: number;
  /** Cloud credentials; default: none (not registered, nothing exported). */
  nodeYaml?: string;
}

/** Starts the node; resolves once /ready answers 200. */
export async function startNode(dir: string, o: StartOptions = {}): Promise<NodeProcess> {
  const extraYaml = o.yaml ?? '';
  const ports = {
    udp: await freeUdpPort(),
    metrics: o.metricsPort ?? (await freeTcpPort()),
    health: await freeTcpPort(),
    status: await freeTcpPort(),
  };
  const logFile = path.join(dir, 'go-node.log');
  const output = path.join(dir, 'records.jsonl');
  const config = path.join(dir, 'go-node.yaml');
  fs.writeFileSync(
    config,
    `version: 4
mode: tcp-capture
goreplay:
  filter: ':80'
  extra_args: ['-input-raw-engine', 'vxlan', '-input-raw-vxlan-port', '${ports.udp}']
metrics:
  listen_address: '127.0.0.1:${ports.metrics}'
  namespace: aio
health_check:
  listen_address: '127.0.0.1:${ports.health}'
${extraYaml}`,
  );
  if (!/^log:/m.test(extraYaml)) fs.appendFileSync(config, `log:\n  log_file: ${logFile}\n`);
  const child = spawn(
    process.execPath,
    cliArgs(
      'run',
      '--config',
      config,
      '--node-yaml',
      o.nodeYaml ?? path.join(dir, 'absent-node.yaml'),
      '--state-dir',
      path.join(dir, 'state'),
      '--output',
      output,
      '--emit',
      o.emit ?? 'transaction,attack',
      '--status-listen',
      `127.0.0.1:${ports.status}`,
    ),
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const get = (port: number, urlPath: string) => httpGet(port, urlPath);
  const node: NodeProcess = {
    child,
    dir,
    ports,
    logFile,
    output,
    exited,
    get,
    stderr: () => stderr,
    log: () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : ''),
    metrics: async () => parseMetrics((await get(ports.metrics, '/metrics')).body),
  };
  // Generous: start-up compiles the TypeScript and, with workers, runs their warm-up (warmup_ms); on
  // a loaded machine that took over 20 s once. The wait ends as soon as /ready answers.
  await until(
    async () => (await get(ports.health, '/ready').catch(() => ({ status: 0 }))).status === 200,
    60_000,
    () => `node never became ready:\n${stderr}\n${node.log()}`,
  );
  return node;
}

export function httpGet(port: number, urlPath: string): Promise<{ status: number; body: string }> {
  return fetch(`http://127.0.0.1:${port}${urlPath}`).then(async (r) => ({ status: r.status, body: await r.text() }));
}

/** `name{labels}` -> value, from the Prometheus text format. */
export function parseMetrics(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    out.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return out;
}

export async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, why: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(why());
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The datagrams a VXLAN mirror would send for these conversations (inner frames are Ethernet). */
export function vxlanDatagrams(plans: ConversationPlan[]): Buffer[] {
  const header = vxlanHeader(VNI);
  return plans.flatMap((p) => renderConversation(p).packets.map((pkt) => Buffer.concat([header, pkt.frame])));
}

/** Sends datagrams in order, each after the previous one left (no burst overruns the receive queue). */
export async function sendAll(port: number, datagrams: Buffer[]): Promise<void> {
  const s = dgram.createSocket('udp4');
  try {
    for (const d of datagrams)
      await new Promise<void>((resolve, reject) => s.send(d, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
  } finally {
    s.close();
  }
}

/** Datagrams sent at once; small enough for any default socket receive buffer (208 KiB). */
export const BURST = 100;

/** Sends bursts of BURST, each once the node has read the previous one: nothing can overflow. */
export async function sendPaced(node: NodeProcess, datagrams: Buffer[]): Promise<void> {
  const start = (await node.metrics()).get('aio_capture_packets_total') ?? 0;
  for (let sent = 0; sent < datagrams.length; sent += BURST) {
    const chunk = datagrams.slice(sent, sent + BURST);
    await sendAll(node.ports.udp, chunk);
    const target = start + sent + chunk.length;
    await until(
      async () => ((await node.metrics()).get('aio_capture_packets_total') ?? 0) >= target,
      10_000,
      () => 'the node does not keep up',
    );
  }
}

export function readRecords(file: string): Array<Record<string, any>> {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));
}

/** SIGTERM and wait; fails after 10 s (the service contract). */
export async function stopNode(node: NodeProcess): Promise<{ code: number | null; ms: number }> {
  const t0 = Date.now();
  node.child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000).unref());
  const r = await Promise.race([node.exited, timeout]);
  if (r === 'timeout') {
    node.child.kill('SIGKILL');
    throw new Error(`node did not exit within 10 s after SIGTERM:\n${node.stderr()}\n${node.log()}`);
  }
  return { code: r, ms: Date.now() - t0 };
}
