import { BYTES_KEY, newDecodeCounters, type DecodeCounters } from './counters';
import {
  LINKTYPE_ETHERNET,
  LINKTYPE_LINUX_SLL,
  LINKTYPE_LINUX_SLL2,
  LINKTYPE_LOOP,
  LINKTYPE_NULL,
  LINKTYPE_RAW,
  LINKTYPE_RAW_BSD,
  LINKTYPE_RAW_OPENBSD,
  LINKTYPE_GENEVE_PAYLOAD,
  LINKTYPE_VXLAN_PAYLOAD,
  MAX_VLAN_DEPTH,
} from '../capture/linktypes';
import { DEFAULT_REASSEMBLY_BYTES, DEFAULT_REASSEMBLY_TIMEOUT_US, IpReassembler, type FragmentOutcome } from './ip-reassembly';
import { DecodedPacket, type DecodeSkip } from './packet';
import { AddressMatcher, ListenerFilterMatcher } from './packet-filter';
import type { ListenerFilter } from '../config/listener-filter';
import type { IgnoreMatch, IpNetwork } from '../config/types';

export interface DecoderOptions {
  /** UDP destination ports carrying VXLAN (default [4789]). */
  vxlanPorts?: number[];
  /** Accept only frames carrying one of these VIDs at any tag depth; empty = every frame. */
  vlanVids?: number[];
  /** VXLAN packets must carry one of these VNIs; empty = all. Plain packets are unaffected. */
  vniInclude?: number[];
  /** VXLAN packets with these VNIs are dropped. */
  vniExclude?: number[];
  /** UDP destination ports carrying GENEVE (default [6081]). */
  genevePorts?: number[];
  /** GENEVE packets must carry one of these VNIs; empty = all. */
  geneveVniInclude?: number[];
  /** VXLAN inside GENEVE (the gateway-load-balancer form) must carry one of these VNIs; empty = all. */
  innerVniInclude?: number[];
  /** tcp_stream.ignore_ips: packets whose addresses match are skipped (`ip_ignored`). */
  ignoreIps?: { networks: IpNetwork[]; match: IgnoreMatch } | null;
  /** Filters of the UDP listeners' decapsulated packets, by the listener's pseudo link type (`listener_filtered`). */
  vxlanListenerFilter?: ListenerFilter | null;
  geneveListenerFilter?: ListenerFilter | null;
  /** Outer IP fragments of tunnel packets held at most (bytes, all datagrams together). */
  reassemblyBytes?: number;
  /** A fragmented datagram not complete this long after its first fragment is given up (microseconds). */
  reassemblyTimeoutUs?: number;
  /** A segment passes when its source or destination port is listed; empty = every port. */
  serverPorts?: number[];
}

/** Tunnels nest legally (VXLAN in GENEVE, VXLAN in VXLAN); more than this many is treated as an attack. */
export const MAX_ENCAP_DEPTH = 4;
/** IPv6 extension headers walked before giving up on a packet. */
const MAX_IPV6_EXT_HEADERS = 16;

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const ETHERTYPE_VLAN = 0x8100;
const ETHERTYPE_QINQ = 0x88a8;
const ETHERTYPE_QINQ_OLD = 0x9100;

const IPPROTO_HOPOPTS = 0;
const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;
const IPPROTO_ROUTING = 43;
const IPPROTO_GRE = 47;
const IPPROTO_FRAGMENT = 44;
const IPPROTO_AH = 51;
const IPPROTO_DSTOPTS = 60;
const IPPROTO_MOBILITY = 135;

const VXLAN_FLAG_VNI = 0x08;

/** Protocol types of GENEVE and GRE payloads (EtherType values). */
const PROTO_TEB = 0x6558;
const PROTO_ERSPAN_1_2 = 0x88be;
const PROTO_ERSPAN_3 = 0x22eb;

