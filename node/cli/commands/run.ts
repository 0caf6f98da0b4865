/**
 * run: the capture service systemd keeps alive. Loads go-node.yaml, opens the capture the config
 * names (libpcap interfaces, a VXLAN UDP socket, or a pcap file for GoReplay's pcap_file engine),
 * runs the pipeline, exports findings through the durable cloud link, serves /metrics, /live,
 * /ready and the status page, reopens its logs on SIGHUP and drains on SIGTERM (docs/operations.md).
 */
import { createHash } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { AttackRecord, NodeRecord } from '../../records/types';
import { createLogger, openLogSink, type Logger } from '../../config/logger';
import { AccessLog } from '../../log/access-log';
import { startCloudExport } from '../../cloud/cloud-link';
import { DEFAULT_STATE_DIR, EXPORTER_DEFAULTS, type Exporter } from '../../cloud/exporter';
import { DEFAULT_NODE_YAML, readNodeYaml } from '../../cloud/node-yaml';
import { JsonLinesWriter } from '../../records/jsonl-writer';
import { VERSION } from '../../version';
import { configFromArg } from '../config-arg';
import { startRunAnalysis, type RunAnalysis } from '../../service/run-analysis';
import type { RecordType } from '../../records/types';
import type { PoolSink } from '../../workers/pool';
import { formatSummary, type LiveCounters } from '../../summary';
import { parseEmit } from '../emit';
import { openCapture, type OpenCapture } from '../../capture/sources';
import { DEFAULT_STATUS_ADDRESS, ServiceEndpoints, STATUS_PATH } from '../../service/endpoints';
import { formats } from '../../config/formats';
import { readiness, type ServiceState } from '../../service/readiness';
import { EventLoopDelay, takeSnapshot } from '../../service/snapshot';

const USAGE = `Usage: native-node run --config FILE [--node-yaml PATH] [--state-dir DIR] [--output FILE --emit LIST] [--status-listen ADDR|off]

Runs the capture service (what systemd starts).
  --config FILE         go-node.yaml (required)
  --node-yaml PATH      cloud credentials (default ${DEFAULT_NODE_YAML}); absent = findings stay local
  --state-dir DIR       spool and API discovery output (default ${DEFAULT_STATE_DIR})
  --output FILE         also write records as JSON lines to FILE (ours; for tests and local use)
  --emit LIST           record types written to --output (default attack,vulnerability)
  --status-listen ADDR  JSON status page ${STATUS_PATH} (default ${DEFAULT_STATUS_ADDRESS}; off = none)
With -input-raw-engine pcap_file and goreplay.filter 'FILE.pcap:PORT', the file is fed through the
whole service, export included, then everything is flushed and run exits 0.
With http_inspector.workers > 1 the capture thread shards connections to that many analysis threads.
Exit status: 0 after SIGTERM/SIGINT or the end of a pcap_file; 78 (EX_CONFIG) when go-node.yaml or an
option is invalid (systemd should not restart: RestartPreventExitStatus=78); 1 when the capture or the
cloud link cannot start, or an analysis worker failed (systemd restarts the service).
`;

/** sysexits.h EX_CONFIG: a restart cannot help until someone fixes the configuration. */
export const EXIT_CONFIG = 78;
/** How often idle connections and unanswered requests are swept while traffic is quiet. */
const TICK_MS = 1000;
const STATS_EVERY_MS = 60_000;
/** The exporter's share of the drain; the rest is for the pipeline flush and closing files. */
const DRAIN_DEADLINE_MS = 8000;
/** After SIGTERM the process is gone by then, whatever is still pending (systemd waits 90 s). */
const HARD_STOP_MS = 10_000;

