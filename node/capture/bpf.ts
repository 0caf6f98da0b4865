/**
 * The kernel-side (BPF) filter for a live capture source, from the capture plan. The filter only
 * cuts volume; the decoder applies the same rules exactly (ports, VIDs, VNIs), so a filter that
 * lets a little more through is harmless while one that drops wanted packets is a bug.
 */
import type { CapturePlan, CaptureSource } from '../config/types';
import { MAX_VLAN_DEPTH } from './linktypes';

/** libpcap has no `vlan` keyword for Linux cooked captures (the 'any' device). */
function linkHasVlanKeyword(source: CaptureSource): boolean {
  return source.iface !== '' && source.iface !== 'any';
}

/**
 * - Ports `[80, 8080]`: `tcp and (port 80 or port 8080)`; no ports: `tcp`.
 * - Tunnels carried on the wire are always admitted, so mirrored tunnels work with the libpcap
 *   engine too: VXLAN (`udp dst port <vxlanPort>`), GENEVE (`udp dst port 6081`), GRE and ERSPAN
 *   (`ip proto 47`, `ip6 proto 47`), and IP fragments after the first (which carry no UDP/GRE
 *   header: `ip[6:2] & 0x1fff != 0`, `ip6[6] = 44`) so outer fragments of tunnel packets can be
 *   reassembled. The `vxlan` engine's own socket needs no filter, and the text returned for it is
 *   the equivalent libpcap filter.
 * - With `-input-raw-vlan` or VID filters: the same again under 1..MAX_VLAN_DEPTH `vlan` tags,
 *   nested, because libpcap's `vlan` shifts every later offset by 4 for the rest of the
 *   expression: `B or (vlan and (B or (vlan and (B ...))))`.
 * - Never the sensor's own addresses: mirrored packets are addressed to other hosts.
 * - `-input-raw-bpf-filter` replaces all of it.
 */
const GENEVE_PORT = 6081;
const GRE_AND_FRAGMENTS = 'ip proto 47 or ip6 proto 47 or (ip[6:2] & 0x1fff != 0) or ip6[6] = 44';

export function buildBpfFilter(plan: CapturePlan, source: CaptureSource): string {
  if (plan.bpfOverride !== null && plan.bpfOverride.trim() !== '') return plan.bpfOverride;
  const vxlan = `udp dst port ${plan.vxlanPort}`;
  if (plan.engine === 'vxlan') return vxlan;
  const ports = [...new Set(source.ports)].sort((a, b) => a - b);
  const tcp = ports.length === 0 ? 'tcp' : `tcp and (${ports.map((p) => `port ${p}`).join(' or ')})`;
  // A port a UDP listener of this node receives (tcp-capture-v2) is not captured twice.
  const listened = new Set((plan.listeners ?? []).map((l) => l.port));
  const udp = [plan.vxlanPort, GENEVE_PORT].filter((p) => !listened.has(p)).map((p) => `(udp dst port ${p})`);
  const base = [
    `(${tcp})`,
    ...udp.slice(0, 1),
    `(${[...udp.slice(1).map((u) => u.slice(1, -1)), GRE_AND_FRAGMENTS].join(' or ')})`,
  ].join(' or ');
  if (!(plan.vlan || plan.vlanVids.length > 0) || !linkHasVlanKeyword(source)) return base;
  let nested = base;
  for (let depth = 0; depth < MAX_VLAN_DEPTH; depth++) nested = `${base} or (vlan and (${nested}))`;
  return nested;
}