const GRE_CHECKSUM = 0x80;
const GRE_ROUTING = 0x40;
const GRE_KEY = 0x20;
const GRE_SEQUENCE = 0x10;

function vniSet(vnis: number[] | undefined): Set<number> | null {
  return vnis && vnis.length > 0 ? new Set(vnis) : null;
}

function portSet(ports: number[] | undefined): Uint8Array | null {
  if (!ports || ports.length === 0) return null;
  const set = new Uint8Array(65536);
  for (const p of ports) set[p & 0xffff] = 1;
  return set;
}

/**
 * Turns captured frames into TCP segments (DecodedPacket), walking link, VLAN, IP and VXLAN
 * layers by offset. Never throws on input: every frame that yields nothing bumps exactly one
 * counter. The returned packet is reused; it is valid until the next decode() call.
 */
export class PacketDecoder {
  readonly counters: DecodeCounters = newDecodeCounters();
  private readonly packet = new DecodedPacket();
  private readonly vxlanPorts: Uint8Array;
  private readonly vlanVids: Uint8Array | null;
  private readonly vniInclude: Set<number> | null;
  private readonly vniExclude: Set<number> | null;
  private readonly serverPorts: Uint8Array | null;
  private readonly genevePorts: Uint8Array;
  private readonly geneveVniInclude: Set<number> | null;
  private readonly innerVniInclude: Set<number> | null;
  private readonly fragments: IpReassembler;
  private readonly ignoreIps: AddressMatcher | null;
  private readonly vxlanListenerFilter: ListenerFilterMatcher | null;
  private readonly geneveListenerFilter: ListenerFilterMatcher | null;
  private buf: Buffer = this.packet.data;
  private frameStart = 0;
  private lastSkip: DecodeSkip = 'truncated';
  /**
   * The frame rebuilt from reassembled IP fragments when the last decode() completed one (the link
   * prefix of the last fragment + the whole datagram), else null. Decoding it again gives the same
   * packet: the worker pool sends it to the worker instead of the last fragment.
   */
  reassembled: Buffer | null = null;

  constructor(options: DecoderOptions = {}) {
    this.vxlanPorts = portSet(options.vxlanPorts ?? [4789]) ?? new Uint8Array(65536);
    this.vlanVids = options.vlanVids && options.vlanVids.length > 0 ? new Uint8Array(4096) : null;
    for (const v of options.vlanVids ?? []) this.vlanVids![v & 0xfff] = 1;
    this.vniInclude = options.vniInclude && options.vniInclude.length > 0 ? new Set(options.vniInclude) : null;
    this.vniExclude = options.vniExclude && options.vniExclude.length > 0 ? new Set(options.vniExclude) : null;
    this.serverPorts = portSet(options.serverPorts);
    this.genevePorts = portSet(options.genevePorts ?? [6081]) ?? new Uint8Array(65536);
    this.geneveVniInclude = vniSet(options.geneveVniInclude);
    this.innerVniInclude = vniSet(options.innerVniInclude);
    this.ignoreIps = options.ignoreIps ? new AddressMatcher(options.ignoreIps.networks, options.ignoreIps.match) : null;
    this.vxlanListenerFilter = options.vxlanListenerFilter ? new ListenerFilterMatcher(options.vxlanListenerFilter) : null;
    this.geneveListenerFilter = options.geneveListenerFilter ? new ListenerFilterMatcher(options.geneveListenerFilter) : null;
    const c = this.counters;
    const tallies = {
      get reassembled() {
        return c.datagrams_reassembled;
      },
      set reassembled(v: number) {
        c.datagrams_reassembled = v;
      },
      get expired() {
        return c.datagrams_expired;
      },
      set expired(v: number) {
        c.datagrams_expired = v;
      },
      get evicted() {
        return c.datagrams_evicted;
      },
      set evicted(v: number) {
        c.datagrams_evicted = v;
      },
    };
    this.fragments = new IpReassembler(
      {
        maxBytes: options.reassemblyBytes ?? DEFAULT_REASSEMBLY_BYTES,
        timeoutUs: options.reassemblyTimeoutUs ?? DEFAULT_REASSEMBLY_TIMEOUT_US,
      },
      tallies,
    );
  }

