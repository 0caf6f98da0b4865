/**
 * native-node check-config [--json] FILE: validates go-node.yaml. Problems: `FILE:LINE:COL:
 * message (hint)` on stderr, exit 1. Valid: one line on stdout saying what will be captured,
 * exit 0. --json prints {ok, errors, warnings, summary, capture} on stdout for the installer.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { buildBpfFilter } from '../../capture/bpf';
import { loadConfig, type ConfigProblem } from '../../config/load';
import { ConfigSource, formatPath, formatProblem } from '../../config/source';
import { describeCapture } from '../../config/summary';
import type { NodeConfig } from '../../config/types';

const USAGE = `Usage: native-node check-config [--json] FILE

Validates a go-node.yaml. Every problem is printed as FILE:LINE:COL: message (hint) and the
exit status is 1; a valid file prints what will be captured and exits 0.

  --json   print {ok, errors, warnings, summary, capture} as JSON on stdout instead
`;

/** Facts about this host that the config cannot know: missing interfaces or capture files. */
function hostWarnings(config: NodeConfig): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const filterPath = config.mode === 'tcp-capture-v2' ? ['tcp_stream', 'from_interface', 'interface'] : ['goreplay', 'filter'];
  const at = {
    file: config.source,
    ...new ConfigSource(config.source, fs.readFileSync(config.source, 'utf8')).position(filterPath),
    path: formatPath(filterPath),
  };
  for (const s of config.capture.sources) {
    if (config.capture.engine === 'pcap_file') {
      if (!fs.existsSync(s.iface))
        out.push({ ...at, message: `capture file ${s.iface} does not exist`, hint: 'check the path before FILE:PORT' });
    } else if (s.iface && !fs.existsSync(`/sys/class/net/${s.iface}`)) {
      out.push({
        ...at,
        message: `interface ${s.iface} does not exist on this host`,
        hint: 'list them with `native-node interfaces`',
      });
    }
  }
  return out;
}

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { json: { type: 'boolean' }, help: { type: 'boolean' } }, allowPositionals: true });
  } catch (err) {
    process.stderr.write(`native-node check-config: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    process.stderr.write(USAGE);
    return 2;
  }
  const result = await loadConfig(parsed.positionals[0]);
  const config = 'config' in result ? result.config : null;
  const warnings = config ? [...result.warnings, ...hostWarnings(config)] : result.warnings;
  const errors = 'errors' in result ? result.errors : [];
  const described = config
    ? describeCapture(config.capture, (source) => buildBpfFilter(config.capture, source), config.mode)
    : null;
  // tcp-capture keeps its summary as it always was; the newer mode says its name.
  const summary = config?.mode === 'tcp-capture-v2' ? `mode tcp-capture-v2; ${described}` : described;
  if (parsed.values.json) {
    process.stdout.write(
      `${JSON.stringify({ ok: config !== null, mode: config?.mode ?? null, errors, warnings, summary, capture: config?.capture ?? null })}\n`,
    );
    return config ? 0 : 1;
  }
  for (const p of errors) process.stderr.write(`${formatProblem(p)}\n`);
  for (const w of warnings) process.stderr.write(`${formatProblem({ ...w, message: `warning: ${w.message}` })}\n`);
  if (!config) {
    process.stderr.write(`${parsed.positionals[0]}: ${errors.length} problem${errors.length === 1 ? '' : 's'}\n`);
    return 1;
  }
  process.stdout.write(`${config.source}: OK: ${summary}\n`);
  return 0;
}
