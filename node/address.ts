/** Printable addresses for records and connection info. */

/** Dotted quad for IPv4 (first 4 bytes), RFC 5952 text for IPv6 (16 bytes). */
export function formatIp(bytes: Uint8Array, version: 4 | 6): string {
  if (version === 4) return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
  return formatIpv6(bytes);
}

/** `ip:port` for IPv4, `[ipv6]:port` for IPv6, as SPEC section 5 prints flow endpoints. */
export function formatEndpoint(bytes: Uint8Array, version: 4 | 6, port: number): string {
  return version === 4 ? `${formatIp(bytes, 4)}:${port}` : `[${formatIpv6(bytes)}]:${port}`;
}

function formatIpv6(b: Uint8Array): string {
  const groups = new Array<number>(8);
  for (let i = 0; i < 8; i++) groups[i] = (b[2 * i] << 8) | b[2 * i + 1];
  // RFC 5952 5: IPv4-mapped addresses keep the dotted quad.
  if (groups[0] === 0 && groups[1] === 0 && groups[2] === 0 && groups[3] === 0 && groups[4] === 0 && groups[5] === 0xffff) {
    return `::ffff:${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  }
  return ipv6Text(groups);
}

/** RFC 5952 4.2 text of eight 16-bit groups: the longest run of two or more zero groups, the first on a tie, becomes `::`. */
export function ipv6Text(groups: ArrayLike<number>): string {
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number): string =>
    Array.from({ length: to - from }, (_, k) => groups[from + k].toString(16)).join(':');
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLen, 8)}`;
}
