/**
 * The capture thread's side of multi-core analysis (http_inspector.workers > 1): each frame is
 * decoded once, here, to find its connection; the decoded TCP segment (its fields and payload,
 * batch.ts) is copied into the current batch of the worker that owns the connection
 * (connectionHash; live, the worker with the shortest backlog at its SYN: laneFor), which does not
 * decode it again. Full batches are transferred, not copied; their
 * buffers come back for reuse. At most `maxBatches` batches per worker are in flight:
 * - 'drop' (live capture): the capture thread never waits on analysis; what a worker that cannot
 *   keep up loses is whole connections, by `dropOnOverload` (docs/configuration.md): once its
 *   backlog reaches three quarters of `maxBatches`, new connections to it (a SYN) are shed — every frame
 *   of theirs dropped until they end (shed.ts) — while the existing ones go on; a connection
 *   whose frame finds the queue full after all is cut there (shed from then on) and the worker
 *   told to forget it, so no half-analysed transaction of it is reported. With 'analyses', the
 *   batches sent while the backlog is at half of `maxBatches` or more skip the API analyses.
 *   Counted per worker and reason (`shed`);
 * - 'wait' (replay, run's pcap_file engine): the reader awaits `ready()` between file chunks
 *   instead, once a worker has `WAIT_AHEAD_BATCHES` batches queued (or `maxBatches`, if fewer);
 *   nothing is dropped and no analysis skipped, so the records do not depend on timing.
 * Records come back per batch, in order per connection: those of `objectTypes` as objects, every
 * other one as its JSON line formatted by the worker (PoolSink.writeLineRun, per run of one type). Replay merges the
 * api_endpoint records (one inventory per worker) at the end with the API-discovery merge rules;
 * the live service (`live`) passes each worker's deltas on as they come, since deltas merge anywhere.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { RecordSink, RecordType } from '../records/types';
import type { FrameHandler } from '../capture/types';
import { applyEvidence, EvidenceMerge, rekeySighting } from '../analysis/discovery/evidence';
import { DiscoveryInventory, type RawEndpointFacts } from '../analysis/discovery/inventory';
import { writeOpenApiFiles } from '../analysis/discovery/openapi';
import { discoverySettings } from '../analysis/discovery/settings';
import { newSessionBook } from '../analysis/api-analyzer';
import type { SessionBook, SessionObservation } from '../analysis/sessions/book';
import type { PathEvidence } from '../analysis/discovery/evidence';
import type { ApiEndpointRecord } from '../records/types';
import { ObservationReorder } from '../analysis/sessions/reorder';
import { reportedCounters, VulnerabilityMerge } from '../analysis/vulnerabilities/merge';
import { jsonLine } from '../records/jsonl-writer';
import type { LiveCounters } from '../summary';
import type { DropOnOverload, NodeConfig } from '../config/types';
import type { NodeRecord } from '../records/types';
import { PacketDecoder } from '../decode/decoder';
import type { DecodedPacket } from '../decode/packet';
import { decoderOptionsFromPlan } from '../decode/from-plan';
import { BATCH_BYTES, BatchWriter } from './batch';
import {
  PIPELINE_WORKER_ROLE,
  type FromWorker,
  type PipelineWorkerData,
  type ToWorker,
  type WarmupFrame,
  type WorkerOutput,
} from './protocol';
import { connectionHash } from './shard';
import { detachOneBuffer } from './detach';
import { Stage, StageClock, threadCpuMs, type StageName } from '../stage-clock';
import { ownValue, setOwn } from '../own-keys';
import { ConnectionTable, opensConnection, SHED_REASONS, type ShedReason } from './shed';

/** Where the workers' records go, in order per connection. */
export interface PoolSink extends RecordSink {
  /** Records of `type`, not one of `objectTypes`, as their JSON lines (records/jsonl-writer jsonLine, each ending in a newline). */
  writeLineRun(type: RecordType, lines: string): void;
}

export interface WorkerPoolOptions {
  workers: number;
  /** The validated config; each worker gets a structured clone of it. */
  config: NodeConfig;
  produce: ReadonlySet<RecordType>;
  sink: PoolSink;
  /**
   * Record types the sink reads (sink.write); every other record arrives as its line
   * (sink.writeLineRun). Replay's api_endpoint records are objects in any case (merged here).
   */
  objectTypes?: ReadonlySet<RecordType>;
  nodeUuid?: string;
  overload: 'drop' | 'wait';
  /** Batches in flight per worker (each up to BATCH_BYTES): the queue bound. */
  maxBatches?: number;
  /** 'drop' mode: what an overloaded worker sheds (http_inspector.drop_on_overload; default 'connections'). */
  dropOnOverload?: DropOnOverload;
  /** The service (`run`): live analysis options in the workers, api_endpoint deltas passed on unmerged. */
  live?: boolean;
  /** log.access_log: the workers format the lines, `writeLine` writes them here. */
  accessLog?: { verbose: boolean; writeLine(line: string): void } | null;
  /** replay --openapi: one OpenAPI document per host, written at finish() from the merged inventory. */
  openapiDir?: string | null;
  /** The live service: traffic each worker analyses before it is ready (PipelineWorkerData.warmup). */
  warmup?: WarmupFrame[] | null;
  /** This thread's stage clock (default on; benches that measure without it turn it off). */
  stageClock?: boolean;
  /** Called once when a worker fails (crash, exit); what was in its queue is lost. */
  onFailure?: (err: Error) => void;
}

