/**
 * A pipeline worker thread: the whole single-threaded pipeline (decode -> reassembly -> HTTP ->
 * analysis) over the frames of the connections the capture thread shards to it. Records (and
 * access-log lines) go back with each batch's buffer, so a connection's records keep their order;
 * those the capture thread only writes go as their ready JSON lines.
 * The config arrives already validated in workerData: no file read, no schema compile here.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RecordSink, RecordType } from '../records/types';
import { buildNode } from '../node-builder';
import { countersOf } from '../summary';
import { AccessLog } from '../log/access-log';
import { jsonLine } from '../records/jsonl-writer';
import type { NodeRecord } from '../records/types';
import type { FindingSighting } from '../analysis/vulnerabilities/merge';
import type { SessionObservation } from '../analysis/sessions/book';
import { readBatch } from './batch';
import type { FromWorker, LineRun, PipelineWorkerData, ToWorker, WorkerOutput } from './protocol';

export function runPipelineWorker(): void {
  const port = parentPort!;
  const data = workerData as PipelineWorkerData;
  const post = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  const objectTypes = new Set<string>(data.objectTypes);
  let records: Array<LineRun | NodeRecord> = [];
  /** The run of lines being gathered: records of `runType` since the last record of another type. */
  let runType: RecordType | null = null;
  let lines = '';
  let accessLines: string[] = [];
  let sessions: SessionObservation[] = [];
  let findings: FindingSighting[] = [];
  const endRun = (): void => {
    if (runType !== null) records.push([runType, lines]);
    runType = null;
    lines = '';
  };
  // Only the line formatting happens here; the capture thread owns the file (SIGHUP, write errors).
  const accessLog =
    data.accessLog &&
    new AccessLog({ write: (line) => accessLines.push(line), reopen: () => {}, close: () => {} }, data.accessLog.verbose);
  const sink: RecordSink = {
    write(r) {
      if (objectTypes.has(r.type)) {
        endRun();
        records.push(r);
        return;
      }
      if (r.type !== runType) {
        endRun();
        runType = r.type as RecordType;
      }
      lines += jsonLine(r);
    },
  };
  const node = buildNode(
    data.config,
    new Set(data.produce),
    sink,
    data.nodeUuid,
    accessLog ? (tx, outcome) => accessLog.write(tx, outcome) : undefined,
    {
      exportDeltas: data.live,
      wallClockCaps: data.live,
      captureThread: { session: (o) => sessions.push(o), finding: (f) => findings.push(f) },
    },
  );
  const take = (): WorkerOutput => {
    endRun();
    const out = { records, accessLog: accessLines, sessions, findings };
    records = [];
    accessLines = [];
    sessions = [];
    findings = [];
    return out;
  };
  port.on('message', (m: ToWorker) => {
    if (m.type === 'batch') {
      readBatch(m.buffer, m.used, node.pipeline.onFrame);
      post({ type: 'batch-done', buffer: m.buffer, used: m.used, ...take() }, [m.buffer]);
    } else if (m.type === 'keys') {
      node.pipeline.tls?.store.addText(m.text);
    } else if (m.type === 'tick' || m.type === 'report') {
      if (m.type === 'tick') node.pipeline.tick(m.nowTs);
      post({ type: 'report', counters: countersOf(node), ...take() });
    } else {
      node.pipeline.finish();
      post({ type: 'finished', counters: countersOf(node), ...take() });
      port.close();
    }
  });
  post({ type: 'ready', counters: countersOf(node) });
}
