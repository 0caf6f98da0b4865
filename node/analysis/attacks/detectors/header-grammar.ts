/**
 * Classes read from the grammar of one request header (docs/detection.md, "Header grammars"):
 * what a header's own syntax says cannot be there.
 *
 * - `Range` (RFC 9110 section 14.1.2): `unit=first-last, ...` with decimal byte positions. A position
 *   beyond 2^53 (`bytes=0-18446744073709551615`) addresses no real file: it probes how the server
 *   adds and compares positions (integer overflow, CVE-2015-1635 and kin). Class `overflow`.
 * - The client address that proxies hand on (`X-Forwarded-For`, `X-Real-IP`, `Forwarded: for=`,
 *   `X-Client-IP`, ...): a client that claims to be the loopback, the unspecified address or a
 *   link-local one is no client on any network the request crossed; it is the probe of access rules
 *   that trust the header ("admin only from 127.0.0.1"). Class `scanner` (a probe, not an exploit).
 * - A command line in a free header (`User-Agent: cat /proc/self/environ`, `env --version`,
 *   `;chmod +x x.php`): a product list (`name/version (comment)`) never starts with a command name
 *   followed by an option, an absolute path or `key=value` operands. Class `rce`.
 * - `Connection` naming a header a proxy writes for the back end to trust (`Connection: X-Real-IP`)
 *   and headers a framework writes for itself (`X-Middleware-Subrequest`): class `scanner`
 *   (isHopByHopStrip, isFrameworkInternalHeader; branch i18-nuclei3).
 */
import { addressScope, type AddressScope } from './address-scope';
import { isPackageLine, isProgramName, STRONG_SET, WEAK_SET } from './rce';
import { isCredentialName } from './tokens';

/** Largest byte position read exactly by a double (and by most servers' parsers): 2^53 - 1. */
const MAX_EXACT_POSITION = Number.MAX_SAFE_INTEGER;
const RANGE_SPEC = /^\s*[A-Za-z][A-Za-z0-9_-]*\s*=/;

/** A Range value with a byte position no file can have (more than 2^53 - 1), or a negative one. */
export function isRangeOverflow(value: string): boolean {
  const unit = RANGE_SPEC.exec(value);
  if (unit === null) return false;
  // Each range is `first-last`, `first-` or `-suffix`: digits and one `-`.
  for (const part of value.slice(unit[0].length).split(',')) {
    const m = /^(\d*)-(-?)(\d*)$/.exec(part.replace(/\s+/g, ''));
    if (m === null) continue;
    if (m[2] === '-') return true; // `0--1`: a negative last position
    for (const digits of [m[1], m[3]]) {
      const n = digits.replace(/^0+/, '');
      if (n.length > 16 || (n.length === 16 && Number(n) > MAX_EXACT_POSITION)) return true;
    }
  }
  return false;
}

/** Headers whose value names the client a proxy saw (lower-case names). */
export const CLIENT_ADDRESS_HEADERS: ReadonlySet<string> = new Set([
  'x-forwarded-for',
  'x-real-ip',
  'forwarded',
  'x-client-ip',
  'client-ip',
  'true-client-ip',
  'x-originating-ip',
  'x-remote-ip',
  'x-remote-addr',
  'x-cluster-client-ip',
  'cf-connecting-ip',
  'fastly-client-ip',
  'x-forwarded',
  'forwarded-for',
]);

/** The address a client-address header names first (the original client), without port or brackets. */
function firstClient(name: string, value: string): string {
  let first = value.split(',')[0].trim();
  if (name === 'forwarded' || name === 'x-forwarded') {
    const m = /(?:^|;)\s*for\s*=\s*("?)([^;",]*)\1/i.exec(first);
    if (m === null) return '';
    first = m[2].trim();
  }
  if (first.startsWith('[')) return first.slice(1, first.indexOf(']') >>> 0).toLowerCase();
  // `127.0.0.1:8080`: an IPv4 address with a port (an IPv6 one has several colons).
  const colon = first.indexOf(':');
  if (colon > 0 && colon === first.lastIndexOf(':') && first.includes('.')) first = first.slice(0, colon);
  return first.toLowerCase();
}

/** Scopes no client can come from: the server itself, "this host", a link (address-scope.ts). */
const NO_CLIENT_SCOPES: ReadonlySet<AddressScope> = new Set(['loopback', 'unspecified', 'link-local']);

/** Whether an address is no client's: loopback, unspecified, link-local (v4, v6 and v4-mapped), or a loopback name. */
function isNoClientAddress(a: string): boolean {
  if (a === 'localhost' || a.endsWith('.localhost')) return true;
  const scope = addressScope(a);
  return scope !== null && NO_CLIENT_SCOPES.has(scope);
}

/** A client-address header that names the loopback, unspecified or a link-local address as the client. */
export function isNoClientInHeader(name: string, value: string): boolean {
  return value.length <= 256 && isNoClientAddress(firstClient(name, value));
}

/**
 * A User-Agent is a list of products written by a client program (RFC 9110: `product/version`
 * and `(comments)`), no person's note. One that names a program that is no English word (or a
 * tool of its suite) and then one to four bare words, with no version and no comment anywhere
 * (`cscli alerts list`, `ansible-vault decrypt secret`, `"cscli alerts list"`), is that program's
 * command line, not a product list (branch i18-rce5). A program's name alone (`ansible-httpget`,
 * `node`) is what some clients send, `curl/8.4.0` has its version, and a package manager's
 * install line (`npm install retry`) is a README's, left as programArguments leaves it.
 */
