/**
 * HTTP/2 from real implementations, captured with tcpdump and replayed: nghttpd serving curl
 * (--http2-prior-knowledge) and nghttp (prior knowledge, several concurrent streams), and a
 * minimal h2c server answering curl --http2 and nghttp -u (the Upgrade: h2c path). Runs in a
 * network namespace of its own (prefix t24, loopback only), as root; skipped elsewhere. The
 * transactions and attacks the replay reports are compared with what the clients sent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { INJECTION, TLS_NAME } from '../../gen/grpc-exchange';
import { testOnlyCertificate } from '../../gen/tls-captures';

const root = path.resolve(__dirname, '../../..');
const ns = `t24-h2-${process.pid}`;
const have = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const canRun =
  process.getuid?.() === 0 &&
  spawnSync('ip', ['netns', 'list']).status === 0 &&
  ['nghttpd', 'nghttp', 'curl', 'tcpdump'].every(have);

interface Rec {
  type: string;
  request: { method: string; target: string; version: string; headers: Array<[string, string]>; body?: { length: number } };
  response: { status: number; version: string; body: { length: number } } | null;
  http_version?: string;
  stream_id?: number;
  host: string;
  hits?: Array<{ class: string; point: Array<string | number>; value: string }>;
  tls?: { version: string; cipher: string; sni: string | null };
}

function inNs(cmd: string, args: string[], opts: { timeout?: number } = {}) {
  return spawnSync('ip', ['netns', 'exec', ns, cmd, ...args], { encoding: 'utf8', timeout: opts.timeout ?? 20000 });
}

function startInNs(cmd: string, args: string[]): ChildProcess {
  return spawn('ip', ['netns', 'exec', ns, cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

async function waitFor(p: ChildProcess, stream: 'stdout' | 'stderr', text: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const t = setTimeout(() => reject(new Error(`no "${text}" from ${p.spawnargs.join(' ')}: ${seen}`)), 10000);
    p[stream]!.on('data', (d: Buffer) => {
      seen += d.toString();
      if (seen.includes(text)) {
        clearTimeout(t);
        resolve();
      }
    });
  });
}

async function stop(p: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const done = new Promise<void>((resolve) => p.on('exit', () => resolve()));
  p.kill(signal);
  await done;
}

/** The local port of the marker connection `captured` opens; no client of these tests uses it. */
const MARKER_PORT = 18499;

/**
 * Waits until tcpdump has written every packet the clients caused. On a loaded machine tcpdump reads
 * its ring late, and packets still in the ring when it is stopped are lost without being counted as
 * drops (a quiet capture file for a moment proved nothing: tcpdump itself may be waiting for a core).
 * So one marker connection from MARKER_PORT to the captured `port` is opened after the clients are
 * done, and we wait (at most 30 s) until its SYN is in the file: tcpdump writes packets in the
 * order it reads them. The marker carries no data, so the replay makes no transaction of it.
 */
async function captured(pcap: string, port: number): Promise<void> {
  inNs(process.execPath, [
    '-e',
    `const s = require('net').connect({ host: '127.0.0.1', port: ${port}, localPort: ${MARKER_PORT} });` +
      `s.on('connect', () => s.destroy()); s.on('error', () => {});`,
  ]);
  const until = Date.now() + 30000;
  while (Date.now() < until && !hasPacketFrom(pcap, MARKER_PORT)) await new Promise((res) => setTimeout(res, 200));
}

/** Whether the capture (Ethernet link type, as `tcpdump -i lo` writes) holds an IPv4 TCP packet from `srcPort`. */
function hasPacketFrom(pcap: string, srcPort: number): boolean {
  if (!fs.existsSync(pcap)) return false;
  const b = fs.readFileSync(pcap);
  if (b.length < 24) return false;
  const le = b.readUInt32LE(0) === 0xa1b2c3d4 || b.readUInt32LE(0) === 0xa1b23c4d;
  const u32 = (at: number) => (le ? b.readUInt32LE(at) : b.readUInt32BE(at));
  for (let at = 24; at + 16 <= b.length;) {
    const caplen = u32(at + 8);
    const pkt = at + 16;
    if (pkt + caplen > b.length) break; // a record tcpdump is still writing
    const ip = pkt + 14;
    if (caplen >= 14 + 20 + 4 && b.readUInt16BE(pkt + 12) === 0x0800 && b[ip + 9] === 6) {
      const tcp = ip + (b[ip] & 0x0f) * 4;
      if (tcp + 2 <= pkt + caplen && b.readUInt16BE(tcp) === srcPort) return true;
    }
    at = pkt + caplen;
  }
  return false;
}

function replay(pcap: string, extra: string[] = []): Rec[] {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'node/cli/main.ts'), 'replay', pcap, '--emit', 'transaction,attack', ...extra],
    { encoding: 'utf8', cwd: root, timeout: 60000 },
  );
  assert.equal(r.status, 0, r.stderr);
  return r.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Rec);
}

