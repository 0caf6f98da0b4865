/**
 * The capture service `native-node run` starts (node/cli/commands/run.ts parses its options):
 * explicit start steps, each pushing its cleanup on one stack (service.ts), so every exit path
 * (SIGTERM/SIGINT, the end of a pcap_file capture, a failed worker, a step that cannot start)
 * drains and releases the same way: capture stops first, then the endpoints, the analysis
 * (everything captured is analysed), --output, the cloud link (its share of the drain), the access
 * log, the signal handlers, the run summary and the log. docs/operations.md describes the service.
 */
import { createHash } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { createWriteStream, readFileSync } from 'node:fs';
import { openCapture, type OpenCapture } from '../capture/sources';
import { startCloudExport, type CloudLinkOptions } from '../cloud/cloud-link';
import { EXPORTER_DEFAULTS, type Exporter } from '../cloud/exporter';
import { readNodeYaml } from '../cloud/node-yaml';
import { createLogger, openLogSink, type Logger } from '../config/logger';
import type { NodeConfig } from '../config/types';
import { AccessLog } from '../log/access-log';
import { JsonLinesWriter } from '../records/jsonl-writer';
import type { AttackRecord, NodeRecord, RecordType } from '../records/types';
import { formatSummary, type LiveCounters } from '../summary';
import { STAGES } from '../stage-clock';
import { VERSION } from '../version';
import type { PoolSink } from '../workers/pool';
import type { WarmupFrame } from '../workers/protocol';
import { ServiceEndpoints } from './endpoints';
import { readiness, type ServiceState } from './readiness';
import { startRunAnalysis, type RunAnalysis, type RunAnalysisOptions, type WorkerQueues } from './run-analysis';
import type { CaptureThreadStats } from '../workers/pool';
import { Service, StartError, STOP_SIGNALS, type StartStep } from './service';
import { EventLoopDelay, takeSnapshot } from './snapshot';
import { startKeySources, type KeySources } from './key-sources';

/** What the service needs of the cloud link (an Exporter; tests pass a recorder). */
export type CloudExport = Pick<Exporter, 'push' | 'pushLines' | 'close' | 'counters'>;

export interface RunOptions {
  config: NodeConfig;
  /** go-node.yaml's path: its SHA-256 goes out with heartbeats. */
  configPath: string;
  nodeYamlPath: string;
  stateDir: string;
  /** --output: records also written here as JSON lines; null = none. */
  output: string | null;
  /** --emit: the record types written to --output. */
  outputTypes: ReadonlySet<RecordType>;
  /** --status-listen: the JSON status page; null = off. */
  statusAddress: string | null;
  /**
   * Sample traffic each analysis worker analyses (and forgets) before capture starts, so that the
   * first seconds of live traffic do not meet uncompiled code (the CLI passes node/sample/warmup.ts).
   */
  warmup?: WarmupFrame[] | null;
}

/** What the service takes from its surroundings; tests replace any of it to run the service in process. */
export interface RunDeps {
  /** Where SIGTERM, SIGINT and SIGHUP come from. */
  signals: EventEmitter;
  /** The hard stop: the drain did not finish in time. */
  exit(code: number): void;
  env: NodeJS.ProcessEnv;
  /** The log; by default the one go-node.yaml's `log:` describes. */
  log: Logger | null;
  openCapture: typeof openCapture;
  startCloudExport(o: CloudLinkOptions): CloudExport | null;
  startRunAnalysis(o: RunAnalysisOptions): Promise<RunAnalysis>;
  timing: RunTiming;
}

export interface RunTiming {
  /** How often idle connections and unanswered requests are swept while traffic is quiet. */
  tickMs: number;
  statsEveryMs: number;
  /** The exporter's share of the drain; the rest is for the pipeline flush and closing files. */
  drainDeadlineMs: number;
  /** After a stop request the process is gone by then, whatever is still pending (systemd waits 90 s). */
  hardStopMs: number;
}

export const RUN_TIMING: RunTiming = { tickMs: 1000, statsEveryMs: 60_000, drainDeadlineMs: 8000, hardStopMs: 10_000 };

export const RUN_DEPS: RunDeps = {
  signals: process,
  exit: (code) => process.exit(code),
  env: process.env,
  log: null,
  openCapture,
  startCloudExport,
  startRunAnalysis,
  timing: RUN_TIMING,
};

