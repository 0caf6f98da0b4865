/**
 * Weak JWTs: `alg: none` (no signature), or an HMAC signature made with a key from the shipped list
 * (./weak-jwt-keys.json), verified with node:crypto. Each distinct token is checked once (bounded
 * memory of checked signatures).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import list from './weak-jwt-keys.json';

export interface JwtWeakness {
  detail: 'alg_none' | 'weak_hmac_key';
  alg: string;
  /** The weak key (for weak_hmac_key), masked to its first two characters. */
  key?: string;
}

const HMAC: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };
const JWT = /^(eyJ[A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)\.([A-Za-z0-9_-]*)$/;

export function parseJwtHeader(token: string): { alg: string; payload: Record<string, unknown> | null } | null {
  const m = JWT.exec(token);
  if (m === null) return null;
  try {
    const header = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8')) as { alg?: unknown };
    let payload: Record<string, unknown> | null = null;
    try {
      const p = JSON.parse(Buffer.from(m[2], 'base64url').toString('utf8')) as unknown;
      if (typeof p === 'object' && p !== null) payload = p as Record<string, unknown>;
    } catch {
      payload = null;
    }
    return { alg: typeof header.alg === 'string' ? header.alg : '', payload };
  } catch {
    return null;
  }
}

export class JwtChecker {
  private readonly checked = new Set<string>();

  constructor(private readonly maxChecked = 4096) {}

  /** The token's weakness, or null; null too for a token already checked. */
  check(token: string): JwtWeakness | null {
    const m = JWT.exec(token);
    if (m === null) return null;
    if (this.checked.has(m[3])) return null;
    if (this.checked.size >= this.maxChecked) this.checked.delete(this.checked.values().next().value as string);
    this.checked.add(m[3]);
    const parsed = parseJwtHeader(token);
    if (parsed === null) return null;
    const alg = parsed.alg;
    if (alg.toLowerCase() === 'none') return { detail: 'alg_none', alg };
    const hash = HMAC[alg];
    if (hash === undefined || m[3] === '') return null;
    const signature = Buffer.from(m[3], 'base64url');
    const signed = `${m[1]}.${m[2]}`;
    for (const key of list.keys) {
      const mac = createHmac(hash, key).update(signed).digest();
      if (mac.length === signature.length && timingSafeEqual(mac, signature)) return { detail: 'weak_hmac_key', alg, key: `${key.slice(0, 2)}***` };
    }
    return null;
  }
}
