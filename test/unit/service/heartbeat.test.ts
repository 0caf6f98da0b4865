/** The node's counters in heartbeats: the pipeline's, kernel drops when known, the worker queues with workers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { heartbeatCounters } from '../../../node/service/run-service';
import type { OpenCapture } from '../../../node/capture/sources';
import { buildNode } from '../../../node/node-builder';
import type { RunAnalysis, WorkerQueues } from '../../../node/service/run-analysis';
import { countersOf } from '../../../node/summary';
import { defaultConfig } from '../../../node/config/load';

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
  });
});