/** What the operator reads when a start step fails (the step names of RunService.steps). */
const START_FAILURES: Record<string, string> = {
  'cloud link': 'cannot start the cloud link',
  analysis: 'cannot start the analysis workers',
  capture: 'cannot start capture',
};

export class RunService extends Service {
  private readonly deps: RunDeps;
  private readonly state: ServiceState = { captureOpen: false, draining: false };
  private readonly startedAt = Date.now();
  private log!: Logger;
  private accessLog: AccessLog | null = null;
  private exporter: CloudExport | null = null;
  private nodeUuid: string | undefined;
  private output: JsonLinesWriter | null = null;
  private analysis: RunAnalysis | null = null;
  private capture: OpenCapture | null = null;
  private endpoints: ServiceEndpoints | null = null;
  private keySources: KeySources | null = null;
  /** The counters once the analysis finished (the summary's). */
  private finalCounters: LiveCounters | null = null;
  private exitCode = 0;
  private hardStop: NodeJS.Timeout | null = null;
  private disarmOnSignal: (() => void) | null = null;

  constructor(
    private readonly o: RunOptions,
    deps: Partial<RunDeps> = {},
  ) {
    super((step, err) => this.log?.error(`stopping ${step} failed: ${err.message}`));
    this.deps = { ...RUN_DEPS, ...deps };
  }

  /** The start steps, in order; each returns its cleanup. */
  steps(): StartStep[] {
    return [
      { name: 'log', start: () => this.openLog() },
      { name: 'summary', start: () => () => this.logSummary() },
      this.signalStep(this.deps.signals),
      { name: 'access log', start: () => this.openAccessLog() },
      { name: 'cloud link', start: () => this.startCloudLink() },
      { name: 'output', start: () => this.openOutput() },
      { name: 'analysis', start: () => this.startAnalysis() },
      { name: 'TLS key sources', start: () => this.startKeySources() },
      { name: 'endpoints', start: () => this.startEndpoints() },
      { name: 'capture', start: () => this.startCapture() },
    ];
  }

  /** Starts, runs until a stop is requested (or a capture file ends), drains; the exit status. */
  async run(): Promise<number> {
    try {
      await this.start(this.steps(), (step, err) => {
        this.log?.fatal(`${START_FAILURES[step] ?? `cannot start ${step}`}: ${err.message}`);
        this.exitCode = 1;
        this.armHardStop();
      });
    } catch (err) {
      if (err instanceof StartError) return this.finishStop();
      throw err;
    }
    const done = this.capture?.done?.catch((err: Error) => this.log.error(`capture failed: ${err.message}`));
    const inputEnded = await (done
      ? Promise.race([done.then(() => true), this.stopRequested.then(() => false)])
      : this.stopRequested.then(() => false));
    this.state.draining = true;
    // The 10 s bound is for a stop asked from outside (systemd waits 90 s, then kills). A capture
    // file that ended is drained to its end, however loaded the machine (docs/operations.md
    // "Signals, shutdown and exit codes"); a signal during that drain bounds it again.
    if (inputEnded) this.armHardStopOnSignal();
    else this.armHardStop();
    await this.stop();
    return this.finishStop();
  }

  /** Tests: the port each endpoint got (listen addresses with port 0). */
  endpointPorts(): ReadonlyMap<string, number> {
    return this.endpoints?.ports() ?? new Map();
  }

  /** Tests and the status page: ready or why not. */
  readiness() {
    return readiness(this.state, this.exporter?.counters() ?? null, {
      maxBytes: EXPORTER_DEFAULTS.spoolMaxBytes,
      maxBatches: EXPORTER_DEFAULTS.spoolMaxBatches,
    });
  }

  private finishStop(): number {
    if (this.hardStop !== null) clearTimeout(this.hardStop);
    this.disarmOnSignal?.();
    return this.exitCode;
  }

  private armHardStopOnSignal(): void {
    const arm = (): void => this.armHardStop();
    for (const name of STOP_SIGNALS) this.deps.signals.once(name, arm);
    this.disarmOnSignal = () => {
      for (const name of STOP_SIGNALS) this.deps.signals.off(name, arm);
    };
  }

