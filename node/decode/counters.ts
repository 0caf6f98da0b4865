import type { DecodeSkip } from './packet';

/** Frames seen, TCP segments produced, and one counter per reason a frame produced nothing. */
export type DecodeCounters = { frames: number; segments: number } & Record<DecodeSkip, number>;

export const DECODE_SKIPS: readonly DecodeSkip[] = [
  'truncated',
  'unsupported_link',
  'unsupported_ethertype',
  'not_tcp',
  'ip_fragment',
  'bad_ip_header',
  'bad_tcp_header',
  'bad_vxlan_header',
  'encap_too_deep',
  'vlan_filtered',
  'vni_filtered',
  'vlan_too_deep',
  'port_filtered',
];

export function newDecodeCounters(): DecodeCounters {
  const c = { frames: 0, segments: 0 } as DecodeCounters;
  for (const k of DECODE_SKIPS) c[k] = 0;
  return c;
}