export async function run(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        config: { type: 'string' },
        'node-yaml': { type: 'string', default: DEFAULT_NODE_YAML },
        'state-dir': { type: 'string', default: DEFAULT_STATE_DIR },
        output: { type: 'string' },
        emit: { type: 'string', default: 'attack,vulnerability' },
        'status-listen': { type: 'string', default: DEFAULT_STATUS_ADDRESS },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    process.stderr.write(`native-node run: ${(err as Error).message}\n${USAGE}`);
    return EXIT_CONFIG;
  }
  const o = args.values;
  if (o.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!o.config) {
    process.stderr.write(`native-node run: --config FILE is required (the installed service uses /opt/wallarm/etc/wallarm/go-node.yaml)\n`);
    return EXIT_CONFIG;
  }
  const outputTypes = parseEmit(o.emit!);
  if (typeof outputTypes === 'string') {
    process.stderr.write(`native-node run: ${outputTypes}\n`);
    return EXIT_CONFIG;
  }
  const statusAddress = o['status-listen'] === 'off' ? null : o['status-listen']!;
  const badStatus = statusAddress === null ? null : formats['listen-address'].check(statusAddress);
  if (badStatus !== null) {
    process.stderr.write(`native-node run: --status-listen: ${badStatus}; ${formats['listen-address'].hint}, or off\n`);
    return EXIT_CONFIG;
  }
  const config = await configFromArg(o.config, 'run');
  if (config === null) return EXIT_CONFIG;
  const log = createLogger({ level: config.log.level, pretty: config.log.pretty, logFile: config.log.logFile });
  const startedAt = Date.now();

  // Signals first: a SIGTERM during start-up still drains and exits 0.
  let stopRequested = false;
  let requestStop = (): void => {
    stopRequested = true;
  };
  const onStop = (): void => requestStop();
  process.on('SIGTERM', onStop);
  process.on('SIGINT', onStop);
  const accessLog = openAccessLog(config.log.accessLog, log);
  const onHup = (): void => {
    log.reopen();
    accessLog?.reopen();
    log.info('log files reopened (SIGHUP)');
  };
  process.on('SIGHUP', onHup);
  const removeSignals = (): void => {
    process.off('SIGTERM', onStop);
    process.off('SIGINT', onStop);
    process.off('SIGHUP', onHup);
  };

  let exporter: Exporter | null;
  let nodeUuid: string | undefined;
  // Filled in once the pipeline exists; heartbeats carry the node's main counters.
  let nodeCounters: () => Record<string, number> = () => ({});
  try {
    nodeUuid = readNodeYaml(o['node-yaml']!)?.uuid;
    exporter = startCloudExport({
      nodeYamlPath: o['node-yaml']!,
      stateDir: o['state-dir']!,
      env: process.env,
      logger: log,
      version: VERSION,
      configSha256: createHash('sha256').update(readFileSync(o.config)).digest('hex'),
      extraCounters: () => nodeCounters(),
    });
  } catch (err) {
    log.fatal(`cannot start the cloud link: ${(err as Error).message}`);
    removeSignals();
    accessLog?.close();
    log.close();
    return 1;
  }

  const outputStream = o.output ? createWriteStream(o.output, { flags: 'a' }) : null;
  // A broken --output (disk full, bad path) is one error line; capture and export go on.
  outputStream?.on('error', (err) => log.error('cannot write --output; records are no longer written there', { path: o.output, reason: err.message }));
  const output = outputStream && new JsonLinesWriter(outputStream);
  const produce = new Set([...outputTypes, 'attack', 'vulnerability', 'api_endpoint', 'session'] as const);
  const sink: PoolSink = {
    write(record: NodeRecord): void {
      if (record.type === 'attack') logAttack(log, record as AttackRecord);
      if (output !== null && outputTypes.has(record.type as never)) output.write(record);
      exporter?.push(record);
    },
    /** Analysis workers send the records read by nothing here (not objectTypes) as their JSON lines. */
    writeLineRun(type: RecordType, lines: string): void {
      if (output !== null && outputTypes.has(type)) output.writeLines(lines);
      exporter?.pushLines(type, lines);
    },
  };
  // Attacks are logged (the rest go out as they come).
  const objectTypes = new Set(['attack'] as const);
  // API discovery (issue 9): deltas every api_discovery.export_interval, OpenAPI documents per host.
  let analysis: RunAnalysis;
  let exitCode = 0;
  try {
    analysis = await startRunAnalysis({
      config, produce, sink, objectTypes, nodeUuid,
      accessLog: accessLog && { verbose: config.log.accessLog.verbose, writeLine: (line) => accessLog.writeLine(line), observe: (tx, outcome) => accessLog.write(tx, outcome) },
      openapiDir: `${o['state-dir']!}/api-discovery`,
      finiteInput: config.capture.engine === 'pcap_file',
      maxBatches: config.workerQueueBatches,
      onFailure: (err) => {
        log.error(`analysis worker failed: ${err.message}; stopping so that systemd restarts the service`);
        exitCode = 1;
        requestStop();
      },
    });
  } catch (err) {
    log.fatal(`cannot start the analysis workers: ${(err as Error).message}`);
    await exporter?.close(0);
    removeSignals();
    accessLog?.close();
    log.close();
    return 1;
  }
  if (analysis.threads > 1) log.info('analysis workers ready', { workers: analysis.threads, startup_ms: analysis.startupMs, queue_batches: config.workerQueueBatches });

  const state: ServiceState = { captureOpen: false, draining: false };
  let capture: OpenCapture | null = null;
  nodeCounters = () => heartbeatCounters(analysis, capture);
  const loop = new EventLoopDelay();
  const currentReadiness = () => readiness(state, exporter?.counters() ?? null, { maxBytes: EXPORTER_DEFAULTS.spoolMaxBytes, maxBatches: EXPORTER_DEFAULTS.spoolMaxBatches });
  const endpoints = new ServiceEndpoints({
    log,
    metrics: config.metrics.enabled ? { address: config.metrics.listenAddress, namespace: config.metrics.namespace } : null,
    health: config.healthCheck.enabled ? { address: config.healthCheck.listenAddress } : null,
    status: statusAddress === null ? null : { address: statusAddress },
    readiness: currentReadiness,
    snapshot: () => takeSnapshot({
      version: VERSION,
      startedAt,
      engine: config.capture.engine,
      analysisThreads: analysis.threads,
      counters: () => analysis.counters(),
      queues: () => analysis.queues(),
      capture: () => capture?.stats() ?? { packets: 0, bytes: 0, kernelDropped: null, interfaceDropped: null },
      exporter: () => exporter?.counters() ?? null,
      accessLog: () => accessLog && { ...accessLog.counters },
      readiness: currentReadiness,
    }, loop),
  });
  await endpoints.start();

  const stopService = async (code: number): Promise<number> => {
    state.draining = true;
    const hardStop = setTimeout(() => {
      log.error(`drain did not finish within ${HARD_STOP_MS / 1000} s; exiting anyway (unsent batches stay in the spool)`);
      log.close();
      process.exit(code);
    }, HARD_STOP_MS);
    hardStop.unref();
    if (capture !== null) {
      await capture.stop();
      // A last stats line, so short runs (tests, restarts) still show the kernel and queue drop counters.
      logStats(log, analysis, capture);
    }
    log.info('capture stopped, draining');
    await shutdown(analysis, exporter, outputStream?.destroyed ? null : output, log);
    await endpoints.close();
    loop.stop();
    accessLog?.close();
    removeSignals();
    log.close();
    clearTimeout(hardStop);
    return code;
  };

  if (stopRequested) return stopService(exitCode);
  try {
    capture = await openCapture(config, analysis.onFrame, log, analysis.pace);
  } catch (err) {
    log.fatal(`cannot start capture: ${(err as Error).message}`);
    return stopService(1);
  }
  state.captureOpen = true;

  const stopped = new Promise<void>((resolve) => {
    if (stopRequested) resolve();
    requestStop = () => resolve();
  });
  // A capture file has its own clock: the wall clock would expire every connection of a file that
  // takes longer than a tick to read (its timestamps are in the past), splitting them mid-stream.
  // Like replay, a file is expired by its own timestamps and flushed at its end.
  const wallClock = capture.done === undefined;
  const tick = setInterval(() => {
    if (wallClock) analysis.tick(Date.now() * 1000);
    else analysis.refresh();
    void output?.drain();
  }, TICK_MS);
  const live = capture;
  const stats = setInterval(() => logStats(log, analysis, live), STATS_EVERY_MS);
  try {
    await (capture.done ? Promise.race([capture.done, stopped]) : stopped);
  } catch (err) {
    log.error(`capture failed: ${(err as Error).message}`);
  }
  clearInterval(tick);
  clearInterval(stats);
  return stopService(exitCode);
}

