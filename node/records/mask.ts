import { forEachCookie, fragmentMark, queryMark } from '../http/request';
import type { HeaderList } from '../http/types';

/**
 * Credentials are masked in attack records, keeping what helps triage (the auth scheme, cookie
 * names, Set-Cookie attributes) and dropping what would leak (tokens, passwords, session ids).
 */
const MASK = '***';
const SECRET_HEADER = /(?:api[-_]?key|token|secret|passw(?:or)?d|session|csrf|xsrf|auth|credential|signature|^x-amz-security)/i;
const SECRET_PARAM =
  /^(?:pass(?:word|wd)?|pwd|token|access_token|refresh_token|id_token|api_?key|apikey|secret|client_secret|session(?:id)?|sid|auth|otp|code_verifier)$/i;

export function maskHeaders(headers: HeaderList): HeaderList {
  return headers.map(([name, value]): [string, string] => [name, maskHeaderValue(name, value)]);
}

function maskHeaderValue(name: string, value: string): string {
  const lower = name.toLowerCase();
  if (lower === 'authorization' || lower === 'proxy-authorization') {
    const scheme = /^\s*([A-Za-z][\w-]*)\s+\S/.exec(value);
    return scheme ? `${scheme[1]} ${MASK}` : MASK;
  }
  if (lower === 'cookie') return maskCookie(value);
  if (lower === 'set-cookie') {
    const semi = value.indexOf(';');
    const first = semi < 0 ? value : value.slice(0, semi);
    const eq = first.indexOf('=');
    return (eq < 0 ? MASK : `${first.slice(0, eq)}=${MASK}`) + (semi < 0 ? '' : value.slice(semi));
  }
  return SECRET_HEADER.test(lower) ? MASK : value;
}

/**
 * Every cookie value masked, names and layout kept: the pairs are the toolkit's (docs/http.md
 * "Cookies"), so a name-less pair (`v`, `=v`) is a value and is masked too.
 */
function maskCookie(value: string): string {
  const out = { text: '', from: 0 };
  forEachCookie(value, out, (o, _name, _value, start, eq, end) => {
    // `name=` as sent, then the mask; a pair without '=' keeps its leading blanks.
    const pair = value.slice(start, end);
    const keep = eq >= 0 ? eq + 1 : start + pair.length - pair.trimStart().length;
    o.text += value.slice(o.from, keep) + MASK;
    o.from = end;
    return true;
  });
  return out.text + value.slice(out.from);
}

/**
 * The request target with password-, token- and session-like query values masked, and the same
 * names in the fragment (where OAuth's implicit flow puts tokens). The query and fragment are the
 * toolkit's (docs/http.md "Request targets").
 */
export function maskTarget(target: string): string {
  const q = queryMark(target);
  const hash = fragmentMark(target, q < 0 ? 0 : q);
  if (q < 0 && hash === target.length) return target;
  const query = q < 0 ? '' : target.slice(q + 1, hash);
  const head = q < 0 ? target.slice(0, hash) : target.slice(0, q + 1) + maskPairs(query, /(&)/);
  // A fragment has no set syntax: `&` and `?` both separate pairs there (`#a?token=x&b=y`).
  return hash < target.length ? `${head}#${maskPairs(target.slice(hash + 1), /([&?])/)}` : head;
}

/** `separator` has one capture group: the separators come back from split and are kept as they are. */
function maskPairs(query: string, separator: RegExp): string {
  return query
    .split(separator)
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      let name: string;
      try {
        name = decodeURIComponent(pair.slice(0, eq).replace(/\+/g, ' '));
      } catch {
        name = pair.slice(0, eq);
      }
      return SECRET_PARAM.test(name.replace(/\[.*$/, '')) ? `${pair.slice(0, eq)}=${MASK}` : pair;
    })
    .join('');
}
