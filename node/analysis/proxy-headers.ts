/**
 * Original client address and Host behind trusted proxies (go-node.yaml `proxy_headers`).
 *
 * The first rule whose trusted_networks contain the TCP peer applies (no trusted_networks: every
 * peer). Its real_ip headers are walked right to left, skipping addresses inside the rule's
 * trusted networks, as nginx's real_ip_recursive does: the first untrusted address is the client,
 * so a client can prepend anything it likes without getting past a proxy that appended the real
 * peer. Without trusted_networks every hop is trusted and the leftmost address wins (spoofable by
 * design: the user declared every sender trustworthy). A malformed value leaves the peer address
 * in place and is reported in `error`.
 */
import type { IpNetwork, ProxyHeaderRule } from '../config/types';
import { anyNetworkContains, formatIp, parseIp, type IpWords } from '../config/ip';
import { lowerName, memoized } from '../memo';
import { isNamed } from '../http/headers';

export interface ResolvedClient {
  clientIp: string;
  host: string;
  /** Why a header was ignored (malformed value); the caller counts it. */
  error?: string;
}

const MAX_QUOTED = 64;

function quote(value: string): string {
  return JSON.stringify(value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}...` : value);
}

/** Every value of a header (case-insensitive), repeated lines joined as RFC 9110 allows. */
function headerValue(headers: ReadonlyArray<readonly [string, string]>, name: string): string | null {
  // Remembered: a name's lower-cased copy was made per request (`host` for every one).
  const lower = lowerName(name);
  let out: string | null = null;
  for (let i = 0; i < headers.length; i++) {
    const v = headers[i][1];
    if (isNamed(headers[i][0], lower)) out = out === null ? v : `${out},${v}`;
  }
  return out;
}

/** An address as proxies write it: `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1`, `[2001:db8::1]:443`. */
function parseForwardedAddress(text: string): IpWords | null {
  const t = text.trim();
  const bracket = /^\[([^\]]+)\](?::[0-9]{1,5})?$/.exec(t);
  if (bracket) return parseIp(bracket[1]);
  const v4Port = /^([0-9.]+):[0-9]{1,5}$/.exec(t);
  return parseIp(v4Port ? v4Port[1] : t);
}

const HOST_RE = /^(?:[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.?|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;

function ruleApplies(networks: readonly IpNetwork[] | null, peer: IpWords): boolean {
  return networks === null || anyNetworkContains(networks, peer);
}

export function resolveClient(
  rules: readonly ProxyHeaderRule[],
  peerIp: string,
  headers: ReadonlyArray<readonly [string, string]>,
): ResolvedClient {
  const hostHeader = (headerValue(headers, 'host') ?? '').trim();
  const peer = peerAddress(peerIp);
  if (!peer) return { clientIp: peerIp, host: hostHeader, error: `malformed peer address ${quote(peerIp)}` };
  const result: ResolvedClient = { clientIp: peer.text, host: hostHeader };
  if (rules.length === 0) return result;
  const rule = rules.find((r) => ruleApplies(r.trustedRanges, peer.words));
  if (!rule) return result;
  const errors: string[] = [];

  for (const name of rule.originalHost) {
    const value = headerValue(headers, name);
    if (value === null) continue;
    // Each proxy appends the Host it received; the first entry is the one the client sent.
    const first = value.split(',')[0].trim();
    if (HOST_RE.test(first)) result.host = first;
    else errors.push(`malformed ${name}: ${quote(value)}`);
    break;
  }

  for (const name of rule.realIp) {
    const value = headerValue(headers, name);
    if (value === null) continue;
    const client = walkForwarded(value, rule.trustedRanges);
    if (typeof client === 'string') errors.push(`malformed ${name}: ${client}`);
    else result.clientIp = formatIp(client);
    break;
  }
  if (errors.length) result.error = errors.join('; ');
  return result;
}

/**
 * Every transaction of a connection has the same peer: its parsed and canonical forms are kept
 * (a bounded cache, dropped when full) instead of being worked out per request.
 */
const peerAddress = memoized((peerIp: string): { words: IpWords; text: string } | null => {
  const words = parseIp(peerIp);
  return words ? { words, text: formatIp(words) } : null;
}, 4096);

/** Right to left, skipping trusted hops; all trusted -> the leftmost. An error text if malformed. */
function walkForwarded(value: string, trusted: readonly IpNetwork[] | null): IpWords | string {
  const entries = value.split(',');
  let candidate: IpWords | null = null;
  for (let i = entries.length - 1; i >= 0; i--) {
    const addr = parseForwardedAddress(entries[i]);
    if (!addr) return `${quote(entries[i].trim())} is not an IP address`;
    candidate = addr;
    if (trusted !== null && !anyNetworkContains(trusted, addr)) return addr;
  }
  return candidate ?? `empty value`;
}
