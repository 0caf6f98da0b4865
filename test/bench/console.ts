/**
 * `npm run bench:console`: the console's two scale figures (docs/console.md, "Scale").
 *  1. Ingest: attack records per second through the repository (what POST /v1/node/events does
 *     after decoding), batches of 1 000, SQLite, one core.
 *  2. Pages: a database generated with --attacks attack events (default 10 million) spread over
 *     30 days, then each console page timed through the real server (median of 5 loads).
 *
 *   npm run bench:console -- [--attacks 10000000] [--ingest 100000] [--node shipped|this] [--dir DIR]
 *
 * SQLite is node:sqlite, so by default this runs on the shipped node 22 runtime (fetched once from
 * the npm registry, as `npm run bench` does); `--node this` uses the running node (on Node 20 that
 * is the WebAssembly build, slower: say so when quoting it). --dir keeps the generated database.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ARCHES } from '../../build/paths';
import { fetchRuntime } from '../../build/runtimes';
import { openDatabase } from '../../cloud/db/open';
import { Repository, ATTACK_GROUP_WINDOW_MS } from '../../cloud/repository';
import { CloudServer } from '../../cloud/server';
import { consoleLogin } from '../integration/cloud/helpers';

const { values } = parseArgs({
  options: {
    attacks: { type: 'string', default: '10000000' },
    ingest: { type: 'string', default: '100000' },
    node: { type: 'string', default: 'shipped' },
    dir: { type: 'string' },
    child: { type: 'boolean' },
  },
});

const DAY = 86_400_000;
const CLASSES = ['sqli', 'xss', 'rce', 'ptrav', 'ssrf', 'scanner', 'nosqli', 'crlf', 'redir', 'ssti'];

function attackRecord(i: number, node: string, ts: number): Record<string, unknown> {
  const cls = CLASSES[(i >> 4) % CLASSES.length];
  return {
    type: 'attack',
    ts: new Date(ts).toISOString(),
    node_uuid: node,
    flow: { src: `10.1.${(i >> 8) & 255}.${i & 255}:40000`, dst: '10.0.0.2:80' },
    // About ten attacks per group: a scanner repeating itself on one endpoint.
    client_ip: `10.1.${(i >> 12) & 255}.${(i >> 4) & 255}`,
    host: `shop${(i >> 4) % 50}.example`,
    request: {
      method: i % 5 === 0 ? 'POST' : 'GET',
      target: `/api/v1/items/${(i >> 4) % 300}?q=%27%20or%201%3D1--${i}`,
      headers: [
        ['Host', `shop${i % 50}.example`],
        ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64)'],
        ['Accept', '*/*'],
        ['Cookie', 'session=********'],
      ],
    },
    response: { status: i % 3 === 0 ? 403 : 200 },
    hits: [{ class: cls, point: ['query', 'q'], value: `' or 1=1--${i}` }],
    verdict: i % 3 === 0 ? 'blocked' : 'attempt',
  };
}

async function ingest(dir: string, n: number): Promise<number> {
  const repo = await Repository.open(await openDatabase(undefined, dir));
  const creds = await repo.registerNode({
    hostname: 'bench',
    labels: { group: 'bench' },
    mode: 'tcp-capture',
    version: '0',
    arch: 'x86_64',
  });
  const node = (await repo.authenticateNode(creds.uuid, creds.secret))!;
  const now = Date.now();
  const batches: Array<Array<Record<string, unknown>>> = [];
  for (let i = 0; i < n; i += 1000)
    batches.push(Array.from({ length: Math.min(1000, n - i) }, (_, k) => attackRecord(i + k, node.uuid, now - (i + k) * 1000)));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let b = 0;
  for (const items of batches) await repo.acceptBatch(node, 'events', `b${b++}`, Buffer.from(String(b)), items);
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await repo.close();
  const cpuSecs = (cpu.user + cpu.system) / 1e6;
  process.stdout.write(
    `ingest: ${n} attack records in ${secs.toFixed(2)} s wall, ${cpuSecs.toFixed(2)} s CPU: ${Math.round(n / secs)} records/s wall, ${Math.round(n / cpuSecs)} per CPU second\n`,
  );
  return n / secs;
}