test(
  'live: nghttpd with curl and nghttp (prior knowledge), curl and nghttp upgrading with h2c',
  { skip: !canRun && 'needs root, ip netns, nghttp2-client, nghttp2-server, curl, tcpdump' },
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 't24-h2-'));
    const www = path.join(dir, 'www');
    fs.mkdirSync(www);
    fs.writeFileSync(path.join(www, 'index.html'), '<h1>hello h2</h1>\n');
    fs.writeFileSync(path.join(www, 'big.bin'), Buffer.alloc(100_000, 'b'));
    // A long note of words (a run of one character would be an `overflow` probe, docs/detection.md).
    fs.writeFileSync(path.join(dir, 'post.txt'), 'name=chair&note=' + 'nine new '.repeat(555) + 'nines');
    const pcap = path.join(dir, 'h2.pcap');
    assert.equal(spawnSync('ip', ['netns', 'add', ns]).status, 0);
    const procs: ChildProcess[] = [];
    try {
      assert.equal(spawnSync('ip', ['-n', ns, 'link', 'set', 'lo', 'up']).status, 0);
      const dump = startInNs('tcpdump', [
        '-i',
        'lo',
        '-U',
        '--immediate-mode',
        '-Z',
        'root',
        '-w',
        pcap,
        'tcp port 18424 or tcp port 18425',
      ]);
      procs.push(dump);
      await waitFor(dump, 'stderr', 'listening on');
      // tcpdump says it listens a moment before its filter sees packets.
      await new Promise((res) => setTimeout(res, 500));
      const nghttpd = startInNs('nghttpd', ['--no-tls', '-a', '127.0.0.1', '-d', www, '18424']);
      procs.push(nghttpd);
      const upg = startInNs(process.execPath, ['--import', 'tsx', path.join(__dirname, 'h2c-upgrade-server.ts'), '18425']);
      procs.push(upg);
      await waitFor(upg, 'stdout', 'listening');
      await new Promise((r) => setTimeout(r, 300));
      const base = 'http://127.0.0.1:18424';
      let r = inNs('curl', [
        '-sS',
        '--http2-prior-knowledge',
        '-o',
        '/dev/null',
        '-w',
        '%{http_code} %{http_version}',
        '-H',
        'X-Team: blue',
        `${base}/index.html?id=1%27%20UNION%20SELECT%20password%20FROM%20users--`,
      ]);
      assert.equal(r.stdout, '200 2', r.stderr);
      r = inNs('curl', [
        '-sS',
        '--http2-prior-knowledge',
        '-o',
        '/dev/null',
        '-w',
        '%{http_code}',
        '--data-binary',
        `@${path.join(dir, 'post.txt')}`,
        `${base}/form`,
      ]);
      assert.equal(r.stdout, '404', r.stderr);
      r = inNs('nghttp', ['-n', '-H', 'x-client: nghttp', `${base}/index.html`, `${base}/big.bin`, `${base}/missing`]);
      assert.equal(r.status, 0, r.stderr);
      r = inNs('curl', ['-sS', '--http2', '-w', ' %{http_code} %{http_version}', 'http://127.0.0.1:18425/upgrade-me?via=curl']);
      assert.equal(r.stdout, 'h2c answer to /upgrade-me?via=curl 200 2', r.stderr);
      r = inNs('nghttp', ['-nu', 'http://127.0.0.1:18425/nghttp-upgrade']);
      assert.equal(r.status, 0, r.stderr);
      await captured(pcap, 18424);
    } finally {
      for (const p of procs.reverse()) await stop(p, 'SIGINT');
      spawnSync('ip', ['netns', 'del', ns]);
    }
    const recs = replay(pcap);
    const txs = recs.filter((x) => x.type === 'transaction');
    const seen = txs.map(
      (t) =>
        `${t.http_version ?? '1'} ${t.stream_id ?? '-'} ${t.request.method} ${t.request.target} -> ${t.response?.status ?? 'none'} [${t.response?.body.length ?? '-'}]`,
    );
    // nghttpd's 404 page is its own; nghttp's streams complete in any order.
    const notFound = txs.find((t) => t.request.target === '/missing')?.response?.body.length;
    const nghttpStreams = txs.filter((t) => t.request.headers.some(([n]) => n === 'x-client')).map((t) => t.stream_id);
    const sid = (target: string) => txs.find((t) => t.request.target === target)?.stream_id;
    assert.deepEqual(
      [...seen].sort(),
      [
        '2 1 GET /index.html?id=1%27%20UNION%20SELECT%20password%20FROM%20users-- -> 200 [18]',
        `2 1 POST /form -> 404 [${notFound}]`,
        `2 ${sid('/index.html')} GET /index.html -> 200 [18]`,
        `2 ${sid('/big.bin')} GET /big.bin -> 200 [100000]`,
        `2 ${sid('/missing')} GET /missing -> 404 [${notFound}]`,
        `2 1 GET /upgrade-me?via=curl -> 200 [${'h2c answer to /upgrade-me?via=curl'.length}]`,
        `2 1 GET /nghttp-upgrade -> 200 [${'h2c answer to /nghttp-upgrade'.length}]`,
      ].sort(),
    );
    assert.equal(nghttpStreams.length, 3);
    assert.ok(nghttpStreams.every((id) => typeof id === 'number' && id % 2 === 1 && id > 1));
    // nghttp's three requests are on one connection, in three streams.
    assert.equal(new Set(nghttpStreams).size, 3);
    assert.equal(txs[0].host, '127.0.0.1:18424');
    assert.ok(txs[0].request.headers.some(([n, v]) => n === 'x-team' && v === 'blue'));
    assert.equal(txs[1].request.body?.length, 5016);
    assert.equal(
      txs.find((t) => t.request.target === '/upgrade-me?via=curl')?.request.version,
      'HTTP/1.1',
      'the upgrade request as sent',
    );
    const attacks = recs.filter((x) => x.type === 'attack');
    assert.equal(attacks.length, 1);
    assert.equal(attacks[0].stream_id, 1);
    assert.ok(attacks[0].hits!.some((h) => h.class === 'sqli' && h.point.join('.') === 'query.id'));
    fs.rmSync(dir, { recursive: true, force: true });
  },
);

