/**
 * Command line of the installer (SPEC section 2): everything after `--` on the archive's command
 * line, plus `--payload-dir` which the archive's startup.sh adds. Syntax and value checks only;
 * what is required depends on the existing installation and is decided in inputs.ts.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { usageError } from './errors';

export const MODES = ['tcp-capture', 'tcp-capture-v2'] as const;
/** One line per mode: what the interactive question and --help show. */
export const MODE_EXPLANATIONS: Record<Mode, string> = {
  'tcp-capture':
    "the seed's GoReplay-style go-node.yaml (goreplay: filter and extra_args): interfaces with VLAN/tunnels, or the VXLAN engine",
  'tcp-capture-v2': 'the current go-node.yaml (tcp_stream): an interface, a VXLAN and a GENEVE listener at once, address filters',
};
export type Mode = (typeof MODES)[number];
/** Upstream modes this node deliberately does not implement. */
const UPSTREAM_ONLY_MODES = ['connector-server', 'envoy-external-filter'];

export interface InstallerOptions {
  batch: boolean;
  token: string | null;
  mode: Mode | null;
  goNodeConfig: string | null;
  host: string | null;
  help: boolean;
  version: boolean;
  preserve: boolean;
  uninstall: boolean;
  purge: boolean;
  reinstall: boolean;
  /** Testing aid: treat DIR as the file system root and fake the system calls (see system.ts). */
  root: string | null;
  payloadDir: string | null;
}

const SPEC = {
  batch: { type: 'boolean' },
  token: { type: 'string' },
  mode: { type: 'string' },
  'go-node-config': { type: 'string' },
  host: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  preserve: { type: 'string' },
  uninstall: { type: 'boolean' },
  purge: { type: 'boolean' },
  reinstall: { type: 'boolean' },
  root: { type: 'string' },
  'payload-dir': { type: 'string' },
} as const;

export function parseOptions(argv: string[]): InstallerOptions {
  // A `--` the archive may pass through (`./aio-native-....sh -- --batch ...`) separates nothing here.
  const dashes = argv.indexOf('--');
  if (dashes >= 0) argv = [...argv.slice(0, dashes), ...argv.slice(dashes + 1)];
  argv = joinDashLedValues(argv);
  let values: ReturnType<typeof parseArgs<{ options: typeof SPEC; allowPositionals: false; strict: true }>>['values'];
  try {
    ({ values } = parseArgs({ args: argv, options: SPEC, allowPositionals: false, strict: true }));
  } catch (err) {
    throw usageError(explainParseError(err));
  }
  const opts: InstallerOptions = {
    batch: values.batch ?? false,
    token: nonEmpty('--token', values.token, 'TOKEN'),
    mode: parseMode(values.mode),
    goNodeConfig: nonEmpty('--go-node-config', values['go-node-config'], 'PATH'),
    host: parseHost(values.host),
    help: values.help ?? false,
    version: values.version ?? false,
    preserve: parsePreserve(values.preserve),
    uninstall: values.uninstall ?? false,
    purge: values.purge ?? false,
    reinstall: values.reinstall ?? false,
    root: values.root === undefined ? null : path.resolve(nonEmpty('--root', values.root, 'DIR') ?? ''),
    payloadDir:
      values['payload-dir'] === undefined ? null : path.resolve(nonEmpty('--payload-dir', values['payload-dir'], 'DIR') ?? ''),
  };
  if (opts.token !== null && /\s/.test(opts.token)) {
    throw usageError('--token contains white space: pass the API token exactly as the console shows it, e.g. --token=TOKEN');
  }
  if (opts.purge && !opts.uninstall) throw usageError('--purge only goes with --uninstall: use --uninstall --purge');
  if (opts.uninstall && opts.reinstall) throw usageError('--uninstall and --reinstall exclude each other: pick one');
  if (opts.uninstall) {
    const installOnly = (['token', 'mode', 'goNodeConfig', 'host'] as const).filter((k) => opts[k] !== null);
    if (installOnly.length > 0) {
      const names = installOnly.map((k) => (k === 'goNodeConfig' ? '--go-node-config' : `--${k}`)).join(', ');
      throw usageError(`${names} cannot be combined with --uninstall: remove ${installOnly.length > 1 ? 'them' : 'it'}`);
    }
  }
  return opts;
}

