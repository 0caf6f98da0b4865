/**
 * Weak JWTs (docs/vulnerabilities.md): `alg: none` in any casing (no signature), an HMAC signature
 * made with a key from the shipped list (./weak-jwt-keys.json, verified with node:crypto), and
 * symmetric (HS*) tokens whose claims carry no `exp` (valid forever once issued). The verdict per
 * token is remembered (bounded), so a token sent on every request is decoded and verified once.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import list from './weak-jwt-keys.json';

export interface JwtWeakness {
  detail: 'alg_none' | 'weak_hmac_key' | 'no_expiry';
  alg: string;
  /** The weak key (for weak_hmac_key), masked to its first two characters. */
  key?: string;
}

const HMAC: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };
/**
 * A compact JWS: the header is a JSON object, so its base64url starts "ey" ('{"' or '{ ') or "ew" ('{\n').
 * Padding and the base64 alphabet are tolerated (some issuers use them; node's base64url decoder reads both).
 */
const JWT = /^(e[wy][A-Za-z0-9_+\/-]{4,}={0,2})\.([A-Za-z0-9_+\/-]*={0,2})\.([A-Za-z0-9_+\/-]*={0,2})$/;
/** JWT-shaped runs inside longer text (bodies, Location, Set-Cookie); at most this many per text. */
const JWT_IN_TEXT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,2000}\.[A-Za-z0-9_-]{0,8000}\.[A-Za-z0-9_-]{0,2000}/g;
const MAX_IN_TEXT = 8;

function decodeJson(part: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function parseJwtHeader(token: string): { alg: string; payload: Record<string, unknown> | null } | null {
  const m = JWT.exec(token);
  if (m === null) return null;
  const header = decodeJson(m[1]);
  if (header === null) return null;
  return { alg: typeof header.alg === 'string' ? header.alg : '', payload: decodeJson(m[2]) };
}

/** Whether a value is shaped like a compact JWT (cheap: no decoding). */
export function looksLikeJwt(value: string): boolean {
  return value.length > 10 && value.charCodeAt(0) === 101 /* e */ && JWT.test(value);
}

/** The JWT-shaped strings in a text (bounded). */
export function jwtsInText(text: string): string[] {
  // '.eyJ': the claims part of a JWT; a search for a literal starting with a lower-case letter is slow on prose.
  if (!text.includes('.eyJ')) return [];
  const out: string[] = [];
  JWT_IN_TEXT.lastIndex = 0;
  for (let m = JWT_IN_TEXT.exec(text); m !== null && out.length < MAX_IN_TEXT; m = JWT_IN_TEXT.exec(text)) out.push(m[0]);
  return out;
}

export class JwtChecker {
  private readonly verdicts = new Map<string, JwtWeakness[]>();

  constructor(private readonly maxRemembered = 4096) {}

  /** The token's weaknesses ([] for none, and for what is not a JWT). */
  check(token: string): JwtWeakness[] {
    let v = this.verdicts.get(token);
    if (v === undefined) {
      v = judge(token);
      if (this.verdicts.size >= this.maxRemembered) this.verdicts.delete(this.verdicts.keys().next().value as string);
      this.verdicts.set(token, v);
    }
    return v;
  }
}

function judge(token: string): JwtWeakness[] {
  const m = JWT.exec(token);
  if (m === null) return [];
  const parsed = parseJwtHeader(token);
  if (parsed === null) return [];
  const alg = parsed.alg;
  if (alg.toLowerCase() === 'none') return [{ detail: 'alg_none', alg }];
  const hash = HMAC[alg.toUpperCase()];
  if (hash === undefined) return [];
  const out: JwtWeakness[] = [];
  if (m[3] !== '') {
    const signature = Buffer.from(m[3], 'base64url');
    const signed = `${m[1]}.${m[2]}`;
    for (const key of list.keys) {
      const mac = createHmac(hash, key).update(signed).digest();
      if (mac.length === signature.length && timingSafeEqual(mac, signature)) {
        out.push({ detail: 'weak_hmac_key', alg, key: `${key.slice(0, 2)}***` });
        break;
      }
    }
  }
  if (parsed.payload !== null && parsed.payload.exp === undefined) out.push({ detail: 'no_expiry', alg });
  return out;
}
