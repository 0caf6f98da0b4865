/** The node's counters in heartbeats: the pipeline's, kernel drops when known, the worker queues with workers, CPU per stage. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { heartbeatCounters } from '../../../node/service/run-service';
import type { OpenCapture } from '../../../node/capture/sources';
import { buildNode } from '../../../node/node-builder';
import type { RunAnalysis, WorkerQueues } from '../../../node/service/run-analysis';
import { countersOf } from '../../../node/summary';
import { defaultConfig } from '../../../node/config/load';
import { STAGES, type StageName } from '../../../node/stage-clock';

/** Nothing was captured: every stage's CPU seconds are 0. */
const NO_STAGE_TIME = Object.fromEntries(STAGES.map((k) => [`cpu_s_${k}`, 0]));

function analysis(queues: WorkerQueues | null): RunAnalysis {
  const node = buildNode(defaultConfig(), new Set(['attack']), { write: () => {} });
  node.analyzer.counters.transactions = 12;
  node.analyzer.counters.attacks = 3;
  return {
    threads: queues?.threads ?? 1,
    startupMs: 0,
    onFrame: () => {},
    addKeys: () => {},
    tick: () => {},
    refresh: () => {},
    counters: () => countersOf(node),
    queues: () => queues,
    finish: async () => countersOf(node),
  };
}

function capture(kernelDropped: number | null): OpenCapture {
  return {
    engine: 'libpcap',
    stats: () => ({ packets: 100, bytes: 9000, kernelDropped, interfaceDropped: null }),
    stop: async () => {},
  };
}

test('one thread: pipeline counters and kernel drops, no queue counters', () => {
  assert.deepEqual(heartbeatCounters(analysis(null), capture(4)), {
    packets: 100,
    active_flows: 0,
    transactions: 12,
    bypassed: 0,
    attacks: 3,
    kernel_dropped: 4,
    ...NO_STAGE_TIME,
  });
  assert.ok(!('kernel_dropped' in heartbeatCounters(analysis(null), capture(null))), 'unknown kernel drops are left out');
});

test('workers: queue drops and backlog too', () => {
  const queues: WorkerQueues = {
    threads: 2,
    queueDrops: 7,
    shed: { connections: { backlog: 5, queue_full: 1 }, frames: 60, apiSkippedBatches: 0 },
    backlogBatches: 3,
    backlogBytes: 3 << 20,
    perWorker: [],
    captureThread: {
      cpuSeconds: 1.23456,
      frames: 1000,
      stages: Object.fromEntries(STAGES.map((k) => [k, 0])) as Record<StageName, number>,
    },
  };
  assert.deepEqual(heartbeatCounters(analysis(queues), capture(0)), {
    packets: 100,
    active_flows: 0,
    transactions: 12,
    bypassed: 0,
    attacks: 3,
    kernel_dropped: 0,
    queue_dropped: 7,
    backlog_batches: 3,
    shed_connections: 6,
    shed_connections_cut: 1,
    shed_frames: 60,
    api_skipped: 0,
    capture_thread_cpu_s: 1.235,
    ...NO_STAGE_TIME,
  });
});

test('CPU seconds per pipeline stage, to the millisecond', () => {
  const a = analysis(null);
  const counters = a.counters();
  counters.stages = { ...counters.stages, attacks: 1.23456, output: 0.0004 };
  const beat = heartbeatCounters({ ...a, counters: () => counters }, capture(null));
  assert.equal(beat.cpu_s_attacks, 1.235);
  assert.equal(beat.cpu_s_output, 0);
  assert.deepEqual(
    Object.keys(beat).filter((k) => k.startsWith('cpu_s_')),
    STAGES.map((k) => `cpu_s_${k}`),
  );
});
