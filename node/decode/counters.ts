import type { DecodeSkip } from './packet';

/** Counts that are not a frame's fate: tunnel headers walked and IP datagrams reassembled or given up. */
export type DecodeTally =
  | 'tunnel_vxlan'
  | 'tunnel_geneve'
  | 'tunnel_gre'
  | 'tunnel_erspan'
  | 'datagrams_reassembled'
  | 'datagrams_expired'
  | 'datagrams_evicted';

/**
 * Frames seen, TCP segments produced, one counter per reason a frame produced nothing (with the
 * bytes of those frames, `bytes_<reason>`), and the tallies above.
 */
export type DecodeCounters = { frames: number; segments: number } & Record<DecodeSkip, number> &
  Record<`bytes_${DecodeSkip}`, number> &
  Record<DecodeTally, number>;

export const DECODE_SKIPS: readonly DecodeSkip[] = [
  'truncated',
  'unsupported_link',
  'unsupported_ethertype',
  'not_tcp',
  'ip_fragment',
  'bad_ip_header',
  'bad_tcp_header',
  'bad_vxlan_header',
  'bad_geneve_header',
  'geneve_control',
  'geneve_unsupported_protocol',
  'bad_gre_header',
  'gre_unsupported',
  'bad_erspan_header',
  'fragment_buffered',
  'fragment_duplicate',
  'fragment_invalid',
  'fragment_limit',
  'encap_too_deep',
  'vlan_filtered',
  'vni_filtered',
  'geneve_vni_filtered',
  'vlan_too_deep',
  'port_filtered',
  'ip_ignored',
  'listener_filtered',
];

export const DECODE_TALLIES: readonly DecodeTally[] = [
  'tunnel_vxlan',
  'tunnel_geneve',
  'tunnel_gre',
  'tunnel_erspan',
  'datagrams_reassembled',
  'datagrams_expired',
  'datagrams_evicted',
];

/** `bytes_<reason>` for each reason, built once: no string is made per skipped frame. */
export const BYTES_KEY = Object.fromEntries(DECODE_SKIPS.map((k) => [k, `bytes_${k}`])) as Record<
  DecodeSkip,
  `bytes_${DecodeSkip}`
>;

export function newDecodeCounters(): DecodeCounters {
  const c = { frames: 0, segments: 0 } as DecodeCounters;
  for (const k of DECODE_SKIPS) {
    c[k] = 0;
    c[`bytes_${k}`] = 0;
  }
  for (const k of DECODE_TALLIES) c[k] = 0;
  return c;
}
