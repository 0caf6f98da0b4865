/**
 * goreplay.filter and goreplay.extra_args -> CapturePlan. extra_args are read the way GoReplay's
 * Go `flag` package reads them: `-flag value`, `-flag=value`, `--flag`; booleans take only an
 * optional `=true|false`; repeatable flags accumulate; for the others the last one wins.
 */
import type { CaptureEngine, CapturePlan, CaptureSource } from './types';
import type { ConfigSource, DocPath } from './source';
import { parseIp } from './ip';
import { suggestion } from './suggest';
import { parseDurationMs, parseSize } from './units';

export const ENGINES: readonly CaptureEngine[] = ['libpcap', 'raw_socket', 'af_packet', 'vxlan', 'pcap_file'];

/** Defaults of the plan fields no flag was given for. Why these values: docs/configuration.md. */
export const CAPTURE_DEFAULTS = {
  engine: 'libpcap' as CaptureEngine,
  vxlanPort: 4789,
  snaplen: 65535,
  bufferSizeBytes: 32 * 1024 * 1024,
  promisc: true,
};

const MAX_VNI = 0xffffff;

type Draft = Omit<CapturePlan, 'sources' | 'expireSec' | 'listeners' | 'geneveVniInclude' | 'innerVniInclude' | 'ignoreIps'> & {
  expireSec: number | null;
  extraSources: Array<{ text: string; index: number }>;
};

interface FlagSpec {
  /** Takes a value (`-f v` / `-f=v`); boolean flags do not. */
  takesValue: boolean;
  /** Repeatable list flag: a missing value is tolerated (the seed's VLAN example ends in one). */
  list?: boolean;
  /** What the value means, for "no value" messages. */
  valueName?: string;
  /** Applies the value; returns an error message, or null. */
  apply(plan: Draft, value: string, index: number): string | null;
}

function int(value: string, min: number, max: number, what: string): number | string {
  if (!/^[+-]?[0-9]+$/.test(value)) return `${what} "${value}" is not an integer`;
  const n = Number(value);
  return n >= min && n <= max ? n : `${what} ${n} is out of range ${min}..${max}`;
}

function bool(value: string): boolean | null {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  return null;
}

function boolFlag(set: (plan: Draft, v: boolean) => void): FlagSpec {
  return {
    takesValue: false,
    apply: (plan, value) => {
      const b = bool(value);
      if (b === null) return `"${value}" is not a boolean`;
      set(plan, b);
      return null;
    },
  };
}

export const FLAGS: Record<string, FlagSpec> = {
  'input-raw': {
    takesValue: true,
    valueName: 'IFACE:PORT',
    apply: (plan, value, index) => {
      plan.extraSources.push({ text: value, index });
      return null;
    },
  },
  'input-raw-engine': {
    takesValue: true,
    valueName: 'engine',
    apply: (plan, value) => {
      if (!(ENGINES as readonly string[]).includes(value))
        return `unknown engine "${value}"; ${suggestion(value, ENGINES, 'engines')}`;
      plan.engine = value as CaptureEngine;
      return null;
    },
  },
  'input-raw-vlan': boolFlag((plan, v) => (plan.vlan = v)),
  'input-raw-vlan-vid': {
    takesValue: true,
    list: true,
    valueName: 'VLAN id',
    apply: (plan, value) => {
      const vid = int(value, 1, 4094, 'VLAN id');
      if (typeof vid === 'string') return vid;
      if (!plan.vlanVids.includes(vid)) plan.vlanVids.push(vid);
      return null;
    },
  },
  'input-raw-vxlan-port': {
    takesValue: true,
    valueName: 'UDP port',
    apply: (plan, value) => {
      const port = int(value, 1, 65535, 'VXLAN UDP port');
      if (typeof port === 'string') return port;
      plan.vxlanPort = port;
      return null;
    },
  },
  'input-raw-vxlan-vni': {
    takesValue: true,
    list: true,
    valueName: 'VNI',
    apply: (plan, value) => {
      const vni = int(value, -MAX_VNI, MAX_VNI, 'VNI');
      if (typeof vni === 'string') return vni;
      const list = value.startsWith('-') ? plan.vniExclude : plan.vniInclude;
      const abs = Math.abs(vni);
      if (!list.includes(abs)) list.push(abs);
      return null;
    },
  },
  'input-raw-bpf-filter': {
    takesValue: true,
    valueName: 'BPF expression',
    apply: (plan, value) => {
      if (!value.trim()) return 'the BPF expression is empty';
      plan.bpfOverride = value;
      return null;
    },
  },
  'input-raw-snaplen': {
    takesValue: true,
    valueName: 'snapshot length',
    apply: (plan, value) => {
      const n = int(value, 64, 262144, 'snapshot length');
      if (typeof n === 'string') return n;
      plan.snaplen = n;
      return null;
    },
  },
  // GoReplay: capture 64 KiB instead of MTU+200. That is already our default snaplen.
  'input-raw-override-snaplen': boolFlag((plan, v) => {
    if (v) plan.snaplen = Math.max(plan.snaplen, CAPTURE_DEFAULTS.snaplen);
  }),
  'input-raw-buffer-size': {
    takesValue: true,
    valueName: 'size',
    apply: (plan, value) => {
      const bytes = parseSize(value);
      if (bytes === null || bytes === 0) return `buffer size "${value}" is not a positive size (e.g. 32MiB or 33554432)`;
      plan.bufferSizeBytes = bytes;
      return null;
    },
  },
  'input-raw-promisc': boolFlag((plan, v) => (plan.promisc = v)),
  'input-raw-expire': {
    takesValue: true,
    valueName: 'duration',
    apply: (plan, value) => {
      const ms = parseDurationMs(value);
      if (ms === null || ms <= 0) return `"${value}" is not a positive duration (e.g. 2s, 500ms, 5m)`;
      plan.expireSec = ms / 1000;
      return null;
    },
  },
  // Responses are always tracked; the flag is accepted so GoReplay command lines keep working.
  'input-raw-track-response': boolFlag(() => undefined),
  'input-raw-allow-incomplete': boolFlag((plan, v) => (plan.allowIncomplete = v)),
  'input-raw-ignore-interface': {
    takesValue: true,
    list: true,
    valueName: 'interface',
    apply: (plan, value) => {
      const err = checkIfaceName(value);
      if (err) return err;
      if (!plan.ignoreInterfaces.includes(value)) plan.ignoreInterfaces.push(value);
      return null;
    },
  },
};

