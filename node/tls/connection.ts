/**
 * One TLS connection (docs/tls.md): records framed per direction, the hellos parsed, keys looked
 * up by client random in the KeyStore (waiting a bounded time and size when they come after the
 * handshake), records decrypted, and the application data handed to the inner protocol
 * (HTTP/1.x or HTTP/2, as ALPN says) with `tls` on its ConnectionInfo.
 */
import type { PlaintextFactory } from '../app-layer';
import type { CloseReason, ConnectionInfo, Direction, StreamHandler, TlsInfo } from '../reassembly/types';
import type { TlsCounters, UndecryptedReason } from './counters';
import {
  HandshakeReader,
  HandshakeType,
  parseClientHello,
  parseEncryptedExtensions,
  parseNewSessionTicket12,
  parseServerHello,
  type ClientHello,
  type ServerHello,
} from './handshake';
import { keyBlock12, nextTrafficSecret, trafficKeys13 } from './key-schedule';
import type { KeyStore, SessionKeys } from './keylog';
import { RecordDecryptor } from './record-cipher';
import { ContentType, RecordReader, type RecordSink } from './record-reader';
import { CIPHER_SUITES, suiteName, versionName, type CipherSuite } from './suites';
import type { SessionCache } from './session-cache';
import { ownValue, setOwn } from '../own-keys';

export interface TlsLimits {
  /** tls.key_wait: seconds of capture time a connection waits for its keys after they are needed. */
  keyWaitSec: number;
  /** tls.key_wait_bytes: encrypted bytes buffered per connection while waiting. */
  keyWaitBytes: number;
  /** tls.max_handshake_bytes: longest handshake message read (longer ones are skipped). */
  maxHandshakeBytes: number;
  /** tls.max_hosts: distinct SNI names counted. */
  maxHosts: number;
}

/** What every TLS connection of one node shares. */
export interface TlsContext {
  readonly store: KeyStore;
  readonly sessions: SessionCache;
  readonly plaintext: PlaintextFactory;
  /** Whether the app layer reads this ALPN protocol (AppLayerFactory.readsAlpn). */
  readonly readsAlpn: (alpn: string | null) => boolean;
  readonly limits: TlsLimits;
  readonly counters: TlsCounters;
  /** Connections waiting for keys, for the key_wait sweep. */
  readonly waiting: Set<TlsConnection>;
}

const enum Phase {
  /** Before the keys are needed: plaintext handshake records. */
  Hello,
  /** Keys needed and not in the store: records are buffered. */
  Waiting,
  /** Keys known: records are decrypted. */
  Decrypting,
  /** Nothing more will be decrypted (reason counted). */
  Done,
}

/** Per wire direction. */
class Side {
  decryptor: RecordDecryptor | null = null;
  /** TLS 1.3: traffic secret in use once the handshake of this direction is over (for KeyUpdate). */
  secret: Buffer | null = null;
  /** TLS 1.3: keys not switched to application traffic yet. */
  inHandshake = true;
  /** TLS 1.3 without handshake secrets: records are tried with the application keys until one opens. */
  trial = false;
  /** A gap: this direction delivers nothing more. */
  dead = false;
  hs: HandshakeReader;
  reader: RecordReader;
  constructor(hs: HandshakeReader, reader: RecordReader) {
    this.hs = hs;
    this.reader = reader;
  }
}

export class TlsConnection implements StreamHandler {
  private phase = Phase.Hello;
  private readonly sides: [Side, Side];
  /** The wire direction that carried the ClientHello (0 unless reassembly guessed the roles wrong). */
  private clientDir: Direction = 0;
  private hello: ClientHello | null = null;
  private server: ServerHello | null = null;
  private suite: CipherSuite | null = null;
  private tls13 = false;
  private alpn: string | null = null;
  private inner: StreamHandler | null = null;
  private pending: Array<{ dir: Direction; header: Buffer; fragment: Buffer; ts: number }> = [];
  private pendingBytes = 0;
  private waitStart = 0;
  private unwatch: (() => void) | null = null;
  /** Closed while waiting for keys: the close is passed on once the wait ends. */
  private closedAt: { reason: CloseReason; ts: number } | null = null;
  private decryptedOnce = false;
  private hostKey: string | null = null;
  /** TLS 1.2: the master secret, kept to remember the session for resumption. */
  private master: Buffer | null = null;
  private ticket: Buffer | null = null;
  /** TLS 1.2: both directions' decryptors, each switched on at its own ChangeCipherSpec. */
  private armed: [RecordDecryptor, RecordDecryptor] | null = null;
  private finished = false;
  /** Records of the client that arrived before the server's hello (see holdBeforeHello). */
  private beforeHello: Array<{ dir: Direction; header: Buffer; fragment: Buffer; ts: number }> | null = null;
  private beforeHelloBytes = 0;
  private sessionKeys: SessionKeys | null = null;
  private alpnCounted = false;
  private sawEncryptedExtensions = false;