/**
 * `--token -x9…` as `--token=-x9…`: a value option followed by an argument that begins with `-` but
 * names no option of ours takes it as its value (tokens and paths may begin with a dash; util.parseArgs
 * refuses them as ambiguous). An argument that is one of our options (`--token --batch`) stays an
 * option, so a forgotten value is still reported.
 */
function joinDashLedValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = argv[i + 1];
    if (takesValue(arg) && next !== undefined && next.startsWith('-') && !namesOption(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

function takesValue(arg: string): boolean {
  if (!arg.startsWith('--') || arg.includes('=')) return false;
  const spec = (SPEC as Record<string, { type: string }>)[arg.slice(2)];
  return spec?.type === 'string';
}

function namesOption(arg: string): boolean {
  if (arg === '--') return true;
  if (arg.startsWith('--')) return Object.hasOwn(SPEC, arg.slice(2).split('=')[0]);
  const shorts = Object.values(SPEC).flatMap((o) => ('short' in o ? [o.short] : []));
  return shorts.some((c) => arg === `-${c}`);
}

function explainParseError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const msg = e.message ?? String(err);
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const name = /'([^']+)'/.exec(msg)?.[1] ?? msg;
    return `unknown option ${name}: see --help for the options (installer options go after "--" on the archive's command line)`;
  }
  if (e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const arg = /'([^']+)'/.exec(msg)?.[1] ?? '';
    return `unexpected argument "${arg}": every installer input is an option, e.g. --token=TOKEN (see --help)`;
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = /'(--[a-z-]+)/.exec(msg)?.[1] ?? '';
    if (/argument missing/.test(msg)) return `${name} needs a value, e.g. ${name}=VALUE`;
    if (/ambiguous/.test(msg)) return `${name} needs a value before the next option, e.g. ${name}=VALUE`;
    if (/does not take an argument/.test(msg)) return `${name} is a switch and takes no value: write just ${name}`;
    return `${name}: ${msg}`;
  }
  return msg;
}

function nonEmpty(name: string, value: string | undefined, meta: string): string | null {
  if (value === undefined) return null;
  if (value.trim() === '') throw usageError(`${name} is empty: give ${name}=${meta}`);
  return value;
}

function parseMode(value: string | undefined): Mode | null {
  if (value === undefined) return null;
  if ((MODES as readonly string[]).includes(value)) return value as Mode;
  if (UPSTREAM_ONLY_MODES.includes(value)) {
    throw usageError(`--mode ${value} is not supported by this node: use --mode=tcp-capture or --mode=tcp-capture-v2`);
  }
  throw usageError(`--mode "${value}" is not a mode: use --mode=tcp-capture or --mode=tcp-capture-v2`);
}

function parsePreserve(value: string | undefined): boolean {
  if (value === undefined) return true;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw usageError(`--preserve "${value}" must be true or false, e.g. --preserve=false to replace config and credentials`);
}

const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** [https://]HOST[:PORT] or [https://][IPv6][:PORT]; returned unchanged when valid. */
export function parseHost(value: string | undefined): string | null {
  if (value === undefined) return null;
  const fix = 'e.g. --host us1.api.wallarm.com (US) or --host api.wallarm.com (EU), optionally with :PORT';
  // A pasted console URL is accepted as the node's register command accepts it: http:// turns TLS off.
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value);
  if (scheme && !/^https?$/i.test(scheme[1]))
    throw usageError(`--host "${value}": only https:// (or http://) can precede the host: ${fix}`);
  const hostPort = scheme ? value.slice(scheme[0].length).replace(/\/+$/, '') : value;
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]]+))(?::(\d+))?$/.exec(hostPort);
  if (!m) throw usageError(`--host "${value}" is not HOST[:PORT]: ${fix}`);
  const name = m[2];
  if (name !== undefined && !HOSTNAME.test(name)) throw usageError(`--host "${value}" is not a valid host name: ${fix}`);
  if (m[3] !== undefined) {
    const port = Number(m[3]);
    if (!(port >= 1 && port <= 65535)) throw usageError(`--host "${value}": port must be 1-65535`);
  }
  return value;
}