  /** Fragment data held for reassembly now. */
  get reassemblyBytes(): number {
    return this.fragments.bytes;
  }

  decode(linkType: number, buf: Buffer, offset: number, length: number, ts: number): DecodedPacket | null {
    this.counters.frames++;
    const p = this.packet;
    p.data = buf;
    p.ts = ts;
    p.vlanCount = 0;
    p.vni = -1;
    p.geneveVni = -1;
    this.buf = buf;
    this.frameStart = offset;
    this.reassembled = null;
    const end = Math.min(offset + length, buf.length);
    if (offset < 0 || offset > end) return this.skip('truncated', length);
    if (!this.link(linkType, offset, end, 0)) {
      this.counters[BYTES_KEY[this.lastSkip]] += length;
      return null;
    }
    if (this.vlanVids !== null && !this.vlanAccepted()) return this.skip('vlan_filtered', length);
    if (p.geneveVni >= 0) {
      if (this.geneveVniInclude !== null && !this.geneveVniInclude.has(p.geneveVni))
        return this.skip('geneve_vni_filtered', length);
      if (p.vni >= 0 && this.innerVniInclude !== null && !this.innerVniInclude.has(p.vni))
        return this.skip('vni_filtered', length);
    } else if (p.vni >= 0) {
      if (this.vniInclude !== null && !this.vniInclude.has(p.vni)) return this.skip('vni_filtered', length);
      if (this.vniExclude !== null && this.vniExclude.has(p.vni)) return this.skip('vni_filtered', length);
    }
    const ports = this.serverPorts;
    if (ports !== null && ports[p.srcPort] === 0 && ports[p.dstPort] === 0) return this.skip('port_filtered', length);
    if (this.ignoreIps !== null && this.ignoreIps.matches(p)) return this.skip('ip_ignored', length);
    const listenerFilter =
      linkType === LINKTYPE_VXLAN_PAYLOAD
        ? this.vxlanListenerFilter
        : linkType === LINKTYPE_GENEVE_PAYLOAD
          ? this.geneveListenerFilter
          : null;
    if (listenerFilter !== null && !listenerFilter.matches(p)) return this.skip('listener_filtered', length);
    this.counters.segments++;
    return p;
  }

  private skip(reason: DecodeSkip, length: number): null {
    this.counters[reason]++;
    this.counters[BYTES_KEY[reason]] += length;
    return null;
  }

  /** The failing layer has already counted the reason when these return false. */
  private fail(reason: DecodeSkip): false {
    this.counters[reason]++;
    this.lastSkip = reason;
    return false;
  }

  private vlanAccepted(): boolean {
    const p = this.packet;
    for (let i = 0; i < p.vlanCount; i++) if (this.vlanVids![p.vlan[i]] === 1) return true;
    return false;
  }

  private link(linkType: number, off: number, end: number, depth: number): boolean {
    const b = this.buf;
    switch (linkType) {
      case LINKTYPE_ETHERNET:
        if (end - off < 14) return this.fail('truncated');
        return this.ethertype((b[off + 12] << 8) | b[off + 13], off + 14, end, depth);
      case LINKTYPE_LINUX_SLL:
        // 16-byte header; the protocol field is an EtherType for IP (and for VLAN-tagged frames).
        if (end - off < 16) return this.fail('truncated');
        return this.ethertype((b[off + 14] << 8) | b[off + 15], off + 16, end, depth);
      case LINKTYPE_LINUX_SLL2:
        if (end - off < 20) return this.fail('truncated');
        return this.ethertype((b[off] << 8) | b[off + 1], off + 20, end, depth);
      case LINKTYPE_RAW:
      case LINKTYPE_RAW_BSD:
      case LINKTYPE_RAW_OPENBSD:
        return this.rawIp(off, end, depth);
      case LINKTYPE_NULL:
      case LINKTYPE_LOOP:
        return this.loopback(linkType, off, end, depth);
      case LINKTYPE_VXLAN_PAYLOAD:
        return this.vxlan(off, end, depth);
      case LINKTYPE_GENEVE_PAYLOAD:
        return this.geneve(off, end, depth);
      default:
        return this.fail('unsupported_link');
    }
  }

