/** Readiness rules, listen addresses, and the metrics registry read from a snapshot. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { unitFile } from '../../../installer/unit-file';
import { EXIT_CONFIG } from '../../../node/cli/commands/run';
import { ServiceEndpoints } from '../../../node/service/endpoints';
import { formatListenAddress, parseListenAddress } from '../../../node/service/listen-address';
import { createMetricsRegistry, METRICS } from '../../../node/service/metrics';
import { readiness } from '../../../node/service/readiness';
import type { ServiceSnapshot } from '../../../node/service/snapshot';
import { snapshotOf } from '../../support/service-snapshot';
import { buildNode } from '../../../node/node-builder';
import type { WorkerQueues } from '../../../node/service/run-analysis';
import type { LaneStats } from '../../../node/workers/pool';
import { STAGES, type StageName } from '../../../node/stage-clock';
import { defaultConfig } from '../../../node/config/load';
import { createLogger } from '../../../node/config/logger';
import type { ExporterCounters } from '../../../node/cloud/exporter';

const CAP = { maxBytes: 1000, maxBatches: 100 };

function exported(spoolBytes: number, pendingBatches: number): ExporterCounters {
  return {
    exportedRecords: 0,
    exportedBatches: 0,
    spooledRecords: 0,
    spooledBatches: 0,
    droppedRecords: 0,
    droppedBatches: 0,
    retries: 0,
    parkedBatches: 0,
    parkedRecords: 0,
    apidOnlySkipped: 0,
    notExported: 0,
    heartbeats: 0,
    heartbeatFailures: 0,
    spoolBytes,
    pendingBatches,
    pendingRecords: 0,
    spoolCorruptTails: 0,
  };
}

test('ready only with the capture open, not draining, and the spool below 90% of its caps', () => {
  const open = { captureOpen: true, draining: false };
  assert.deepEqual(readiness(open, null, CAP), { ready: true, reasons: [] });
  assert.deepEqual(readiness(open, exported(899, 89), CAP), { ready: true, reasons: [] });
  assert.deepEqual(readiness({ captureOpen: false, draining: false }, null, CAP).reasons, ['capture not open yet']);
  assert.deepEqual(readiness({ captureOpen: true, draining: true }, null, CAP).reasons, ['shutting down']);
  assert.match(readiness(open, exported(900, 0), CAP).reasons[0], /cloud spool at its cap \(900 of 1000 bytes\)/);
  assert.match(readiness(open, exported(0, 90), CAP).reasons[0], /cloud spool at its cap \(90 of 100 batches\)/);
  assert.equal(readiness({ captureOpen: false, draining: false }, exported(1000, 0), CAP).reasons.length, 2);
});

test('listen addresses: every address, host:port, [v6]:port', () => {
  assert.deepEqual(parseListenAddress(':9000'), { host: undefined, port: 9000 });
  assert.deepEqual(parseListenAddress('127.0.0.1:8080'), { host: '127.0.0.1', port: 8080 });
  assert.deepEqual(parseListenAddress('[::1]:9000'), { host: '::1', port: 9000 });
  assert.deepEqual(parseListenAddress('localhost:1'), { host: 'localhost', port: 1 });
  for (const a of [':9000', '127.0.0.1:8080', '[::1]:9000']) assert.equal(formatListenAddress(parseListenAddress(a)), a);
});

function snapshot(exporter: ExporterCounters | null, queues: WorkerQueues | null = null): ServiceSnapshot {
  const node = buildNode(defaultConfig(), new Set(['attack']), { write: () => {} });
  node.pipeline.decoder.counters.port_filtered = 3;
  node.analyzer.counters.attacksByClass.sqli = 2;
  return snapshotOf(node, {
    startedAt: Date.now() - 5000,
    analysisThreads: queues?.threads ?? 1,
    queues: () => queues,
    capture: () => ({ packets: 10, bytes: 1500, kernelDropped: null, interfaceDropped: null }),
    exporter: () => exporter,
  });
}

test('metrics: namespace prefix, labels, unknown values left out (no made-up zeroes)', async () => {
  let current = snapshot(null);
  const registry = createMetricsRegistry('ns', () => current);
  let text = await registry.metrics();
  assert.match(text, /^ns_build_info\{version="9\.9\.9"\} 1$/m);
  assert.match(text, /^# TYPE ns_capture_packets_total counter$/m);
  assert.match(text, /^ns_capture_packets_total 10$/m);
  assert.match(text, /^ns_capture_bytes_total 1500$/m);
  assert.match(text, /^ns_decode_skipped_total\{reason="port_filtered"\} 3$/m);
  assert.match(text, /^ns_attacks_total\{class="sqli"\} 2$/m);
  assert.match(text, /^ns_uptime_seconds 5$/m);
  assert.doesNotMatch(text, /^ns_capture_kernel_dropped_total /m);
  assert.doesNotMatch(text, /^ns_export_spool_bytes /m);
  assert.doesNotMatch(text, /^ns_export_records_total\{/m);
  current = snapshot(exported(4096, 2));
  text = await registry.metrics();
  assert.match(text, /^ns_export_spool_bytes 4096$/m);
  assert.match(text, /^ns_export_records_total\{outcome="dropped"\} 0$/m);
  assert.match(text, /^ns_ready 1$/m);
  assert.match(text, /^ns_analysis_threads 1$/m);
  assert.doesNotMatch(text, /^ns_analysis_queue_dropped_frames_total/m, 'one thread has no queue');
});

test('metrics with workers: queue drops and backlog per worker', async () => {
  const perWorker = [
    { queueDrops: 0, shed: shed(0, 0, 0, 0), backlogBatches: 1, backlogBytes: 4096 },
    { queueDrops: 7, shed: shed(3, 1, 40, 2), backlogBatches: 16, backlogBytes: 16 << 20 },
  ];
  const registry = createMetricsRegistry('ns', () =>
    snapshot(null, {
      threads: 2,
      queueDrops: 7,
      shed: shed(3, 1, 40, 2),
      backlogBatches: 17,
      backlogBytes: 4096 + (16 << 20),
      perWorker,
      captureThread: {
        cpuSeconds: 2.5,
        frames: 1000,
        stages: Object.fromEntries(STAGES.map((k) => [k, 0])) as Record<StageName, number>,
      },
    }),
  );
  const text = await registry.metrics();
  assert.match(text, /^ns_analysis_threads 2$/m);
  assert.match(text, /^# TYPE ns_analysis_queue_dropped_frames_total counter$/m);
  assert.match(text, /^ns_analysis_queue_dropped_frames_total\{worker="0"\} 0$/m);
  assert.match(text, /^ns_analysis_queue_dropped_frames_total\{worker="1"\} 7$/m);
  assert.match(text, /^ns_analysis_backlog_batches\{worker="1"\} 16$/m);
  assert.match(text, /^ns_analysis_backlog_bytes\{worker="0"\} 4096$/m);
  assert.match(text, /^ns_analysis_shed_connections_total\{worker="1",reason="backlog"\} 3$/m);
  assert.match(text, /^ns_analysis_shed_connections_total\{worker="1",reason="queue_full"\} 1$/m);
  assert.match(text, /^ns_analysis_shed_connections_total\{worker="0",reason="backlog"\} 0$/m);
  assert.match(text, /^ns_analysis_shed_frames_total\{worker="1"\} 40$/m);
  assert.match(text, /^ns_analysis_api_skipped_batches_total\{worker="1"\} 2$/m);
  assert.match(text, /^ns_capture_thread_cpu_seconds_total 2.5$/m);
});

function shed(backlog: number, queueFull: number, frames: number, apiSkippedBatches: number): LaneStats['shed'] {
  return { connections: { backlog, queue_full: queueFull }, frames, apiSkippedBatches };
}

test('docs/operations.md documents every metric', () => {
  const doc = fs.readFileSync(path.resolve(__dirname, '../../../docs/operations.md'), 'utf8');
  const missing = METRICS.map((m) => m.name).filter((n) => !doc.includes(`\`${n}\``));
  assert.deepEqual(missing, []);
});

test('endpoints: metrics and health on one address share a server; /ready follows readiness; close() releases the port', async () => {
  const lines: string[] = [];
  const log = createLogger({
    level: 'info',
    pretty: false,
    logFile: null,
    sink: { write: (l) => void lines.push(l), reopen() {}, close() {} },
  });
  let ready = { ready: false, reasons: ['capture not open yet'] };
  const snap = snapshot(null);
  const endpoints = new ServiceEndpoints({
    log,
    metrics: { address: '127.0.0.1:0', namespace: 'x' },
    health: { address: '127.0.0.1:0' },
    status: null,
    snapshot: () => snap,
    readiness: () => ready,
  });
  await endpoints.start();
  const port = endpoints.ports().get('127.0.0.1:0')!;
  assert.equal(endpoints.ports().size, 1);
  const get = async (p: string) => {
    const r = await fetch(`http://127.0.0.1:${port}${p}`);
    return { status: r.status, body: await r.text() };
  };
  assert.deepEqual(await get('/ready'), { status: 503, body: '{"ready":false,"reasons":["capture not open yet"]}\n' });
  ready = { ready: true, reasons: [] };
  assert.equal((await get('/ready')).status, 200);
  assert.equal((await get('/live')).status, 200);
  assert.match((await get('/metrics')).body, /^x_capture_packets_total 10$/m);
  assert.match((await get('/wallarm-status')).body, /not found; this address serves \/metrics \/live \/ready/);
  await endpoints.close();
  await assert.rejects(fetch(`http://127.0.0.1:${port}/live`));
  assert.match(lines.join(''), /"msg":"serving \/metrics \/live \/ready","listen_address":"127.0.0.1:0"/);
});

test('the installed unit does not restart on the config-error exit status of run', () => {
  assert.ok(unitFile('1').split('\n').includes(`RestartPreventExitStatus=${EXIT_CONFIG}`));
});
