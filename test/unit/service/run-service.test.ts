/**
 * The `run` service in process (node/service/run-service.ts): a capture that replays the demo's
 * sample capture, a recording cloud link and log, signals from an EventEmitter, the endpoints on
 * ephemeral ports. Start order, drain on SIGTERM/SIGINT, failing start steps, a failing worker.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { OpenCapture } from '../../../node/capture/sources';
import { defaultConfig } from '../../../node/config/load';
import { createLogger } from '../../../node/config/logger';
import type { NodeRecord } from '../../../node/records/types';
import { RunService, type CloudExport, type RunDeps } from '../../../node/service/run-service';
import { startRunAnalysis } from '../../../node/service/run-analysis';
import { demoScenario } from '../../../node/sample/demo';

const dir = mkdtempSync(path.join(tmpdir(), 'aio-run-service-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const configPath = path.join(dir, 'go-node.yaml');
writeFileSync(configPath, 'mode: tcp-capture\n');
const DEMO = demoScenario();

interface Harness {
  service: RunService;
  signals: EventEmitter;
  /** Log messages, capture and cloud-link calls, in the order they happened. */
  events: string[];
  exported: NodeRecord[];
  output: string;
  running: Promise<number>;
}

function config() {
  const c = defaultConfig();
  c.metrics = { ...c.metrics, enabled: true, listenAddress: '127.0.0.1:0' };
  c.healthCheck = { enabled: true, listenAddress: '127.0.0.1:0' };
  // These tests count the demo's attacks after a drain; on a loaded machine the live per-request
  // time cap (limits.attack_time_per_request) could skip one and make the count depend on timing.
  c.limits = { ...c.limits, attackMillisPerRequest: 0 };
  return c;
}

function harness(name: string, deps: Partial<RunDeps> = {}): Harness {
  const events: string[] = [];
  const exported: NodeRecord[] = [];
  const signals = new EventEmitter();
  const log = createLogger({
    level: 'info',
    pretty: false,
    logFile: null,
    sink: {
      write: (line) => events.push(`log ${JSON.parse(line).msg}`),
      reopen: () => events.push('log reopen'),
      close: () => events.push('log close'),
    },
  });
  const cloud: CloudExport = {
    push: (r) => (exported.push(r), true),
    pushLines: () => {},
    close: async (ms) => (events.push(`cloud close ${ms}`), { delivered: true, pendingBatches: 0 }),
    counters: () => new Proxy({}, { get: () => 0 }) as ReturnType<CloudExport['counters']>,
  };
  // A live capture: the demo's packets at once, then quiet until stopped.
  const openCapture: RunDeps['openCapture'] = async (_config, onFrame) => {
    events.push('capture open');
    for (const p of DEMO.packets) onFrame(p.linkType, p.frame, 0, p.frame.length, p.ts, p.frame.length);
    const capture: OpenCapture = {
      engine: 'libpcap',
      stats: () => ({ packets: DEMO.packets.length, bytes: 0, kernelDropped: 0, interfaceDropped: null }),
      stop: async () => void events.push('capture stop'),
    };
    return capture;
  };
  const output = path.join(dir, `${name}.jsonl`);
  const service = new RunService(
    {
      config: config(),
      configPath,
      nodeYamlPath: path.join(dir, 'absent-node.yaml'),
      stateDir: dir,
      output,
      outputTypes: new Set(['transaction', 'attack']),
      statusAddress: null,
    },
    { signals, log, exit: () => assert.fail('hard stop'), startCloudExport: () => cloud, openCapture, ...deps },
  );
  return { service, signals, events, exported, output, running: service.run() };
}

function get(port: number, p: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: p }, (res) => {
        let body = '';
        res
          .setEncoding('utf8')
          .on('data', (d: string) => (body += d))
          .on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(ok(), what);
}

function records(file: string): NodeRecord[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as NodeRecord);
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`${signal}: the service drains (every transaction reaches --output and the cloud link), stops in reverse start order, exits 0`, async (t) => {
    const h = harness(signal);
    t.after(() => h.service.stop());
    await until('capture opened', () => h.events.includes('capture open'));
    const ports = [...h.service.endpointPorts().values()];
    assert.equal(ports.length, 1, 'metrics and health share their address: one server');
    const [metrics] = ports;
    const health = metrics;
    assert.equal((await get(health, '/ready')).status, 200);
    assert.match((await get(metrics, '/metrics')).body, new RegExp(`_capture_packets_total ${DEMO.packets.length}\\n`));
    assert.equal(h.signals.listenerCount('SIGHUP'), 1);
    h.signals.emit('SIGHUP');
    assert.ok(h.events.includes('log log files reopened (SIGHUP)'));

    h.signals.emit(signal);
    assert.equal(await h.running, 0);
    const out = records(h.output);
    assert.equal(
      out.filter((r) => r.type === 'transaction').length,
      DEMO.expected.length,
      'open connections flushed at the drain',
    );
    assert.equal(out.filter((r) => r.type === 'attack').length, 4);
    assert.equal(h.exported.filter((r) => r.type === 'attack').length, 4, 'the cloud link got every attack');
    // Capture stops first, then the analysis drains, then the cloud link, the summary, the log.
    const at = (e: string) => h.events.findIndex((x) => x.startsWith(e));
    const order = ['capture stop', 'log capture stopped, draining', 'cloud close 8000', 'log summary:', 'log close'].map(at);
    assert.ok(
      order.every((i) => i >= 0),
      h.events.join('\n'),
    );
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
      h.events.join('\n'),
    );
    assert.equal(h.events.at(-1), 'log close');
    for (const s of ['SIGTERM', 'SIGINT', 'SIGHUP']) assert.equal(h.signals.listenerCount(s), 0, `${s} handler removed`);
    await assert.rejects(get(health, '/ready'), 'endpoints closed');
    await h.service.stop(); // idempotent: nothing runs twice
    assert.equal(h.events.filter((e) => e === 'log close').length, 1);
  });
}