/**
 * A @grpc/grpc-js server and client in the test's namespace, captured with tcpdump and replayed.
 * Over TLS both processes run with `node --tls-keylog` (ALPN h2, a test-only certificate for
 * *.tls.test) and the replay decrypts with the server's key log alone, as a sensor would.
 */
async function grpcLive(port: number, tls: boolean): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 't24-grpc-'));
  const pcap = path.join(dir, 'grpc.pcap');
  const script = path.join(root, 'test/gen/grpc-exchange.ts');
  const serverLog = path.join(dir, 'server.keylog');
  const tlsArgs = tls ? [dir] : [];
  if (tls) testOnlyCertificate(path.join(dir, 'grpc.key'), path.join(dir, 'grpc.crt'));
  const node = (keylog: string) => (tls ? [`--tls-keylog=${keylog}`] : []);
  assert.equal(spawnSync('ip', ['netns', 'add', ns]).status, 0);
  const procs: ChildProcess[] = [];
  try {
    assert.equal(spawnSync('ip', ['-n', ns, 'link', 'set', 'lo', 'up']).status, 0);
    const dump = startInNs('tcpdump', ['-i', 'lo', '-U', '--immediate-mode', '-Z', 'root', '-w', pcap, `tcp port ${port}`]);
    procs.push(dump);
    await waitFor(dump, 'stderr', 'listening on');
    await new Promise((res) => setTimeout(res, 500));
    const server = startInNs(process.execPath, [
      ...node(serverLog),
      '--import',
      'tsx',
      script,
      'server',
      String(port),
      ...tlsArgs,
    ]);
    procs.push(server);
    await waitFor(server, 'stdout', 'listening');
    const clientLog = path.join(dir, 'client.keylog');
    const r = inNs(process.execPath, [...node(clientLog), '--import', 'tsx', script, 'client', String(port), ...tlsArgs], {
      timeout: 60000,
    });
    assert.equal(r.status, 0, r.stderr);
    await captured(pcap, port);
  } finally {
    for (const p of procs.reverse()) await stop(p, 'SIGINT');
    spawnSync('ip', ['netns', 'del', ns]);
  }
  if (tls) assert.match(fs.readFileSync(serverLog, 'utf8'), /^CLIENT_HANDSHAKE_TRAFFIC_SECRET /m, 'the server wrote a key log');
  const recs = replay(pcap, tls ? ['--tls-keylog', serverLog] : []);
  const txs = recs.filter((x) => x.type === 'transaction') as Array<Rec & { grpc?: { method: string; status: number | null } }>;
  assert.deepEqual(
    txs.map((t) => `${t.http_version} ${t.request.target} ${t.grpc?.status}`),
    [
      '2 /shop.v1.Orders/Place 0',
      '2 /shop.v1.Orders/Place 7',
      '2 /shop.v1.Orders/Search 0',
      '2 /shop.v1.Orders/Bulk 0',
      '2 /shop.v1.Orders/Place 0',
    ],
  );
  if (tls) for (const t of txs) assert.deepEqual([t.tls?.version, t.tls?.sni], ['1.3', TLS_NAME], 'the decrypted connection');
  const attacks = recs.filter((x) => x.type === 'attack');
  assert.equal(attacks.length, 1);
  const hit = attacks[0].hits!.find((h) => h.class === 'sqli');
  assert.deepEqual(hit?.point, ['grpc', '2', '2']);
  assert.equal(hit?.value, INJECTION);
  fs.rmSync(dir, { recursive: true, force: true });
}

test(
  "live: a @grpc/grpc-js client and server, captured with tcpdump; calls, statuses and the injection's field path",
  { skip: !canRun && 'needs root, ip netns, tcpdump' },
  () => grpcLive(18426, false),
);

test(
  'live: gRPC over TLS (grpc-js both ends, TLS 1.3, ALPN h2) decrypted with the server key log: the same calls and injection',
  { skip: (!canRun || !have('openssl')) && 'needs root, ip netns, tcpdump, openssl' },
  () => grpcLive(18427, true),
);
