/**
 * The scope of an IP address (docs/detection.md, "Address scopes"): where on a network an address
 * can be. One reader for every detector that judges an address: ssrf (a host the server is asked
 * to fetch is inside) and the client-address headers (`X-Forwarded-For: 127.0.0.1`, a client that
 * is no client). Both read IPv6 group by group, so a malformed address (`fe8::1`, `0:0::0::1`,
 * a lone `:`) is no address to either.
 *
 * Scopes (IANA's IPv4 and IPv6 special-purpose address registries):
 * - `loopback`: 127.0.0.0/8, ::1.
 * - `unspecified`: "this host on this network", 0.0.0.0/8, ::.
 * - `link-local`: 169.254.0.0/16 (where AWS, GCP and Azure serve metadata), fe80::/10.
 * - `private`: 10/8, 172.16/12, 192.168/16, unique-local fc00::/7.
 * - `shared`: carrier-grade NAT 100.64.0.0/10 (Alibaba Cloud's metadata address).
 * - `protocol`: 192.0.0.0/24, IETF protocol assignments (Oracle Cloud's metadata at 192.0.0.192).
 * - `reserved`: IPv6 outside 2000::/3, the only space allocated for global unicast (multicast,
 *   the rest of ::/8, made-up `a::b`): not on the Internet.
 * - `public`: anything else (IPv4 multicast and class E are not told apart from it).
 * An IPv6 address that carries an IPv4 one (mapped `::ffff:a.b.c.d`, translated
 * `::ffff:0:a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`, compatible `::a.b.c.d`, 6to4 `2002:7f00:1::` when the
 * address it carries is inside) has that address's scope.
 */

export type AddressScope = 'loopback' | 'unspecified' | 'link-local' | 'private' | 'shared' | 'protocol' | 'reserved' | 'public';

/** Scopes that only exist inside a network or a host: what a server asked to fetch must never reach. */
export function isInsideScope(scope: AddressScope | null): boolean {
  return scope !== null && scope !== 'public';
}

/** The scope of an IPv4 address given as a 32-bit number. */
export function ipv4Scope(ip: number): AddressScope {
  const a = Math.floor(ip / 2 ** 24);
  const b = Math.floor(ip / 2 ** 16) % 256;
  if (a === 127) return 'loopback';
  if (a === 0) return 'unspecified';
  if (a === 10 || (a === 172 && b >= 16 && b < 32) || (a === 192 && b === 168)) return 'private';
  if (a === 169 && b === 254) return 'link-local';
  if (a === 100 && b >= 64 && b < 128) return 'shared';
  if (a === 192 && b === 0 && Math.floor(ip / 256) % 256 === 0) return 'protocol';
  return 'public';
}

/**
 * The scope of an address as a client or host field writes it: dotted decimal IPv4 (four parts,
 * each at most 255) or IPv6 (ipv6Scope). Null for anything else: names, odd IPv4 notations
 * (`127.1`, `0x7f000001`; the ssrf reader reads those with parseIpv4Loose), malformed text.
 */
export function addressScope(text: string): AddressScope | null {
  if (text.includes(':')) return ipv6Scope(text);
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (m === null) return null;
  const parts = [m[1], m[2], m[3], m[4]].map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ipv4Scope(((parts[0] * 256 + parts[1]) * 256 + parts[2]) * 256 + parts[3]);
}

/**
 * The scope of an IPv6 address (lower case, without brackets; a `%zone` is dropped), or null when
 * it is not one. Besides RFC 4291 text, the forms URL parsers and filters accept for an IPv4
 * address after `::ffff:` or `::` are read: one hex number (`::ffff:7f000001`) and inet_aton
 * notations (`::ffff:0x7f.1`).
 */
