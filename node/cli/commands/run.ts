/**
 * run: the capture service systemd keeps alive. Loads go-node.yaml, opens the capture the config
 * names (libpcap interfaces, a VXLAN UDP socket, or a pcap file for GoReplay's pcap_file engine),
 * runs the pipeline, exports findings through the durable cloud link, and drains on SIGTERM.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { AttackRecord, NodeRecord } from '../../report/records';
import { createLogger, type Logger } from '../../config/logger';
import { startCloudExport } from '../../report/cloud-link';
import { DEFAULT_STATE_DIR, type Exporter } from '../../report/exporter';
import { DEFAULT_NODE_YAML, readNodeYaml } from '../../report/node-yaml';
import { JsonLinesWriter } from '../../report/jsonl-writer';
import { VERSION } from '../../version';
import { configFromArg } from '../config-arg';
import { buildNode, type BuiltNode } from '../node-builder';
import { formatSummary } from '../summary';
import { parseEmit } from './replay';
import { openCapture, type OpenCapture } from '../capture-sources';

const USAGE = `Usage: native-node run --config FILE [--node-yaml PATH] [--state-dir DIR] [--output FILE --emit LIST]

Runs the capture service (what systemd starts).
  --config FILE     go-node.yaml (required)
  --node-yaml PATH  cloud credentials (default ${DEFAULT_NODE_YAML}); absent = findings stay local
  --state-dir DIR   spool and API discovery output (default ${DEFAULT_STATE_DIR})
  --output FILE     also write records as JSON lines to FILE (ours; for tests and local use)
  --emit LIST       record types written to --output (default attack,vulnerability)
With -input-raw-engine pcap_file and goreplay.filter 'FILE.pcap:PORT', the file is fed through the
whole service, export included, then everything is flushed and run exits 0.
`;

/** How often idle connections and unanswered requests are swept while traffic is quiet. */
const TICK_MS = 1000;
const STATS_EVERY_MS = 60_000;
const DRAIN_DEADLINE_MS = 8000;

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
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    process.stderr.write(`native-node run: ${(err as Error).message}\n${USAGE}`);
    return 1;
  }
  const o = args.values;
  if (o.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!o.config) {
    process.stderr.write(`native-node run: --config FILE is required (the installed service uses /opt/wallarm/etc/wallarm/go-node.yaml)\n`);
    return 1;
  }
  const outputTypes = parseEmit(o.emit!);
  if (typeof outputTypes === 'string') {
    process.stderr.write(`native-node run: ${outputTypes}\n`);
    return 1;
  }
  const config = await configFromArg(o.config, 'run');
  if (config === null) return 1;
  const log = createLogger({ level: config.log.level, pretty: config.log.pretty, logFile: config.log.logFile });

  let exporter: Exporter | null;
  let nodeUuid: string | undefined;
  try {
    nodeUuid = readNodeYaml(o['node-yaml']!)?.uuid;
    exporter = startCloudExport({
      nodeYamlPath: o['node-yaml']!,
      stateDir: o['state-dir']!,
      env: process.env,
      logger: log,
      version: VERSION,
      configSha256: createHash('sha256').update(readFileSync(o.config)).digest('hex'),
    });
  } catch (err) {
    log.fatal(`cannot start the cloud link: ${(err as Error).message}`);
    log.close();
    return 1;
  }

  const output = o.output ? new JsonLinesWriter(createWriteStream(o.output, { flags: 'a' })) : null;
  const produce = new Set([...outputTypes, 'attack', 'vulnerability', 'api_endpoint', 'session'] as const);
  const sink = {
    write(record: NodeRecord): void {
      if (record.type === 'attack') logAttack(log, record as AttackRecord);
      if (output !== null && outputTypes.has(record.type as never)) output.write(record);
      exporter?.push(record);
    },
  };
  const node = buildNode(config, produce, sink, nodeUuid);

  let capture: OpenCapture;
  try {
    capture = await openCapture(config, node.pipeline.onFrame, log);
  } catch (err) {
    log.fatal(`cannot start capture: ${(err as Error).message}`);
    await shutdown(node, exporter, output, log);
    return 1;
  }

  const finished = capture.done ?? new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  process.on('SIGHUP', () => {
    log.reopen();
    log.info('log file reopened (SIGHUP)');
  });
  const tick = setInterval(() => {
    node.pipeline.tick(Date.now() * 1000);
    void output?.drain();
  }, TICK_MS);
  const stats = setInterval(() => logStats(log, node, capture), STATS_EVERY_MS);
  try {
    await finished;
  } catch (err) {
    log.error(`capture failed: ${(err as Error).message}`);
  }
  clearInterval(tick);
  clearInterval(stats);
  // A last stats line, so short runs (tests, restarts) still show the kernel drop counters.
  logStats(log, node, capture);
  await capture.stop();
  log.info('capture stopped, draining');
  await shutdown(node, exporter, output, log);
  return 0;
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

function logStats(log: Logger, node: BuiltNode, capture: OpenCapture): void {
  const r = node.pipeline.reassembler;
  const a = node.analyzer.counters;
  log.info('stats', {
    ...capture.stats(),
    active_flows: r.activeFlows,
    buffered_bytes: r.bufferedBytes,
    transactions: a.transactions,
    attacks: a.attacks,
  });
}

async function shutdown(node: BuiltNode, exporter: Exporter | null, output: JsonLinesWriter | null, log: Logger): Promise<void> {
  node.pipeline.finish();
  await output?.close();
  if (exporter !== null) {
    const { delivered, pendingBatches } = await exporter.close(DRAIN_DEADLINE_MS);
    if (!delivered) log.warn('cloud unreachable at shutdown: unsent batches stay in the spool and are sent at the next start', { pending_batches: pendingBatches });
  }
  for (const line of formatSummary(null, node).split('\n')) log.info(line.trim());
  log.close();
}
