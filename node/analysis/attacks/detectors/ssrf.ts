/**
 * Server-side request forgery: a URL-shaped value (scheme://host or //host) whose host is the
 * server itself, a cloud metadata service, a private or link-local network, or an address in an
 * odd notation (decimal, hex, octal, short, IPv4-mapped IPv6) that only exists to dodge filters;
 * or a scheme that only an attack sends a server to fetch (gopher, dict, file, ...).
 */
import { percentDecode } from '../decode/percent';
import { ipv4Scope, ipv6Scope, isInsideScope, parseIpv4Loose } from './address-scope';

const ODD_SCHEMES =
  /^(?:gopher|dict|file|local_file|ldap|ldaps|tftp|netdoc|jar|expect|sftp|php|phar|ogg|rtsp|rsync|xri|smb|telnet|ssh2(?:\.[a-z]+)?):/;
const METADATA_HOSTS = new Set([
  'metadata.google.internal',
  'metadata',
  'metadata.azure.internal',
  'metadata.packet.net',
  'instance-data',
  'instance-data.ec2.internal',
  'rancher-metadata',
]);
/**
 * Names reserved for private networks, which no public resolver answers: `.local` of multicast DNS
 * (RFC 6762), `.home.arpa` (RFC 8375), the private-use names of RFC 6762 appendix G (`.intranet`,
 * `.private`, `.corp`, `.home`, `.lan`), `.localdomain`, Consul's `.consul`, Kubernetes' `*.svc`.
 * Only as a URL's host (`http://printer.local/`): without a scheme, `user.home/.m2` and
 * `settings.local/x` are a Java property and a module path.
 */
const PRIVATE_USE_NAMES = /^[\w-][\w.-]*\.(?:local|localdomain|home\.arpa|intranet|private|corp|home|lan|consul|svc)$/;
/**
 * Names that resolve to the server itself or its cluster: loopback names, container and
 * Kubernetes service names (`host.docker.internal`, `kubernetes.default.svc`), and public DNS
 * names made to point at 127.0.0.1 or to rebind (`localtest.me`, `lvh.me`, `vcap.me`,
 * `localhost.direct`, `nip.io`, `rbndr.us`).
 */
const LOOPBACK_NAMES =
  /^(?:(?:[\w.-]*\.)?localhost[46]?|localhost[46]?\.localdomain[46]?|ip6-localhost|ip6-loopback|ipv6-localhost|ipv6-loopback|[\w.-]*\.internal|kubernetes(?:\.default(?:\.svc(?:\.cluster\.local)?)?)?|[\w.-]*\.svc\.cluster\.local|(?:[\w.-]*\.)?(?:localtest\.me|lvh\.me|vcap\.me|localhost\.direct|nip\.io|xip\.io|sslip\.io|rebind\.network|rbndr\.us|1u\.ms))$/;

/** A value that is only a host (and maybe a port and path): the form of a host field or a bare target. */
const BARE_HOST = /^\[?[0-9a-fx:.]{2,64}\]?(?::\d{1,5})?$|^[a-z0-9.-]{1,80}(?::\d{1,5})?(?:\/[^\s]{0,200})?$/;

/**
 * Paths of cloud metadata services (AWS/Alibaba `/latest/meta-data/`, or a dated version of the API
 * that AWS serves too, `/2021-07-15/meta-data/`, `/1.0/meta-data/`; GCP `/computeMetadata/v1/`,
 * Azure `/metadata/instance`, DigitalOcean `/metadata/v1`, Oracle `/opc/v2/`): asked of any host
 * (a name that resolves or rebinds to the metadata address) or of the site itself (a proxy that
 * forwards them), they only serve to read the instance's credentials.
 */
const METADATA_PATH =
  /^\/(?:(?:latest|\d{4}-\d\d-\d\d|1\.0)\/(?:meta-data|user-data|dynamic|api\/token)|computemetadata\/v1(?:beta1)?|metadata\/(?:instance|identity|v1(?:\.json|\/|$))|opc\/v[12]\/(?:instance|identity|vnics))/i;

export function isMetadataPath(path: string): boolean {
  return METADATA_PATH.test(path);
}

/**
 * A path that names another server: a UNC path (`/\\\\host\\share`, Windows fetches it and sends
 * its NTLM credentials) or Apache's proxy to a Unix socket with a target URL (`unix:/x|http://host/`).
 */
