/**
 * tcp-capture-v2's `tcp_stream` section -> the CapturePlan every capture stage reads
 * (docs/configuration.md, "tcp-capture-v2"). The schema has already checked shapes and applied
 * defaults; this adds what a schema cannot say (at least one source, CIDRs, listener filters,
 * two listeners on one port) with the line and column of the key to fix.
 */
import type { CapturePlan, IgnoreMatch, TunnelListenerPlan } from './types';
import { CAPTURE_DEFAULTS } from './capture-plan';
import { parseCidr } from './ip';
import { parseListenerFilter, type ListenerFilter } from './listener-filter';
import type { ConfigSource } from './source';

interface RawListener {
  enabled: boolean;
  listen_addr: string;
  vni_filter: number[];
  filter: string;
}

export interface RawTcpStream {
  from_interface: { enabled: boolean; interface: string | string[]; filter: string; snap_len: number; promiscuous: boolean };
  from_vxlan: RawListener;
  from_geneve: RawListener & { inner_vni_filter: number[] };
  ignore_ips?: { subnets: string[]; match_type: IgnoreMatch };
}

/** `:4789` -> every address; `HOST:PORT`, `[v6]:PORT` (shape checked by the schema's listen-address format). */
export function splitListenAddress(text: string): { address: string | null; port: number } {
  const colon = text.lastIndexOf(':');
  let host = text.slice(0, colon);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return { address: host === '' ? null : host, port: Number(text.slice(colon + 1)) };
}

export function buildCapturePlanV2(src: ConfigSource, ts: RawTcpStream, idleTimeoutSec: number): CapturePlan | null {
  const before = src.problems.length;
  const fi = ts.from_interface;
  const listeners: TunnelListenerPlan[] = [];
  const vxlanFilter = listenerFilter(src, ts.from_vxlan, 'from_vxlan');
  const geneveFilter = listenerFilter(src, ts.from_geneve, 'from_geneve');
  if (ts.from_vxlan.enabled)
    listeners.push({
      encapsulation: 'vxlan',
      ...splitListenAddress(ts.from_vxlan.listen_addr),
      key: 'tcp_stream.from_vxlan',
      filter: vxlanFilter,
    });
  if (ts.from_geneve.enabled)
    listeners.push({
      encapsulation: 'geneve',
      ...splitListenAddress(ts.from_geneve.listen_addr),
      key: 'tcp_stream.from_geneve',
      filter: geneveFilter,
    });
  if (!fi.enabled && listeners.length === 0) {
    src.problem(
      ['tcp_stream'],
      'tcp_stream: no traffic source is enabled',
      'set enabled: true under from_interface, from_vxlan or from_geneve',
      'key',
    );
  }
  if (listeners.length === 2 && listeners[0].port === listeners[1].port) {
    src.problem(
      ['tcp_stream', 'from_geneve', 'listen_addr'],
      `tcp_stream.from_geneve.listen_addr: port ${listeners[1].port} is also from_vxlan's`,
      'GENEVE is UDP port 6081, VXLAN 4789',
    );
  }
  const interfaces = typeof fi.interface === 'string' ? [fi.interface] : fi.interface;
  if (fi.enabled && interfaces.includes('any') && interfaces.length > 1) {
    src.problem(
      ['tcp_stream', 'from_interface', 'interface'],
      'tcp_stream.from_interface.interface: "any" already names every interface',
      'list interface names, or write any alone',
    );
  }
  const ignoreIps = buildIgnoreIps(src, ts.ignore_ips);
  if (src.problems.length > before) return null;
  const vxlanPort = listeners.find((l) => l.encapsulation === 'vxlan')?.port ?? CAPTURE_DEFAULTS.vxlanPort;
  const plan: CapturePlan = {
    engine: fi.enabled ? 'libpcap' : 'listeners',
    sources: fi.enabled ? interfaces.map((i) => ({ iface: i === 'any' ? '' : i, ports: [] })) : [],
    // Tagged frames are always decoded; the computed kernel filter admits them under up to 8 tags.
    vlan: true,
    vlanVids: [],
    vxlanPort,
    vniInclude: ts.from_vxlan.vni_filter,
    vniExclude: [],
    bpfOverride: fi.filter.trim() === '' ? null : fi.filter,
    snaplen: fi.snap_len,
    bufferSizeBytes: CAPTURE_DEFAULTS.bufferSizeBytes,
    promisc: fi.promiscuous,
    expireSec: idleTimeoutSec,
    allowIncomplete: false,
    ignoreInterfaces: [],
    listeners,
    geneveVniInclude: ts.from_geneve.vni_filter,
    innerVniInclude: ts.from_geneve.inner_vni_filter,
    ignoreIps,
  };
  return plan;
}

function listenerFilter(src: ConfigSource, l: RawListener, key: 'from_vxlan' | 'from_geneve'): ListenerFilter | null {
  if (l.filter.trim() === '') return null;
  const parsed = parseListenerFilter(l.filter);
  if (typeof parsed === 'string') {
    src.problem(
      ['tcp_stream', key, 'filter'],
      `tcp_stream.${key}.filter: ${parsed}`,
      'a listener filter is a BPF-like expression of host, net, port, portrange, vlan, tcp, ip, ip6 with and/or/not (docs/configuration.md)',
    );
    return null;
  }
  return parsed;
}

function buildIgnoreIps(src: ConfigSource, raw: RawTcpStream['ignore_ips']): CapturePlan['ignoreIps'] {
  if (raw === undefined || raw.subnets.length === 0) return null;
  // The schema's cidr format accepted every entry.
  const networks = raw.subnets
    .map((s) => parseCidr(s))
    .filter((n): n is Exclude<ReturnType<typeof parseCidr>, string> => typeof n !== 'string');
  if (networks.length !== raw.subnets.length)
    src.problem(['tcp_stream', 'ignore_ips', 'subnets'], 'tcp_stream.ignore_ips.subnets: not every entry is a CIDR');
  return { subnets: raw.subnets, networks, match: raw.match_type };
}