/** The access log when enabled; a file that cannot be opened falls back to stderr with one error line. */
function openAccessLog(o: { enabled: boolean; verbose: boolean; logFile: string | null }, log: Logger): AccessLog | null {
  if (!o.enabled) return null;
  try {
    return new AccessLog(openLogSink(o.logFile), o.verbose);
  } catch (err) {
    log.error('cannot open log.access_log.log_file, writing the access log to stderr', { path: o.logFile, reason: (err as Error).message });
    return new AccessLog(openLogSink(null), o.verbose);
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
  const q = analysis.queues();
  if (q !== null) {
    out.queue_dropped = q.queueDrops;
    out.backlog_batches = q.backlogBatches;
  }
  return out;
}

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
    ...(q === null ? {} : { queue_dropped: q.queueDrops, backlog_batches: q.backlogBatches, backlog_bytes: q.backlogBytes }),
    active_flows: n.flows.active,
    buffered_bytes: n.flows.bufferedBytes,
    transactions: a.transactions,
    bypassed: a.bypassed,
    attacks: a.attacks,
  });
}

/** Everything captured is analysed and written before the exporter gets its share of the drain. */
async function shutdown(analysis: RunAnalysis, exporter: Exporter | null, output: JsonLinesWriter | null, log: Logger): Promise<void> {
  let counters: LiveCounters | null = null;
  try {
    counters = await analysis.finish();
  } catch (err) {
    log.error(`analysis did not finish cleanly: ${(err as Error).message}; records of the failed worker's queue are lost`);
  }
  await output?.close();
  if (exporter !== null) {
    const { delivered, pendingBatches } = await exporter.close(DRAIN_DEADLINE_MS);
    if (!delivered) log.warn('cloud unreachable at shutdown: unsent batches stay in the spool and are sent at the next start', { pending_batches: pendingBatches });
  }
  for (const line of formatSummary(null, counters ?? analysis.counters()).split('\n')) log.info(line.trim());
}