export function isServerInPath(path: string): boolean {
  return /^\/?\\\\[\w.-]{1,253}(?:[\\/]|$)/.test(path) || UNIX_SOCKET_PROXY.test(path) || TARGET_OF_NO_FORM.test(path);
}
/**
 * A request target in none of the forms a client sends (origin `/p`, absolute `http://h/p`,
 * authority `h:443` for CONNECT, `*`): one that opens with user info (`@evil.example/`,
 * `:@evil.example/`) or a host and port followed by a path (`evil.example:80/`). A reverse proxy
 * that glues the target to its back end's URL (`http://backend` + `@evil.example/`) sends the
 * request to the host after the `@` (Apache mod_proxy, CVE-2011-3368 and CVE-2011-4317).
 */
const TARGET_OF_NO_FORM = /^(?::?@|[a-z0-9.-]{1,253}:\d{1,5}\/)/i;

/**
 * A Host header that is no host (RFC 9110 section 7.2: a name or address and a port): one with
 * user info, a path, a backslash or a blank inside (`Host: @evil.example`, `Host: a@evil.example`,
 * `Host: evil.example/x`). Proxies and applications that build a URL from it route or link to
 * what the parser after them reads as the host.
 */
export function isNoHost(value: string): boolean {
  const v = value.trim();
  return v.length > 0 && v.length <= 1024 && /[@/\\\s]/.test(v);
}

/**
 * A client-address header (X-Real-IP, True-Client-IP, X-Forwarded-For, `Forwarded: for=`...) that
 * holds a DNS name instead of an address (`X-Real-IP: spoofed.attacker.example`): a server or log
 * pipeline that resolves or looks up the client asks the attacker's name server, the out-of-band
 * proof of a blind request. Proxies write addresses, `unknown` or an obfuscated `_id` there (RFC 7239
 * section 6.3), never a name; `Forwarded: host=` is a host by right and not read.
 */
export function isNameAsClientAddress(name: string, value: string): boolean {
  if (value.length > 512) return false;
  const parts =
    name === 'forwarded'
      ? [...value.matchAll(/(?:^|[;,\s])(?:for|by)\s*=\s*("?)([^;,"]*)\1/gi)].map((m) => m[2])
      : value.split(',');
  for (const part of parts) {
    const p = part.trim().replace(/:\d{1,5}$/, '');
    if (CLIENT_NAME.test(p)) return true;
  }
  return false;
}
/** A DNS name of two labels or more whose last label is a top-level name (letters), so no address. */
const CLIENT_NAME = /^[a-z0-9](?:[a-z0-9-]{0,62}\.)+[a-z]{2,63}\.?$/i;
/**
 * A URL carried in the request path (`/redirect/http://localhost/`, `/proxy/http:/10.0.0.5/`, a proxy
 * or image service that fetches what follows its route): read from its scheme on as a URL value
 * is. A public URL there (`/files/http://www.example.com/a.png`) is not one.
 */
const URL_IN_PATH = /\/(?:https?|ftp|gopher|dict|file|ldaps?|tftp|jar|netdoc|wss?):[/\\]/i;
export function isUrlInPath(path: string): boolean {
  const at = path.search(URL_IN_PATH);
  return at >= 0 && isSsrf(path.slice(at + 1));
}
const UNIX_SOCKET_PROXY = /\bunix:[^|\s]{0,1024}\|(?:https?|fcgi|ajp|h2c?|wss?|uwsgi|scgi):/i;

/**
 * A whole value that is an address written as one number (`2130706433`, `0x7f000001`,
 * `7F000001`, `017700000001`): no one types one, parsers accept it, and filters looking for dots
 * miss it. Only loopback and link-local (metadata) count, and in decimal only 127.0.0.0/24: a
 * ten-digit number in a form or a cookie is usually an id or a session number, spread over the
 * whole 31-bit range.
 */
