/**
 * run: the capture service systemd keeps alive. Loads go-node.yaml, opens the capture the config
 * names (libpcap interfaces, a VXLAN UDP socket, or a pcap file for GoReplay's pcap_file engine),
 * runs the pipeline, exports findings through the durable cloud link, serves /metrics, /live,
 * /ready and the status page, reopens its logs on SIGHUP and drains on SIGTERM (docs/operations.md).
 * This module reads the options; the service itself is node/service/run-service.ts.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_STATE_DIR } from '../../cloud/exporter';
import { DEFAULT_NODE_YAML } from '../../cloud/node-yaml';
import { formats } from '../../config/formats';
import { DEFAULT_STATUS_ADDRESS, STATUS_PATH } from '../../service/endpoints';
import { RunService } from '../../service/run-service';
import { warmupScenario } from '../../sample/warmup';
import { configFromArg } from '../config-arg';
import { parseEmit } from '../emit';

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
        'status-listen': { type: 'string' },
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
    process.stderr.write(
      `native-node run: --config FILE is required (the installed service uses /opt/wallarm/etc/wallarm/go-node.yaml)\n`,
    );
    return EXIT_CONFIG;
  }
  const outputTypes = parseEmit(o.emit!);
  if (typeof outputTypes === 'string') {
    process.stderr.write(`native-node run: ${outputTypes}\n`);
    return EXIT_CONFIG;
  }
  const statusOption = o['status-listen'];
  const badStatus = statusOption === undefined || statusOption === 'off' ? null : formats['listen-address'].check(statusOption);
  if (badStatus !== null) {
    process.stderr.write(`native-node run: --status-listen: ${badStatus}; ${formats['listen-address'].hint}, or off\n`);
    return EXIT_CONFIG;
  }
  const config = await configFromArg(o.config, 'run');
  if (config === null) return EXIT_CONFIG;
  // The option wins, then tcp-capture-v2's metrics.legacy_status, then the default.
  const statusAddress = statusOption === 'off' ? null : (statusOption ?? config.metrics.statusAddress ?? DEFAULT_STATUS_ADDRESS);
  return new RunService({
    config,
    configPath: o.config,
    nodeYamlPath: o['node-yaml']!,
    stateDir: o['state-dir']!,
    output: o.output ?? null,
    outputTypes,
    statusAddress,
    warmup: warmupScenario().packets.map((p) => ({ linkType: p.linkType, frame: p.frame, ts: p.ts })),
  }).run();
}