  private rawIp(off: number, end: number, depth: number): boolean {
    if (end - off < 1) return this.fail('truncated');
    const version = this.buf[off] >> 4;
    if (version === 4) return this.ipv4(off, end, depth);
    if (version === 6) return this.ipv6(off, end, depth);
    return this.fail('bad_ip_header');
  }

  /** BSD loopback: a 4-byte address family, host order for NULL, network order for LOOP. */
  private loopback(linkType: number, off: number, end: number, depth: number): boolean {
    if (end - off < 4) return this.fail('truncated');
    const b = this.buf;
    let family = linkType === LINKTYPE_LOOP ? b.readUInt32BE(off) : b.readUInt32LE(off);
    // A capture written on a big-endian host: the family lands in the high bytes.
    if (family > 0xffff) family = b.readUInt32BE(off);
    if (family === 2) return this.ipv4(off + 4, end, depth);
    // AF_INET6 differs between systems: Linux 10, NetBSD/OpenBSD 24, FreeBSD 28, Darwin 30.
    if (family === 10 || family === 24 || family === 28 || family === 30) return this.ipv6(off + 4, end, depth);
    return this.fail('unsupported_ethertype');
  }

  private ethertype(type: number, off: number, end: number, depth: number): boolean {
    const b = this.buf;
    const p = this.packet;
    while (type === ETHERTYPE_VLAN || type === ETHERTYPE_QINQ || type === ETHERTYPE_QINQ_OLD) {
      if (end - off < 4) return this.fail('truncated');
      if (p.vlanCount >= MAX_VLAN_DEPTH) return this.fail('vlan_too_deep');
      p.vlan[p.vlanCount++] = ((b[off] << 8) | b[off + 1]) & 0x0fff;
      type = (b[off + 2] << 8) | b[off + 3];
      off += 4;
    }
    if (type === ETHERTYPE_IPV4) return this.ipv4(off, end, depth);
    if (type === ETHERTYPE_IPV6) return this.ipv6(off, end, depth);
    return this.fail('unsupported_ethertype');
  }

  private ipv4(off: number, end: number, depth: number): boolean {
    const b = this.buf;
    if (end - off < 20) return this.fail('truncated');
    if (b[off] >> 4 !== 4) return this.fail('bad_ip_header');
    const headerLen = (b[off] & 0x0f) * 4;
    let totalLen = (b[off + 2] << 8) | b[off + 3];
    // Captured on the sending host with segmentation offload, the length field is 0.
    if (totalLen === 0) totalLen = end - off;
    if (headerLen < 20 || totalLen < headerLen) return this.fail('bad_ip_header');
    // Longer than what was captured: snapped by snaplen or cut short.
    if (totalLen > end - off) return this.fail('truncated');
    // MF flag or a non-zero fragment offset.
    if (((b[off + 6] & 0x3f) | b[off + 7]) !== 0) {
      if (depth > 0 || !isTunnelCarrier(b[off + 9])) return this.fail('ip_fragment');
      return this.reassembledV4(
        this.fragments.addV4(b, this.frameStart, off, headerLen, totalLen, this.packet.ts),
        off - this.frameStart,
        depth,
      );
    }
    const p = this.packet;
    p.ipVersion = 4;
    const src = p.src;
    const dst = p.dst;
    src[0] = b[off + 12];
    src[1] = b[off + 13];
    src[2] = b[off + 14];
    src[3] = b[off + 15];
    dst[0] = b[off + 16];
    dst[1] = b[off + 17];
    dst[2] = b[off + 18];
    dst[3] = b[off + 19];
    // Ethernet padding after the datagram is cut off here.
    return this.transport(b[off + 9], off + headerLen, off + totalLen, depth);
  }

