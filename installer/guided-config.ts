/**
 * The go-node.yaml the interactive "guided config" writes: capture filter from an interface and
 * ports, and the GoReplay flags for the encapsulation (SPEC section 4, the seed's VLAN/VXLAN
 * examples). Pure functions; interactive.ts asks the questions and validates the result.
 */
import YAML from 'yaml';

export type Encapsulation =
  | { kind: 'none' }
  | { kind: 'vlan'; vids: number[] }
  | { kind: 'vxlan'; port: number; vnis: number[] };

export interface GuidedAnswers {
  /** '' = every interface. */
  iface: string;
  /** Empty = every port. */
  ports: number[];
  encapsulation: Encapsulation;
}

export function guidedConfig(a: GuidedAnswers): string {
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
  return `# Written by the aio-native installer's guided config; edit freely, then: systemctl restart wallarm\n${YAML.stringify(doc)}`;
}

/**
 * A comma separated list of integers in [min, max]; '' is the empty list. Returns the numbers or
 * a message saying which item is wrong.
 */
export function parseNumberList(text: string, min: number, max: number, what: string): number[] | string {
  const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const out: number[] = [];
  for (const item of items) {
    const n = /^-?\d+$/.test(item) ? Number(item) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) return `"${item}" is not a ${what} (${min}-${max}); separate several with commas`;
    out.push(n);
  }
  return out;
}

export const PORT_RANGE = [1, 65535] as const;
export const VID_RANGE = [1, 4094] as const;
/** VNIs are 24-bit; a negative VNI excludes it (SPEC section 4). */
export const VNI_RANGE = [-16777215, 16777215] as const;
