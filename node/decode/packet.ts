import { MAX_VLAN_DEPTH } from '../capture/linktypes';

/**
 * The record the decode stage hands to reassembly: one TCP segment, described by offsets into
 * the captured frame. One instance is reused for every packet (no per-packet allocation); a
 * consumer that keeps anything must copy it before the next packet is decoded.
 */
export class DecodedPacket {
  /** Capture time in microseconds since the epoch. */
  ts = 0;
  /** The frame as captured; all offsets below index into it. */
  data: Buffer = Buffer.alloc(0);
  /** 802.1Q/802.1ad VIDs, outermost first; only the first `vlanCount` entries are valid. */
  readonly vlan = new Uint16Array(MAX_VLAN_DEPTH);
  vlanCount = 0;
  /** VXLAN network identifier of the (innermost) VXLAN header, or -1 when not encapsulated. */
  vni = -1;
  /** GENEVE virtual network identifier of the (innermost) GENEVE header, or -1 when none. */
  geneveVni = -1;
  ipVersion: 4 | 6 = 4;
  /** Source and destination addresses: 4 bytes used for IPv4, 16 for IPv6. Copied, not views. */
  readonly src = new Uint8Array(16);
  readonly dst = new Uint8Array(16);
  srcPort = 0;
  dstPort = 0;
  /** TCP sequence and acknowledgement numbers (unsigned 32-bit). */
  seq = 0;
  ack = 0;
  /** TCP flag bits as on the wire (FIN=0x01, SYN=0x02, RST=0x04, PSH=0x08, ACK=0x10). */
  flags = 0;
  window = 0;
  /** TCP payload location inside `data`. */
  payloadOffset = 0;
  payloadLength = 0;
}

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;

/** Why a frame produced no TCP segment; each value has a counter in DecodeCounters. */
export type DecodeSkip =
  | 'truncated'
  | 'unsupported_link'
  | 'unsupported_ethertype'
  | 'not_tcp'
  | 'ip_fragment'
  | 'bad_ip_header'
  | 'bad_tcp_header'
  | 'bad_vxlan_header'
  | 'bad_geneve_header'
  | 'geneve_control'
  | 'geneve_unsupported_protocol'
  | 'bad_gre_header'
  | 'gre_unsupported'
  | 'bad_erspan_header'
  | 'fragment_buffered'
  | 'fragment_duplicate'
  | 'fragment_invalid'
  | 'fragment_limit'
  | 'encap_too_deep'
  | 'vlan_filtered'
  | 'vni_filtered'
  | 'geneve_vni_filtered'
  | 'vlan_too_deep'
  | 'port_filtered'
  | 'ip_ignored'
  | 'listener_filtered';