  private ipv6(off: number, end: number, depth: number): boolean {
    const b = this.buf;
    if (end - off < 40) return this.fail('truncated');
    if (b[off] >> 4 !== 6) return this.fail('bad_ip_header');
    const payloadLen = (b[off + 4] << 8) | b[off + 5];
    // 0 = jumbogram or offloaded segment: the captured bytes are all there is.
    const ipEnd = payloadLen === 0 ? end : off + 40 + payloadLen;
    if (ipEnd > end) return this.fail('truncated');
    const p = this.packet;
    p.ipVersion = 6;
    b.copy(p.src, 0, off + 8, off + 24);
    b.copy(p.dst, 0, off + 24, off + 40);
    let next = b[off + 6];
    // Where `next` was read from: reassembly rewrites that byte.
    let nextAt = off + 6;
    let pos = off + 40;
    for (let i = 0; i < MAX_IPV6_EXT_HEADERS; i++) {
      switch (next) {
        case IPPROTO_HOPOPTS:
        case IPPROTO_ROUTING:
        case IPPROTO_DSTOPTS:
        case IPPROTO_MOBILITY: {
          if (ipEnd - pos < 8) return this.fail('truncated');
          const len = (b[pos + 1] + 1) * 8;
          if (ipEnd - pos < len) return this.fail('truncated');
          next = b[pos];
          nextAt = pos;
          pos += len;
          break;
        }
        case IPPROTO_AH: {
          if (ipEnd - pos < 8) return this.fail('truncated');
          const len = (b[pos + 1] + 2) * 4;
          if (ipEnd - pos < len) return this.fail('truncated');
          next = b[pos];
          nextAt = pos;
          pos += len;
          break;
        }
        case IPPROTO_FRAGMENT: {
          if (ipEnd - pos < 8) return this.fail('truncated');
          // An atomic fragment (offset 0, no more fragments; RFC 6946) is a whole datagram.
          if ((((b[pos + 2] << 8) | b[pos + 3]) & 0xfff9) !== 0) {
            if (depth > 0 || !isTunnelCarrier(b[pos])) return this.fail('ip_fragment');
            const outcome = this.fragments.addV6(b, this.frameStart, off, pos, nextAt, ipEnd, this.packet.ts);
            return this.reassembledV6(outcome, off - this.frameStart, depth);
          }
          next = b[pos];
          nextAt = pos;
          pos += 8;
          break;
        }
        default:
          return this.transport(next, pos, ipEnd, depth);
      }
    }
    return this.fail('bad_ip_header');
  }

  /** A completed datagram is walked from its IP header in the rebuilt frame; otherwise the fragment's fate is counted. */
  private reassembledV4(outcome: FragmentOutcome, prefix: number, depth: number): boolean {
    if (typeof outcome === 'string') return this.fragmentFate(outcome);
    this.useReassembled(outcome);
    return this.ipv4(prefix, outcome.length, depth);
  }

  private reassembledV6(outcome: FragmentOutcome, prefix: number, depth: number): boolean {
    if (typeof outcome === 'string') return this.fragmentFate(outcome);
    this.useReassembled(outcome);
    return this.ipv6(prefix, outcome.length, depth);
  }

  private useReassembled(frame: Buffer): void {
    this.buf = frame;
    this.packet.data = frame;
    this.reassembled = frame;
    this.frameStart = 0;
  }

  private fragmentFate(outcome: Exclude<FragmentOutcome, Buffer>): false {
    if (outcome === 'buffered') return this.fail('fragment_buffered');
    if (outcome === 'duplicate') return this.fail('fragment_duplicate');
    if (outcome === 'limit') return this.fail('fragment_limit');
    return this.fail('fragment_invalid');
  }