  constructor(
    private readonly conn: ConnectionInfo,
    private readonly ctx: TlsContext,
  ) {
    ctx.counters.connections++;
    this.sides = [this.makeSide(0), this.makeSide(1)];
  }

  private makeSide(dir: Direction): Side {
    const sink: RecordSink = {
      record: (header, fragment, ts) => this.onRecord(dir, header, fragment, ts),
      badRecord: () => this.giveUp('bad_record'),
    };
    return new Side(
      new HandshakeReader(this.ctx.limits.maxHandshakeBytes, (type, body, skipped) => this.onHandshake(dir, type, body, skipped)),
      new RecordReader(sink),
    );
  }

  // ------------------------------------------------------------------ StreamHandler

  onData(dir: Direction, buf: Buffer, offset: number, length: number, ts: number): void {
    this.sides[dir].reader.push(buf, offset, length, ts);
  }

  onGap(dir: Direction, length: number, ts: number): void {
    const side = this.sides[dir];
    if (side.dead) return;
    side.dead = true;
    if (this.phase === Phase.Decrypting && this.inner !== null) {
      this.inner.onGap(this.innerDir(dir), length, ts);
      if (this.sides[0].dead && this.sides[1].dead) this.giveUp('gap');
    } else {
      this.giveUp('gap');
    }
  }

  onClose(reason: CloseReason, ts: number): void {
    if (this.phase === Phase.Waiting) {
      this.closedAt = { reason, ts };
      return;
    }
    this.finish(reason, ts);
  }

  /** Capture-time sweep: a wait for keys longer than tls.key_wait ends. */
  expire(nowTs: number): void {
    if (this.phase !== Phase.Waiting) return;
    if (nowTs - this.waitStart < this.ctx.limits.keyWaitSec * 1e6) return;
    this.ctx.counters.keyWaitTimeouts++;
    this.giveUp(this.suite?.kx === 'rsa' ? 'rsa_key_exchange' : 'no_keys');
  }

  /** End of input: the wait ends now, without keys. */
  endWait(): void {
    if (this.phase === Phase.Waiting) this.giveUp(this.suite?.kx === 'rsa' ? 'rsa_key_exchange' : 'no_keys');
  }

  // ------------------------------------------------------------------ records

  /** `held`: a record buffered while waiting for keys, handled now (it was counted when it arrived). */
  private onRecord(dir: Direction, header: Buffer, fragment: Buffer, ts: number, held = false): void {
    if (!held) {
      const c = this.ctx.counters;
      c.records++;
      c.recordBytes += 5 + fragment.length;
    }
    const side = this.sides[dir];
    if (this.phase === Phase.Done || side.dead) return;
    if (this.phase === Phase.Waiting) return this.hold(dir, header, fragment, ts);
    const type = header[0];
    if (side.decryptor === null) this.onClearRecord(dir, side, type, header, fragment, ts);
    else this.onProtectedRecord(dir, side, header, fragment, ts);
    if (this.beforeHello !== null && this.server !== null && (this.phase as Phase) !== Phase.Done) this.replayBeforeHello();
  }

  /** A record before this direction's keys are in use. */
  private onClearRecord(dir: Direction, side: Side, type: number, header: Buffer, fragment: Buffer, ts: number): void {
    if (type === ContentType.Handshake) {
      side.hs.push(fragment);
      return;
    }
    if (type === ContentType.ChangeCipherSpec) {
      // TLS 1.2: what follows in this direction is protected. TLS 1.3: compatibility noise.
      if (this.server !== null && !this.tls13) this.startKeys(dir, header, fragment, ts);
      return;
    }
    if (type !== ContentType.ApplicationData) return;
    if (this.hello === null) return this.giveUp('no_handshake');
    if (this.server === null) {
      // TLS 1.3 0-RTT data, sent before the server's hello.
      if (this.hello.earlyData && dir === this.clientDir) this.ctx.counters.earlyDataSkipped++;
      // Or the mirror showed the client's records before the server's hello (directions captured
      // apart): held until the hello, within tls.key_wait_bytes.
      else this.holdBeforeHello(dir, header, fragment, ts);
      return;
    }
    if (this.tls13) this.startKeys(dir, header, fragment, ts);
  }

