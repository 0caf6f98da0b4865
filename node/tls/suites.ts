/**
 * The cipher suites the node decrypts (docs/tls.md lists them): how each one protects records
 * and which hash its key schedule uses. Any other suite is counted as `unsupported_cipher`.
 */

export type RecordProtection = 'gcm' | 'chacha20' | 'cbc';
export type SuiteHash = 'sha256' | 'sha384';
export type KeyExchange = 'ecdhe' | 'dhe' | 'rsa' | 'tls13';

export interface CipherSuite {
  id: number;
  /** IANA name, as written on records (`tls.cipher`). */
  name: string;
  protection: RecordProtection;
  /** node:crypto cipher name. */
  cipher: string;
  keyLength: number;
  /** Hash of the PRF (TLS 1.2) or HKDF (TLS 1.3). */
  hash: SuiteHash;
  /** CBC suites: the record MAC's hash (`sha1`, `sha256`, `sha384`) and key length. */
  macHash?: string;
  macLength?: number;
  kx: KeyExchange;
}

const list: CipherSuite[] = [];

function add(
  id: number,
  name: string,
  kx: KeyExchange,
  protection: RecordProtection,
  keyLength: number,
  hash: SuiteHash,
  macHash?: string,
): void {
  const cipher = protection === 'chacha20' ? 'chacha20-poly1305' : `aes-${keyLength * 8}-${protection}`;
  const macLength = macHash === undefined ? undefined : macHash === 'sha1' ? 20 : macHash === 'sha256' ? 32 : 48;
  list.push({ id, name, protection, cipher, keyLength, hash, macHash, macLength, kx });
}

// TLS 1.3 (RFC 8446 appendix B.4).
add(0x1301, 'TLS_AES_128_GCM_SHA256', 'tls13', 'gcm', 16, 'sha256');
add(0x1302, 'TLS_AES_256_GCM_SHA384', 'tls13', 'gcm', 32, 'sha384');
add(0x1303, 'TLS_CHACHA20_POLY1305_SHA256', 'tls13', 'chacha20', 32, 'sha256');

// TLS 1.2 AEAD (RFC 5288, RFC 5289, RFC 7905).
for (const [kx, base] of [
  ['rsa', 0x009c],
  ['dhe', 0x009e],
] as const) {
  const k = kx === 'rsa' ? 'RSA' : 'DHE_RSA';
  add(base, `TLS_${k}_WITH_AES_128_GCM_SHA256`, kx, 'gcm', 16, 'sha256');
  add(base + 1, `TLS_${k}_WITH_AES_256_GCM_SHA384`, kx, 'gcm', 32, 'sha384');
}
add(0xc02b, 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'ecdhe', 'gcm', 16, 'sha256');
add(0xc02c, 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'ecdhe', 'gcm', 32, 'sha384');
add(0xc02f, 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'ecdhe', 'gcm', 16, 'sha256');
add(0xc030, 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'ecdhe', 'gcm', 32, 'sha384');
add(0xcca8, 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 'ecdhe', 'chacha20', 32, 'sha256');
add(0xcca9, 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', 'ecdhe', 'chacha20', 32, 'sha256');
add(0xccaa, 'TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 'dhe', 'chacha20', 32, 'sha256');

// TLS 1.2 AES-CBC with HMAC (RFC 5246, RFC 4492, RFC 5289); the PRF is SHA-256 unless the name says SHA384.
add(0x002f, 'TLS_RSA_WITH_AES_128_CBC_SHA', 'rsa', 'cbc', 16, 'sha256', 'sha1');
add(0x0035, 'TLS_RSA_WITH_AES_256_CBC_SHA', 'rsa', 'cbc', 32, 'sha256', 'sha1');
add(0x003c, 'TLS_RSA_WITH_AES_128_CBC_SHA256', 'rsa', 'cbc', 16, 'sha256', 'sha256');
add(0x003d, 'TLS_RSA_WITH_AES_256_CBC_SHA256', 'rsa', 'cbc', 32, 'sha256', 'sha256');
add(0x0033, 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA', 'dhe', 'cbc', 16, 'sha256', 'sha1');
add(0x0039, 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA', 'dhe', 'cbc', 32, 'sha256', 'sha1');
add(0x0067, 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA256', 'dhe', 'cbc', 16, 'sha256', 'sha256');
add(0x006b, 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA256', 'dhe', 'cbc', 32, 'sha256', 'sha256');
add(0xc009, 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA', 'ecdhe', 'cbc', 16, 'sha256', 'sha1');
add(0xc00a, 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA', 'ecdhe', 'cbc', 32, 'sha256', 'sha1');
add(0xc013, 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 'ecdhe', 'cbc', 16, 'sha256', 'sha1');
add(0xc014, 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA', 'ecdhe', 'cbc', 32, 'sha256', 'sha1');
add(0xc023, 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256', 'ecdhe', 'cbc', 16, 'sha256', 'sha256');
add(0xc024, 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384', 'ecdhe', 'cbc', 32, 'sha384', 'sha384');
add(0xc027, 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256', 'ecdhe', 'cbc', 16, 'sha256', 'sha256');
add(0xc028, 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384', 'ecdhe', 'cbc', 32, 'sha384', 'sha384');

export const CIPHER_SUITES: ReadonlyMap<number, CipherSuite> = new Map(list.map((s) => [s.id, s]));

/** `0x1301` style name for a suite the node does not know (the `unsupported_cipher` case). */
export function suiteName(id: number): string {
  return CIPHER_SUITES.get(id)?.name ?? `0x${id.toString(16).padStart(4, '0')}`;
}

/** Known names of TLS versions; 0x0304 = TLS 1.3. */
export function versionName(v: number): string {
  switch (v) {
    case 0x0304:
      return '1.3';
    case 0x0303:
      return '1.2';
    case 0x0302:
      return '1.1';
    case 0x0301:
      return '1.0';
    case 0x0300:
      return 'ssl3';
    default:
      return `0x${v.toString(16).padStart(4, '0')}`;
  }
}