  private armHardStop(): void {
    if (this.hardStop !== null) return;
    const ms = this.deps.timing.hardStopMs;
    this.hardStop = setTimeout(() => {
      this.log.error(`drain did not finish within ${ms / 1000} s; exiting anyway (unsent batches stay in the spool)`);
      this.log.close();
      this.deps.exit(this.exitCode);
    }, ms);
    this.hardStop.unref();
  }

  private openLog() {
    const c = this.o.config.log;
    this.log = this.deps.log ?? createLogger({ level: c.level, pretty: c.pretty, logFile: c.logFile });
    return () => this.log.close();
  }

  private logSummary(): void {
    if (this.analysis === null) return;
    for (const line of formatSummary(null, this.finalCounters ?? this.analysis.counters()).split('\n'))
      this.log.info(line.trim());
  }

  /** The access log when enabled (a file that cannot be opened falls back to stderr with one error line); SIGHUP reopens the logs. */
  private openAccessLog() {
    const a = this.o.config.log.accessLog;
    if (a.enabled) {
      try {
        this.accessLog = new AccessLog(openLogSink(a.logFile), a.verbose);
      } catch (err) {
        this.log.error('cannot open log.access_log.log_file, writing the access log to stderr', {
          path: a.logFile,
          reason: (err as Error).message,
        });
        this.accessLog = new AccessLog(openLogSink(null), a.verbose);
      }
    }
    const onHup = (): void => {
      this.log.reopen();
      this.accessLog?.reopen();
      this.log.info('log files reopened (SIGHUP)');
    };
    this.deps.signals.on('SIGHUP', onHup);
    return () => {
      this.deps.signals.off('SIGHUP', onHup);
      this.accessLog?.close();
    };
  }

  private startCloudLink() {
    this.nodeUuid = readNodeYaml(this.o.nodeYamlPath)?.uuid;
    const exporter = this.deps.startCloudExport({
      nodeYamlPath: this.o.nodeYamlPath,
      stateDir: this.o.stateDir,
      env: this.deps.env,
      logger: this.log,
      version: VERSION,
      mode: this.o.config.mode,
      configSha256: createHash('sha256').update(readFileSync(this.o.configPath)).digest('hex'),
      extraCounters: () => (this.analysis === null ? {} : heartbeatCounters(this.analysis, this.capture)),
    });
    this.exporter = exporter;
    if (exporter === null) return;
    return async () => {
      const { delivered, pendingBatches } = await exporter.close(this.deps.timing.drainDeadlineMs);
      if (!delivered)
        this.log.warn('cloud unreachable at shutdown: unsent batches stay in the spool and are sent at the next start', {
          pending_batches: pendingBatches,
        });
    };
  }

  /** --output: a broken one (disk full, bad path) is one error line; capture and export go on. */
  private openOutput() {
    if (this.o.output === null) return;
    const stream = createWriteStream(this.o.output, { flags: 'a' });
    stream.on('error', (err) =>
      this.log.error('cannot write --output; records are no longer written there', { path: this.o.output, reason: err.message }),
    );
    const output = (this.output = new JsonLinesWriter(stream));
    return async () => {
      if (!stream.destroyed) await output.close();
    };
  }

  /** Records: attacks are logged, --output gets its types, the cloud link everything. */
  private sink(): PoolSink {
    const { outputTypes } = this.o;
    return {
      write: (record: NodeRecord): void => {
        if (record.type === 'attack') logAttack(this.log, record as AttackRecord);
        if (this.output !== null && outputTypes.has(record.type as never)) this.output.write(record);
        this.exporter?.push(record);
      },
      /** Analysis workers send the records read by nothing here (not objectTypes) as their JSON lines. */
      writeLineRun: (type: RecordType, lines: string): void => {
        if (this.output !== null && outputTypes.has(type)) this.output.writeLines(lines);
        this.exporter?.pushLines(type, lines);
      },
    };
  }

