/**
 * Byte-exact builders for the frames the node must decode: link headers (Ethernet with any VLAN
 * stack, Linux cooked SLL/SLL2, BSD loopback), IPv4/IPv6 (options, extension headers, fragments),
 * TCP/UDP with correct checksums, and the tunnels mirrors use: VXLAN, GENEVE (also VXLAN inside
 * GENEVE, as a gateway load balancer sends it), GRE and ERSPAN I/II/III, over IPv4 or IPv6, with
 * outer VLAN tags and outer IP fragmentation.
 */
import { isIPv4 } from 'node:net';

export const ETH_IPV4 = 0x0800;
export const ETH_IPV6 = 0x86dd;
export const TPID_8021Q = 0x8100;
export const TPID_8021AD = 0x88a8;
export const TPID_QINQ_OLD = 0x9100;
export const PROTO_TCP = 6;
export const PROTO_UDP = 17;
export const PROTO_GRE = 47;
export const PROTO_TEB = 0x6558;

export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;

export interface IpAddress {
  version: 4 | 6;
  bytes: Buffer;
}

export function parseIp(text: string): IpAddress {
  if (isIPv4(text)) return { version: 4, bytes: Buffer.from(text.split('.').map(Number)) };
  const bytes = Buffer.alloc(16);
  let head = text;
  let tail = '';
  const dbl = text.indexOf('::');
  if (dbl >= 0) {
    head = text.slice(0, dbl);
    tail = text.slice(dbl + 2);
  }
  const groups = (part: string): number[] => {
    if (part === '') return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      if (g.includes('.')) {
        const q = g.split('.').map(Number);
        out.push((q[0] << 8) | q[1], (q[2] << 8) | q[3]);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) throw new Error(`not an IP address: ${text}`);
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  const h = groups(head);
  const t = groups(tail);
  if (h.length + t.length > 8 || (dbl < 0 && h.length !== 8)) throw new Error(`not an IP address: ${text}`);
  h.forEach((g, i) => bytes.writeUInt16BE(g, i * 2));
  t.forEach((g, i) => bytes.writeUInt16BE(g, (8 - t.length + i) * 2));
  return { version: 6, bytes };
}

/** RFC 1071 ones' complement sum, folded. */
function onesSum(bufs: Buffer[]): number {
  let sum = 0;
  for (const b of bufs) {
    let i = 0;
    for (; i + 1 < b.length; i += 2) sum += (b[i] << 8) | b[i + 1];
    if (i < b.length) sum += b[i] << 8;
  }
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

function checksum(bufs: Buffer[]): number {
  return ~onesSum(bufs) & 0xffff;
}

function pseudoHeader(src: IpAddress, dst: IpAddress, proto: number, length: number): Buffer {
  if (src.version === 4) {
    const ph = Buffer.alloc(12);
    src.bytes.copy(ph, 0);
    dst.bytes.copy(ph, 4);
    ph[9] = proto;
    ph.writeUInt16BE(length, 10);
    return ph;
  }
  const ph = Buffer.alloc(40);
  src.bytes.copy(ph, 0);
  dst.bytes.copy(ph, 16);
  ph.writeUInt32BE(length, 32);
  ph[39] = proto;
  return ph;
}

export interface TcpSegmentSpec {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
  window?: number;
  /** Raw option bytes; padded to a multiple of 4 with NOPs/EOL. */
  options?: Buffer;
  payload?: Buffer;
}

/** A TCP header + payload with the checksum computed over the pseudo-header of src/dst. */
export function tcpSegment(spec: TcpSegmentSpec, src: IpAddress, dst: IpAddress): Buffer {
  const opts = spec.options ?? Buffer.alloc(0);
  const optLen = Math.ceil(opts.length / 4) * 4;
  const payload = spec.payload ?? Buffer.alloc(0);
  const seg = Buffer.alloc(20 + optLen + payload.length);
  seg.writeUInt16BE(spec.srcPort, 0);
  seg.writeUInt16BE(spec.dstPort, 2);
  seg.writeUInt32BE(spec.seq >>> 0, 4);
  seg.writeUInt32BE(spec.ack >>> 0, 8);
  seg[12] = ((20 + optLen) / 4) << 4;
  seg[13] = spec.flags;
  seg.writeUInt16BE(spec.window ?? 65535, 14);
  opts.copy(seg, 20);
  payload.copy(seg, 20 + optLen);
  seg.writeUInt16BE(checksum([pseudoHeader(src, dst, PROTO_TCP, seg.length), seg]), 16);
  return seg;
}

/** TCP options: MSS, SACK-permitted, timestamps, window scale (the usual SYN set). */
export function tcpSynOptions(mss: number, tsVal = 1): Buffer {
  const b = Buffer.alloc(20);
  b[0] = 2;
  b[1] = 4;
  b.writeUInt16BE(mss, 2);
  b[4] = 4; // SACK permitted
  b[5] = 2;
  b[6] = 8; // timestamps
  b[7] = 10;
  b.writeUInt32BE(tsVal, 8);
  b[16] = 1; // NOP
  b[17] = 3; // window scale
  b[18] = 3;
  b[19] = 7;
  return b;
}

export function tcpTimestampOption(tsVal: number, tsEcr: number): Buffer {
  const b = Buffer.alloc(12);
  b[0] = 1;
  b[1] = 1;
  b[2] = 8;
  b[3] = 10;
  b.writeUInt32BE(tsVal >>> 0, 4);
  b.writeUInt32BE(tsEcr >>> 0, 8);
  return b;
}

export function udpDatagram(srcPort: number, dstPort: number, payload: Buffer, src: IpAddress, dst: IpAddress): Buffer {
  const d = Buffer.alloc(8 + payload.length);
  d.writeUInt16BE(srcPort, 0);
  d.writeUInt16BE(dstPort, 2);
  d.writeUInt16BE(d.length, 4);
  payload.copy(d, 8);
  const sum = checksum([pseudoHeader(src, dst, PROTO_UDP, d.length), d]);
  d.writeUInt16BE(sum === 0 ? 0xffff : sum, 6);
  return d;
}

export interface Ipv4Spec {
  src: IpAddress;
  dst: IpAddress;
  protocol: number;
  payload: Buffer;
  id?: number;
  ttl?: number;
  /** Raw option bytes, padded to a multiple of 4. */
  options?: Buffer;
  /** Fragment offset in bytes (multiple of 8) and the More Fragments flag. */
  fragmentOffset?: number;
  moreFragments?: boolean;
  dontFragment?: boolean;
  /** Overrides the total-length field (to build malformed packets). */
  totalLength?: number;
}

export function ipv4Packet(spec: Ipv4Spec): Buffer {
  const opts = spec.options ?? Buffer.alloc(0);
  const hl = 20 + Math.ceil(opts.length / 4) * 4;
  const p = Buffer.alloc(hl + spec.payload.length);
  p[0] = 0x40 | (hl / 4);
  p.writeUInt16BE(spec.totalLength ?? p.length, 2);
  p.writeUInt16BE((spec.id ?? 0) & 0xffff, 4);
  const frag = ((spec.fragmentOffset ?? 0) / 8) | (spec.moreFragments ? 0x2000 : 0) | (spec.dontFragment ? 0x4000 : 0);
  p.writeUInt16BE(frag, 6);
  p[8] = spec.ttl ?? 64;
  p[9] = spec.protocol;
  spec.src.bytes.copy(p, 12);
  spec.dst.bytes.copy(p, 16);
  opts.copy(p, 20);
  p.writeUInt16BE(checksum([p.subarray(0, hl)]), 10);
  spec.payload.copy(p, hl);
  return p;
}

/**
 * Splits an IPv4 packet built by ipv4Packet into fragments carrying `bytesPerFragment` payload
 * bytes each (rounded down to a multiple of 8); header fields are kept, offsets and MF set.
 */
export function fragmentIpv4(packet: Buffer, bytesPerFragment: number): Buffer[] {
  const hl = (packet[0] & 0x0f) * 4;
  const payload = packet.subarray(hl);
  const step = Math.max(8, bytesPerFragment & ~7);
  const src: IpAddress = { version: 4, bytes: Buffer.from(packet.subarray(12, 16)) };
  const dst: IpAddress = { version: 4, bytes: Buffer.from(packet.subarray(16, 20)) };
  const out: Buffer[] = [];
  for (let off = 0; off < payload.length; off += step) {
    out.push(
      ipv4Packet({
        src,
        dst,
        protocol: packet[9],
        payload: payload.subarray(off, off + step),
        id: packet.readUInt16BE(4),
        ttl: packet[8],
        options: packet.subarray(20, hl),
        fragmentOffset: off,
        moreFragments: off + step < payload.length,
      }),
    );
  }
  return out;
}

/** IPv6 fragments (Fragment extension header) of a transport payload, like fragmentIpv4. */
export function fragmentIpv6(spec: Ipv6Spec, bytesPerFragment: number, id = 1): Buffer[] {
  const step = Math.max(8, bytesPerFragment & ~7);
  const out: Buffer[] = [];
  for (let off = 0; off < spec.payload.length; off += step) {
    const fragment: Ipv6Extension = { type: 'fragment', offset: off, more: off + step < spec.payload.length, id };
    out.push(
      ipv6Packet({
        ...spec,
        payload: spec.payload.subarray(off, off + step),
        extensions: [...(spec.extensions ?? []), fragment],
      }),
    );
  }
  return out;
}

export type Ipv6Extension =
  | { type: 'hop' | 'dst' | 'routing'; length?: number }
  | { type: 'fragment'; offset: number; more: boolean; id?: number }
  | { type: 'ah'; icvLength?: number };

const EXT_NUMBER = { hop: 0, routing: 43, fragment: 44, ah: 51, dst: 60 } as const;

export interface Ipv6Spec {
  src: IpAddress;
  dst: IpAddress;
  nextHeader: number;
  payload: Buffer;
  extensions?: Ipv6Extension[];
  hopLimit?: number;
}

export function ipv6Packet(spec: Ipv6Spec): Buffer {
  const exts = spec.extensions ?? [];
  const parts: Buffer[] = [];
  exts.forEach((ext, i) => {
    const next = i + 1 < exts.length ? EXT_NUMBER[exts[i + 1].type] : spec.nextHeader;
    let h: Buffer;
    if (ext.type === 'fragment') {
      h = Buffer.alloc(8);
      h.writeUInt16BE((ext.offset & 0xfff8) | (ext.more ? 1 : 0), 2);
      h.writeUInt32BE(ext.id ?? 1, 4);
    } else if (ext.type === 'ah') {
      const len = 12 + (ext.icvLength ?? 12);
      h = Buffer.alloc(len);
      h[1] = len / 4 - 2;
    } else {
      const len = ext.length ?? 8;
      h = Buffer.alloc(len);
      h[1] = len / 8 - 1;
      if (ext.type === 'hop' || ext.type === 'dst') {
        h[2] = 1; // PadN option covering the rest
        h[3] = len - 4;
      } else {
        h[2] = 0; // routing type 0 with no segments left
      }
    }
    h[0] = next;
    parts.push(h);
  });
  const extBytes = Buffer.concat(parts);
  const p = Buffer.alloc(40 + extBytes.length + spec.payload.length);
  p.writeUInt32BE(0x60000000, 0);
  p.writeUInt16BE(extBytes.length + spec.payload.length, 4);
  p[6] = exts.length > 0 ? EXT_NUMBER[exts[0].type] : spec.nextHeader;
  p[7] = spec.hopLimit ?? 64;
  spec.src.bytes.copy(p, 8);
  spec.dst.bytes.copy(p, 24);
  extBytes.copy(p, 40);
  spec.payload.copy(p, 40 + extBytes.length);
  return p;
}

/** IPv4 or IPv6 packet carrying a transport payload built for these addresses. */
export function ipPacket(src: IpAddress, dst: IpAddress, protocol: number, payload: Buffer, id = 0): Buffer {
  if (src.version === 4) return ipv4Packet({ src, dst, protocol, payload, id, dontFragment: true });
  return ipv6Packet({ src, dst, nextHeader: protocol, payload });
}

export interface VlanTag {
  vid: number;
  /** 0x8100 (802.1Q, default), 0x88a8 (802.1ad outer), 0x9100 (old QinQ). */
  tpid?: number;
  pcp?: number;
}

export interface EthernetSpec {
  etherType: number;
  payload: Buffer;
  /** Tags outermost first. */
  vlan?: VlanTag[];
  dstMac?: Buffer;
  srcMac?: Buffer;
  /** Pad the frame to the 60-byte Ethernet minimum, as a NIC would. */
  pad?: boolean;
}

const DEFAULT_DST_MAC = Buffer.from([0x02, 0, 0, 0, 0, 0x02]);
const DEFAULT_SRC_MAC = Buffer.from([0x02, 0, 0, 0, 0, 0x01]);

export function ethernetFrame(spec: EthernetSpec): Buffer {
  const tags = spec.vlan ?? [];
  const hl = 14 + 4 * tags.length;
  const len = Math.max(hl + spec.payload.length, spec.pad ? 60 : 0);
  const f = Buffer.alloc(len);
  (spec.dstMac ?? DEFAULT_DST_MAC).copy(f, 0);
  (spec.srcMac ?? DEFAULT_SRC_MAC).copy(f, 6);
  let off = 12;
  for (const t of tags) {
    f.writeUInt16BE(t.tpid ?? TPID_8021Q, off);
    f.writeUInt16BE((((t.pcp ?? 0) & 7) << 13) | (t.vid & 0xfff), off + 2);
    off += 4;
  }
  f.writeUInt16BE(spec.etherType, off);
  spec.payload.copy(f, hl);
  return f;
}

/** Linux cooked capture v1 (LINKTYPE_LINUX_SLL): 16-byte header, EtherType last. */
export function sllFrame(etherType: number, payload: Buffer, packetType = 0): Buffer {
  const f = Buffer.alloc(16 + payload.length);
  f.writeUInt16BE(packetType, 0);
  f.writeUInt16BE(1, 2); // ARPHRD_ETHER
  f.writeUInt16BE(6, 4);
  DEFAULT_SRC_MAC.copy(f, 6);
  f.writeUInt16BE(etherType, 14);
  payload.copy(f, 16);
  return f;
}

/** Linux cooked capture v2 (LINKTYPE_LINUX_SLL2): 20-byte header, EtherType first. */
export function sll2Frame(etherType: number, payload: Buffer, ifIndex = 2): Buffer {
  const f = Buffer.alloc(20 + payload.length);
  f.writeUInt16BE(etherType, 0);
  f.writeUInt32BE(ifIndex, 4);
  f.writeUInt16BE(1, 8); // ARPHRD_ETHER
  f[10] = 0; // PACKET_HOST
  f[11] = 6;
  DEFAULT_SRC_MAC.copy(f, 12);
  payload.copy(f, 20);
  return f;
}

/** BSD loopback (LINKTYPE_NULL): address family in the writer's byte order (little-endian here). */
export function nullFrame(version: 4 | 6, payload: Buffer): Buffer {
  const f = Buffer.alloc(4 + payload.length);
  f.writeUInt32LE(version === 4 ? 2 : 30, 0);
  payload.copy(f, 4);
  return f;
}

export function vxlanHeader(vni: number): Buffer {
  const h = Buffer.alloc(8);
  h[0] = 0x08;
  h.writeUIntBE(vni & 0xffffff, 4, 3);
  return h;
}

export interface VxlanSpec {
  vni: number;
  /** UDP destination port (default 4789). */
  port?: number;
  outerSrc?: string;
  outerDst?: string;
  /** Varies per flow in real tunnels (entropy); fixed here unless given. */
  srcPort?: number;
  /** Tags on the outer Ethernet frame. */
  outerVlan?: VlanTag[];
}

/** Wraps an inner Ethernet frame into outer Ethernet/IPv4 (or IPv6)/UDP/VXLAN. */
export function vxlanFrame(inner: Buffer, spec: VxlanSpec): Buffer {
  const src = parseIp(spec.outerSrc ?? '192.0.2.1');
  const dst = parseIp(spec.outerDst ?? '192.0.2.2');
  const udp = udpDatagram(spec.srcPort ?? 49152, spec.port ?? 4789, Buffer.concat([vxlanHeader(spec.vni), inner]), src, dst);
  return ethernetFrame({
    etherType: src.version === 4 ? ETH_IPV4 : ETH_IPV6,
    payload: ipPacket(src, dst, PROTO_UDP, udp),
    vlan: spec.outerVlan,
  });
}

/** RFC 8926 GENEVE header with `optionBytes` of (vendor, class 0xffff) options before the payload. */
export function geneveHeader(vni: number, protocol: number, optionBytes = 0, control = false): Buffer {
  if (optionBytes % 4 !== 0 || optionBytes > 252) throw new Error('GENEVE options are 0..252 bytes, a multiple of 4');
  const h = Buffer.alloc(8 + optionBytes);
  h[0] = optionBytes / 4;
  h[1] = control ? 0x80 : 0;
  h.writeUInt16BE(protocol, 2);
  h.writeUIntBE(vni & 0xffffff, 4, 3);
  // Options as a GWLB writes them: class, type, length in 4-byte words after the 4-byte option header.
  for (let off = 8; off < h.length;) {
    const dataWords = Math.min(31, (h.length - off - 4) / 4);
    h.writeUInt16BE(0x0108, off);
    h[off + 2] = off;
    h[off + 3] = dataWords;
    for (let i = 0; i < dataWords * 4; i++) h[off + 4 + i] = 0xa0 + i;
    off += 4 + dataWords * 4;
  }
  return h;
}

export interface GreSpec {
  protocol: number;
  checksum?: boolean;
  key?: number;
  sequence?: number;
}

/** RFC 2784/2890 GRE header (checksum over header and payload when asked). */
export function greHeader(spec: GreSpec, payload: Buffer): Buffer {
  const len = 4 + (spec.checksum ? 4 : 0) + (spec.key !== undefined ? 4 : 0) + (spec.sequence !== undefined ? 4 : 0);
  const h = Buffer.alloc(len);
  h[0] = (spec.checksum ? 0x80 : 0) | (spec.key !== undefined ? 0x20 : 0) | (spec.sequence !== undefined ? 0x10 : 0);
  h.writeUInt16BE(spec.protocol, 2);
  let off = spec.checksum ? 8 : 4;
  if (spec.key !== undefined) {
    h.writeUInt32BE(spec.key >>> 0, off);
    off += 4;
  }
  if (spec.sequence !== undefined) h.writeUInt32BE(spec.sequence >>> 0, off);
  if (spec.checksum) h.writeUInt16BE(checksum([h, payload]), 4);
  return h;
}

/** ERSPAN type II header (version 1): VLAN, session id, index. */
export function erspan2Header(session: number, vlan = 0): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(0x1000 | (vlan & 0xfff), 0);
  h.writeUInt16BE(session & 0x3ff, 2);
  h.writeUInt32BE(0x00000abc, 4);
  return h;
}

/** ERSPAN type III header (version 2), with the 8-byte platform-specific sub-header when `platform`. */
export function erspan3Header(session: number, frameType: 0 | 2, platform: boolean): Buffer {
  const h = Buffer.alloc(platform ? 20 : 12);
  h.writeUInt16BE(0x2000, 0);
  h.writeUInt16BE(session & 0x3ff, 2);
  h.writeUInt32BE(0x12345678, 4); // timestamp
  h.writeUInt16BE(0x0010, 8); // SGT
  h[10] = (frameType << 2) | 0x01; // P = 0, FT, Hw ID high bits
  h[11] = 0x50 | (platform ? 1 : 0); // Hw ID low bits, D = 0, Gra = 0, O
  if (platform) {
    h[12] = 0x0c; // platform id 3
    h.writeUInt32BE(0xdeadbeef, 16);
  }
  return h;
}

/** Where and how a tunnel packet travels: outer addresses, outer VLAN tags, the path MTU. */
export interface OuterSpec {
  outerSrc?: string;
  outerDst?: string;
  outerVlan?: VlanTag[];
  /** Outer IP packets larger than this are sent as fragments (of the outer IP datagram). */
  outerMtu?: number;
}

/** Outer Ethernet + IP frames of one tunnel payload: one frame, or its fragments beyond outerMtu. */
export function outerFrames(protocol: number, payload: Buffer, spec: OuterSpec, id = 1): Buffer[] {
  const src = parseIp(spec.outerSrc ?? '192.0.2.1');
  const dst = parseIp(spec.outerDst ?? '192.0.2.2');
  const etherType = src.version === 4 ? ETH_IPV4 : ETH_IPV6;
  let packets: Buffer[];
  if (src.version === 4) {
    const whole = ipv4Packet({ src, dst, protocol, payload, id, dontFragment: !spec.outerMtu });
    packets = spec.outerMtu && whole.length > spec.outerMtu ? fragmentIpv4(whole, spec.outerMtu - 20) : [whole];
  } else {
    const v6: Ipv6Spec = { src, dst, nextHeader: protocol, payload };
    packets = spec.outerMtu && 40 + payload.length > spec.outerMtu ? fragmentIpv6(v6, spec.outerMtu - 48, id) : [ipv6Packet(v6)];
  }
  return packets.map((ip) => ethernetFrame({ etherType, payload: ip, vlan: spec.outerVlan, pad: true }));
}

/** How the IP packets of a conversation are framed on the capture. */
export type Encapsulation =
  | { kind: 'ethernet'; vlan?: VlanTag[] }
  | ({ kind: 'vxlan'; vni: number; port?: number; innerVlan?: VlanTag[] } & OuterSpec)
  | ({
      kind: 'geneve';
      vni: number;
      port?: number;
      optionBytes?: number;
      payload?: 'ethernet' | 'ip';
      innerVlan?: VlanTag[];
    } & OuterSpec)
  /** A gateway load balancer: GENEVE (IPv4 payload) carrying the mirror's IPv4/UDP/VXLAN packet. */
  | ({ kind: 'geneve-vxlan'; vni: number; innerVni: number; optionBytes?: number; innerVlan?: VlanTag[] } & OuterSpec)
  | ({
      kind: 'gre';
      payload?: 'ethernet' | 'ip';
      key?: number;
      sequence?: number;
      checksum?: boolean;
      innerVlan?: VlanTag[];
    } & OuterSpec)
  | ({
      kind: 'erspan';
      type: 1 | 2 | 3;
      session?: number;
      platform?: boolean;
      frameType?: 'ethernet' | 'ip';
      innerVlan?: VlanTag[];
    } & OuterSpec)
  | { kind: 'sll' }
  | { kind: 'sll2' }
  | { kind: 'raw' }
  | { kind: 'null' };

export const LINK = { NULL: 0, ETHERNET: 1, RAW: 101, LINUX_SLL: 113, LINUX_SLL2: 276 } as const;

/** One frame per IP packet; for tunnels with an outer MTU, the first fragment only (see encapsulateAll). */
export function encapsulate(ip: Buffer, version: 4 | 6, encap: Encapsulation): { linkType: number; frame: Buffer } {
  const { linkType, frames } = encapsulateAll(ip, version, encap);
  return { linkType, frame: frames[0] };
}

/** The frames one IP packet becomes on the capture (several when the outer IP is fragmented). */
export function encapsulateAll(ip: Buffer, version: 4 | 6, encap: Encapsulation, id = 1): { linkType: number; frames: Buffer[] } {
  const etherType = version === 4 ? ETH_IPV4 : ETH_IPV6;
  const innerEthernet = (vlan?: VlanTag[]): Buffer => ethernetFrame({ etherType, payload: ip, vlan, pad: true });
  const eth = (frames: Buffer[]) => ({ linkType: LINK.ETHERNET as number, frames });
  switch (encap.kind) {
    case 'ethernet':
      return eth([ethernetFrame({ etherType, payload: ip, vlan: encap.vlan, pad: true })]);
    case 'vxlan': {
      const src = parseIp(encap.outerSrc ?? '192.0.2.1');
      const dst = parseIp(encap.outerDst ?? '192.0.2.2');
      const udp = udpDatagram(
        49152,
        encap.port ?? 4789,
        Buffer.concat([vxlanHeader(encap.vni), innerEthernet(encap.innerVlan)]),
        src,
        dst,
      );
      return eth(outerFrames(PROTO_UDP, udp, encap, id));
    }
    case 'geneve': {
      const src = parseIp(encap.outerSrc ?? '192.0.2.1');
      const dst = parseIp(encap.outerDst ?? '192.0.2.2');
      const asIp = encap.payload === 'ip';
      const body = Buffer.concat([
        geneveHeader(encap.vni, asIp ? etherType : PROTO_TEB, encap.optionBytes ?? 0),
        asIp ? ip : innerEthernet(encap.innerVlan),
      ]);
      return eth(outerFrames(PROTO_UDP, udpDatagram(49153, encap.port ?? 6081, body, src, dst), encap, id));
    }
    case 'geneve-vxlan': {
      // The mirror session's own packet: IPv4/UDP/VXLAN from the mirrored host's ENI to the GWLB.
      const mSrc = parseIp('172.31.0.10');
      const mDst = parseIp('172.31.0.20');
      const mirror = ipv4Packet({
        src: mSrc,
        dst: mDst,
        protocol: PROTO_UDP,
        payload: udpDatagram(
          65000,
          4789,
          Buffer.concat([vxlanHeader(encap.innerVni), innerEthernet(encap.innerVlan)]),
          mSrc,
          mDst,
        ),
        id,
      });
      const src = parseIp(encap.outerSrc ?? '192.0.2.1');
      const dst = parseIp(encap.outerDst ?? '192.0.2.2');
      const body = Buffer.concat([geneveHeader(encap.vni, ETH_IPV4, encap.optionBytes ?? 24), mirror]);
      return eth(outerFrames(PROTO_UDP, udpDatagram(49154, 6081, body, src, dst), encap, id));
    }
    case 'gre': {
      const asIp = encap.payload === 'ip';
      const inner = asIp ? ip : innerEthernet(encap.innerVlan);
      const gre = greHeader(
        { protocol: asIp ? etherType : PROTO_TEB, key: encap.key, sequence: encap.sequence, checksum: encap.checksum },
        inner,
      );
      return eth(outerFrames(PROTO_GRE, Buffer.concat([gre, inner]), encap, id));
    }
    case 'erspan': {
      const session = encap.session ?? 5;
      let header: Buffer;
      let inner = innerEthernet(encap.innerVlan);
      let gre: GreSpec;
      if (encap.type === 1) {
        header = Buffer.alloc(0);
        gre = { protocol: 0x88be };
      } else if (encap.type === 2) {
        header = erspan2Header(session);
        gre = { protocol: 0x88be, sequence: id };
      } else {
        const asIp = encap.frameType === 'ip';
        if (asIp) inner = ip;
        header = erspan3Header(session, asIp ? 2 : 0, encap.platform ?? false);
        gre = { protocol: 0x22eb, sequence: id };
      }
      const body = Buffer.concat([header, inner]);
      return eth(outerFrames(PROTO_GRE, Buffer.concat([greHeader(gre, body), body]), encap, id));
    }
    case 'sll':
      return { linkType: LINK.LINUX_SLL, frames: [sllFrame(etherType, ip)] };
    case 'sll2':
      return { linkType: LINK.LINUX_SLL2, frames: [sll2Frame(etherType, ip)] };
    case 'raw':
      return { linkType: LINK.RAW, frames: [ip] };
    case 'null':
      return { linkType: LINK.NULL, frames: [nullFrame(version, ip)] };
  }
}
