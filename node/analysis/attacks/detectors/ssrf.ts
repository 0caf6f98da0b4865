/**
 * Server-side request forgery: a URL-shaped value (scheme://host or //host) whose host is the
 * server itself, a cloud metadata service, a private or link-local network, or an address in an
 * odd notation (decimal, hex, octal, short, IPv4-mapped IPv6) that only exists to dodge filters;
 * or a scheme that only an attack sends a server to fetch (gopher, dict, file, ...).
 */
const ODD_SCHEMES = /^(?:gopher|dict|file|ldap|ldaps|tftp|netdoc|jar|expect|sftp|php|phar|ogg|rtsp):/;
const METADATA_HOSTS = new Set([
  'metadata.google.internal',
  'metadata',
  'metadata.azure.internal',
  'instance-data',
  'instance-data.ec2.internal',
]);
const LOOPBACK_NAMES =
  /^(?:localhost|localhost\.localdomain|ip6-localhost|ip6-loopback|[\w.-]*\.localtest\.me|localtest\.me|[\w.-]*\.(?:nip\.io|xip\.io|sslip\.io))$/;

export function isSsrf(value: string): boolean {
  const v = value.trim().toLowerCase();
  if (ODD_SCHEMES.test(v) && /^[a-z]+:\/\//.test(v)) return true;
  const m = /^(?:[a-z][a-z0-9+.-]*:)?\/\/(?:[^@/?#\s]*@)?(\[[^\]]*\]|[^/:?#\s]*)/.exec(v);
  if (!m) return false;
  return internalHost(m[1]);
}

function internalHost(hostRaw: string): boolean {
  const host = hostRaw.replace(/\.$/, '');
  if (host === '') return false;
  if (METADATA_HOSTS.has(host) || LOOPBACK_NAMES.test(host)) return true;
  if (host.startsWith('[')) return internalIpv6(host.slice(1, -1));
  const ip = parseIpv4Loose(host);
  if (ip === null) return false;
  const odd = !/^\d{1,3}(?:\.\d{1,3}){3}$/.test(host);
  return odd || internalIpv4(ip);
}

/** inet_aton forms: 1 to 4 parts, each decimal, 0x hex or 0 octal (127.1, 0x7f000001, 2130706433). */
function parseIpv4Loose(host: string): number | null {
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

/** Loopback, "this host", RFC 1918, link-local (AWS/GCP/Azure metadata) and CGNAT (Alibaba metadata). */
function internalIpv4(ip: number): boolean {
  const a = Math.floor(ip / 2 ** 24);
  const b = Math.floor(ip / 2 ** 16) % 256;
  return (
    a === 127 ||
    a === 10 ||
    a === 0 ||
    (a === 172 && b >= 16 && b < 32) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) ||
    (a === 100 && b >= 64 && b < 128)
  );
}

function internalIpv6(h: string): boolean {
  const addr = h.split('%')[0];
  if (addr === '::1' || addr === '::' || /^0*:0*:0*:0*:0*:0*:0*:0*1$/.test(addr)) return true;
  if (/^f[cd][0-9a-f]{2}:|^fe[89ab][0-9a-f]:/.test(addr)) return true;
  const mapped = /^::ffff:(.*)$/.exec(addr);
  if (mapped) {
    const inner = mapped[1];
    const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(inner);
    const ip = hex ? parseInt(hex[1], 16) * 65536 + parseInt(hex[2], 16) : parseIpv4Loose(inner);
    return ip !== null && internalIpv4(ip);
  }
  return false;
}
