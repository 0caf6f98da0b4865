/** What reassembly tells the application layer about one TCP connection. */
export interface Endpoint {
  /** Printable address: dotted IPv4 or RFC 5952 IPv6 (no brackets). */
  ip: string;
  port: number;
}

export interface ConnectionInfo {
  /** Unique per process run, increasing in order of first packet. */
  id: number;
  /** The side that opened the connection (SYN sender), or the best guess when seen mid-stream. */
  client: Endpoint;
  server: Endpoint;
  /** VIDs, outermost first (empty when untagged). */
  vlan: number[];
  /** VXLAN VNI, or null. */
  vni: number | null;
  /** True when the handshake was not seen (capture started mid-connection). */
  midstream: boolean;
  /** Time of the first packet, microseconds since the epoch. */
  firstTs: number;
  /** Set on the plaintext carried inside TLS (node/tls): what protected it. */
  tls?: TlsInfo;
}

/** The TLS session a decrypted connection was carried in (the `tls` field of records, docs/records.md). */
export interface TlsInfo {
  /** `1.2` or `1.3`. */
  version: string;
  /** IANA cipher suite name, e.g. `TLS_AES_128_GCM_SHA256`. */
  cipher: string;
  /** server_name from the ClientHello, lower-cased; null when the client sent none. */
  sni: string | null;
}

/** 0 = client to server (requests), 1 = server to client (responses). */
export type Direction = 0 | 1;

export type CloseReason = 'fin' | 'rst' | 'idle' | 'evicted' | 'end' | 'shed';

/**
 * Receives one connection's reassembled byte streams, in order, per direction. `buf` is only
 * valid during the call: copy what must be kept.
 */
export interface StreamHandler {
  onData(dir: Direction, buf: Buffer, offset: number, length: number, ts: number): void;
  /** `length` bytes of this direction were lost (capture loss, cap eviction); data resumes after. */
  onGap(dir: Direction, length: number, ts: number): void;
  /** Called once; no calls follow. */
  onClose(reason: CloseReason, ts: number): void;
  /**
   * Instead of onClose: the connection is dropped unfinished (drop_on_overload cut it, see
   * StreamReassembler.forget): forget it without reporting anything more of it. No calls follow.
   */
  onAbort?(): void;
}

export type StreamHandlerFactory = (conn: ConnectionInfo) => StreamHandler;