  private transport(proto: number, off: number, end: number, depth: number): boolean {
    if (proto === IPPROTO_TCP) return this.tcp(off, end);
    if (proto === IPPROTO_UDP) return this.udp(off, end, depth);
    if (proto === IPPROTO_GRE) return this.gre(off, end, depth);
    return this.fail('not_tcp');
  }

  private tcp(off: number, end: number): boolean {
    const b = this.buf;
    if (end - off < 20) return this.fail('truncated');
    const dataOffset = (b[off + 12] >> 4) * 4;
    if (dataOffset < 20 || dataOffset > end - off) return this.fail('bad_tcp_header');
    const p = this.packet;
    p.srcPort = (b[off] << 8) | b[off + 1];
    p.dstPort = (b[off + 2] << 8) | b[off + 3];
    p.seq = ((b[off + 4] << 24) | (b[off + 5] << 16) | (b[off + 6] << 8) | b[off + 7]) >>> 0;
    p.ack = ((b[off + 8] << 24) | (b[off + 9] << 16) | (b[off + 10] << 8) | b[off + 11]) >>> 0;
    p.flags = b[off + 13];
    p.window = (b[off + 14] << 8) | b[off + 15];
    p.payloadOffset = off + dataOffset;
    p.payloadLength = end - off - dataOffset;
    return true;
  }

  private udp(off: number, end: number, depth: number): boolean {
    const b = this.buf;
    if (end - off < 8) return this.fail('truncated');
    const dstPort = (b[off + 2] << 8) | b[off + 3];
    const vxlan = this.vxlanPorts[dstPort] === 1;
    if (!vxlan && this.genevePorts[dstPort] === 0) return this.fail('not_tcp');
    const udpLen = (b[off + 4] << 8) | b[off + 5];
    if (udpLen < 8) return this.fail('bad_ip_header');
    if (udpLen > end - off) return this.fail('truncated');
    return vxlan ? this.vxlan(off + 8, off + udpLen, depth) : this.geneve(off + 8, off + udpLen, depth);
  }

  private vxlan(off: number, end: number, depth: number): boolean {
    const b = this.buf;
    if (depth >= MAX_ENCAP_DEPTH) return this.fail('encap_too_deep');
    if (end - off < 8) return this.fail('truncated');
    if ((b[off] & VXLAN_FLAG_VNI) === 0) return this.fail('bad_vxlan_header');
    this.counters.tunnel_vxlan++;
    this.packet.vni = (b[off + 4] << 16) | (b[off + 5] << 8) | b[off + 6];
    return this.link(LINKTYPE_ETHERNET, off + 8, end, depth + 1);
  }

  /** RFC 8926 3.4: version 0, options skipped by their length, the payload by its protocol type. */
  private geneve(off: number, end: number, depth: number): boolean {
    const b = this.buf;
    if (depth >= MAX_ENCAP_DEPTH) return this.fail('encap_too_deep');
    if (end - off < 8) return this.fail('truncated');
    if (b[off] >> 6 !== 0) return this.fail('bad_geneve_header');
    const inner = off + 8 + (b[off] & 0x3f) * 4;
    if (inner > end) return this.fail('truncated');
    // O bit: a control message between tunnel endpoints, not mirrored traffic.
    if ((b[off + 1] & 0x80) !== 0) return this.fail('geneve_control');
    this.counters.tunnel_geneve++;
    this.packet.geneveVni = (b[off + 4] << 16) | (b[off + 5] << 8) | b[off + 6];
    const proto = (b[off + 2] << 8) | b[off + 3];
    if (proto === PROTO_TEB) return this.link(LINKTYPE_ETHERNET, inner, end, depth + 1);
    if (proto === ETHERTYPE_IPV4) return this.ipv4(inner, end, depth + 1);
    if (proto === ETHERTYPE_IPV6) return this.ipv6(inner, end, depth + 1);
    return this.fail('geneve_unsupported_protocol');
  }