/**
 * Fills events, attack groups and daily counts with SQL (the repository's own layout). Attack i
 * belongs to group i / 10 (ten consecutive attacks of one client on one endpoint, as a scanner
 * repeats itself): the groups are written first and each event carries its group id, so
 * generating 10 million events needs no sort or join of the events.
 */
async function generate(dir: string, n: number): Promise<void> {
  const repo = await Repository.open(await openDatabase(undefined, dir));
  const db = repo.db;
  const creds = await repo.registerNode({
    hostname: 'bench',
    labels: { group: 'bench' },
    mode: 'tcp-capture',
    version: '0',
    arch: 'x86_64',
  });
  const now = Date.now();
  const start = now - 30 * DAY;
  const step = Math.max(1, Math.floor((30 * DAY) / n));
  const groups = Math.ceil(n / 10);
  const W = ATTACK_GROUP_WINDOW_MS;
  const t0 = performance.now();
  const cls = `CASE g % 10 ${CLASSES.map((c, k) => `WHEN ${k} THEN '${c}'`).join(' ')} END`;
  const host = `'shop' || (g % 50) || '.example'`;
  const method = `CASE WHEN g % 5 = 0 THEN 'POST' ELSE 'GET' END`;
  const route = `'/api/v1/items/' || (g % 300)`;
  const client = `'10.' || ((g / 65536) % 256) || '.' || ((g / 256) % 256) || '.' || (g % 256)`;
  const verdict = `CASE WHEN g % 3 = 0 THEN 'blocked' ELSE 'attempt' END`;
  const first = `(${start} + g * 10 * ${step})`;
  await db.exec(`WITH RECURSIVE n(g) AS (SELECT 0 UNION ALL SELECT g + 1 FROM n WHERE g < ${groups - 1})
INSERT INTO attack_groups (id, gkey, classes, host, method, path, client_ip, node_uuid, bucket_ms, first_ms, last_ms, hits, worst_verdict)
SELECT g + 1, ${cls} || '|' || ${host} || '|' || ${method} || '|' || ${route} || '|' || ${client} || '|' || ((${first} / ${W}) * ${W}),
  ${cls}, ${host}, ${method}, ${route}, ${client}, '${creds.uuid}', (${first} / ${W}) * ${W}, ${first},
  ${first} + (MIN(10, ${n} - g * 10) - 1) * ${step}, MIN(10, ${n} - g * 10), ${verdict}
FROM n`);
  const t1 = performance.now();
  await db.exec(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${n - 1}), m(i, g) AS (SELECT i, i / 10 FROM n)
INSERT INTO events (node_uuid, batch_id, type, ts_ms, received_ms, host, client_ip, classes, verdict, method, path, status, group_id, body)
SELECT '${creds.uuid}', 'gen' || (i / 1000), 'attack', ${start} + i * ${step}, ${now}, ${host}, ${client}, ${cls}, ${verdict}, ${method}, ${route},
  CASE WHEN g % 3 = 0 THEN 403 ELSE 200 END, g + 1,
  '{"type":"attack","host":"' || ${host} || '","client_ip":"' || ${client}
    || '","request":{"method":"' || ${method} || '","target":"' || ${route} || '?q=%27%20or%201%3D1--' || i || '","headers":[["User-Agent","Mozilla/5.0"]]},"response":{"status":200},"hits":[{"class":"' || ${cls} || '","point":["query","q"],"value":"'' or 1=1--' || i || '"}],"verdict":"' || ${verdict} || '"}'
FROM m`);
  const t2 = performance.now();
  await db.exec(
    `INSERT INTO attack_daily (day_ms, class, hits) SELECT (first_ms / ${DAY}) * ${DAY}, classes, SUM(hits) FROM attack_groups GROUP BY 1, 2`,
  );
  await db.exec('ANALYZE');
  await repo.close();
  process.stdout.write(
    `generated ${n} attacks (${groups} groups) in ${((performance.now() - t0) / 1000).toFixed(1)} s (groups ${((t1 - t0) / 1000).toFixed(1)} s, events ${((t2 - t1) / 1000).toFixed(1)} s); database ${(fs.statSync(path.join(dir, 'console.db')).size / 2 ** 30).toFixed(2)} GiB\n`,
  );
}

async function pages(dir: string): Promise<void> {
  const server = await CloudServer.start({
    host: '127.0.0.1',
    port: 0,
    dataDir: dir,
    tokens: new Map(),
    region: 'us',
    adminPassword: 'bench-password',
  });
  const cookie = await consoleLogin(server.url, 'admin', 'bench-password');
  const group = await server.store.attackGroups({}, 0, 1);
  const mid = await server.store.attackGroups({}, 100_000, 1);
  const day = new Date(Date.now() - 10 * DAY).toISOString().slice(0, 10);
  const list: Array<[string, string]> = [
    ['overview', '/'],
    ['attacks, newest', '/attacks'],
    ['attacks, page 201', '/attacks?offset=10000'],
    ['attacks, class', '/attacks?class=ssrf'],
    ['attacks, verdict', '/attacks?verdict=blocked'],
    ['attacks, host', '/attacks?host=shop7.example'],
    ['attacks, client IP', '/attacks?client=10.0.3.5'],
    ['search by value, 7 days', `/attacks?q=${encodeURIComponent('1=1--12345')}`],
    ['attacks, one day', `/attacks?from=${day}&to=${day}`],
    ['attacks, class+host+day', `/attacks?class=sqli&host=shop10.example&from=${day}&to=${day}`],
    ['attack detail (newest)', `/attacks/${group[0]?.id}`],
    ['attack detail (older)', `/attacks/${mid[0]?.id ?? group[0]?.id}`],
    ['search by value, one day', `/attacks?q=${encodeURIComponent('1=1--12345')}&from=${day}&to=${day}`],
    ['API inventory', '/api'],
    ['vulnerabilities', '/vulnerabilities'],
    ['sessions', '/sessions'],
    ['nodes', '/nodes'],
  ];
  process.stdout.write('| page | median ms (5 loads) | max ms |\n|---|---:|---:|\n');
  for (const [name, url] of list) {
    const times: number[] = [];
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      const r = await fetch(`${server.url}${url}`, { headers: { Cookie: cookie } });
      await r.text();
      if (r.status !== 200) throw new Error(`${url}: ${r.status}`);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    process.stdout.write(`| ${name} | ${times[2].toFixed(1)} | ${times[4].toFixed(1)} |\n`);
  }
  await server.close();
}

async function main(): Promise<void> {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (!values.child && values.node !== 'this' && !(major > 22 || (major === 22 && minor >= 13))) {
    const arch = ARCHES.find((a) => a.node === process.arch)!;
    const node = values.node === 'shipped' ? path.join(fetchRuntime(arch).dir, 'bin/node') : path.resolve(values.node!);
    const tsx = path.join(__dirname, '../../node_modules/tsx/dist/loader.mjs');
    const r = spawnSync(node, ['--import', tsx, __filename, '--child', ...process.argv.slice(2)], { stdio: 'inherit' });
    process.exit(r.status ?? 1);
  }
  process.stdout.write(`node ${process.version}, SQLite via ${major >= 22 ? 'node:sqlite' : 'node-sqlite3-wasm'}\n`);
  const root = values.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'aio-bench-console-'));
  try {
    await ingest(path.join(root, 'ingest'), Number(values.ingest));
    const gen = path.join(root, 'pages');
    if (!fs.existsSync(path.join(gen, 'console.db'))) await generate(gen, Number(values.attacks));
    await pages(gen);
  } finally {
    if (values.dir === undefined) fs.rmSync(root, { recursive: true, force: true });
  }
}

void main();