export function isNumericAddress(value: string): boolean {
  // Asked of every parameter value (ungated): the length first, before anything is allocated.
  if (value.length < 8 || value.length > 64) return false;
  const v = value.trim();
  if (v.length < 8 || v.length > 12) return false;
  let ip: number;
  if (/^[1-9]\d{8,9}$/.test(v)) ip = Number(v);
  else if (/^0x[0-9a-f]{8}$/i.test(v)) ip = parseInt(v.slice(2), 16);
  else if (/^0[0-7]{10,11}$/.test(v)) ip = parseInt(v, 8);
  // Eight bare hex digits are a hash or an id as often as anything: loopback only, with its zeros.
  else return /^7f0000[0-9a-f]{2}$|^a9fea9fe$/i.test(v);
  // In decimal only 127.0.0.0/24: session ids and counters of 31 bits land all over 127.0.0.0/8.
  if (/^[1-9]/.test(v)) return ip >= 0x7f000000 && ip <= 0x7f0000ff;
  return Math.floor(ip / 2 ** 24) === 127 || Math.floor(ip / 2 ** 16) === 0xa9fe;
}

/**
 * The server's own name written with escapes of letters or digits (`%6c%6f%63%61%6c%68%6f%73%74`,
 * `loc%61lhost`, `%30.%30.%30.%30`; under up to MAX_SELF_NAME_LAYERS layers of `%25`): a bare
 * `localhost` or `0.0.0.0` is a word a form may hold (bareInternal leaves them), but no client
 * escapes a letter or a digit (RFC 3986 section 2.3: unreserved characters are not encoded), so a
 * name of the server spelled so was written to pass a filter that looks for it. An escaped space
 * in a host field is what encoders write (`my%20host`); another word spelled so
 * (`%68%65%6c%6c%6f`) names no host of the server.
 */
export const MAX_SELF_NAME_LAYERS = 3;
/** The longest value read for it: a name, a port and three layers of escapes. */
export const SELF_NAME_MAX_LENGTH = 64;
const ESCAPED_LETTER_OR_DIGIT = /%(?:25)*(?:3[0-9]|4[1-9a-f]|5[0-9a]|6[1-9a-f]|7[0-9a])/i;
/** `0.0.0.0` and `::` (with a port): "this host", which bareInternal leaves as the words they also are. */
const THIS_HOST = /^(?:0\.0\.0\.0|\[?::\]?)(?::\d{1,5})?$/;
export function isEscapedSelfName(value: string): boolean {
  if (value.length > SELF_NAME_MAX_LENGTH || !value.includes('%') || !ESCAPED_LETTER_OR_DIGIT.test(value)) return false;
  let decoded = value;
  for (let i = 0; i < MAX_SELF_NAME_LAYERS && decoded.includes('%'); i++) decoded = percentDecode(decoded);
  const host = decoded.trim().toLowerCase();
  return THIS_HOST.test(host) || hostInside(host.replace(/:\d{1,5}$/, ''), false);
}

export function isSsrf(value: string): boolean {
  return ssrfIn(value, true);
}