  private holdBeforeHello(dir: Direction, header: Buffer, fragment: Buffer, ts: number): void {
    const early = (this.beforeHello ??= []);
    this.beforeHelloBytes += 5 + fragment.length;
    if (this.beforeHelloBytes > this.ctx.limits.keyWaitBytes) return this.giveUp('no_handshake');
    early.push({ dir, header: Buffer.from(header), fragment: Buffer.from(fragment), ts });
  }

  /** After the server's hello: the records that came before it, in their order. */
  private replayBeforeHello(): void {
    const early = this.beforeHello!;
    this.beforeHello = null;
    this.beforeHelloBytes = 0;
    for (const r of early) this.onRecord(r.dir, r.header, r.fragment, r.ts, true);
  }

  private onProtectedRecord(dir: Direction, side: Side, header: Buffer, fragment: Buffer, ts: number): void {
    const dec = side.decryptor!;
    if (header[0] === ContentType.ChangeCipherSpec && this.tls13) return;
    const plain = dec.decrypt(header, fragment);
    if (plain === null) {
      if (side.trial || (this.tls13 && side.inHandshake && dir === this.clientDir && this.hello?.earlyData)) {
        // Not this key: a handshake record (no handshake secrets) or rejected 0-RTT data.
        dec.seq--;
        if (!side.trial) this.ctx.counters.earlyDataSkipped++;
        return;
      }
      return this.giveUp('decrypt_failure');
    }
    side.trial = false;
    if (plain.type === ContentType.Handshake) side.hs.push(plain.data);
    else if (plain.type === ContentType.ApplicationData) this.deliver(dir, plain.data, ts);
  }

  // ------------------------------------------------------------------ handshake

  private onHandshake(dir: Direction, type: number, body: Buffer, skipped: boolean): void {
    if (skipped) {
      this.ctx.counters.handshakeTooLarge++;
      if (type === HandshakeType.ClientHello || type === HandshakeType.ServerHello) this.giveUp('bad_record');
      return;
    }
    switch (type) {
      case HandshakeType.ClientHello:
        return this.onClientHello(dir, body);
      case HandshakeType.ServerHello:
        return this.onServerHello(body);
      case HandshakeType.EncryptedExtensions:
        this.sawEncryptedExtensions = true;
        this.alpn = parseEncryptedExtensions(body) ?? this.alpn;
        return;
      case HandshakeType.NewSessionTicket:
        if (!this.tls13) this.rememberTicket(body);
        return;
      case HandshakeType.Finished:
        if (this.tls13) this.toTrafficKeys(dir);
        return;
      case HandshakeType.KeyUpdate:
        if (this.tls13) this.keyUpdate(dir);
        return;
    }
  }

  private onClientHello(dir: Direction, body: Buffer): void {
    if (this.hello !== null) return; // the second hello after a HelloRetryRequest keeps the random
    const hello = parseClientHello(body);
    if (hello === null) return this.giveUp('bad_record');
    this.hello = hello;
    this.clientDir = dir;
    const c = this.ctx.counters;
    const host = hello.sni ?? '-';
    const known = ownValue(c.hosts, host);
    if (known !== undefined || Object.keys(c.hosts).length < this.ctx.limits.maxHosts) {
      (known ?? setOwn(c.hosts, host, { connections: 0, decrypted: 0 })).connections++;
      this.hostKey = host;
    } else {
      c.hostsOverflow++;
    }
  }

  private onServerHello(body: Buffer): void {
    const sh = parseServerHello(body);
    if (sh === null || this.hello === null) return this.giveUp(this.hello === null ? 'no_handshake' : 'bad_record');
    if (sh.helloRetry) return;
    this.server = sh;
    const c = this.ctx.counters;
    const version = versionName(sh.version);
    c.versions[version] = (c.versions[version] ?? 0) + 1;
    this.alpn = sh.alpn;
    this.tls13 = sh.version === 0x0304;
    if (sh.version !== 0x0303 && !this.tls13) return this.giveUp('unsupported_version');
    const suite = CIPHER_SUITES.get(sh.cipherSuite);
    if (suite === undefined || (suite.kx === 'tls13') !== this.tls13) return this.giveUp('unsupported_cipher');
    this.suite = suite;
  }

  private rememberTicket(body: Buffer): void {
    this.ticket = parseNewSessionTicket12(body);
    if (this.ticket !== null && this.master !== null) this.ctx.sessions.rememberTicket(this.ticket, this.master);
  }