  private async startAnalysis() {
    const { config } = this.o;
    const accessLog = this.accessLog;
    const analysis = await this.deps.startRunAnalysis({
      config,
      produce: new Set([...this.o.outputTypes, 'attack', 'vulnerability', 'api_endpoint', 'session'] as const),
      sink: this.sink(),
      // Attacks are logged (the rest go out as they come).
      objectTypes: new Set(['attack'] as const),
      nodeUuid: this.nodeUuid,
      accessLog: accessLog && {
        verbose: config.log.accessLog.verbose,
        writeLine: (line) => accessLog.writeLine(line),
        observe: (tx, outcome) => accessLog.write(tx, outcome),
      },
      // API discovery (docs/api-discovery.md): deltas every api_discovery.export_interval, OpenAPI documents per host.
      openapiDir: `${this.o.stateDir}/api-discovery`,
      finiteInput: config.capture.engine === 'pcap_file',
      maxBatches: config.workerQueueBatches,
      warmup: this.o.warmup,
      onFailure: (err) => {
        this.log.error(`analysis worker failed: ${err.message}; stopping so that systemd restarts the service`);
        this.exitCode = 1;
        this.requestStop();
      },
    });
    this.analysis = analysis;
    if (analysis.threads > 1)
      this.log.info('analysis workers ready', {
        workers: analysis.threads,
        startup_ms: analysis.startupMs,
        queue_batches: config.workerQueueBatches,
        drop_on_overload: config.dropOnOverload,
      });
    // Everything captured is analysed and written before the cloud link gets its share of the drain.
    return async () => {
      try {
        this.finalCounters = await analysis.finish();
      } catch (err) {
        this.log.error(
          `analysis did not finish cleanly: ${(err as Error).message}; records of the failed worker's queue are lost`,
        );
      }
    };
  }

  /** tls.keylog_files and tls.keylog_listen (docs/tls.md), feeding every analysis thread's key store. */
  private async startKeySources() {
    const analysis = this.analysis!;
    const sources = await startKeySources(this.o.config.tls, (text) => analysis.addKeys(text), this.log);
    this.keySources = sources;
    return () => sources.stop();
  }

  /** /metrics, /live, /ready and the status page; an address that cannot be bound is one error line. */
  private async startEndpoints() {
    const { config, statusAddress } = this.o;
    const analysis = this.analysis!;
    const loop = new EventLoopDelay();
    const endpoints = new ServiceEndpoints({
      log: this.log,
      metrics: config.metrics.enabled ? { address: config.metrics.listenAddress, namespace: config.metrics.namespace } : null,
      health: config.healthCheck.enabled ? { address: config.healthCheck.listenAddress } : null,
      status: statusAddress === null ? null : { address: statusAddress },
      readiness: () => this.readiness(),
      snapshot: () =>
        takeSnapshot(
          {
            version: VERSION,
            mode: config.mode,
            startedAt: this.startedAt,
            engine: config.capture.engine,
            analysisThreads: analysis.threads,
            counters: () => analysis.counters(),
            queues: () => analysis.queues(),
            capture: () => this.capture?.stats() ?? { packets: 0, bytes: 0, kernelDropped: null, interfaceDropped: null },
            exporter: () => this.exporter?.counters() ?? null,
            accessLog: () => this.accessLog && { ...this.accessLog.counters },
            keySources: () => this.keySources?.counters() ?? { files: null, endpoint: null },
            readiness: () => this.readiness(),
          },
          loop,
        ),
    });
    this.endpoints = endpoints;
    await endpoints.start();
    return async () => {
      await endpoints.close();
      loop.stop();
    };
  }

  /** Opens what the config names and feeds the analysis; not at all when a stop came during start-up. */
  private async startCapture() {
    if (this.isStopRequested) return;
    const analysis = this.analysis!;
    const capture = await this.deps.openCapture(this.o.config, analysis.onFrame, this.log, analysis.pace);
    this.capture = capture;
    this.state.captureOpen = true;
    // A capture file has its own clock: the wall clock would expire every connection of a file that
    // takes longer than a tick to read (its timestamps are in the past), splitting them mid-stream.
    // Like replay, a file is expired by its own timestamps and flushed at its end.
    const wallClock = capture.done === undefined;
    const tick = setInterval(() => {
      if (wallClock) analysis.tick(Date.now() * 1000);
      else analysis.refresh();
      void this.output?.drain();
    }, this.deps.timing.tickMs);
    const stats = setInterval(() => logStats(this.log, analysis, capture), this.deps.timing.statsEveryMs);
    return async () => {
      clearInterval(tick);
      clearInterval(stats);
      await capture.stop();
      // A last stats line, so short runs (tests, restarts) still show the kernel and queue drop counters.
      logStats(this.log, analysis, capture);
      this.log.info('capture stopped, draining');
    };
  }
}