test('the cloud link cannot start: one fatal line, nothing later starts, what started is stopped, exit 1', async () => {
  const h = harness('cloud-fails', {
    startCloudExport: () => {
      throw new Error('node.yaml: bad uuid');
    },
  });
  assert.equal(await h.running, 1);
  assert.ok(h.events.includes('log cannot start the cloud link: node.yaml: bad uuid'), h.events.join('\n'));
  assert.ok(!h.events.includes('capture open'));
  assert.ok(!h.events.some((e) => e.startsWith('log summary:')), 'no analysis, no summary');
  assert.equal(h.events.at(-1), 'log close');
  assert.equal(h.signals.listenerCount('SIGTERM'), 0);
});

test('the capture cannot start: the analysis and the cloud link still drain, exit 1', async () => {
  const h = harness('capture-fails', {
    openCapture: async () => {
      throw new Error('eth9: no such device');
    },
  });
  assert.equal(await h.running, 1);
  const e = h.events;
  assert.ok(e.includes('log cannot start capture: eth9: no such device'), e.join('\n'));
  assert.ok(e.indexOf('cloud close 8000') > e.indexOf('log cannot start capture: eth9: no such device'));
  assert.ok(e.some((x) => x.startsWith('log summary:')));
  assert.equal(e.at(-1), 'log close');
});

test('a SIGTERM during start-up: the capture is never opened, the service stops, exit 0', async () => {
  // Assigned after the harness exists; the start step below reads it later.
  // eslint-disable-next-line prefer-const
  let signals!: EventEmitter;
  const h = harness('early-stop', {
    startRunAnalysis: async (o) => {
      signals.emit('SIGTERM');
      return startRunAnalysis(o);
    },
  });
  signals = h.signals;
  assert.equal(await h.running, 0);
  assert.ok(!h.events.includes('capture open'), h.events.join('\n'));
  assert.equal(h.events.at(-1), 'log close');
});

test('an analysis worker fails while running: the service drains and exits 1 (systemd restarts it)', async () => {
  let fail!: (err: Error) => void;
  const h = harness('worker-fails', {
    startRunAnalysis: async (o) => {
      fail = o.onFailure;
      return startRunAnalysis(o);
    },
  });
  await until('capture opened', () => h.events.includes('capture open'));
  fail(new Error('worker 2 exited'));
  assert.equal(await h.running, 1);
  assert.ok(h.events.includes('log analysis worker failed: worker 2 exited; stopping so that systemd restarts the service'));
  assert.ok(h.events.indexOf('capture stop') < h.events.indexOf('cloud close 8000'));
  assert.equal(records(h.output).filter((r) => r.type === 'transaction').length, DEMO.expected.length);
});

/** A capture file that has ended (`done` resolved), and a cloud link whose close takes `closeMs`. */
function endedFile(name: string, closeMs: number) {
  const exits: number[] = [];
  const h = harness(name, {
    timing: { tickMs: 1000, statsEveryMs: 60_000, drainDeadlineMs: 8000, hardStopMs: 50 },
    exit: (code) => void exits.push(code),
    openCapture: async (_config, onFrame) => {
      for (const p of DEMO.packets) onFrame(p.linkType, p.frame, 0, p.frame.length, p.ts, p.frame.length);
      return {
        engine: 'pcap_file',
        stats: () => ({ packets: DEMO.packets.length, bytes: 0, kernelDropped: 0, interfaceDropped: null }),
        stop: async () => {},
        done: Promise.resolve(),
      };
    },
    startCloudExport: () => ({
      push: () => true,
      pushLines: () => {},
      close: async () => {
        await new Promise((r) => setTimeout(r, closeMs));
        h.events.push('cloud delivered');
        return { delivered: true, pendingBatches: 0 };
      },
      counters: () => new Proxy({}, { get: () => 0 }) as ReturnType<CloudExport['counters']>,
    }),
  });
  return { h, exits };
}

test('a capture file that ended is drained to its end, past the 10 s bound of a stop asked from outside', async () => {
  // Was: the hard stop ran at the file's end too, so a loaded machine exited 0 with batches unsent.
  const { h, exits } = endedFile('file-ends', 300);
  assert.equal(await h.running, 0);
  assert.deepEqual(exits, [], 'no hard stop');
  assert.ok(h.events.includes('cloud delivered'), h.events.join('\n'));
  assert.ok(!h.events.some((e) => e.startsWith('log drain did not finish')), h.events.join('\n'));
  assert.equal(h.signals.listenerCount('SIGTERM'), 0, 'the drain’s signal handler removed');
});

test('a SIGTERM while a finished capture file drains: the 10 s bound applies again from the signal', async () => {
  const { h, exits } = endedFile('file-ends-then-sigterm', 2000);
  await until('draining', () => h.events.includes('log capture stopped, draining'));
  h.signals.emit('SIGTERM');
  await until('hard stop', () => exits.length === 1);
  assert.deepEqual(exits, [0]);
  assert.ok(
    h.events.includes('log drain did not finish within 0.05 s; exiting anyway (unsent batches stay in the spool)'),
    h.events.join('\n'),
  );
  assert.equal(await h.running, 0);
});
