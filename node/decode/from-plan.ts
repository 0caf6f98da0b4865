import type { CapturePlan, Limits } from '../config/types';
import type { DecoderOptions } from './decoder';

/**
 * Decoder filters for a capture plan. Server ports are the union over all sources; a source
 * without ports ('eth0:') means every port, so then no port filter applies.
 */
export function decoderOptionsFromPlan(
  plan: CapturePlan,
  limits?: Pick<Limits, 'ipReassemblyBytes' | 'ipReassemblyTimeoutSec'>,
): DecoderOptions {
  const anyPort = plan.sources.some((s) => s.ports.length === 0);
  return {
    vxlanPorts: [plan.vxlanPort],
    vlanVids: plan.vlanVids,
    vniInclude: plan.vniInclude,
    vniExclude: plan.vniExclude,
    serverPorts: anyPort ? [] : [...new Set(plan.sources.flatMap((s) => s.ports))],
    genevePorts: [6081],
    geneveVniInclude: plan.geneveVniInclude,
    innerVniInclude: plan.innerVniInclude,
    ignoreIps: plan.ignoreIps,
    vxlanListenerFilter: plan.listeners.find((l) => l.encapsulation === 'vxlan')?.filter ?? null,
    geneveListenerFilter: plan.listeners.find((l) => l.encapsulation === 'geneve')?.filter ?? null,
    ...(limits ? { reassemblyBytes: limits.ipReassemblyBytes, reassemblyTimeoutUs: limits.ipReassemblyTimeoutSec * 1e6 } : {}),
  };
}
