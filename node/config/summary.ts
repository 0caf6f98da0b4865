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
  if (plan.engine === 'vxlan') {
    const vnis = plan.vniInclude.length ? `VNIs ${plan.vniInclude.join(',')}` : 'any VNI';
    const excluded = plan.vniExclude.length ? ` except ${plan.vniExclude.join(',')}` : '';
    parts.push(`VXLAN UDP port ${plan.vxlanPort} ${vnis}${excluded}`);
  }
  return parts.length ? parts.join(' + ') : 'no encapsulation';
}

/** `bpfFor`: the kernel filter the capture stage installs for a source (node/capture/bpf.ts). */
export function describeCapture(plan: CapturePlan, bpfFor?: (s: CaptureSource) => string): string {
  const parts = [`engine ${plan.engine}`, plan.sources.map((s) => source(plan, s)).join(' + '), encapsulation(plan)];
  if (plan.ignoreInterfaces.length) parts.push(`ignoring ${plan.ignoreInterfaces.join(',')}`);
  if (plan.bpfOverride !== null) parts.push(`BPF (from -input-raw-bpf-filter) "${plan.bpfOverride}"`);
  else if (bpfFor && plan.engine !== 'pcap_file') {
    const filters = [...new Set(plan.sources.map(bpfFor))];
    parts.push(filters.length === 1 ? `BPF "${filters[0]}"` : plan.sources.map((s) => `BPF ${s.iface || 'any'} "${bpfFor(s)}"`).join('; '));
  }
  return parts.join('; ');
}