  /**
   * GRE (RFC 2784 with RFC 2890's key and sequence number): the optional checksum, key and sequence
   * fields are skipped by the flag bits. Version 1 (PPTP) and RFC 1701 routing are not mirrors.
   */
  private gre(off: number, end: number, depth: number): boolean {
    const b = this.buf;
    if (depth >= MAX_ENCAP_DEPTH) return this.fail('encap_too_deep');
    if (end - off < 4) return this.fail('truncated');
    const flags = b[off];
    if ((b[off + 1] & 0x07) !== 0) return this.fail('gre_unsupported');
    if ((flags & GRE_ROUTING) !== 0) return this.fail('bad_gre_header');
    const inner =
      off +
      4 +
      ((flags & GRE_CHECKSUM) !== 0 ? 4 : 0) +
      ((flags & GRE_KEY) !== 0 ? 4 : 0) +
      ((flags & GRE_SEQUENCE) !== 0 ? 4 : 0);
    if (inner > end) return this.fail('truncated');
    this.counters.tunnel_gre++;
    const proto = (b[off + 2] << 8) | b[off + 3];
    switch (proto) {
      case PROTO_TEB:
        return this.link(LINKTYPE_ETHERNET, inner, end, depth + 1);
      case ETHERTYPE_IPV4:
        return this.ipv4(inner, end, depth + 1);
      case ETHERTYPE_IPV6:
        return this.ipv6(inner, end, depth + 1);
      case PROTO_ERSPAN_1_2:
        // Type I has no sequence number and no ERSPAN header: the mirrored frame follows GRE.
        return (flags & GRE_SEQUENCE) === 0 ? this.erspan1(inner, end, depth) : this.erspan2(inner, end, depth);
      case PROTO_ERSPAN_3:
        return this.erspan3(inner, end, depth);
      default:
        return this.fail('gre_unsupported');
    }
  }

  private erspan1(off: number, end: number, depth: number): boolean {
    this.counters.tunnel_erspan++;
    return this.link(LINKTYPE_ETHERNET, off, end, depth + 1);
  }

  /** ERSPAN type II: an 8-byte header, version 1, then the mirrored Ethernet frame. */
  private erspan2(off: number, end: number, depth: number): boolean {
    if (end - off < 8) return this.fail('truncated');
    if (this.buf[off] >> 4 !== 1) return this.fail('bad_erspan_header');
    this.counters.tunnel_erspan++;
    return this.link(LINKTYPE_ETHERNET, off + 8, end, depth + 1);
  }

  /**
   * ERSPAN type III: a 12-byte header, version 2, plus the 8-byte platform-specific sub-header when
   * its O bit is set; the frame type says Ethernet (0) or IP (2).
   */
  private erspan3(off: number, end: number, depth: number): boolean {
    const b = this.buf;
    if (end - off < 12) return this.fail('truncated');
    if (b[off] >> 4 !== 2) return this.fail('bad_erspan_header');
    const inner = off + 12 + ((b[off + 11] & 0x01) !== 0 ? 8 : 0);
    if (inner > end) return this.fail('truncated');
    const frameType = (b[off + 10] >> 2) & 0x1f;
    this.counters.tunnel_erspan++;
    if (frameType === 0) return this.link(LINKTYPE_ETHERNET, inner, end, depth + 1);
    if (frameType === 2) return this.rawIp(inner, end, depth + 1);
    return this.fail('bad_erspan_header');
  }
}

/** Outer fragments are reassembled only for the protocols that carry tunnels (UDP: VXLAN, GENEVE; GRE). */
function isTunnelCarrier(proto: number): boolean {
  return proto === IPPROTO_UDP || proto === IPPROTO_GRE;
}
