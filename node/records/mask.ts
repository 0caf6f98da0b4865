import type { HeaderList } from '../http/types';

/**
 * Credentials are masked in attack records, keeping what helps triage (the auth scheme, cookie
 * names, Set-Cookie attributes) and dropping what would leak (tokens, passwords, session ids).
 */
const MASK = '***';
const SECRET_HEADER = /(?:api[-_]?key|token|secret|passw(?:or)?d|session|csrf|xsrf|auth|credential|signature|^x-amz-security)/i;
const SECRET_PARAM = /^(?:pass(?:word|wd)?|pwd|token|access_token|refresh_token|id_token|api_?key|apikey|secret|client_secret|session(?:id)?|sid|auth|otp|code_verifier)$/i;

export function maskHeaders(headers: HeaderList): HeaderList {
  return headers.map(([name, value]): [string, string] => [name, maskHeaderValue(name, value)]);
}

function maskHeaderValue(name: string, value: string): string {
  const lower = name.toLowerCase();
  if (lower === 'authorization' || lower === 'proxy-authorization') {
    const scheme = /^\s*([A-Za-z][\w-]*)\s+\S/.exec(value);
    return scheme ? `${scheme[1]} ${MASK}` : MASK;
  }
  if (lower === 'cookie') {
    return value.split(';').map((part) => {
      const eq = part.indexOf('=');
      return eq < 0 ? part : `${part.slice(0, eq)}=${MASK}`;
    }).join(';');
  }
  if (lower === 'set-cookie') {
    const semi = value.indexOf(';');
    const first = semi < 0 ? value : value.slice(0, semi);
    const eq = first.indexOf('=');
    return (eq < 0 ? MASK : `${first.slice(0, eq)}=${MASK}`) + (semi < 0 ? '' : value.slice(semi));
  }
  return SECRET_HEADER.test(lower) ? MASK : value;
}

/** The request target with password-, token- and session-like query values masked. */
export function maskTarget(target: string): string {
  const q = target.indexOf('?');
  if (q < 0) return target;
  const hash = target.indexOf('#', q);
  const query = hash < 0 ? target.slice(q + 1) : target.slice(q + 1, hash);
  const masked = query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    if (eq < 0) return pair;
    let name: string;
    try {
      name = decodeURIComponent(pair.slice(0, eq).replace(/\+/g, ' '));
    } catch {
      name = pair.slice(0, eq);
    }
    return SECRET_PARAM.test(name.replace(/\[.*$/, '')) ? `${pair.slice(0, eq)}=${MASK}` : pair;
  }).join('&');
  return target.slice(0, q + 1) + masked + (hash < 0 ? '' : target.slice(hash));
}