const FLAG_NAMES = Object.keys(FLAGS).map((n) => `-${n}`);

/** Splits `-name`, `--name`, `-name=value`; null when the token is not flag-shaped. */
function splitFlag(token: string): { name: string; value: string | null } | null {
  const m = /^--?([^-=][^=]*)(?:=([\s\S]*))?$/.exec(token);
  if (!m) return null;
  return { name: m[1], value: m[2] ?? null };
}

function isKnownFlag(token: string): boolean {
  const f = splitFlag(token);
  return f !== null && f.name in FLAGS;
}

function checkIfaceName(name: string): string | null {
  if (name.includes('@')) return `"${name}" is not an interface name: drop the "@..." part that ip(8) shows`;
  if (parseIp(name.replace(/^\[|\]$/g, '')) !== null) return `"${name}" is an address; capture is by interface name`;
  if (!/^[A-Za-z0-9_.-]{1,15}$/.test(name)) return `"${name}" is not a valid interface name (1-15 letters, digits, . _ -)`;
  return null;
}

const FILTER_HINT =
  "IFACE:PORT[,PORT...], e.g. 'eth0:80', 'eth0:' (all ports), ':80' (all interfaces), ':' (everything); see `native-node interfaces`";

/** Parses GoReplay's `IFACE:PORT[,PORT]` (for pcap_file: `FILE:PORT`); an error message on failure. */
export function parseCaptureAddress(text: string, engine: CaptureEngine): CaptureSource | string {
  if (/[<>]/.test(text)) return `"${text}" is the example's placeholder: put your interface and port there`;
  const colon = text.lastIndexOf(':');
  if (colon < 0) return `"${text}" has no ":" between interface and port`;
  const iface = text.slice(0, colon);
  const portText = text.slice(colon + 1);
  if (engine === 'pcap_file') {
    if (!iface) return 'the pcap_file engine needs the capture file before the colon (FILE.pcap:PORT)';
  } else if (iface) {
    const err = checkIfaceName(iface);
    if (err) return err;
  }
  const ports: number[] = [];
  if (portText !== '') {
    for (const p of portText.split(',')) {
      const port = int(p.trim(), 1, 65535, 'port');
      if (typeof port === 'string') return p.trim() === '0' ? `${port} (leave the port empty for every port)` : port;
      if (!ports.includes(port)) ports.push(port);
    }
  }
  return { iface, ports };
}

/**
 * Builds the capture plan from the validated `goreplay` section. Problems go to `src` at the
 * line of the offending list element; returns null when there were any.
 */
