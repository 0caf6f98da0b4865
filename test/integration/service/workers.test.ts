/**
 * `run` with http_inspector.workers: 2 against the same service on one thread: the pcap_file
 * engine (exits 0 after the file) and the VXLAN engine on loopback report the same transactions,
 * attacks, access-log lines and OpenAPI documents; queue drops under a burst are counted, bounded
 * and visible in /metrics, the status page and the last stats line.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Inventory } from '../../../node/analysis/discovery/merge';
import { interleave } from '../../../node/sample/conversation';
import { lorem } from '../../../node/sample/http-exchange';
import { writePcapng } from '../../../node/sample/pcap-writer';
import { apiExchanges, mixScenario, renderConversation, type ConversationPlan } from '../../../node/sample/scenarios';
import { tempDir } from '../cloud/helpers';
import { BURST, readRecords, sendAll, sendPaced, startNode, stopNode, until, vxlanDatagrams } from './harness';
import { STAGES } from '../../../node/stage-clock';
import { runToEnd } from '../../support/cli';

const dirs: string[] = [];
after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
function dir(): string {
  const d = tempDir('aio-workers');
  dirs.push(d);
  return d;
}

/** Connections with attacks and API calls, from many clients (so both workers get some). */
function attackPlans(n: number): ConversationPlan[] {
  return Array.from({ length: n }, (_, i) => ({
    opts: { client: `192.0.2.${i + 1}`, server: '198.51.100.5', clientPort: 43000 + i, serverPort: 80, seed: i },
    exchanges: [
      { target: `/search?q=<script>alert(${i})</script>`, host: 'shop.example.com', responseBody: '<html>results</html>' },
      {
        target: `/items?id=${i}'%20UNION%20SELECT%20password%20FROM%20users--`,
        host: 'shop.example.com',
        status: 500,
        reason: 'Internal Server Error',
        responseBody: 'SQL syntax error',
      },
      ...apiExchanges(i).map((e) => ({ ...e, host: 'api.example.com' })),
    ],
  }));
}

/**
 * Live `run` caps attack detection by wall time per request (limits.attack_time_per_request); on a
 * loaded machine a preempted thread hits it and a hit goes missing, so the comparisons turn it off.
 */
const UNCAPPED = 'limits:\n  attack_time_per_request: 0s\n';

/** Live capture stamps frames on arrival: two runs differ in time only. */
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
function timeless(v: unknown): string {
  return JSON.stringify(v, (k, x) => (typeof x === 'string' && ISO_TIME.test(x) ? 'T' : k === 'duration_ms' ? 0 : x));
}

/** What must not depend on the number of threads: sorted, so connection interleaving does not matter. */
function comparable(
  records: Array<Record<string, any>>,
  live = false,
): { transactions: string[]; attacks: string[]; inventory: string; sessions: string[]; findings: string[] } {
  const inv = new Inventory();
  for (const r of records) if (r.type === 'api_endpoint') inv.add(r);
  const text = live ? timeless : (v: unknown) => JSON.stringify(v);
  return {
    transactions: records
      .filter((r) => r.type === 'transaction')
      .map(text)
      .sort(),
    attacks: records
      .filter((r) => r.type === 'attack')
      .map(text)
      .sort(),
    inventory: text(inv.list()),
    // Merged on the capture thread (issue 23): one record per session, each finding once.
    sessions: records
      .filter((r) => r.type === 'session')
      .map(text)
      .sort(),
    findings: records
      .filter((r) => r.type === 'vulnerability')
      .map((r) => text([r.kind, r.detail, r.host, r.endpoint]))
      .sort(),
  };
}

/** Equal, or a message naming only the records that differ. */
function assertSame(got: ReturnType<typeof comparable>, want: ReturnType<typeof comparable>): void {
  for (const k of ['transactions', 'attacks', 'sessions', 'findings'] as const) {
    const extra = got[k].filter((x) => !want[k].includes(x));
    const missing = want[k].filter((x) => !got[k].includes(x));
    assert.deepEqual({ extra, missing }, { extra: [], missing: [] }, `${k} differ`);
    assert.deepEqual(got[k], want[k]);
  }
  assert.equal(got.inventory, want.inventory);
}