function logAttack(log: Logger, r: AttackRecord): void {
  log.info('attack detected', {
    classes: [...new Set(r.hits.map((h) => h.class))].join(','),
    verdict: r.verdict,
    client_ip: r.client_ip,
    host: r.host,
    method: r.request.method,
    target: r.request.target,
    status: r.response?.status ?? null,
  });
}

/** What heartbeats carry besides the exporter's own counters (docs/operations.md). */
export function heartbeatCounters(analysis: RunAnalysis, capture: OpenCapture | null): Record<string, number> {
  const c = capture?.stats();
  const n = analysis.counters();
  const a = n.analyzer;
  const out: Record<string, number> = {
    packets: c?.packets ?? 0,
    active_flows: n.flows.active,
    transactions: a.transactions,
    bypassed: a.bypassed,
    attacks: a.attacks,
  };
  if (typeof c?.kernelDropped === 'number') out.kernel_dropped = c.kernelDropped;
  // CPU seconds per stage since start (docs/operations.md, "Time per stage"), to the millisecond.
  for (const k of STAGES) out[`cpu_s_${k}`] = Math.round(n.stages[k] * 1000) / 1000;
  const q = analysis.queues();
  if (q !== null) {
    out.queue_dropped = q.queueDrops;
    out.backlog_batches = q.backlogBatches;
    Object.assign(out, shedCounters(q, n));
    if (Number.isFinite(q.captureThread.cpuSeconds))
      out.capture_thread_cpu_s = Math.round(q.captureThread.cpuSeconds * 1000) / 1000;
  }
  return out;
}

/** What drop_on_overload shed (docs/operations.md "Overload"), for heartbeats and the stats line. */
function shedCounters(q: WorkerQueues, n: LiveCounters): Record<string, number> {
  const c = q.shed.connections;
  return {
    shed_connections: c.backlog + c.queue_full,
    shed_connections_cut: c.queue_full,
    shed_frames: q.shed.frames,
    api_skipped: n.analyzer.apiSkipped,
  };
}

/**
 * The capture thread's CPU seconds since start (`cpu_s`) and its own stages (to the millisecond;
 * docs/operations.md "Time per stage"), and its CPU ns per frame: with workers the capture thread
 * is the one thread every frame goes through.
 */
export function captureThreadFields(t: CaptureThreadStats): Record<string, number> {
  const ms = (s: number): number => Math.round(s * 1000) / 1000;
  const out: Record<string, number> = { cpu_s: ms(t.cpuSeconds), frames: t.frames };
  if (t.frames > 0 && Number.isFinite(t.cpuSeconds)) out.ns_per_frame = Math.round((t.cpuSeconds * 1e9) / t.frames);
  // Always these (discovery: the templater fed every worker's evidence, WorkerPool.merge), and any
  // other stage this thread spent time in, so that the stages add up to cpu_s.
  for (const k of CAPTURE_THREAD_STAGES) out[k] = ms(t.stages[k]);
  for (const [k, v] of Object.entries(t.stages)) if (!(k in out) && v > 0) out[k] = ms(v);
  return out;
}

const CAPTURE_THREAD_STAGES = ['capture', 'decode', 'handoff', 'discovery', 'vulnerabilities', 'sessions', 'output'] as const;

function logStats(log: Logger, analysis: RunAnalysis, capture: OpenCapture): void {
  const n = analysis.counters();
  const a = n.analyzer;
  const c = capture.stats();
  const q = analysis.queues();
  log.info('stats', {
    packets: c.packets,
    bytes: c.bytes,
    kernel_dropped: c.kernelDropped,
    if_dropped: c.interfaceDropped,
    ...(q === null
      ? {}
      : {
          queue_dropped: q.queueDrops,
          backlog_batches: q.backlogBatches,
          backlog_bytes: q.backlogBytes,
          ...shedCounters(q, n),
          capture_thread: captureThreadFields(q.captureThread),
        }),
    active_flows: n.flows.active,
    buffered_bytes: n.flows.bufferedBytes,
    transactions: a.transactions,
    bypassed: a.bypassed,
    attacks: a.attacks,
  });
}