/**
 * Default bound of in-flight batches per worker (128 x 1 MiB; http_inspector.queue_batches): new
 * connections are shed from three quarters of it (96 MiB). A node that starts under traffic analyses
 * its first second or two slower than the traffic comes (its workers compile what the warm-up did not
 * reach, on cores the sender shares on the development box), then catches up: at 800 Mbit/s with 32
 * batches ~650 connections were shed then, with 64 ~40-90; at 1600 Mbit/s the backlog peaked at
 * 70-96 batches per worker and fell while the traffic went on, so 64 (shedding from 48) shed
 * 500-1 400 connections in every attempt (docs/performance.md "Results (branch i22-live, fourth
 * session)").
 */
export const DEFAULT_MAX_BATCHES = 128;

/**
 * 'wait' mode (a file is read no faster than it is analysed): batches queued per worker before the
 * reader waits. A live queue must absorb bursts; a file's reader only has to keep each worker
 * busy, which a few batches do (a worker takes 10-20 ms per 1 MiB batch, the capture thread fills
 * one in well under 1 ms). Reading up to 64 batches ahead made every batch a new 1 MiB buffer
 * (page faults, zeroing, GC of external memory on the capture thread): with 8, replay's
 * `--workers 2` peaks ~100 MB lower and its capture thread spends ~10 % less CPU
 * (docs/performance.md "Results (branch i22-workers, third session)").
 */
export const WAIT_AHEAD_BATCHES = 8;

/**
 * The script a worker runs: the CLI entry point, which recognises a worker by its workerData.
 * Bundled (esbuild, the single executable) this module is inside the entry file itself; from
 * source it is node/cli/main.ts (node/cli/entry.ts startEntry).
 */
const WORKER_ENTRY = __filename.endsWith('.ts') ? path.resolve(__dirname, '../cli/main.ts') : __filename;
/** In the single executable the bundle is no file: build/sea.ts embeds it as this asset. */
const SEA_BUNDLE_ASSET = 'native-node.cjs';

