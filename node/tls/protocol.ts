/**
 * TLS as an application protocol of the app layer (node/app-layer.ts, docs/design.md): claims a
 * connection whose first bytes are a TLS record header, reads it with a TlsConnection, and hands
 * the plaintext back to the app layer (`plaintext(conn, alpn)`).
 */
import { Probe, type AppProtocol, type PlaintextFactory } from '../app-layer';
import type { ConnectionInfo, Direction, StreamHandler } from '../reassembly/types';
import { createTlsCounters, type TlsCounters } from './counters';
import { TlsConnection, type TlsContext, type TlsLimits } from './connection';
import type { KeyStore } from './keylog';
import { isRecordHeader } from './record-reader';
import { SessionCache } from './session-cache';

export const DEFAULT_TLS_LIMITS: TlsLimits = { keyWaitSec: 10, keyWaitBytes: 1 << 20, maxHandshakeBytes: 65536, maxHosts: 10000 };

export class TlsProtocol implements AppProtocol {
  readonly name = 'tls';
  /** A record header and the handshake type: 6 bytes. */
  readonly probeBytes = 6;
  readonly counters: TlsCounters = createTlsCounters();
  private ctx: TlsContext | null = null;
  private readonly waiting = new Set<TlsConnection>();

  constructor(
    readonly store: KeyStore,
    private readonly limits: TlsLimits = DEFAULT_TLS_LIMITS,
  ) {}

  /** The app layer's plaintext factory (the app layer is made with this protocol in it, so it comes after). */
  attach(plaintext: PlaintextFactory, readsAlpn: (alpn: string | null) => boolean): void {
    this.ctx = {
      store: this.store,
      sessions: new SessionCache(this.store.limits.maxEntries),
      plaintext,
      readsAlpn,
      limits: this.limits,
      counters: this.counters,
      waiting: this.waiting,
    };
  }

  /**
   * A handshake record starting with a hello, or (capture started mid-connection) any record
   * type with a TLS version: no HTTP/1.x message starts with bytes 20-23.
   */
  probe(_dir: Direction, data: Buffer, _conn: ConnectionInfo): Probe {
    if (data.length < 3) return data[0] >= 20 && data[0] <= 23 && (data.length < 2 || data[1] === 3) ? Probe.NeedMore : Probe.No;
    if (!isRecordHeader(data, 0)) return Probe.No;
    if (data[0] !== 22) return Probe.Yes;
    if (data.length < 6) return Probe.NeedMore;
    return data[5] === 1 || data[5] === 2 ? Probe.Yes : Probe.No;
  }

  create(conn: ConnectionInfo): StreamHandler {
    if (this.ctx === null) throw new Error('TlsProtocol.attach() was not called');
    return new TlsConnection(conn, this.ctx);
  }

  /** End of input: every connection still waiting for keys ends its wait (counted as without keys). */
  endOfInput(): void {
    for (const c of [...this.waiting]) c.endWait();
  }

  expire(nowTs: number): void {
    this.store.expire();
    for (const c of [...this.waiting]) c.expire(nowTs);
  }
}
