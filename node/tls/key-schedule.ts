/**
 * Key derivation from key-log secrets (docs/tls.md): the TLS 1.2 PRF (RFC 5246 section 5) from the
 * master secret, and TLS 1.3 HKDF-Expand-Label (RFC 8446 section 7.1) from a traffic secret.
 * Pure functions over node:crypto's HMAC.
 */
import { createHmac } from 'node:crypto';
import type { CipherSuite, SuiteHash } from './suites';

const HASH_LENGTH: Record<SuiteHash, number> = { sha256: 32, sha384: 48 };

/** TLS 1.2 P_hash / PRF: `length` bytes of PRF(secret, label, seed). */
export function prf12(hash: SuiteHash, secret: Buffer, label: string, seed: Buffer, length: number): Buffer {
  const labelSeed = Buffer.concat([Buffer.from(label, 'latin1'), seed]);
  const out = Buffer.allocUnsafe(length);
  let a = labelSeed;
  let n = 0;
  while (n < length) {
    a = createHmac(hash, secret).update(a).digest();
    const block = createHmac(hash, secret).update(a).update(labelSeed).digest();
    n += block.copy(out, n);
  }
  return out;
}

/** HKDF-Expand (RFC 5869 section 2.3). */
export function hkdfExpand(hash: SuiteHash, prk: Buffer, info: Buffer, length: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  let t = Buffer.alloc(0);
  let n = 0;
  for (let i = 1; n < length; i++) {
    t = createHmac(hash, prk).update(t).update(info).update(Buffer.of(i)).digest();
    n += t.copy(out, n);
  }
  return out;
}

/** HKDF-Expand-Label (RFC 8446 section 7.1). */
export function hkdfExpandLabel(hash: SuiteHash, secret: Buffer, label: string, context: Buffer, length: number): Buffer {
  const full = Buffer.from(`tls13 ${label}`, 'latin1');
  const info = Buffer.alloc(2 + 1 + full.length + 1 + context.length);
  info.writeUInt16BE(length, 0);
  info[2] = full.length;
  full.copy(info, 3);
  info[3 + full.length] = context.length;
  context.copy(info, 4 + full.length);
  return hkdfExpand(hash, secret, info, length);
}

/** One direction's record keys. `macKey` only for CBC suites; `iv` is the implicit part (GCM: 4 bytes, ChaCha20 and TLS 1.3: 12). */
export interface DirectionKeys {
  key: Buffer;
  iv: Buffer;
  macKey: Buffer | null;
}

/** TLS 1.3: a direction's record key and IV from its traffic secret. */
export function trafficKeys13(suite: CipherSuite, secret: Buffer): DirectionKeys {
  return {
    key: hkdfExpandLabel(suite.hash, secret, 'key', Buffer.alloc(0), suite.keyLength),
    iv: hkdfExpandLabel(suite.hash, secret, 'iv', Buffer.alloc(0), 12),
    macKey: null,
  };
}

/** TLS 1.3 KeyUpdate: the next generation of a traffic secret (RFC 8446 section 7.2). */
export function nextTrafficSecret(suite: CipherSuite, secret: Buffer): Buffer {
  return hkdfExpandLabel(suite.hash, secret, 'traffic upd', Buffer.alloc(0), HASH_LENGTH[suite.hash]);
}

/** TLS 1.2: both directions' keys from the master secret (RFC 5246 section 6.3). */
export function keyBlock12(
  suite: CipherSuite,
  master: Buffer,
  clientRandom: Buffer,
  serverRandom: Buffer,
): { client: DirectionKeys; server: DirectionKeys } {
  const macLen = suite.protection === 'cbc' ? suite.macLength! : 0;
  const ivLen = suite.protection === 'gcm' ? 4 : suite.protection === 'chacha20' ? 12 : 0;
  const total = 2 * (macLen + suite.keyLength + ivLen);
  const block = prf12(suite.hash, master, 'key expansion', Buffer.concat([serverRandom, clientRandom]), total);
  let p = 0;
  const take = (n: number): Buffer => block.subarray(p, (p += n));
  const clientMac = take(macLen);
  const serverMac = take(macLen);
  const clientKey = take(suite.keyLength);
  const serverKey = take(suite.keyLength);
  const clientIv = take(ivLen);
  const serverIv = take(ivLen);
  return {
    client: { key: clientKey, iv: clientIv, macKey: macLen ? clientMac : null },
    server: { key: serverKey, iv: serverIv, macKey: macLen ? serverMac : null },
  };
}