function startWorker(workerData: PipelineWorkerData): Worker {
  // Under tsx (npm run native-node) the entry is TypeScript, and loader hooks do not reach
  // worker threads: the worker registers tsx's require hook itself before loading the entry.
  // Resolved from the entry's location: an eval'd worker's own require looks in the working
  // directory (systemd: /). Inside the string, so the bundler does not try to bundle tsx.
  if (WORKER_ENTRY.endsWith('.ts')) {
    return new Worker(
      `const r = require('node:module').createRequire(${JSON.stringify(WORKER_ENTRY)}); r('tsx/cjs'); r(${JSON.stringify(WORKER_ENTRY)});`,
      { eval: true, workerData },
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when needed (see above)
  const sea = require('node:sea') as typeof import('node:sea');
  if (sea.isSea()) return new Worker(sea.getAsset(SEA_BUNDLE_ASSET, 'utf8'), { eval: true, workerData });
  return new Worker(WORKER_ENTRY, { workerData });
}

/** What drop_on_overload shed on one worker, by reason ('backlog': new connections past the high-water mark; 'queue_full': cut at the queue bound). */
export interface ShedStats {
  connections: Record<ShedReason, number>;
  /** Frames of shed connections dropped (their first one included). */
  frames: number;
  /** Batches sent with the API analyses switched off ('analyses'); the transactions they skipped are the worker's `analyzer.apiSkipped`. */
  apiSkippedBatches: number;
}

/** One worker's queue, as metrics and the status page show it. */
export interface LaneStats {
  /**
   * Frames lost because this worker's queue was full ('drop' mode): the frame of an admitted
   * connection that found the queue full (which cut the connection) and every later frame of that
   * connection. Also in `shed.frames`; 0 while the high-water mark's shedding of new connections suffices.
   */
  queueDrops: number;
  shed: ShedStats;
  /** Batches sent and not yet analysed (the analysis backlog), and the frame bytes they carry. */
  backlogBatches: number;
  backlogBytes: number;
}

interface Lane extends LaneStats {
  worker: Worker;
  batch: BatchWriter | null;
  /** Capture time of the last frame of each batch in flight, oldest first. */
  inflightTs: number[];
  /** Capture time of the last frame of the last batch this worker analysed (-1: none yet). */
  doneTs: number;
  /** Analysis time of the last templating evidence this worker sent (-Infinity: none yet). */
  evidenceUs: number;
  free: ArrayBuffer[];
  /** The worker's counters as of its last report (ready, tick, report, finish); null before it is ready. */
  counters: LiveCounters | null;
  ended: boolean;
  ready: Promise<void>;
  finished: Promise<LiveCounters>;
}

/** The capture thread's own work (WorkerPool.captureThread). */
export interface CaptureThreadStats {
  cpuSeconds: number;
  /** Frames it handled (decoded and handed off, or shed). */
  frames: number;
  stages: Record<StageName, number>;
}

export interface PoolCounters {
  /** Frames lost because their worker's queue was full (LaneStats.queueDrops), every worker. */
  queueDrops: number;
  /** Every worker's ShedStats summed. */
  shed: ShedStats;
  /** Batches currently queued to workers (the analysis backlog), and their bytes. */
  backlogBatches: number;
  backlogBytes: number;
}

export class WorkerPool {
  readonly decoder: PacketDecoder;
  readonly counters: PoolCounters = { queueDrops: 0, shed: newShedStats(), backlogBatches: 0, backlogBytes: 0 };
  /** Resolves with the milliseconds from construction until every worker was ready to analyse. */
  readonly started: Promise<number>;
  private readonly lanes: Lane[];
  private readonly maxBatches: number;
  /** Backlog (batches) from which new connections are shed, and from which 'analyses' skips the API analyses. */
  private readonly shedAt: number;
  private readonly skipApiAt: number;
  /** 'wait' mode: the backlog (batches) at which `ready()` waits. */
  private readonly waitAt: number;
  /** Connections shed ('drop' mode), on every worker. */
  private readonly shed = new ConnectionTable();
  /** Live: the connections placed on a worker by backlog at their SYN (laneFor); null: by hash alone ('wait' mode). */
  private readonly placed: ConnectionTable | null;
  /** Connections placed by backlog so far (laneFor). */
  placedConnections = 0;
  /**
   * The templater: one DiscoveryInventory fed every worker's evidence in one thread's order, into
   * which the workers' facts are re-keyed (analysis/discovery/evidence.ts); null when no
   * api_endpoint, session record or OpenAPI document is produced.
   */
  readonly templater: DiscoveryInventory | null;
  private readonly evidence = new EvidenceMerge();
  /** Workers' facts not yet re-keyed, each with the analysis time of its worker's last evidence before it. */
  private readonly factsHeld: Array<{ upTo: number; facts: RawEndpointFacts[] }> = [];
  /** Workers' facts whose raw node or endpoint the templater does not have (its caps; a fold only a worker made). */
  endpointFactsUnmapped = 0;
  /** The sessions of every worker's requests, and their findings de-duplicated once (null when not produced). */
  readonly sessions: SessionBook | null;
  readonly vulnerabilities: VulnerabilityMerge | null;
  /** Session observations not yet at the slowest worker's clock; the most it held (bounded by the queues). */
  private readonly reorder = new ObservationReorder();
  heldObservationsPeak = 0;
  /** Capture time of the last frame handed to a worker. */
  private clockTs = -1;
  /** Frames read so far: each frame's number, sent with it (node/workers/batch.ts). */
  private framesRead = 0;
  /**
   * Time this thread spends merging the workers' sessions and findings, as they come (ms; sessions
   * closed on the way included: their templates and JSON lines), and at the end of input (the
   * open sessions and the inventory); observations merged.
   */
  mergeMs = 0;
  mergeEndMs = 0;
  observationsMerged = 0;
  evidenceMerged = 0;
  /** The most templating evidence held at once (waiting for slower workers). */
  get evidenceHeldPeak(): number {
    return this.evidence.heldPeak;
  }
  findingSightingsMerged = 0;
  private failure: Error | null = null;
  private waiter: (() => void) | null = null;
  /** finish() has drained the workers: this thread's clock settles whatever it has left. */
  private drained = false;
  /**
   * This thread's own time (docs/operations.md "Time per stage"): decode and handoff on sampled
   * frames, the records written (output) and the merges (vulnerabilities, sessions) timed whole, and
   * the rest of its CPU time — libpcap, the event loop taking the workers' replies — as capture.
   */
  readonly clock: StageClock;
  private readonly cpuMs0 = threadCpuMs();

  constructor(private readonly o: WorkerPoolOptions) {
    // Before the hand-off's code is optimised: this thread transfers every batch (detach.ts).
    detachOneBuffer();
    this.decoder = new PacketDecoder(decoderOptionsFromPlan(o.config.capture, o.config.limits));
    this.clock = new StageClock(o.stageClock ?? true).residual(Stage.capture);
    this.maxBatches = o.maxBatches ?? DEFAULT_MAX_BATCHES;
    this.placed = o.overload === 'drop' ? new ConnectionTable() : null;
    // Three quarters: a burst is absorbed as long as possible, and the connections that go on
    // keep the last quarter (16 MiB per worker by default) before one of them must be cut.
    this.shedAt = Math.max(1, Math.ceil((this.maxBatches * 3) / 4));
    // Live only: a file's reader waits instead, so what is analysed never depends on timing.
    this.skipApiAt =
      o.overload === 'drop' && (o.dropOnOverload ?? 'connections') === 'analyses'
        ? Math.max(1, Math.ceil(this.maxBatches / 2))
        : Infinity;
    this.waitAt = Math.min(this.maxBatches, WAIT_AHEAD_BATCHES);
    const t0 = performance.now();
    const objectTypes = new Set(o.objectTypes);
    const data: PipelineWorkerData = {
      role: PIPELINE_WORKER_ROLE,
      config: o.config,
      produce: o.openapiDir ? [...new Set([...o.produce, 'api_endpoint' as const])] : [...o.produce],
      objectTypes: [...objectTypes],
      nodeUuid: o.nodeUuid,
      live: o.live ?? false,
      accessLog: o.accessLog ? { verbose: o.accessLog.verbose } : null,
      warmup: o.warmup ?? null,
    };
    const settings = discoverySettings(o.config);
    const api = settings.enabled;
    this.templater =
      api && (o.produce.has('api_endpoint') || o.produce.has('session') || o.produce.has('vulnerability') || !!o.openapiDir)
        ? new DiscoveryInventory(settings)
        : null;
    this.sessions = api && o.produce.has('session') ? newSessionBook(settings, true, (r) => this.emit(r)) : null;
    this.vulnerabilities =
      api && o.produce.has('vulnerability')
        ? new VulnerabilityMerge(settings.maxVulnerabilities, settings.vulnerabilityRereportAfterUs)
        : null;
    this.lanes = Array.from({ length: o.workers }, () => this.lane(data));
    // Settles once every worker is ready or gone: terminating a worker still evaluating its script
    // while it throws aborts the whole process (seen with Node 20).
    this.started = Promise.allSettled(this.lanes.map((l) => l.ready)).then((all) => {
      const failed = all.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      return Math.round(performance.now() - t0);
    });
    this.started.catch(() => {});
  }

  private lane(workerData: PipelineWorkerData): Lane {
    const worker = startWorker(workerData);
    const lane: Lane = {
      worker,
      batch: null,
      inflightTs: [],
      doneTs: -1,
      evidenceUs: -Infinity,
      free: [],
      queueDrops: 0,
      shed: newShedStats(),
      backlogBatches: 0,
      backlogBytes: 0,
      counters: null,
      ended: false,
      ready: null!,
      finished: null!,
    };
    let readyResolve: () => void;
    let readyReject: (err: Error) => void;
    lane.ready = new Promise((resolve, reject) => {
      readyResolve = resolve;
      readyReject = reject;
    });
    lane.ready.catch(() => {});
    lane.finished = new Promise((resolve, reject) => {
      const fail = (err: Error): void => {
        if (lane.ended) return;
        lane.ended = true;
        this.fail(err);
        readyReject(err);
        reject(err);
      };
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'batch-done') {
          lane.backlogBatches--;
          lane.backlogBytes -= m.used;
          this.counters.backlogBatches--;
          this.counters.backlogBytes -= m.used;
          lane.free.push(m.buffer);
          lane.doneTs = lane.inflightTs.shift() ?? lane.doneTs;
          this.deliver(m, lane);
          this.wake();
        } else if (m.type === 'report') {
          lane.counters = m.counters;
          this.deliver(m, lane);
        } else if (m.type === 'finished') {
          lane.counters = m.counters;
          // End-of-input facts: re-keyed only after every worker's end-of-input evidence (finish()).
          this.deliver(m, lane, true);
          lane.ended = true;
          resolve(m.counters);
        } else if (m.type === 'ready') {
          lane.counters = m.counters;
          readyResolve();
        } else fail(new Error(m.message));
      });
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`pipeline worker exited (code ${code}) before finishing`)));
    });
    // A failed worker is reported by finish() and onFailure; the promises must not count as unhandled.
    lane.finished.catch(() => {});
    return lane;
  }

  private fail(err: Error): void {
    if (this.failure === null) {
      this.failure = err;
      this.o.onFailure?.(err);
    }
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  private deliver(out: WorkerOutput, lane: Lane, final = false): void {
    const clock = this.clock.enabled;
    const t0 = clock ? performance.now() : 0;
    this.writeRecords(out);
    if (!clock) {
      this.merge(out, lane, final);
      return;
    }
    const t1 = performance.now();
    this.clock.add(Stage.output, t1 - t0);
    this.merge(out, lane, final);
    // The merge splits its own time (merge()).
  }

  private writeRecords(out: WorkerOutput): void {
    for (const r of out.records) {
      if (Array.isArray(r)) this.o.sink.writeLineRun(r[0], r[1]);
      else this.o.sink.write(r);
    }
    if (this.o.accessLog) for (const line of out.accessLog) this.o.accessLog.writeLine(line);
  }

  /**
   * The workers' templating evidence and facts, vulnerability sightings and session observations,
   * merged here as they come. Facts are held until the templater has had every worker's evidence up
   * to the capture time they were exported at: the lane's analysed time for an interim export, the
   * end of input (after every worker finished) for a `final` one, as one thread exports at its end.
   */
  private merge(out: WorkerOutput, lane: Lane, final = false): void {
    const findings = this.vulnerabilities;
    const templater = this.templater;
    if (
      out.sessions.length === 0 &&
      out.findings.length === 0 &&
      out.evidence.length === 0 &&
      out.endpointFacts.length === 0 &&
      this.reorder.size === 0 &&
      (findings === null || findings.held === 0) &&
      this.evidence.held === 0 &&
      this.factsHeld.length === 0 &&
      !this.o.live
    )
      return;
    const t0 = performance.now();
    const w = this.watermark();
    if (findings !== null) {
      for (const f of out.findings) findings.push(f);
      this.findingSightingsMerged += out.findings.length;
    }
    if (templater !== null) {
      for (const e of out.evidence) {
        this.evidence.push(e);
        if (e.analysisUs > lane.evidenceUs) lane.evidenceUs = e.analysisUs;
      }
      this.evidenceMerged += out.evidence.length;
      if (out.endpointFacts.length > 0)
        this.factsHeld.push({ upTo: final ? Infinity : Math.max(lane.evidenceUs, lane.doneTs), facts: out.endpointFacts });
      // Templates before sessions: a request's template is learned before its session may close.
      this.evidence.release(w, this.applyEvidence);
      this.rekeyFacts(w);
    }
    const tDiscovery = performance.now();
    this.clock.add(Stage.discovery, tDiscovery - t0);
    // After the evidence: it carries the findings, keyed again by the templater's templates.
    findings?.release(w, this.emitFinding);
    const t1 = performance.now();
    this.clock.add(Stage.vulnerabilities, t1 - tDiscovery);
    if (this.sessions !== null) {
      for (const ob of out.sessions) this.reorder.push(ob);
      this.observationsMerged += out.sessions.length;
      if (this.reorder.size > this.heldObservationsPeak) this.heldObservationsPeak = this.reorder.size;
      const book = this.sessions;
      this.reorder.release(w, this.addObservation);
      // Live: sessions go idle without new requests too (a single thread expires them on its tick).
      book.expire(w);
    }
    const t2 = performance.now();
    this.clock.add(Stage.sessions, t2 - t1);
    this.mergeMs += t2 - t0;
  }

  /** One worker's evidence into the templater; a session learns the template of an inventory endpoint, as on one thread. */
  private readonly applyEvidence = (e: PathEvidence): void => {
    const r = applyEvidence(this.templater!, e, this.sessions !== null || this.vulnerabilities !== null);
    if (r.api && e.method !== '' && this.sessions !== null) this.sessions.learnTemplate(e.host.toLowerCase(), r.template);
    const findings = this.vulnerabilities;
    if (findings === null || e.findings.length === 0) return;
    for (const s of e.findings) findings.push(rekeySighting(s, r.template));
    this.findingSightingsMerged += e.findings.length;
  };

  /** The workers' templates are theirs: sessions learn the templater's (applyEvidence). */
  private readonly addObservation = (ob: SessionObservation): void => {
    ob.api = false;
    this.sessions!.add(ob);
  };

  /**
   * Workers' facts whose evidence the templater has had (all of it before `watermark`; Infinity:
   * all held) re-keyed into it; live, the templater's deltas are exported then.
   */
  private rekeyFacts(watermark: number): void {
    const templater = this.templater!;
    let moved = false;
    for (let i = 0; i < this.factsHeld.length;) {
      const held = this.factsHeld[i];
      if (held.upTo >= watermark && watermark !== Infinity) {
        i++;
        continue;
      }
      this.factsHeld.splice(i, 1);
      for (const f of held.facts) if (!templater.addRawFacts(f)) this.endpointFactsUnmapped++;
      moved = true;
    }
    if (moved && this.o.live && this.o.produce.has('api_endpoint')) for (const d of templater.takeDeltas()) this.emit(d);
  }

  /**
   * The capture time every worker has analysed up to: the slowest busy worker's last analysed
   * frame (an idle worker has seen everything sent). A session idle before it minus idle_timeout
   * gets no more requests from any worker.
   */
  private watermark(): number {
    let w = this.clockTs;
    for (const l of this.lanes) {
      const idle = l.backlogBatches === 0 && (l.batch === null || l.batch.frames === 0);
      if (!idle && l.doneTs < w) w = l.doneTs;
    }
    return w;
  }

  private readonly emitFinding = (r: NodeRecord): void => this.emit(r);

  /** A record made on this thread (sessions, findings): as an object or as its line, like the workers'. */
  private emit(r: NodeRecord): void {
    if (this.o.nodeUuid !== undefined) r.node_uuid = this.o.nodeUuid;
    if (this.o.objectTypes?.has(r.type as RecordType)) this.o.sink.write(r);
    else this.o.sink.writeLineRun(r.type as RecordType, jsonLine(r));
  }

  /** The capture thread's frame handler. */
  readonly onFrame: FrameHandler = (linkType, buf, offset, length, ts, origLength) => {
    if (!this.clock.frameStart()) this.handOff(linkType, buf, offset, length, ts, origLength);
    else {
      this.handOff(linkType, buf, offset, length, ts, origLength);
      this.clock.frameEnd();
    }
  };

  /** Decodes a frame (the decode stage) and gives it to the worker owning its connection (handoff). */
  private handOff(linkType: number, buf: Buffer, offset: number, length: number, ts: number, origLength: number): void {
    // Numbered as one thread counts its frames (NodePipeline.frameNo): every frame read.
    const frameNo = ++this.framesRead;
    const p = this.decoder.decode(linkType, buf, offset, length, ts);
    this.clock.enter(Stage.handoff);
    if (p === null) return;
    if (ts > this.clockTs) this.clockTs = ts;
    // The last outer IP fragment completed a datagram: `p` points into the rebuilt frame, which
    // is also what a cut connection's worker is told to forget (it decodes alone).
    const whole = this.decoder.reassembled;
    if (whole !== null) {
      buf = whole;
      offset = 0;
      length = origLength = whole.length;
    }
    const hash = connectionHash(p);
    const lane = this.placed === null ? this.lanes[hash % this.lanes.length] : this.laneFor(p, hash);
    if (this.o.overload === 'drop' && !this.admit(lane, p, hash)) return;
    // The decoded segment travels, not the frame: the worker does not decode it again (batch.ts).
    if (lane.batch === null || !lane.batch.add(p, frameNo)) {
      if (lane.batch !== null) this.send(lane);
      if (this.o.overload === 'drop' && lane.backlogBatches >= this.maxBatches) {
        this.cut(lane, p, hash, linkType, buf, offset, length, ts, origLength);
        return;
      }
      lane.batch = new BatchWriter(lane.free.pop() ?? new ArrayBuffer(BATCH_BYTES));
      // Always fits an empty batch: a segment is at most a frame (snaplen, a rebuilt datagram: < 256 KiB).
      lane.batch.add(p, frameNo);
    }
  }

  /**
   * Live ('drop' mode): the worker of `p`'s connection. A new connection (its SYN) goes to the
   * worker with the shortest backlog — its hash's worker while backlogs are equal, as when nothing
   * is queued — and stays there until it ends; a connection whose SYN was not seen (under way when
   * capture started, or past limits.max_flows placed connections) goes to its hash's worker. With
   * the hash alone, one worker could shed new connections at its high-water mark while the other
   * had room (seen at 1000 Mbit/s: backlogs of 43 and 9 batches for seconds; docs/performance.md
   * "Results (branch i22-live, third session)").
   */
  private laneFor(p: DecodedPacket, hash: number): Lane {
    const placed = this.placed!;
    if (placed.size > 0) {
      const e = placed.find(p, hash);
      if (e !== null) {
        // The same endpoints opening again after the connection ended: a new connection.
        if (!(e.ended && opensConnection(p))) {
          placed.observe(e, p);
          return this.lanes[e.lane];
        }
        placed.remove(e);
      }
    }
    let i = hash % this.lanes.length;
    if (!opensConnection(p) || placed.size >= this.o.config.limits.maxFlows) return this.lanes[i];
    for (let j = 0; j < this.lanes.length; j++) if (this.lanes[j].backlogBatches < this.lanes[i].backlogBatches) i = j;
    placed.add(p, hash, null, i);
    this.placedConnections++;
    return this.lanes[i];
  }

  /** This thread's CPU time since the pool started (s; NaN without a thread clock) and its own seconds per stage (`clock`). */
  captureThread(): CaptureThreadStats {
    return {
      cpuSeconds: (threadCpuMs() - this.cpuMs0) / 1000,
      frames: this.clock.frames,
      stages: this.clock.seconds(this.drained),
    };
  }

  /**
   * 'drop' mode, the decoder's packet: false when its connection is shed (already, or now: a new
   * connection to a worker whose backlog passed the high-water mark). Counted.
   */
  private admit(lane: Lane, p: DecodedPacket, hash: number): boolean {
    if (this.shed.size > 0) {
      const e = this.shed.find(p, hash);
      if (e !== null) {
        // The same endpoints opening again after the shed connection ended: a new connection.
        if (!(e.ended && opensConnection(p))) {
          this.shed.observe(e, p);
          this.countShedFrame(lane);
          if (e.reason === 'queue_full') this.countQueueDrop(lane);
          return false;
        }
        this.shed.remove(e);
      }
    }
    if (lane.backlogBatches < this.shedAt || !opensConnection(p)) return true;
    this.shed.add(p, hash, 'backlog');
    lane.shed.connections.backlog++;
    this.counters.shed.connections.backlog++;
    this.countShedFrame(lane);
    return false;
  }

  private countShedFrame(lane: Lane): void {
    lane.shed.frames++;
    this.counters.shed.frames++;
  }

  /** A frame of an admitted connection lost to its worker's full queue: the one that cut it, or a later one of it. */
  private countQueueDrop(lane: Lane): void {
    lane.queueDrops++;
    this.counters.queueDrops++;
  }

  /**
   * A frame of an admitted connection finds its worker's queue full: the connection is cut here.
   * Its later frames are shed, and the worker gets this frame as a `forget` message after the
   * batches already queued (the same port, so in order): it drops the connection's state without
   * reporting what is unfinished (node/reassembly StreamReassembler.forget).
   */
  private cut(
    lane: Lane,
    p: DecodedPacket,
    hash: number,
    linkType: number,
    buf: Buffer,
    offset: number,
    length: number,
    ts: number,
    origLength: number,
  ): void {
    const e = this.shed.find(p, hash);
    if (e !== null) this.shed.observe(e, p);
    else {
      this.shed.add(p, hash, 'queue_full');
      lane.shed.connections.queue_full++;
      this.counters.shed.connections.queue_full++;
      const frame = new Uint8Array(length);
      buf.copy(frame, 0, offset, offset + length);
      lane.worker.postMessage({ type: 'forget', linkType, frame, ts, origLength } satisfies ToWorker, [frame.buffer]);
    }
    this.countShedFrame(lane);
    this.countQueueDrop(lane);
  }

  private send(lane: Lane): void {
    const b = lane.batch!;
    lane.batch = null;
    if (b.frames === 0) {
      lane.free.push(b.buffer);
      return;
    }
    lane.backlogBatches++;
    lane.backlogBytes += b.used;
    lane.inflightTs.push(this.clockTs);
    this.counters.backlogBatches++;
    this.counters.backlogBytes += b.used;
    const skipApi = lane.backlogBatches >= this.skipApiAt;
    if (skipApi) {
      lane.shed.apiSkippedBatches++;
      this.counters.shed.apiSkippedBatches++;
    }
    const m: ToWorker = { type: 'batch', buffer: b.buffer, used: b.used, skipApi };
    lane.worker.postMessage(m, [b.buffer]);
  }

  /** Sends every partly filled batch (a live tick, the end of input). */
  flush(): void {
    for (const lane of this.lanes) if (lane.batch !== null) this.send(lane);
  }

  /** 'wait' mode: resolves once every worker has room again (or one failed). */
  async ready(): Promise<void> {
    while (this.failure === null && this.lanes.some((l) => l.backlogBatches >= this.waitAt)) {
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
    if (this.failure !== null) throw this.failure;
  }

  /** Live capture's clock: batches go out and every worker expires idle state, then reports its counters. */
  tick(nowTs: number): void {
    if (nowTs > this.clockTs) this.clockTs = nowTs;
    this.shed.sweep(this.clockTs, this.o.config.limits.idleTimeoutSec * 1_000_000);
    this.placed?.sweep(this.clockTs, this.o.config.limits.idleTimeoutSec * 1_000_000);
    this.flush();
    for (const lane of this.lanes) lane.worker.postMessage({ type: 'tick', nowTs } satisfies ToWorker);
  }

  /** Key-log lines for every worker's key store (each worker may own any connection). */
  addKeys(text: string): void {
    for (const lane of this.lanes) lane.worker.postMessage({ type: 'keys', text } satisfies ToWorker);
  }

  /** Asks every worker for its counters without moving its clock (capture files). */
  report(): void {
    for (const lane of this.lanes) lane.worker.postMessage({ type: 'report' } satisfies ToWorker);
  }

  /** Each worker's queue. */
  laneStats(): LaneStats[] {
    return this.lanes.map((l) => ({
      queueDrops: l.queueDrops,
      shed: { ...l.shed, connections: { ...l.shed.connections } },
      backlogBatches: l.backlogBatches,
      backlogBytes: l.backlogBytes,
    }));
  }

  /**
   * The workers' counters summed, as of their last report (tick, report, finish); decode counters are this
   * thread's, which decodes every frame (the workers only see the TCP segments sent to them).
   */
  liveCounters(): LiveCounters {
    const reported = this.lanes.map((l) => l.counters).filter((c): c is LiveCounters => c !== null);
    if (reported.length === 0) throw new Error('WorkerPool.liveCounters() before any worker was ready (await started)');
    const sum = reported.reduce((a, b) => addCounters(a, b) as LiveCounters);
    // What was reported: the capture thread's counters of the same names replace the workers' sums.
    const merged: Record<string, number> | null =
      sum.api === null
        ? null
        : {
            ...sum.api,
            ...this.templaterCounters(),
            ...this.sessions?.counters,
            ...(this.vulnerabilities &&
              reportedCounters({ vulnerabilities: 0, duplicates: 0, ...sum.api }, this.vulnerabilities)),
          };
    // CPU per stage: the workers' and this thread's own (decode, handoff, capture, merges, output).
    const own = this.clock.seconds(this.drained);
    const stages = { ...sum.stages };
    for (const k of Object.keys(own) as StageName[]) stages[k] = (stages[k] ?? 0) + own[k];
    return { ...sum, stages, api: merged, decode: { ...this.decoder.counters } };
  }

  /**
   * The inventory's counters as the templater counted them (hosts, endpoints, noise, caps of the
   * trie: one thread's, not the workers' sums); parameters and fields refused by the caps are
   * counted where facts are recorded (the workers' sums, and the templater's own for the
   * transactions it recorded).
   */
  private templaterCounters(): Record<string, number> {
    const t = this.templater;
    if (t === null) return {};
    const { paramsCapped, fieldsCapped, ...rest } = t.counters;
    void paramsCapped;
    void fieldsCapped;
    return rest as unknown as Record<string, number>;
  }

  /** Stops every worker now, queued batches included (after `started` failed; nothing to drain). */
  async terminate(): Promise<void> {
    await Promise.all(this.lanes.map((l) => l.worker.terminate()));
  }

  /** End of input: every queued batch is analysed, the merged inventory is written; returns the summed counters. */
  async finish(): Promise<LiveCounters> {
    this.flush();
    for (const lane of this.lanes) if (!lane.ended) lane.worker.postMessage({ type: 'finish' } satisfies ToWorker);
    // Every worker that still works drains its queue, even when another one failed.
    const settled = await Promise.allSettled(this.lanes.map((l) => l.finished));
    await Promise.all(this.lanes.map((l) => l.worker.terminate()));
    const t0 = performance.now();
    // Templates from the evidence of every worker, in one thread's order (docs/api-discovery.md#several-analysis-threads).
    const templater = this.templater;
    let inventory: ApiEndpointRecord[] = [];
    if (templater !== null) {
      this.evidence.release(Infinity, this.applyEvidence);
      this.rekeyFacts(Infinity);
      if (!this.o.live) inventory = templater.snapshot();
    }
    // Sessions name their requests by the whole inventory, as one thread does.
    if (inventory.length > 0) this.sessions?.templates.retainOnly(inventory);
    if (this.o.produce.has('api_endpoint')) for (const r of inventory) this.emit(r);
    this.vulnerabilities?.release(Infinity, this.emitFinding);
    if (this.sessions !== null) {
      this.reorder.release(Infinity, this.addObservation);
      this.sessions.finish();
    }
    this.mergeEndMs += performance.now() - t0;
    if (this.o.openapiDir && templater !== null) writeOpenApiFiles(this.o.openapiDir, templater.snapshot());
    this.drained = true;
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    return this.liveCounters();
  }
}

function newShedStats(): ShedStats {
  return {
    connections: Object.fromEntries(SHED_REASONS.map((r) => [r, 0])) as Record<ShedReason, number>,
    frames: 0,
    apiSkippedBatches: 0,
  };
}

/**
 * Sums two counter trees of the same shape (numbers add, nested objects recurse). Keys can be names
 * from traffic (a TLS SNI, an ALPN): read and set as own keys (node/own-keys.ts).
 */
export function addCounters(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a ?? b;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) setOwn(out, k, addCounters(ownValue(x, k), ownValue(y, k)));
  return out;
}