async function runPcapFile(
  d: string,
  capture: string,
  workers: number,
): Promise<{ status: number | null; stderr: string; out: string; access: string; log: string; openapi: string }> {
  const config = path.join(d, `go-node-${workers}.yaml`);
  const out = path.join(d, `records-${workers}.jsonl`);
  const access = path.join(d, `access-${workers}.log`);
  const log = path.join(d, `go-node-${workers}.log`);
  const state = path.join(d, `state-${workers}`);
  fs.writeFileSync(
    config,
    `version: 4
mode: tcp-capture
goreplay:
  filter: '${capture}:80'
  extra_args: ['-input-raw-engine', 'pcap_file']
http_inspector:
  workers: ${workers}
${UNCAPPED}log:
  log_file: ${log}
  access_log:
    enabled: true
    log_file: ${access}
metrics:
  enabled: false
health_check:
  enabled: false
`,
  );
  const { status, stderr } = await runToEnd({
    config,
    nodeYaml: path.join(d, 'absent.yaml'),
    stateDir: state,
    output: out,
    emit: 'transaction,attack,api_endpoint,session,vulnerability',
  });
  return { status, stderr, out, access, log, openapi: path.join(state, 'api-discovery') };
}

function lines(file: string): string[] {
  return fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
    : [];
}

test('pcap_file engine: 2 workers report what one thread reports (records, access log, OpenAPI) and exit 0', async () => {
  const d = dir();
  const mix = mixScenario();
  const capture = path.join(d, 'capture.pcapng');
  fs.writeFileSync(
    capture,
    writePcapng(interleave([mix.packets, ...attackPlans(12).map((p) => renderConversation(p).packets)], 5)),
  );
  const [one, two] = await Promise.all([runPcapFile(d, capture, 1), runPcapFile(d, capture, 2)]);
  assert.equal(one.status, 0, one.stderr);
  assert.equal(two.status, 0, two.stderr);
  const a = comparable(readRecords(one.out));
  const b = comparable(readRecords(two.out));
  assert.equal(a.transactions.length, mix.expected.length + 12 * 6);
  assert.ok(a.attacks.length >= 24, `${a.attacks.length} attacks`);
  assert.ok(a.sessions.length > 0, `${a.sessions.length} sessions`);
  assertSame(b, a);
  assert.deepEqual(lines(two.access).sort(), lines(one.access).sort());
  assert.equal(lines(one.access).length, a.transactions.length);
  const docs = (p: string) =>
    fs
      .readdirSync(p)
      .sort()
      .map((f) => [f, fs.readFileSync(path.join(p, f), 'utf8')]);
  assert.ok(docs(one.openapi).length > 0);
  assert.deepEqual(docs(two.openapi), docs(one.openapi));
  assert.match(
    fs.readFileSync(two.log, 'utf8'),
    /"msg":"analysis workers ready","workers":2,"startup_ms":\d+,"queue_batches":128,"drop_on_overload":"connections"/,
  );
  assert.doesNotMatch(fs.readFileSync(one.log, 'utf8'), /analysis workers ready/);
});

