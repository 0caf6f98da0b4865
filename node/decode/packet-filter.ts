/**
 * Address and listener filters applied to decoded packets: tcp_stream.ignore_ips and the `filter`
 * of tcp-capture-v2's UDP listeners (parsed by node/config/listener-filter.ts). Allocation-free:
 * addresses are compared as four 32-bit words (IPv4 as IPv4-mapped IPv6, like config/ip.ts).
 */
import { networkContains, type IpWords } from '../config/ip';
import type { ListenerFilter } from '../config/listener-filter';
import type { IgnoreMatch, IpNetwork } from '../config/types';
import type { DecodedPacket } from './packet';

/** Fills `out` with the address as config/ip.ts words. */
export function addressWords(bytes: Uint8Array, version: 4 | 6, out: IpWords): IpWords {
  if (version === 4) {
    out[0] = 0;
    out[1] = 0;
    out[2] = 0xffff;
    out[3] = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
    return out;
  }
  for (let i = 0; i < 4; i++)
    out[i] = ((bytes[4 * i] << 24) | (bytes[4 * i + 1] << 16) | (bytes[4 * i + 2] << 8) | bytes[4 * i + 3]) >>> 0;
  return out;
}

function inAny(networks: readonly IpNetwork[], addr: IpWords): boolean {
  for (const n of networks) if (networkContains(n, addr)) return true;
  return false;
}

/** Matches a packet's addresses against networks the way tcp_stream.ignore_ips.match_type says. */
export class AddressMatcher {
  private readonly src: IpWords = [0, 0, 0, 0];
  private readonly dst: IpWords = [0, 0, 0, 0];

  constructor(
    private readonly networks: readonly IpNetwork[],
    private readonly match: IgnoreMatch,
  ) {}

  matches(p: DecodedPacket): boolean {
    const s = inAny(this.networks, addressWords(p.src, p.ipVersion, this.src));
    if (this.match === 'src') return s;
    const d = inAny(this.networks, addressWords(p.dst, p.ipVersion, this.dst));
    if (this.match === 'dst') return d;
    return this.match === 'src_or_dst' ? s || d : s && d;
  }
}

/** Evaluates a listener filter on a decoded packet. */
export class ListenerFilterMatcher {
  private readonly src: IpWords = [0, 0, 0, 0];
  private readonly dst: IpWords = [0, 0, 0, 0];

  constructor(private readonly filter: ListenerFilter) {}

  matches(p: DecodedPacket): boolean {
    addressWords(p.src, p.ipVersion, this.src);
    addressWords(p.dst, p.ipVersion, this.dst);
    return this.eval(this.filter, p);
  }

  private eval(f: ListenerFilter, p: DecodedPacket): boolean {
    switch (f.op) {
      case 'and':
        return this.eval(f.a, p) && this.eval(f.b, p);
      case 'or':
        return this.eval(f.a, p) || this.eval(f.b, p);
      case 'not':
        return !this.eval(f.a, p);
      case 'net':
        return (f.dir !== 'dst' && networkContains(f.net, this.src)) || (f.dir !== 'src' && networkContains(f.net, this.dst));
      case 'port':
        return (
          (f.dir !== 'dst' && p.srcPort >= f.lo && p.srcPort <= f.hi) ||
          (f.dir !== 'src' && p.dstPort >= f.lo && p.dstPort <= f.hi)
        );
      case 'vlan':
        if (f.vid === null) return p.vlanCount > 0;
        for (let i = 0; i < p.vlanCount; i++) if (p.vlan[i] === f.vid) return true;
        return false;
      case 'ip':
        return f.version === null || f.version === p.ipVersion;
    }
  }
}
