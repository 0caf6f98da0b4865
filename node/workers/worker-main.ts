/**
 * A pipeline worker thread: the whole single-threaded pipeline (decode -> reassembly -> HTTP ->
 * analysis) over the frames of the connections the capture thread shards to it. Records go back
 * with each batch's buffer, so a connection's records keep their order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { configFromArg } from '../cli/config-arg';
import { buildNode } from '../cli/node-builder';
import { countersOf } from '../cli/summary';
import type { NodeRecord } from '../report/records';
import { readBatch } from './batch';
import type { FromWorker, PipelineWorkerData, ToWorker } from './protocol';

export async function runPipelineWorker(): Promise<void> {
  const port = parentPort!;
  const data = workerData as PipelineWorkerData;
  const post = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  const config = await configFromArg(data.configPath ?? undefined, 'worker');
  if (config === null) {
    post({ type: 'failed', message: `worker: ${data.configPath} is not valid` });
    return;
  }
  let records: NodeRecord[] = [];
  const node = buildNode(config, new Set(data.produce), { write: (r) => records.push(r) }, data.nodeUuid);
  const take = (): NodeRecord[] => {
    const out = records;
    records = [];
    return out;
  };
  port.on('message', (m: ToWorker) => {
    if (m.type === 'batch') {
      readBatch(m.buffer, m.used, node.pipeline.onFrame);
      post({ type: 'batch-done', buffer: m.buffer, records: take() }, [m.buffer]);
    } else if (m.type === 'tick') {
      node.pipeline.tick(m.nowTs);
      if (records.length > 0) post({ type: 'records', records: take() });
    } else {
      node.pipeline.finish();
      post({ type: 'finished', records: take(), counters: countersOf(node) });
      port.close();
    }
  });
  post({ type: 'ready' });
}