export function ipv6Scope(text: string): AddressScope | null {
  const addr = text.split('%')[0];
  const g = ipv6Groups(addr);
  if (g === null) {
    const embedded = looseEmbeddedIpv4(addr);
    return embedded === null ? null : ipv4Scope(embedded);
  }
  const zeros = (n: number): boolean => g.slice(0, n).every((x) => x === 0);
  const v4 = g[6] * 65536 + g[7];
  if (zeros(8)) return 'unspecified';
  if (zeros(7) && g[7] === 1) return 'loopback';
  if (zeros(5) && g[5] === 0xffff) return ipv4Scope(v4); // mapped
  if (zeros(4) && g[4] === 0xffff && g[5] === 0) return ipv4Scope(v4); // translated (RFC 2765)
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return ipv4Scope(v4); // NAT64 (RFC 6052)
  // 6to4 (RFC 3056): 2002:V4HI:V4LO::/48 is routed to the IPv4 address it carries; one inside
  // (`2002:7f00:1::`, 127.0.0.1) is that address's scope, a public one leaves the address public (branch i18-small8).
  if (g[0] === 0x2002 && isInsideScope(ipv4Scope(g[1] * 65536 + g[2]))) return ipv4Scope(g[1] * 65536 + g[2]);
  // IPv4-compatible (`::a.b.c.d`, deprecated by RFC 4291): only with a first octet, `::10` is not one.
  if (zeros(6) && g[6] >= 256) return ipv4Scope(v4);
  if ((g[0] & 0xfe00) === 0xfc00) return 'private';
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
  return (g[0] & 0xe000) === 0x2000 ? 'public' : 'reserved';
}

/** The IPv4 address after `::`, `::ffff:` (or the same with zero groups spelt out) in a form RFC 4291 has not: one hex number or inet_aton. */
function looseEmbeddedIpv4(addr: string): number | null {
  const m = /^(?:(?:0{1,4}:){5,6}|::|(?:0{1,4}:){1,4}:)(?:ffff:)?([^:]+)$/.exec(addr);
  if (m === null) return null;
  const inner = m[1];
  if (/^[0-9a-f]{5,8}$/.test(inner)) return parseInt(inner, 16);
  return inner.includes('.') ? parseIpv4Loose(inner) : null;
}

/** inet_aton forms: 1 to 4 parts, each decimal, 0x hex or 0 octal (127.1, 0x7f000001, 2130706433). */
export function parseIpv4Loose(host: string): number | null {
  const parts = host.split('.');
  if (parts.length > 4) return null;
  const nums: number[] = [];
  for (const p of parts) {
    let n: number;
    if (/^0x[0-9a-f]+$/.test(p)) n = parseInt(p.slice(2), 16);
    else if (/^0[0-7]+$/.test(p)) n = parseInt(p, 8);
    else if (/^\d+$/.test(p)) n = parseInt(p, 10);
    else return null;
    nums.push(n);
  }
  const last = nums.pop() ?? 0;
  let ip = 0;
  for (const n of nums) {
    if (n > 255) return null;
    ip = ip * 256 + n;
  }
  const rest = 4 - nums.length;
  if (last >= 256 ** rest) return null;
  return ip * 256 ** rest + last;
}

/** The eight 16-bit groups of an IPv6 address (`::` expanded, a trailing dotted IPv4 as two groups), or null. */
export function ipv6Groups(addr: string): number[] | null {
  let text = addr;
  const dotted = /^(.*:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (dotted) {
    const p = dotted[2].split('.').map(Number);
    if (p.some((x) => x > 255)) return null;
    text = dotted[1] + ((p[0] << 8) | p[1]).toString(16) + ':' + ((p[2] << 8) | p[3]).toString(16);
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const part = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const head = part(halves[0]);
  const tail = halves.length === 2 ? part(halves[1]) : [];
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? fill : 0).fill('0'), ...tail];
  if (!all.every((x) => /^[0-9a-f]{1,4}$/.test(x))) return null;
  return all.map((x) => parseInt(x, 16));
}