export function buildCapturePlan(
  src: ConfigSource,
  goreplay: { filter?: string; extra_args: Array<string | number> },
  idleTimeoutSec: number,
): CapturePlan | null {
  const before = src.problems.length;
  const draft: Draft = {
    engine: CAPTURE_DEFAULTS.engine,
    vlan: false,
    vlanVids: [],
    vxlanPort: CAPTURE_DEFAULTS.vxlanPort,
    vniInclude: [],
    vniExclude: [],
    bpfOverride: null,
    snaplen: CAPTURE_DEFAULTS.snaplen,
    bufferSizeBytes: CAPTURE_DEFAULTS.bufferSizeBytes,
    promisc: CAPTURE_DEFAULTS.promisc,
    expireSec: null,
    allowIncomplete: false,
    ignoreInterfaces: [],
    extraSources: [],
  };
  const args = goreplay.extra_args.map(String);
  const argPath = (i: number): DocPath => ['goreplay', 'extra_args', i];
  for (let i = 0; i < args.length; i++) {
    const token = args[i];
    const flag = splitFlag(token);
    if (!flag) {
      const prev = i > 0 ? splitFlag(args[i - 1]) : null;
      const afterBool = prev && FLAGS[prev.name] && !FLAGS[prev.name].takesValue && bool(token) !== null;
      src.problem(
        argPath(i),
        `extra_args: "${token}" is not a flag`,
        afterBool
          ? `a boolean flag takes its value after "=": ${args[i - 1]}=${token}`
          : 'each flag starts with "-"; a flag\'s value follows it as the next item or after "="',
      );
      continue;
    }
    const spec = FLAGS[flag.name];
    if (!spec) {
      src.problem(
        argPath(i),
        `extra_args: unknown flag -${flag.name}`,
        suggestion(`-${flag.name}`, FLAG_NAMES, 'supported flags'),
      );
      // A non-flag right after it is most likely its value: one mistake, one message.
      if (flag.value === null && args[i + 1] !== undefined && !splitFlag(args[i + 1])) i++;
      continue;
    }
    let value = flag.value;
    let valueIndex = i;
    if (value === null && spec.takesValue) {
      const next = args[i + 1];
      if (next === undefined || isKnownFlag(next)) {
        const message = `extra_args: -${flag.name} has no ${spec.valueName} after it`;
        const hint = `give the ${spec.valueName} as the next list item or as -${flag.name}=VALUE`;
        if (spec.list) src.warning(argPath(i), `${message}; it is ignored`, hint);
        else src.problem(argPath(i), message, hint);
        continue;
      }
      value = next;
      valueIndex = ++i;
    }
    const err = spec.apply(draft, value ?? 'true', valueIndex);
    if (err) src.problem(argPath(valueIndex), `extra_args: -${flag.name}: ${err}`);
  }

  if (draft.vlanVids.length > 0 && !draft.vlan) {
    draft.vlan = true;
    src.warning(
      ['goreplay', 'extra_args'],
      'extra_args: -input-raw-vlan-vid implies -input-raw-vlan; VLAN-tagged capture is on',
      'add -input-raw-vlan to make it explicit',
    );
  }

  const sources: CaptureSource[] = [];
  const addSource = (text: string, path: DocPath) => {
    const parsed = parseCaptureAddress(text, draft.engine);
    if (typeof parsed === 'string')
      src.problem(path, `${path.length > 2 ? 'extra_args: -input-raw' : 'goreplay.filter'}: ${parsed}`, FILTER_HINT);
    else sources.push(parsed);
  };
  if (goreplay.filter !== undefined) addSource(goreplay.filter, ['goreplay', 'filter']);
  for (const s of draft.extraSources) addSource(s.text, argPath(s.index));
  if (goreplay.filter === undefined && draft.extraSources.length === 0) {
    if (draft.engine === 'pcap_file') {
      src.problem(['goreplay'], 'the pcap_file engine needs goreplay.filter: FILE.pcap:PORT', FILTER_HINT, 'key');
    } else {
      sources.push({ iface: '', ports: [] });
      // Said only of an otherwise clean file: next to a mistyped `filtr:` it would mislead.
      if (src.problems.length === 0)
        src.warning([], 'no goreplay.filter: capturing every interface and every port', `set goreplay.filter, ${FILTER_HINT}`);
    }
  }
  if (src.problems.length > before) return null;
  const { extraSources: _consumed, expireSec, ...plan } = draft;
  const listeners: CapturePlan['listeners'] =
    plan.engine === 'vxlan'
      ? [{ encapsulation: 'vxlan', address: null, port: plan.vxlanPort, key: 'goreplay', filter: null }]
      : [];
  return {
    ...plan,
    sources,
    expireSec: expireSec ?? idleTimeoutSec,
    listeners,
    geneveVniInclude: [],
    innerVniInclude: [],
    ignoreIps: null,
  };
}
