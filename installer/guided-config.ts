/**
 * The go-node.yaml the interactive "guided config" writes: capture filter from an interface and
 * ports, and the GoReplay flags for the encapsulation (SPEC section 4, the seed's VLAN/VXLAN
 * examples). Pure functions; interactive.ts asks the questions and validates the result.
 */
import YAML from 'yaml';

export type Encapsulation =
  | { kind: 'none' }
  | { kind: 'vlan'; vids: number[] }
  | { kind: 'vxlan'; port: number; vnis: number[] }
  /** tcp-capture-v2 only. */
  | { kind: 'geneve'; port: number; vnis: number[] };

export interface GuidedAnswers {
  /** '' = every interface. */
  iface: string;
  /** Empty = every port. */
  ports: number[];
  encapsulation: Encapsulation;
  /** Default tcp-capture. */
  mode?: 'tcp-capture' | 'tcp-capture-v2';
}

const HEADER = "# Written by the aio-native installer's guided config; edit freely, then: systemctl restart wallarm\n";

export function guidedConfig(a: GuidedAnswers): string {
  if (a.mode === 'tcp-capture-v2') return HEADER + YAML.stringify(guidedV2(a));
  const extraArgs: string[] = [];
  const enc = a.encapsulation;
  if (enc.kind === 'vlan') {
    extraArgs.push('-input-raw-vlan');
    for (const vid of enc.vids) extraArgs.push('-input-raw-vlan-vid', String(vid));
  } else if (enc.kind === 'vxlan') {
    extraArgs.push('-input-raw-engine', 'vxlan', '-input-raw-vxlan-port', String(enc.port));
    for (const vni of enc.vnis) extraArgs.push('-input-raw-vxlan-vni', String(vni));
  }
  const goreplay: Record<string, unknown> = { filter: `${a.iface}:${a.ports.join(',')}` };
  if (extraArgs.length > 0) goreplay.extra_args = extraArgs;
  const doc = { version: 4, mode: 'tcp-capture', goreplay, log: { level: 'info' } };
  return `${HEADER}${YAML.stringify(doc)}`;
}

/**
 * tcp-capture-v2: tunnels go to a UDP listener (the node is the mirror target); plain and VLAN
 * traffic is captured on the interface, ports and VIDs as its BPF filter.
 */
function guidedV2(a: GuidedAnswers): Record<string, unknown> {
  const enc = a.encapsulation;
  const ports = a.ports.map((p) => `port ${p}`).join(' or ');
  const tcpStream: Record<string, unknown> = {};
  if (enc.kind === 'vxlan' || enc.kind === 'geneve') {
    const listener: Record<string, unknown> = { enabled: true, listen_addr: `:${enc.port}` };
    if (enc.vnis.length > 0) listener.vni_filter = enc.vnis;
    if (ports !== '') listener.filter = ports;
    tcpStream[enc.kind === 'vxlan' ? 'from_vxlan' : 'from_geneve'] = listener;
  } else {
    const vlan = enc.kind === 'vlan' ? (enc.vids.length > 0 ? enc.vids.map((v) => `vlan ${v}`).join(' or ') : 'vlan') : '';
    const filter = vlan !== '' && ports !== '' ? `(${vlan}) and (${ports})` : vlan || ports;
    const fromInterface: Record<string, unknown> = { enabled: true, interface: a.iface === '' ? 'any' : a.iface };
    if (filter !== '') fromInterface.filter = filter;
    tcpStream.from_interface = fromInterface;
  }
  return { version: 4, mode: 'tcp-capture-v2', tcp_stream: tcpStream, log: { level: 'info' } };
}

/**
 * A comma separated list of integers in [min, max]; '' is the empty list. Returns the numbers or
 * a message saying which item is wrong.
 */
export function parseNumberList(text: string, min: number, max: number, what: string): number[] | string {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const out: number[] = [];
  for (const item of items) {
    const n = /^-?\d+$/.test(item) ? Number(item) : NaN;
    if (!Number.isInteger(n) || n < min || n > max)
      return `"${item}" is not a ${what} (${min}-${max}); separate several with commas`;
    out.push(n);
  }
  return out;
}

export const PORT_RANGE = [1, 65535] as const;
export const VID_RANGE = [1, 4094] as const;
/** VNIs are 24-bit; a negative VNI excludes it (SPEC section 4). */
export const VNI_RANGE = [-16777215, 16777215] as const;