/** `url=http://...`, `?target=//...`: a parameter carried whole in one value (a query pasted into a field). */
const CARRIED_PARAMETER = /^\??[a-z_][\w.-]{0,30}=(?=[a-z][a-z0-9+.-]{0,20}:\/\/|\/\/)/;
/** A loopback URL with a port (`http://127.0.0.1:8400/cb`): a native app's redirect in a nested login flow (RFC 8252 7.3). */
const LOOPBACK_WITH_PORT = /^https?:\/\/(?:localhost|127\.0\.0\.1|\[::1\]):\d{2,5}(?:[/?#]|$)/;

function ssrfIn(value: string, outer: boolean): boolean {
  if (value.length > 4096) return false;
  const lower = value.trim().toLowerCase();
  // Java's URL class drops a leading `url:` (`url:gopher://...`, `url:http://127.0.0.1/`).
  const v = lower.startsWith('url:') ? lower.slice(4) : lower.replace(CARRIED_PARAMETER, '');
  // `gopher://`, and a scheme wrapping a URL (`jar:http://host/x.jar!/`, `netdoc:file:///`).
  if (ODD_SCHEMES.test(v) && /^[a-z_0-9.]+:(?:[a-z]{2,10}:)?\/\//.test(v)) return true;
  if (v.includes('unix:') && UNIX_SOCKET_PROXY.test(v)) return true;
  // `scheme://host`, `//host`, and `http:host` / `http:/host` that lenient URL parsers accept.
  const m =
    /^(?:[a-z][a-z0-9+.-]*:)?\/\/(?:[^@/?#\s]*@)?(\[[^\]]*\]|[^/:?#\s]*)|^(?:https?|ftp):\/?(?!\/)(\[[^\]]*\]|[^/:?#\s]+)/.exec(
      v,
    );
  if (m)
    return (
      (m[1] !== undefined ? internalHost(m[1]) : hostInside(m[2], true)) ||
      (m[1] !== undefined && hostCheckBypass(v)) ||
      confusedAuthority(v) ||
      escapedHost(m[1] ?? m[2]) ||
      (m[1] !== undefined && disguisedAuthority(v)) ||
      METADATA_PATH.test(v.slice(m[0].length).replace(/^:\d{1,5}/, '')) ||
      // A host of plain name characters reads the same to the fetcher: only odd ones are parsed again.
      (!/^[a-z0-9.-]+$/.test(m[1] ?? m[2]) && fetchedInside(v)) ||
      (outer && v.includes('?') && nestedInside(v))
    );
  if (SLASHES_LENIENT.test(v)) return fetchedInside(v);
  // A bare host: odd notations and names of the server itself; `host/` with a path is a URL without its scheme.
  if (!BARE_HOST.test(v)) return false;
  const slash = v.indexOf('/');
  if (slash > 0) return hostInside(v.slice(0, slash).replace(/:\d+$/, ''), false);
  // `localhost:6379`, `0.0.0.0:8080`: a service of the server itself by its port (a bare `localhost` is a word).
  if (/^(?:localhost[46]?|0\.0\.0\.0):\d{1,5}$/.test(v)) return true;
  return bareInternal(v.replace(/^\[(.*)\](?::\d+)?$/, '$1').replace(/^([^:]*):\d+$/, '$1'));
}

/**
 * A URL whose query carries an inside URL (`https://evil.example/redirect?to=http://169.254.169.254/`):
 * the outside host passes a filter of hosts and redirects the fetcher inside. One level deep; a
 * loopback URL with a port there is a native app's redirect in a login flow, not a fetch.
 */
function nestedInside(v: string): boolean {
  const q = v.indexOf('?');
  for (const pair of v.slice(q + 1, q + 2049).split('&')) {
    const inner = percentDecode(pair.slice(pair.indexOf('=') + 1));
    if (/^(?:[a-z][a-z0-9+.-]{0,20}:)?\/\//.test(inner) && !LOOPBACK_WITH_PORT.test(inner) && ssrfIn(inner, false)) return true;
  }
  return false;
}

/**
 * A URL as the fetcher reads it (WHATWG URL, what Node's fetch, browsers and most HTTP libraries
 * follow): any mix of `/` and `\\` after a web scheme or in place of `//` (`http:\\\\h\\`,
 * `http:/\\/h`, `http:///h`, `\\\\h\\share`), IPv4 in any inet_aton notation or in
 * full-width and circled digits, and IPv6 in any compression are reduced to one host, which is
 * then judged as a plain URL's host. Only asked when the value's own reading found nothing.
 */
function fetchedInside(v: string): boolean {
  let host: string;
  try {
    host = new URL(v, 'http://base.invalid/').hostname;
  } catch {
    return false;
  }
  if (host === 'base.invalid' || host === '') return false;
  if (host.startsWith('[')) return internalIpv6(host.slice(1, -1));
  return internalHost(host);
}
/** A web scheme then slashes other than `//`, or a scheme-relative start with a backslash or a third slash. */
const SLASHES_LENIENT = /^(?:(?:https?|ftp|wss?):)?(?:[\\/]{3,}|\\|\/\\)|^(?:https?|ftp|wss?):\\/;

/**
 * Parser confusion: authorities with several `@` (or spaces, `#` and `&` around them) are read
 * differently by the filter and by the fetcher (`http://good:80 &@good:80# @127.88.23.245:22/`):
 * any host after an `@` that is internal counts.
 */
function confusedAuthority(v: string): boolean {
  const at = v.indexOf('@');
  if (at < 0) return false;
  const head = v.slice(0, 512);
  // One `@` confuses parsers too when a `#`, `?`, `\\` or blank comes before it
  // (`http://evil#@127.0.0.1/`, `http://127.0.0.1:80\\@evil/`): hosts before and after it count.
  if (v.indexOf('@', at + 1) < 0) {
    if (!/^[a-z][a-z0-9+.-]*:\/\/[^@/]*[#?\\\s][^@]*@/.test(head)) return false;
    const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/]*)/.exec(head)?.[1] ?? '';
    for (const part of authority.split(/[@#?\\\s&]+/)) if (part && internalHost(part.replace(/:\d*$/, ''))) return true;
    return false;
  }
  for (const m of head.matchAll(/@([^@/?#\s&]+)/g)) if (internalHost(m[1].replace(/:\d*$/, ''))) return true;
  return false;
}

/**
 * An authority written so that a filter and the fetcher disagree on the host: a delimiter left
 * percent-encoded inside it (`http://evil%23.allowed.example/`, `http://evil%2523.allowed/`: a
 * check on the suffix passes, the fetcher cuts at the `#`), or user info that is itself a host
 * and port (`https://target.example:443@evil.example/`: a check on the prefix passes). A zone id
 * inside an IPv6 literal (`[fe80::1%25eth0]`) is the one escape an authority may carry.
 */
function disguisedAuthority(v: string): boolean {
  // Scheme-relative too (`//shop.example%2f@evil.example/`): a client resolves it against its page.
  const authority = /^(?:[a-z][a-z0-9+.-]*:)?\/\/([^/?#\s]{1,512})/.exec(v)?.[1];
  if (authority === undefined) return false;
  if (/[%\\\u0080-\uffff]/.test(authority) && ENCODED_DELIMITER.test(authority.replace(/\[[^\]]*\]/g, ''))) return true;
  // A blank or `&` then an `@` before the path (`http://1.1.1.1 &@2.2.2.2# @3.3.3.3/`): each parser
  // stops the authority elsewhere, whatever the hosts (a fragment `#x@y` alone may be an app's route).
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/@\s#&]{1,256}[\s&][^/]{0,256}@/.test(v.slice(0, 600))) return true;
  const at = authority.lastIndexOf('@');
  return at > 0 && HOST_AS_USERINFO.test(authority.slice(0, at));
}
/**
 * A delimiter of a URL (`/`, `\\`, `?`, `#`, `@`) written so that one reader of the authority keeps it as
 * text and another, after decoding, cuts the host there (docs/detection.md "Encoded delimiters in
 * an authority (branch i18-ssrf2)"): percent-encoded once or more (`%2f`, `%252f`), IIS's `%u002f`,
 * a JavaScript escape (`\\u002f`, `\\x2f`), an overlong UTF-8 sequence for an ASCII character
 * (`%c0%af`, `%e0%80%af`: only a filter-dodge writes one), or a Unicode form that NFKC or a lenient
 * IDNA step folds to one (`／` U+FF0F, `＼`, `？`, `＃`, `＠`, the small forms U+FE68/FE16/FE5F/FE6B,
 * CVE-2019-9636's class) or that reads as a slash (`∕` U+2215, `⁄` U+2044, `⧸` U+29F8). No host
 * or user name has any of them; a zone id in an IPv6 literal is removed before.
 */
const ENCODED_DELIMITER =
  /%(?:25)*(?:23|3f|2f|40|5c)|%(?:25)*u00(?:23|3f|2f|40|5c)|\\+(?:u00|x)(?:23|3f|2f|40|5c)|%(?:25)*(?:c[01]%(?:25)*[89ab]|e0%(?:25)*[89]|f0%(?:25)*8)[0-9a-f]|[\uff0f\uff3c\uff1f\uff03\uff20\ufe68\ufe16\ufe5f\ufe6b\u2215\u2044\u29f8]/;

/**
 * The same trick in a query value as sent (`?x=http://shop.example%2f@evil.example/`): the
 * application's one decoding makes the `%2f` a slash (`http://shop.example/@evil.example/`, the
 * site's own host and a path), while a reader of the query as sent (a filter, a proxy, a log
 * pipeline) sees user info and the host `evil.example`. Asked only of a value whose first path
 * segment holds an `@`; the request target as sent (read only then) must write the URL's `://`
 * and host literally and the delimiter after them escaped, then an `@`. A URL encoded as a whole
 * (`https%3A%2F%2Fmedium.example%2F%40writer`, as forms and OAuth clients send) has no literal
 * `://` and is not one; nor is `https://medium.example/@writer` sent unencoded.
 */
const AT_IN_FIRST_SEGMENT = /^(?:[a-z][a-z0-9+.-]*:)?\/\/([a-z0-9.-]{1,253}(?::\d{1,5})?)[/\\?#][^/\\?#\s@]{0,256}@/;
const ESCAPED_CUT_THEN_AT = /^%(?:25)*(?:u00)?(?:2f|5c|3f|23)[^/?#&\s]{0,256}?(?:@|%(?:25)*40)/;
export function isDelimiterDecodedBeforeAt(value: string, ctx: { readonly target: string }): boolean {
  if (!value.includes('@')) return false;
  const m = AT_IN_FIRST_SEGMENT.exec(value.slice(0, 600).toLowerCase());
  if (m === null) return false;
  const target = ctx.target.slice(0, 8192).toLowerCase();
  const needle = '://' + m[1];
  // A few places at most: a target naming the same URL more often is no request a client builds.
  for (let at = target.indexOf(needle), n = 0; at >= 0 && n < 8; at = target.indexOf(needle, at + 1), n++) {
    if (ESCAPED_CUT_THEN_AT.test(target.slice(at + needle.length, at + needle.length + 600))) return true;
  }
  return false;
}

/** User info that is a host name with a port, or a name of three labels or more (`www.bank.example`). */
const HOST_AS_USERINFO = /^(?:[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})+:\d{1,5}|[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){2,}\.?)$/;

/** A host spelled with escapes between its letters (`\\g\\o\\o\\g\\l\\e.com`): written to get past a filter, never by a client. */
function escapedHost(host: string): boolean {
  return /\\+[a-z0-9]\\+[a-z0-9]/.test(host);
}

/** A host written without `//` (`localhost/`, `http:127.0.0.1`): names of the server itself, or an address as strict as a bare one. */
function hostInside(host: string, afterScheme: boolean): boolean {
  if (host.startsWith('[')) return internalIpv6(host.slice(1, -1));
  // After `http:` an address written as one long number or in hex is a URL's host, not an id,
  // and as odd a notation as after `http://` (internalHost): any address counts, and numbers too
  // long for 32 bits (an overflow trick). Before a bare `/path` only inside ones do: a product
  // number then a slug (`77921690/turquoise-stone`) is not an address.
  if (/^\d{8,}$|^0x[0-9a-f]+$/.test(host)) {
    const ip = parseIpv4Loose(host);
    // A short number lands in 0.0.0.0/8 (`0xABCDEF`): not an address anyone means.
    return ip === null ? /^0x[0-9a-f]{9,}$|^\d{11,}$/.test(host) : ip >= 2 ** 24 && (afterScheme || internalIpv4(ip));
  }
  return METADATA_HOSTS.has(host) || LOOPBACK_NAMES.test(host) || bareInternal(host);
}

/**
 * A whole value that is an address: loopback, metadata and "this host" in any notation, or a
 * private/loopback address written oddly (`0x7f.1`, `0177.0.0.1`, `::ffff:7f000001`). A plain
 * `10.0.0.5` or a bare number (an id) is not: forms carry such values for ordinary reasons.
 */
function bareInternal(h: string): boolean {
  // IPv6: loopback, or an IPv4-mapped loopback; other mapped addresses only in a URL.
  if (h.includes(':')) return internalIpv6(h) && /^[0:]*1$|^[0:]*(?:ffff:)?(?:127\.|7f)/.test(h);
  if (METADATA_HOSTS.has(h) && h.includes('.')) return true;
  if (
    /^(?:localhost[46]?\.localdomain[46]?|[\w.-]*\.(?:localtest\.me|lvh\.me|nip\.io|xip\.io|sslip\.io|rebind\.network|rbndr\.us))$/.test(
      h,
    )
  )
    return true;
  if (!/^(?:0x[0-9a-f]+|\d+)(?:\.(?:0x[0-9a-f]+|\d+)){0,3}$/.test(h)) return false;
  const ip = parseIpv4Loose(h);
  if (ip === null) return /^0x[0-9a-f]{9,}$/.test(h);
  const parts = h.split('.');
  const odd = (p: string): boolean => /^0x|^0\d/.test(p);
  const a = Math.floor(ip / 2 ** 24);
  if (parts.length === 4 && !parts.some(odd)) return a === 127 || h === '169.254.169.254';
  // Odd notations of an inside address, led by an odd first part (`0x7f.1`, `0177.0.0.1`,
  // `017700000001`) or by 127 (`127.1`, `127.0.0.0x1`): versions and prices (`10.1`, `0.05`) are not.
  // Led by 127 with one more part, only the loopback's own short form `127.1` or a hex part: a
  // price or a measure (`127.35`, `127.05`) is a decimal number first.
  if (parts.length === 2 && parts[0] === '127') return parts[1] === '1' || parts[1].startsWith('0x');
  return a !== 0 && internalIpv4(ip) && (odd(parts[0]) || (parts[0] === '127' && (parts.length < 4 || parts.some(odd))));
}

function internalHost(hostRaw: string): boolean {
  // Ideographic full stops are dots to IDNA-aware URL parsers; backslashes inside a host are dropped by some.
  const host = hostRaw
    .replace(/[\u3002\uff0e\uff61]/g, '.')
    .replace(/\\/g, '')
    .replace(/\.$/, '');
  if (host === '') return false;
  if (METADATA_HOSTS.has(host) || LOOPBACK_NAMES.test(host) || PRIVATE_USE_NAMES.test(host) || embedsInsideAddress(host))
    return true;
  if (host.startsWith('[')) return internalIpv6(host.slice(1, -1));
  // An all-hex or all-digit host too long for 32 bits is an overflow trick (`0x41414141a9fea9fe`),
  // and so is a dotted quad with a part over 255 (`425.510.425.510`, which parsers that keep the
  // low byte of each part read as 169.254.169.254): no name has a numeric top-level label.
  if (/^0x[0-9a-f]{9,}$|^\d{10,}$/.test(host)) return true;
  if (/^\d{1,5}(?:\.\d{1,5}){3}$/.test(host) && host.split('.').some((p) => Number(p) > 255)) return true;
  const ip = parseIpv4Loose(host);
  if (ip === null) return false;
  const odd = !/^\d{1,3}(?:\.\d{1,3}){3}$/.test(host);
  return odd || internalIpv4(ip);
}

/**
 * A name that carries an inside address in its labels, dotted or dashed, before a domain
 * (`10.0.0.1.sslip.io`, `192-168-1-1.attacker.example`): what wildcard DNS services answer with
 * the address they spell. Public addresses spelled so (`ec2-54-1-2-3.compute-1.amazonaws.com`) are not.
 */
function embedsInsideAddress(host: string): boolean {
  const m = /(?:^|[.-])(\d{1,3})([.-])(\d{1,3})\2(\d{1,3})\2(\d{1,3})\.[a-z]/.exec(host);
  if (!m) return false;
  const parts = [m[1], m[3], m[4], m[5]].map(Number);
  return (
    parts.every((p) => p < 256) && internalIpv4(((parts[0] * 256 + parts[1]) * 256 + parts[2]) * 256 + parts[3]) && parts[0] !== 0
  );
}

/** Loopback, "this host", RFC 1918, link-local (AWS/GCP/Azure metadata), CGNAT (Alibaba metadata), 192.0.0.0/24 (Oracle metadata). */
function internalIpv4(ip: number): boolean {
  return isInsideScope(ipv4Scope(ip));
}

/** An IPv6 host (without brackets) that is not a global unicast address on the Internet (address-scope.ts). */
function internalIpv6(h: string): boolean {
  return isInsideScope(ipv6Scope(h));
}

/**
 * A host check defeated by what follows the host: a `?`, `#` or `\\` right after the authority then
 * a dot or an `@` and a name (`http://evil.example#.allowed.example/`, `?.allowed.example`,
 * `\\.allowed.example`): a filter that checks that the URL ends with, or contains, an allowed name
 * passes, and the fetcher goes to the host before it. Anywhere in the URL, a fragment that opens
 * with a dot or an `@` then a name with its top-level label or a `//` (`/?id=1#.xx//`): a fragment
 * is never sent, so one written like the end of a host serves only the filter. A heading's anchor
 * (`#.NET_Core`, `#section`) has no such name.
 */
const SUFFIX_AFTER_HOST =
  /^[a-z][a-z0-9+.-]*:\/\/[^/?#\\\s]{1,256}(?:[?#]|\\+)[.@]?[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})*\.[a-z]{2,63}\.?(?:[/:\\]|$)/;
const HOST_LIKE_FRAGMENT = /#[.@][a-z0-9-]{1,63}(?:(?:\.[a-z0-9-]{1,63})*\.[a-z]{2,63}\.?(?:[/:]|$)|\/\/)/;

function hostCheckBypass(v: string): boolean {
  const head = v.slice(0, 1024);
  if (head.includes('#') && HOST_LIKE_FRAGMENT.test(head)) return true;
  const m = SUFFIX_AFTER_HOST.exec(head);
  // `?` and `#` need the dot or `@` (`https://cdn.example?file.js` is a query); a backslash does not.
  return m !== null && /(?:[?#][.@]|\\)/.test(m[0]);
}
