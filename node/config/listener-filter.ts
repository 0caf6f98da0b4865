/**
 * The `filter` of tcp-capture-v2's UDP listeners (from_vxlan, from_geneve). Their datagrams never
 * pass a kernel packet filter (they reach a socket), so the filter is applied by the decoder to the
 * decapsulated packets. It reads like the BPF (pcap-filter) expressions users write for interfaces,
 * limited to what describes a mirrored TCP packet:
 *
 *   [src|dst] host ADDR   [src|dst] net CIDR   [src|dst] port N   [src|dst] portrange A-B
 *   vlan [VID]   tcp   ip   ip6   and/&&   or/||   not/!   ( )
 *
 * `tcp port 80` is `tcp and port 80`; `src 10.0.0.1` is `src host 10.0.0.1`. Anything else is a
 * config error naming the word, never a filter that silently matches everything.
 */
import { parseCidr } from './ip';
import type { FilterDirection as Direction, IpNetwork, ListenerFilter } from './types';

export type { ListenerFilter } from './types';

/** The expression as a tree, or a message saying what is wrong and where. */
export function parseListenerFilter(text: string): ListenerFilter | string {
  const tokens = text.match(/\(|\)|&&|\|\||!|[^\s()!&|]+/g) ?? [];
  let pos = 0;
  const peek = (): string | undefined => tokens[pos]?.toLowerCase();
  const fail = (what: string): never => {
    throw new FilterError(`${what} ${pos < tokens.length ? `at "${tokens[pos]}" (word ${pos + 1})` : 'at the end'}`);
  };
  const orExpr = (): ListenerFilter => {
    let left = andExpr();
    while (peek() === 'or' || peek() === '||') {
      pos++;
      left = { op: 'or', a: left, b: andExpr() };
    }
    return left;
  };
  const andExpr = (): ListenerFilter => {
    let left = unary();
    while (peek() === 'and' || peek() === '&&') {
      pos++;
      left = { op: 'and', a: left, b: unary() };
    }
    return left;
  };
  const unary = (): ListenerFilter => {
    const t = peek();
    if (t === 'not' || t === '!') {
      pos++;
      return { op: 'not', a: unary() };
    }
    if (t === '(') {
      pos++;
      const inner = orExpr();
      if (peek() !== ')') fail('missing ")"');
      pos++;
      return inner;
    }
    return primitive();
  };
  const number = (max: number, what: string): number => {
    const t = tokens[pos];
    if (t === undefined || !/^\d+$/.test(t) || Number(t) > max) fail(`expected a ${what} (0..${max})`);
    pos++;
    return Number(t);
  };
  const primitive = (): ListenerFilter => {
    let t = peek();
    if (t === 'tcp') {
      pos++;
      const next = peek();
      // `tcp port 80`: every analysed packet is TCP, so tcp only qualifies what follows.
      if (next === 'port' || next === 'portrange' || next === 'src' || next === 'dst') return primitive();
      return { op: 'ip', version: null };
    }
    if (t === 'ip' || t === 'ip6') {
      pos++;
      return { op: 'ip', version: t === 'ip' ? 4 : 6 };
    }
    if (t === 'vlan') {
      pos++;
      return { op: 'vlan', vid: peek() !== undefined && /^\d+$/.test(peek()!) ? number(4095, 'VLAN id') : null };
    }
    let dir: Direction = 'any';
    if (t === 'src' || t === 'dst') {
      dir = t;
      pos++;
      t = peek();
    }
    if (t === 'port') {
      pos++;
      const p = number(65535, 'port');
      return { op: 'port', dir, lo: p, hi: p };
    }
    if (t === 'portrange') {
      pos++;
      const m = /^(\d+)-(\d+)$/.exec(tokens[pos] ?? '');
      if (!m || Number(m[1]) > Number(m[2]) || Number(m[2]) > 65535) fail('expected a port range A-B');
      pos++;
      return { op: 'port', dir, lo: Number(m![1]), hi: Number(m![2]) };
    }
    if (t === 'host' || t === 'net') {
      pos++;
    } else if (dir === 'any' || t === undefined) {
      fail(
        t === 'udp' || t === 'icmp' || t === 'arp'
          ? 'only TCP is analysed: this primitive never matches'
          : 'expected host, net, port, portrange, vlan, tcp, ip or ip6',
      );
    }
    const text = tokens[pos];
    if (text === undefined) fail('expected an address');
    const net = parseCidr(text!);
    if (typeof net === 'string') fail(net);
    pos++;
    return { op: 'net', dir, net: net as IpNetwork };
  };
  try {
    if (tokens.length === 0) return 'the filter is empty';
    const tree = orExpr();
    if (pos < tokens.length) fail('unexpected word');
    return tree;
  } catch (err) {
    if (err instanceof FilterError) return err.message;
    throw err;
  }
}

class FilterError extends Error {}