  /** TLS 1.3: this direction's handshake is over; application traffic keys from now on. */
  private toTrafficKeys(dir: Direction): void {
    const side = this.sides[dir];
    if (!side.inHandshake) return;
    side.inHandshake = false;
    // The secrets the keys were set up from (the store may have dropped them since).
    const keys = this.sessionKeys;
    const secret = dir === this.clientDir ? keys?.clientTraffic : keys?.serverTraffic;
    if (secret === undefined) return this.giveUp('no_keys');
    side.secret = secret;
    side.decryptor = new RecordDecryptor(this.suite!, trafficKeys13(this.suite!, secret), true, false);
  }

  private keyUpdate(dir: Direction): void {
    const side = this.sides[dir];
    if (side.secret === null) return;
    this.ctx.counters.keyUpdates++;
    side.secret = nextTrafficSecret(this.suite!, side.secret);
    side.decryptor = new RecordDecryptor(this.suite!, trafficKeys13(this.suite!, side.secret), true, false);
  }

  // ------------------------------------------------------------------ keys

  /**
   * The first protected record of a direction (TLS 1.3), or its ChangeCipherSpec (TLS 1.2): the
   * keys are set up from the store, or the connection waits for them (this record and the ones
   * after are held).
   */
  private startKeys(dir: Direction, header: Buffer, fragment: Buffer, ts: number): void {
    if (this.phase === Phase.Hello) {
      if (!this.keysComplete()) return this.wait(dir, header, fragment, ts);
      this.phase = Phase.Decrypting;
      this.setUpKeys();
    }
    if (this.phase !== Phase.Decrypting) return;
    if (header[0] === ContentType.ChangeCipherSpec) {
      // TLS 1.2: from this record on, this direction is protected.
      const side = this.sides[dir];
      side.decryptor = this.armed![dir];
      return;
    }
    this.onRecord(dir, header, fragment, ts, true);
  }

  private keys(): SessionKeys | undefined {
    return this.ctx.store.get(this.hello!.random);
  }

  private keysComplete(): boolean {
    const k = this.keys();
    if (this.tls13) return k?.clientTraffic !== undefined && k.serverTraffic !== undefined;
    return k?.master !== undefined || this.resumedMaster() !== null;
  }

  /** TLS 1.2: a master secret remembered from the session this connection resumes. */
  private resumedMaster(): Buffer | null {
    const h = this.hello!;
    const s = this.server!;
    if (s.sessionId.length > 0 && s.sessionId.equals(h.sessionId)) {
      const m =
        this.ctx.sessions.bySessionId(s.sessionId) ?? (h.ticket && h.ticket.length ? this.ctx.sessions.byTicket(h.ticket) : null);
      if (m !== null) return m;
    }
    return null;
  }

  private setUpKeys(): void {
    const suite = this.suite!;
    const keys = this.keys();
    this.sessionKeys = keys ?? null;
    const h = this.hello!;
    const s = this.server!;
    const client = this.sides[this.clientDir];
    const server = this.sides[this.clientDir === 0 ? 1 : 0];
    if (this.tls13) {
      for (const [side, hs, traffic] of [
        [client, keys!.clientHandshake, keys!.clientTraffic],
        [server, keys!.serverHandshake, keys!.serverTraffic],
      ] as const) {
        if (hs !== undefined) {
          side.decryptor = new RecordDecryptor(suite, trafficKeys13(suite, hs), true, false);
        } else {
          // Without handshake secrets the handshake records are skipped until the application keys open one.
          side.inHandshake = false;
          side.trial = true;
          side.secret = traffic!;
          side.decryptor = new RecordDecryptor(suite, trafficKeys13(suite, traffic!), true, false);
        }
      }
      return;
    }
    const resumed = s.sessionId.length > 0 && s.sessionId.equals(h.sessionId);
    if (resumed) this.ctx.counters.resumed++;
    const master = keys?.master ?? this.resumedMaster()!;
    this.master = master;
    if (s.sessionId.length > 0) this.ctx.sessions.rememberSessionId(s.sessionId, master);
    if (this.ticket !== null) this.ctx.sessions.rememberTicket(this.ticket, master);
    const etm = suite.protection === 'cbc' && h.encryptThenMac && s.encryptThenMac;
    const block = keyBlock12(suite, master, h.random, s.random);
    const c = new RecordDecryptor(suite, block.client, false, etm);
    const sv = new RecordDecryptor(suite, block.server, false, etm);
    this.armed = this.clientDir === 0 ? [c, sv] : [sv, c];
    client.inHandshake = server.inHandshake = false;
  }