test('VXLAN engine on loopback: 2 workers report what one thread reports; worker metrics and status', async () => {
  const datagrams = vxlanDatagrams(attackPlans(10));
  const results: Array<ReturnType<typeof comparable>> = [];
  for (const workers of [1, 2]) {
    const node = await startNode(dir(), {
      yaml: `http_inspector:\n  workers: ${workers}\n${UNCAPPED}`,
      emit: 'transaction,attack,api_endpoint',
    });
    try {
      await sendPaced(node, datagrams);
      await until(
        async () => (await node.metrics()).get('aio_flows_closed_total{reason="fin"}') === 10,
        10_000,
        () => 'the connections never closed',
      );
      const m = await node.metrics();
      assert.equal(m.get('aio_analysis_threads'), workers);
      assert.equal(m.get('aio_transactions_analyzed_total'), 60);
      assert.ok(m.has('aio_capture_kernel_dropped_total'), 'kernel drops are exported with workers too');
      const status = JSON.parse((await node.get(node.ports.status, '/wallarm-status')).body);
      assert.equal(status.analysisThreads, workers);
      // CPU per stage (summed over workers): a series per stage, the same figures on the status page.
      assert.deepEqual(Object.keys(status.stageSeconds), [...STAGES]);
      for (const k of STAGES) {
        const v = m.get(`aio_stage_cpu_seconds_total{stage="${k}"}`);
        assert.ok(v !== undefined && Number.isFinite(v) && v >= 0, `stage ${k}: ${v}`);
        assert.ok(Number.isFinite(status.stageSeconds[k]) && status.stageSeconds[k] >= 0);
      }
      if (workers === 1) {
        assert.ok(!m.has('aio_analysis_queue_dropped_frames_total{worker="0"}'));
        assert.equal(status.workers, null);
      } else {
        assert.equal(m.get('aio_analysis_queue_dropped_frames_total{worker="0"}'), 0);
        assert.equal(m.get('aio_analysis_queue_dropped_frames_total{worker="1"}'), 0);
        assert.equal(m.get('aio_analysis_backlog_batches{worker="1"}'), 0);
        assert.equal(status.workers.threads, 2);
        assert.equal(status.workers.perWorker.length, 2);
        assert.equal(status.reassembly.packets, datagrams.length, 'summed over workers');
      }
      const { code } = await stopNode(node);
      assert.equal(code, 0, node.stderr());
      results.push(comparable(readRecords(node.output), true));
    } finally {
      node.child.kill('SIGKILL');
    }
  }
  assert.equal(results[0].transactions.length, 60);
  assertSame(results[1], results[0]);
});

