/**
 * The reference cloud's findings (cloud/repository.ts, docs/console.md "Scale"): what listing,
 * counting and closing findings costs when the database holds many vulnerability rows and a large
 * merged inventory, and what each stored report costs. Through the repository, SQLite, one core:
 *  1. api-discovery batches of --endpoints endpoints over --hosts hosts (GET and POST each);
 *  2. events batches of --findings vulnerability reports (a quarter of them a second report of a
 *     finding under a concrete path, which the inventory groups with its template);
 *  3. the vulnerabilities page (open, first 50), the overview and closing one finding, each
 *     --rounds times: median and max ms, and CPU ms (user+sys) per call.
 *
 *   npx tsx test/bench/findings.ts [--endpoints 20000] [--hosts 100] [--findings 20000] [--rounds 20] [--dir DIR]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../cloud/db/open';
import { Repository } from '../../cloud/repository';

const { values } = parseArgs({
  options: {
    endpoints: { type: 'string', default: '20000' },
    hosts: { type: 'string', default: '100' },
    findings: { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '20' },
    dir: { type: 'string' },
  },
});

const KINDS: Array<[string, string]> = [
  ['info_exposure', 'sql_error:mysql'],
  ['unauthenticated_sensitive_data', 'email'],
  ['attack_succeeded', 'sqli'],
  ['info_exposure', 'stack_trace:java'],
];

function endpoint(i: number, hosts: number, ts: string): Record<string, unknown> {
  return {
    type: 'api_endpoint',
    ts,
    host: `api${i % hosts}.example`,
    method: i % 2 === 0 ? 'GET' : 'POST',
    template: `/v1/r${Math.floor(i / hosts / 2)}/{id}`,
    count: 1,
    first_seen: ts,
    last_seen: ts,
    params: {},
    responses: { '200': { count: 1 } },
  };
}

/** Finding i: on an endpoint's template, or (every fourth) on a concrete path of it. */
function finding(i: number, endpoints: number, hosts: number, ts: string): Record<string, unknown> {
  const e = (i * 7) % endpoints;
  const [kind, detail] = KINDS[i % KINDS.length];
  const r = Math.floor(e / hosts / 2);
  return {
    type: 'vulnerability',
    ts,
    flow: { src: '192.0.2.1:40000', dst: '198.51.100.1:80' },
    client_ip: '192.0.2.1',
    host: `api${e % hosts}.example`,
    kind,
    detail,
    endpoint: { method: e % 2 === 0 ? 'GET' : 'POST', template: i % 4 === 3 ? `/v1/r${r}/${i}` : `/v1/r${r}/{id}` },
    evidence: `evidence ${i}`,
    first_seen: ts,
  };
}

function cpuMs(f: NodeJS.CpuUsage): number {
  return (f.user + f.system) / 1000;
}

async function timed(rounds: number, fn: () => Promise<unknown>): Promise<string> {
  const wall: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    await fn();
    wall.push(performance.now() - t);
  }
  const cpu = cpuMs(process.cpuUsage(cpu0)) / rounds;
  wall.sort((a, b) => a - b);
  return `median ${wall[wall.length >> 1].toFixed(1)} ms, max ${wall[wall.length - 1].toFixed(1)} ms, CPU ${cpu.toFixed(1)} ms per call`;
}

async function main(): Promise<void> {
  const endpoints = Number(values.endpoints);
  const hosts = Number(values.hosts);
  const findings = Number(values.findings);
  const rounds = Number(values.rounds);
  const dir = values.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'aio-bench-findings-'));
  const repo = await Repository.open(await openDatabase(undefined, dir));
  const creds = await repo.registerNode({ hostname: 'bench', labels: {}, mode: 'tcp-capture', version: '0', arch: 'x86_64' });
  const node = (await repo.authenticateNode(creds.uuid, creds.secret))!;
  const ts = new Date().toISOString();
  let b = 0;
  const batches = async (kind: 'events' | 'api-discovery', n: number, make: (i: number) => Record<string, unknown>) => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < n; i += 1000) {
      const items = Array.from({ length: Math.min(1000, n - i) }, (_, k) => make(i + k));
      await repo.acceptBatch(node, kind, `b${b++}`, Buffer.from(String(b)), items);
    }
    return `${((performance.now() - t0) / 1000).toFixed(2)} s wall, ${(cpuMs(process.cpuUsage(cpu0)) / n).toFixed(3)} CPU ms per record`;
  };
  const out: string[] = [];
  out.push(
    `endpoints: ${endpoints} over ${hosts} hosts: ${await batches('api-discovery', endpoints, (i) => endpoint(i, hosts, ts))}`,
  );
  out.push(`findings: ${findings} reports: ${await batches('events', findings, (i) => finding(i, endpoints, hosts, ts))}`);
  const open = await repo.vulnerabilities(true, 0, 1_000_000);
  out.push(`findings listed: ${open.length} (rows ${open.reduce((n, v) => n + v.rows, 0)})`);
  out.push(`vulnerabilities page (open, first 50): ${await timed(rounds, () => repo.vulnerabilities(true, 0, 50))}`);
  out.push(`overview: ${await timed(rounds, () => repo.overview(Date.now() - 86_400_000))}`);
  let k = 0;
  out.push(`close one finding: ${await timed(rounds, () => repo.setVulnerabilityClosed(open[k++ % open.length].id, true))}`);
  await repo.close();
  if (values.dir === undefined) fs.rmSync(dir, { recursive: true, force: true });
  process.stdout.write(out.join('\n') + '\n');
}

void main();
