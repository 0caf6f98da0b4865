/** TLS counters (docs/tls.md lists each one; docs/operations.md the metrics they feed). */

/** Why a TLS connection's application data was not decrypted: one counter per reason. */
export const UNDECRYPTED_REASONS = [
  /** No key-log secrets for its client random within tls.key_wait / tls.key_wait_bytes. */
  'no_keys',
  /** RSA key exchange and no key-log secret (the server's private key is not used by the node). */
  'rsa_key_exchange',
  /** A cipher suite the node does not decrypt (docs/tls.md lists those it does). */
  'unsupported_cipher',
  /** SSL 3.0, TLS 1.0 or 1.1. */
  'unsupported_version',
  /** A record did not authenticate with the keys (wrong or stale key log, corrupt capture). */
  'decrypt_failure',
  /** The handshake was not seen (capture started mid-connection). */
  'no_handshake',
  /** Bytes lost in the capture: the record framing cannot be found again. */
  'gap',
  /** Decrypted, but the application protocol (ALPN, e.g. `h2`) has no reader in this node. */
  'unsupported_alpn',
  /** The connection ended before any application data (a failed or abandoned handshake). */
  'handshake_only',
  /** Not TLS after all (a record header out of bounds), or a hello that does not parse. */
  'bad_record',
] as const;
export type UndecryptedReason = (typeof UNDECRYPTED_REASONS)[number];

export interface TlsHostCounts {
  connections: number;
  decrypted: number;
}

export interface TlsCounters {
  /** Connections read as TLS. */
  connections: number;
  /** Connections whose application data was decrypted (at least one record). */
  decrypted: number;
  /** Connections not decrypted, by reason (each counted once, with its first reason). */
  undecrypted: Record<UndecryptedReason, number>;
  /** By negotiated version (`1.2`, `1.3`, ...). */
  versions: Record<string, number>;
  /** TLS records read, and their bytes (headers included). */
  records: number;
  recordBytes: number;
  /** Plaintext bytes of application data handed to HTTP. */
  plaintextBytes: number;
  /** TLS 1.2 connections resumed (session id or ticket). */
  resumed: number;
  /** TLS 1.3 KeyUpdate messages followed. */
  keyUpdates: number;
  /** Connections that waited for keys after their handshake (keys not there yet). */
  keyWaits: number;
  /** Waits that ended because tls.key_wait passed / tls.key_wait_bytes were buffered. */
  keyWaitTimeouts: number;
  keyWaitOverflows: number;
  /** TLS 1.3 0-RTT records skipped (early data is not decrypted). */
  earlyDataSkipped: number;
  /** Handshake messages longer than tls.max_handshake_bytes (skipped). */
  handshakeTooLarge: number;
  /** Hosts seen on TLS (SNI; `-` without SNI), at most tls.max_hosts. */
  hosts: Record<string, TlsHostCounts>;
  /** Connections whose SNI was not added because tls.max_hosts hosts are listed. */
  hostsOverflow: number;
  /** Connections by negotiated ALPN protocol (`-` none; `?` TLS 1.3 not decrypted: its ALPN is encrypted). */
  alpn: Record<string, number>;
}

export function createTlsCounters(): TlsCounters {
  return {
    connections: 0,
    decrypted: 0,
    undecrypted: Object.fromEntries(UNDECRYPTED_REASONS.map((r) => [r, 0])) as Record<UndecryptedReason, number>,
    versions: {},
    records: 0,
    recordBytes: 0,
    plaintextBytes: 0,
    resumed: 0,
    keyUpdates: 0,
    keyWaits: 0,
    keyWaitTimeouts: 0,
    keyWaitOverflows: 0,
    earlyDataSkipped: 0,
    handshakeTooLarge: 0,
    hosts: {},
    hostsOverflow: 0,
    alpn: {},
  };
}