/** WALLARM_LABELS='group=G[,k=v...]' as an ordered map; throws a usage error naming the bad item. */
export function parseLabels(value: string | undefined): Map<string, string> {
  const labels = new Map<string, string>();
  if (value === undefined || value.trim() === '') return labels;
  for (const item of value.split(',')) {
    const m = /^\s*([A-Za-z0-9_.-]+)=(.*?)\s*$/.exec(item);
    if (!m || m[2] === '') {
      throw usageError(`WALLARM_LABELS item "${item}" is not key=value: use WALLARM_LABELS='group=<GROUP>[,key=value...]'`);
    }
    labels.set(m[1], m[2]);
  }
  return labels;
}

export function formatLabels(labels: Map<string, string>): string {
  return [...labels].map(([k, v]) => `${k}=${v}`).join(',');
}

export const HELP = `Usage: aio-native-<VERSION>.<ARCH>.sh [archive options] -- [installer options]

Installs the aio-native node (out-of-band analysis of mirrored TCP traffic) as the systemd
service wallarm.service under /opt/wallarm. Run as root. Without --batch the installer asks
its questions interactively (a terminal is required).

Installer options (--opt=value and --opt value both work):
  --batch                 never prompt; every needed input must come from options/environment
  --token TOKEN           API token ("Node deployment/Deployment" usage type) used to register
                          the node; never written to disk or logs. Not needed when already
                          registered (a non-empty /opt/wallarm/etc/wallarm/node.yaml exists)
  --mode MODE             node mode: tcp-capture or tcp-capture-v2 (required with --batch on a first
                          install; a reinstall or upgrade keeps the installed node's mode)
  --go-node-config PATH   node config (go-node.yaml) installed to
                          /opt/wallarm/etc/wallarm/go-node.yaml; validated first
  --host HOST[:PORT]      cloud API host: us1.api.wallarm.com (US), api.wallarm.com (EU)
  --preserve true|false   on upgrade keep (true, default) or replace (false) the installed
                          config and credentials; false re-registers the node
  --uninstall             stop and remove the service and binaries; keep config, credentials, logs
  --purge                 with --uninstall: also remove everything under /opt/wallarm
  --reinstall             uninstall (keeping config and credentials) and install again
  --root DIR              testing aid: install into DIR as if it were /, record systemd and
                          user management calls in DIR/.fake-system/ instead of making them;
                          allowed without root
  --version               print the installer version
  -h, --help              print this help

Environment:
  WALLARM_LABELS='group=<GROUP>[,key=value...]'  node labels; group is required to register
  WALLARM_API_HOST, WALLARM_API_PORT, WALLARM_API_USE_SSL (true), WALLARM_API_CA_VERIFY (true)
                          cloud API endpoint when --host is not given
  WALLARM_INSTALLER_READY_TIMEOUT   seconds to wait for the started node to report ready (60)
  WALLARM_INSTALLER_MIN_FREE_MB     free space required in /opt beyond the payload (100)
  /etc/wallarm-override/env.list    environment of the service (read by systemd if present),
                          e.g. WALLARM_APID_ONLY=true: API discovery only, attacks stay local

Exit codes: 0 success, 1 usage error, 2 preflight failure, 3 registration failure,
4 install failure (rolled back to the previous state).

Examples:
  US cloud:
    sudo env WALLARM_LABELS='group=<GROUP>' ./aio-native-<VERSION>.x86_64.sh -- --batch \\
      --token <API_TOKEN> --mode=tcp-capture --go-node-config=<PATH_TO_CONFIG> --host us1.api.wallarm.com
  EU cloud:
    sudo env WALLARM_LABELS='group=<GROUP>' ./aio-native-<VERSION>.x86_64.sh -- --batch \\
      --token <API_TOKEN> --mode=tcp-capture --go-node-config=<PATH_TO_CONFIG> --host api.wallarm.com
  Interactive:      sudo ./aio-native-<VERSION>.x86_64.sh
  Uninstall:        sudo ./aio-native-<VERSION>.x86_64.sh -- --uninstall [--purge]
`;