test('a burst beyond the workers: connections shed and counted per worker, backlog bounded by queue_batches, exit 0', async () => {
  // Large JSON uploads: attack detection costs far more per byte than the capture thread's decode and copy.
  const heavy = (burst: number): ConversationPlan[] =>
    Array.from({ length: 12 }, (_, i) => ({
      opts: {
        client: `203.0.113.${i + 1}`,
        server: '198.51.100.5',
        clientPort: 44000 + burst * 100 + i,
        serverPort: 80,
        mss: 8000,
        seed: i,
      },
      exchanges: [
        {
          method: 'POST',
          target: '/api/import',
          requestHeaders: [['Content-Type', 'application/json']],
          requestBody: JSON.stringify(
            Object.fromEntries(Array.from({ length: 4000 }, (_, k) => [`field${k}`, lorem(40, k).toString()])),
          ),
          responseBody: '{}',
        },
      ],
    }));
  const node = await startNode(dir(), { yaml: 'http_inspector:\n  workers: 2\n  queue_batches: 1\n', emit: 'transaction' });
  try {
    let burst = 0;
    await until(
      async () => {
        await sendAll(node.ports.udp, vxlanDatagrams(heavy(burst++)));
        const status = JSON.parse((await node.get(node.ports.status, '/wallarm-status')).body);
        assert.ok(
          status.workers.perWorker.every((w: { backlogBatches: number }) => w.backlogBatches <= 1),
          JSON.stringify(status.workers),
        );
        // Frames lost to a full queue are those of connections cut there, from the cut on: shed frames too.
        const w = status.workers;
        assert.ok(w.queueDrops <= w.shed.frames, JSON.stringify(w));
        assert.equal(w.queueDrops > 0, w.shed.connections.queue_full > 0, 'queue drops exactly when connections were cut');
        return status.workers.shed.frames > 0;
      },
      30_000,
      () => `nothing shed after ${burst} bursts`,
    );
    // Once the workers caught up, every segment the capture thread decoded was analysed or shed.
    await until(
      async () => {
        const s = JSON.parse((await node.get(node.ports.status, '/wallarm-status')).body);
        return s.workers.backlogBatches === 0 && s.reassembly.packets + s.workers.shed.frames === s.decode.segments;
      },
      20_000,
      () => 'the counters never added up',
    );
    const m = await node.metrics();
    const shedFrames =
      (m.get('aio_analysis_shed_frames_total{worker="0"}') ?? 0) + (m.get('aio_analysis_shed_frames_total{worker="1"}') ?? 0);
    assert.ok(shedFrames > 0);
    const shedConnections = [0, 1]
      .flatMap((w) =>
        ['backlog', 'queue_full'].map((r) => m.get(`aio_analysis_shed_connections_total{worker="${w}",reason="${r}"}`) ?? 0),
      )
      .reduce((a, b) => a + b, 0);
    assert.ok(shedConnections > 0);
    assert.ok((m.get('aio_process_resident_memory_bytes') ?? 0) < 1024 * 2 ** 20);
    const { code } = await stopNode(node);
    assert.equal(code, 0, node.stderr());
    const stats =
      node
        .log()
        .split('\n')
        .filter((l) => l.includes('"msg":"stats"'))
        .pop() ?? '';
    assert.equal(Number(/"shed_frames":(\d+)/.exec(stats)?.[1]), shedFrames);
    assert.equal(Number(/"shed_connections":(\d+)/.exec(stats)?.[1]), shedConnections);
    const queueDropped =
      (m.get('aio_analysis_queue_dropped_frames_total{worker="0"}') ?? 0) +
      (m.get('aio_analysis_queue_dropped_frames_total{worker="1"}') ?? 0);
    assert.equal(Number(/"queue_dropped":(\d+)/.exec(stats)?.[1]), queueDropped);
  } finally {
    node.child.kill('SIGKILL');
  }
});

test('SIGTERM with 2 workers: what the workers had queued and the connections still open are all in the output', async () => {
  const node = await startNode(dir(), { yaml: 'http_inspector:\n  workers: 2\n', emit: 'transaction' });
  try {
    const plans: ConversationPlan[] = Array.from({ length: 40 }, (_, i) => ({
      opts: { client: `10.20.0.${i + 1}`, server: '10.30.0.1', clientPort: 30000 + i },
      exchanges: i % 4 === 0 ? [...apiExchanges(i).slice(0, 2), { target: `/slow/${i}`, noResponse: true }] : apiExchanges(i),
      close: i % 4 === 0 ? 'none' : 'fin',
    }));
    const datagrams = vxlanDatagrams(plans);
    // The last burst is still in the kernel, or in a worker's queue, when SIGTERM comes.
    await sendPaced(node, datagrams.slice(0, -BURST));
    await sendAll(node.ports.udp, datagrams.slice(-BURST));
    const { code } = await stopNode(node);
    assert.equal(code, 0, node.stderr());
    const stats = JSON.parse(
      node
        .log()
        .split('\n')
        .filter((l) => l.includes('"msg":"stats"'))
        .pop()!,
    );
    assert.equal(stats.kernel_dropped, 0, 'loopback must not drop at this pace; otherwise the comparison below means nothing');
    assert.equal(stats.queue_dropped, 0);
    const got = readRecords(node.output).filter((r) => r.type === 'transaction');
    const expected = plans.reduce((n, p) => n + p.exchanges.length, 0);
    assert.equal(new Set(got.map((r) => `${r.flow.src} ${r.request.target}`)).size, expected, 'each exactly once');
    assert.equal(got.length, expected);
    assert.ok(got.filter((r) => r.request.target.startsWith('/slow/')).every((r) => r.response === null));
  } finally {
    node.child.kill('SIGKILL');
  }
});