  private wait(dir: Direction, header: Buffer, fragment: Buffer, ts: number): void {
    this.phase = Phase.Waiting;
    this.waitStart = ts;
    this.ctx.counters.keyWaits++;
    this.ctx.waiting.add(this);
    this.unwatch = this.ctx.store.watch(this.hello!.random, () => this.keysArrived());
    this.hold(dir, header, fragment, ts);
  }

  private hold(dir: Direction, header: Buffer, fragment: Buffer, ts: number): void {
    this.pendingBytes += 5 + fragment.length;
    if (this.pendingBytes > this.ctx.limits.keyWaitBytes) {
      this.ctx.counters.keyWaitOverflows++;
      return this.giveUp(this.suite?.kx === 'rsa' ? 'rsa_key_exchange' : 'no_keys');
    }
    this.pending.push({ dir, header: Buffer.from(header), fragment: Buffer.from(fragment), ts });
  }

  private keysArrived(): void {
    if (this.phase !== Phase.Waiting || !this.keysComplete()) return;
    this.stopWaiting();
    this.phase = Phase.Hello;
    const held = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    for (const r of held) this.onRecord(r.dir, r.header, r.fragment, r.ts, true);
    if (this.closedAt !== null) this.finish(this.closedAt.reason, this.closedAt.ts);
  }

  private stopWaiting(): void {
    this.unwatch?.();
    this.unwatch = null;
    this.ctx.waiting.delete(this);
  }

  // ------------------------------------------------------------------ plaintext

  private deliver(dir: Direction, data: Buffer, ts: number): void {
    if (data.length === 0) return;
    const c = this.ctx.counters;
    if (!this.decryptedOnce) {
      const alpn = this.alpn ?? (this.hello!.alpn.length === 1 ? this.hello!.alpn[0] : null);
      this.countAlpn(alpn);
      if (!this.ctx.readsAlpn(alpn)) return this.giveUp('unsupported_alpn');
      this.decryptedOnce = true;
      c.decrypted++;
      if (this.hostKey !== null) ownValue(c.hosts, this.hostKey)!.decrypted++;
      this.inner = this.ctx.plaintext(this.innerConn(), alpn);
    }
    c.plaintextBytes += data.length;
    this.inner!.onData(this.innerDir(dir), data, 0, data.length, ts);
  }

  /**
   * Once per connection that got a ServerHello: the negotiated ALPN (`-` none). TLS 1.3 sends it
   * encrypted: `?` when the connection was not decrypted.
   */
  private countAlpn(alpn: string | null): void {
    if (this.alpnCounted || this.server === null) return;
    this.alpnCounted = true;
    const a = alpn ?? (this.tls13 && !this.sawEncryptedExtensions ? '?' : '-');
    setOwn(this.ctx.counters.alpn, a, (ownValue(this.ctx.counters.alpn, a) ?? 0) + 1);
  }

  private innerConn(): ConnectionInfo {
    const tls: TlsInfo = {
      version: versionName(this.server!.version),
      cipher: suiteName(this.server!.cipherSuite),
      sni: this.hello!.sni,
    };
    const conn = this.conn;
    if (this.clientDir === 0) return { ...conn, tls };
    return { ...conn, client: conn.server, server: conn.client, tls };
  }

  private innerDir(dir: Direction): Direction {
    return dir === this.clientDir ? 0 : 1;
  }

  // ------------------------------------------------------------------ endings

  private giveUp(reason: UndecryptedReason): void {
    if (this.phase === Phase.Done) return;
    const wasWaiting = this.phase === Phase.Waiting;
    this.phase = Phase.Done;
    this.stopWaiting();
    this.pending = [];
    this.pendingBytes = 0;
    this.beforeHello = null;
    if (!this.decryptedOnce) this.ctx.counters.undecrypted[reason]++;
    this.countAlpn(this.alpn);
    if (wasWaiting && this.closedAt !== null) this.finish(this.closedAt.reason, this.closedAt.ts);
  }

  private finish(reason: CloseReason, ts: number): void {
    if (this.finished) return;
    this.finished = true;
    // Ended without a reason given earlier: no application data was sent (or none was needed).
    if (this.phase !== Phase.Done && !this.decryptedOnce)
      this.ctx.counters.undecrypted[this.hello === null ? 'no_handshake' : 'handshake_only']++;
    this.countAlpn(this.alpn);
    this.phase = Phase.Done;
    this.inner?.onClose(reason, ts);
    this.inner = null;
  }
}