const AGENT_WORD = /^[a-z0-9][\w.-]{0,40}$/;
function isProgramLineAsAgent(value: string): boolean {
  if (value.length > 120 || value.includes('/') || value.includes('(')) return false;
  const words = value.replace(/['"]/g, ' ').trim().split(/\s+/);
  return (
    words.length >= 2 &&
    words.length <= 5 &&
    words[0] === words[0].toLowerCase() &&
    isProgramName(words[0]) &&
    !isPackageLine(words[0], words.slice(1)) &&
    words.every((w) => AGENT_WORD.test(w))
  );
}

/** Separators and quotes a command injected into a header starts with (`;id`, `|cat`, `"env ...`). */
const LEADING = /^[\s;|&`'"]*/;

/**
 * A free header (not a fixed grammar, not a URL) that reads as a command line: a command name, not
 * followed by `/version` as a product is, then an operand no product list has: an option (`-x`,
 * `--version`, `+x`), an absolute or home path, or `key=value` operands (`dd if=... of=...`).
 * A program then bare words (`cscli alerts list`) is not enough: `npm install url-join` and `bash
 * party tonight` are notes people write (test/eval/benign-all-points.ts).
 * A command name after a separator counts with any argument (`;chmod +x evil.php`).
 */
export function isCommandInHeader(value: string, header = ''): boolean {
  if (value.length > 512) return false;
  if (header === 'user-agent' && isProgramLineAsAgent(value)) return true;
  const lead = LEADING.exec(value)![0];
  const words = value.slice(lead.length).split(/\s+/, 3);
  const name = words[0].toLowerCase();
  if (words.length < 2 || name.length < 2 || !/^[a-z][a-z0-9_.+-]*$/.test(name)) return false;
  if (!STRONG_SET.has(name) && !WEAK_SET.has(name)) return false;
  const arg = words[1];
  if (arg === '') return false;
  if (/[;|&`]/.test(lead)) return true;
  return /^(?:--?[a-z]|\+[a-z]\b|~?\/[a-z.]|[a-z]{1,8}=\S)/i.test(arg) && !/^-{1,2}$/.test(arg);
}

/**
 * Besides the client-address headers and credentials (tokens.ts isCredentialName): what else a
 * proxy in front writes for the back end to trust, the rest of the `X-Forwarded-` family, the user
 * it authenticated, the client certificate it checked, and the credentials it passes on.
 */
const PROXY_VERDICT_HEADERS =
  /^(?:x-forwarded-[a-z-]{1,20}|x-remote-user|remote-user|x-user|x-auth-[a-z-]{1,20}|x-authenticated-[a-z-]{1,20}|x-ssl-[a-z-]{1,20}|x-client-(?:cert|verify|dn)|proxy-authorization|cookie|x-api-key)$/;

/**
 * `Connection` (RFC 9110 section 7.6.1) lists the connection's own options (`keep-alive`, `close`,
 * `Upgrade`, `TE`, `HTTP2-Settings`), which each proxy removes before forwarding, with every
 * header the list names. A client that names a header a proxy adds for the back end to trust
 * (`Connection: close, X-Real-IP`, `X-Forwarded-For`, `Authorization`) or a credential's header
 * (`X-F5-Auth-Token`, tokens.ts isCredentialName) makes the proxy strip what it wrote or checked: the back end then sees the request as the proxy's own, from a trusted address or
 * without the proxy's checks (hop-by-hop header abuse, CVE-2025-34026 and kin). Browsers and HTTP
 * libraries never list those.
 */
export function isHopByHopStrip(value: string): boolean {
  if (value.length > 512) return false;
  for (const option of value.split(',')) {
    const name = option.trim().toLowerCase();
    if (CLIENT_ADDRESS_HEADERS.has(name) || PROXY_VERDICT_HEADERS.test(name) || isCredentialName(name)) return true;
  }
  return false;
}

/**
 * Request headers a framework writes for itself between its own parts, never a client: Next.js's
 * `x-middleware-subrequest` (the middleware's recursion guard; a client that sends it skips the
 * middleware and its authentication, CVE-2025-29927) and `x-invoke-path`/`-query`/`-status`/`-output`
 * (its router server's orders to a render worker: a client's poisons the cached page). Next.js's
 * client-side headers (`RSC`, `Next-Router-Prefetch`, `x-nextjs-data`, `x-middleware-prefetch`)
 * are what its pages send and are not read. Rack::Sendfile's `X-Sendfile-Type` and
 * `X-Accel-Mapping` are set by the proxy in front (nginx's `proxy_set_header`) to tell a Rails
 * back end how to hand files over; a client's own mapping makes the back end serve any file the
 * proxy can read (CVE-2024-53991, branch i18-scanner5).
 */
const FRAMEWORK_INTERNAL_HEADERS: ReadonlySet<string> = new Set([
  'x-middleware-subrequest',
  'x-invoke-path',
  'x-invoke-query',
  'x-invoke-status',
  'x-invoke-output',
  'x-sendfile-type',
  'x-accel-mapping',
]);

export function isFrameworkInternalHeader(name: string): boolean {
  return FRAMEWORK_INTERNAL_HEADERS.has(name);
}
