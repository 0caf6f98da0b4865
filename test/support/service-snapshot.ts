/**
 * What the service reads of an in-process node (node/service/snapshot.ts): the snapshot that
 * /metrics, the status page and the heartbeat are made from, with the service's other sources
 * fixed (one analysis thread, no queues, exporter or access log, ready), and its /metrics text.
 * Tests of counters in the service's outputs build a node, feed it, then read these.
 */
import type { BuiltNode } from '../../node/node-builder';
import { createMetricsRegistry } from '../../node/service/metrics';
import { EventLoopDelay, takeSnapshot, type ServiceSnapshot, type SnapshotSources } from '../../node/service/snapshot';
import { countersOf } from '../../node/summary';

/** The snapshot of `node`; `sources` replaces any of the fixed ones. */
export function snapshotOf(node: BuiltNode, sources: Partial<SnapshotSources> = {}): ServiceSnapshot {
  const loop = new EventLoopDelay();
  try {
    return takeSnapshot(
      {
        version: '9.9.9',
        mode: 'tcp-capture',
        startedAt: Date.now(),
        engine: 'pcap_file',
        analysisThreads: 1,
        counters: () => countersOf(node),
        queues: () => null,
        capture: () => ({ packets: 1, bytes: 1, kernelDropped: null, interfaceDropped: null }),
        exporter: () => null,
        accessLog: () => null,
        keySources: () => ({ files: null, endpoint: null }),
        readiness: () => ({ ready: true, reasons: [] }),
        ...sources,
      },
      loop,
    );
  } finally {
    loop.stop();
  }
}

/** The /metrics text of a snapshot, under the namespace `ns`. */
export function metricsText(snapshot: ServiceSnapshot, namespace = 'ns'): Promise<string> {
  return createMetricsRegistry(namespace, () => snapshot).metrics();
}
