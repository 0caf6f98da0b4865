/**
 * IPv4/IPv6 addresses and CIDR networks in numeric form. Every address is held as four 32-bit
 * words of an IPv6 address; IPv4 is stored IPv4-mapped (::ffff:a.b.c.d), so a v4 network matches
 * both a plain v4 peer and the same peer seen as ::ffff:a.b.c.d on a dual-stack socket.
 */
import type { IpNetwork } from './types';
import { ipv6Text } from '../address';

export type IpWords = [number, number, number, number];

const V4_MAPPED_PREFIX = 96;

/** Parses a dotted-quad IPv4 address; leading zeros are refused (octal ambiguity, as Go does). */
function parseV4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

function parseV6(text: string): IpWords | null {
  if (text.includes('%')) return null; // zone ids name a local link, never a remote client
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups: number[] = [];
  const parseGroups = (part: string, allowV4Tail: boolean): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (allowV4Tail && i === items.length - 1 && item.includes('.')) {
        const v4 = parseV4(item);
        if (v4 === null) return null;
        out.push(Math.floor(v4 / 65536), v4 % 65536);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(item)) {
        out.push(parseInt(item, 16));
      } else {
        return null;
      }
    }
    return out;
  };
  const head = parseGroups(halves[0], halves.length === 1);
  const tail = halves.length === 2 ? parseGroups(halves[1], true) : [];
  if (!head || !tail) return null;
  if (halves.length === 1) {
    if (head.length !== 8) return null;
    groups.push(...head);
  } else {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return null;
    groups.push(...head, ...new Array<number>(missing).fill(0), ...tail);
  }
  return [
    groups[0] * 65536 + groups[1],
    groups[2] * 65536 + groups[3],
    groups[4] * 65536 + groups[5],
    groups[6] * 65536 + groups[7],
  ];
}

/** Parses an IPv4 or IPv6 address (no port, no brackets); null when malformed. */
export function parseIp(text: string): IpWords | null {
  if (text.includes(':')) return parseV6(text);
  const v4 = parseV4(text);
  return v4 === null ? null : [0, 0, 0xffff, v4];
}

/** True for an address stored IPv4-mapped. */
export function isV4Mapped(words: IpWords): boolean {
  return words[0] === 0 && words[1] === 0 && words[2] === 0xffff;
}

/** Canonical text: dotted quad for IPv4 (and IPv4-mapped), compressed lower-case IPv6 otherwise. */
export function formatIp(words: IpWords): string {
  if (isV4Mapped(words)) {
    const v = words[3];
    return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
  }
  const groups: number[] = [];
  for (const w of words) groups.push(w >>> 16, w & 0xffff);
  return ipv6Text(groups);
}

function mask(prefixLength: number, wordIndex: number): number {
  const bits = Math.min(32, Math.max(0, prefixLength - wordIndex * 32));
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

/**
 * Parses `ADDR/LEN` or a bare address (a host network). Host bits below the prefix are cleared,
 * as Go's net.ParseCIDR does. Returns an error message instead of throwing.
 */
export function parseCidr(text: string): IpNetwork | string {
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const words = parseIp(addrText);
  if (!words) return `"${addrText}" is not an IPv4 or IPv6 address`;
  const v4 = !addrText.includes(':');
  const maxLength = v4 ? 32 : 128;
  let length = maxLength;
  if (slash >= 0) {
    const lenText = text.slice(slash + 1);
    if (!/^(0|[1-9][0-9]{0,2})$/.test(lenText) || Number(lenText) > maxLength) {
      return `prefix length "/${lenText}" must be 0..${maxLength} for an ${v4 ? 'IPv4' : 'IPv6'} network`;
    }
    length = Number(lenText);
  }
  const prefixLength = v4 ? V4_MAPPED_PREFIX + length : length;
  const masked: IpWords = [0, 0, 0, 0];
  for (let i = 0; i < 4; i++) masked[i] = (words[i] & mask(prefixLength, i)) >>> 0;
  return { words: masked, prefixLength };
}

export function networkContains(network: IpNetwork, addr: IpWords): boolean {
  for (let i = 0; i < 4; i++) {
    const m = mask(network.prefixLength, i);
    if (m === 0) return true;
    if ((addr[i] & m) >>> 0 !== network.words[i]) return false;
  }
  return true;
}

export function anyNetworkContains(networks: readonly IpNetwork[], addr: IpWords): boolean {
  for (const n of networks) if (networkContains(n, addr)) return true;
  return false;
}
