/** One line saying what a CapturePlan will capture, for check-config and the startup log. */
import type { CapturePlan, CaptureSource } from './types';

function ports(p: number[]): string {
  if (p.length === 0) return 'all ports';
  return `${p.length === 1 ? 'port' : 'ports'} ${p.join(',')}`;
}

function source(plan: CapturePlan, s: CaptureSource): string {
  if (plan.engine === 'pcap_file') return `file ${s.iface} ${ports(s.ports)}`;
  return `${s.iface ? `interface ${s.iface}` : 'all interfaces'} ${ports(s.ports)}`;
}

function encapsulation(plan: CapturePlan): string {
  const parts: string[] = [];
  if (plan.vlan) parts.push(`VLAN 802.1Q/QinQ ${plan.vlanVids.length ? `VIDs ${plan.vlanVids.join(',')}` : 'any VID'}`);
  for (const l of plan.listeners) {
    const at = `${l.encapsulation === 'vxlan' ? 'VXLAN' : 'GENEVE'} UDP ${l.address === null ? '' : `${l.address} `}port ${l.port}`;
    const vnis = (list: number[], what = 'VNI'): string => (list.length ? `${what}s ${list.join(',')}` : `any ${what}`);
    if (l.encapsulation === 'vxlan') {
      const excluded = plan.vniExclude.length ? ` except ${plan.vniExclude.join(',')}` : '';
      parts.push(`${at} ${vnis(plan.vniInclude)}${excluded}`);
    } else {
      parts.push(
        `${at} ${vnis(plan.geneveVniInclude)}${plan.innerVniInclude.length ? `, inner VXLAN ${vnis(plan.innerVniInclude)}` : ''}`,
      );
    }
    if (l.filter !== null) parts[parts.length - 1] += ' (filtered)';
  }
  return parts.length ? parts.join(' + ') : 'no encapsulation';
}

/** `bpfFor`: the kernel filter the capture stage installs for a source (node/capture/bpf.ts). */
export function describeCapture(plan: CapturePlan, bpfFor?: (s: CaptureSource) => string, mode = 'tcp-capture'): string {
  const parts = [`engine ${plan.engine}`];
  if (plan.sources.length) parts.push(plan.sources.map((s) => source(plan, s)).join(' + '));
  parts.push(encapsulation(plan));
  if (plan.ignoreInterfaces.length) parts.push(`ignoring ${plan.ignoreInterfaces.join(',')}`);
  if (plan.ignoreIps) parts.push(`ignoring ${plan.ignoreIps.match} in ${plan.ignoreIps.subnets.join(',')}`);
  const bpfKey = mode === 'tcp-capture-v2' ? 'tcp_stream.from_interface.filter' : '-input-raw-bpf-filter';
  if (plan.sources.length === 0) {
    // UDP listeners only: no kernel filter.
  } else if (plan.bpfOverride !== null) parts.push(`BPF (from ${bpfKey}) "${plan.bpfOverride}"`);
  else if (bpfFor && plan.engine !== 'pcap_file') {
    const filters = [...new Set(plan.sources.map(bpfFor))];
    parts.push(
      filters.length === 1 ? `BPF "${filters[0]}"` : plan.sources.map((s) => `BPF ${s.iface || 'any'} "${bpfFor(s)}"`).join('; '),
    );
  }
  return parts.join('; ');
}
