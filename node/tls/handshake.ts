/**
 * TLS handshake messages (RFC 8446 section 4, RFC 5246 section 7.4): the reader that joins them
 * across records (a message may span records, a record may hold several), and the pure parsers of
 * the hello messages. Malformed input yields null, never an exception.
 */

export const enum HandshakeType {
  ClientHello = 1,
  ServerHello = 2,
  NewSessionTicket = 4,
  EncryptedExtensions = 8,
  Certificate = 11,
  Finished = 20,
  KeyUpdate = 24,
}

export interface ClientHello extends HelloExtensions {
  random: Buffer;
  sessionId: Buffer;
  cipherSuites: number[];
}

export interface ServerHello {
  random: Buffer;
  sessionId: Buffer;
  cipherSuite: number;
  /** The negotiated version: supported_versions when present, else legacy_version. */
  version: number;
  alpn: string | null;
  encryptThenMac: boolean;
  /** The client asked for another ClientHello (RFC 8446 section 4.1.4). */
  helloRetry: boolean;
}

const HELLO_RETRY_RANDOM = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');

/** A bounds-checked cursor over one message body; any overrun throws RangeError, caught by the parsers. */
class Cursor {
  p = 0;
  constructor(
    private readonly b: Buffer,
    readonly end = b.length,
  ) {}
  u8(): number {
    if (this.p + 1 > this.end) throw new RangeError();
    return this.b[this.p++];
  }
  u16(): number {
    if (this.p + 2 > this.end) throw new RangeError();
    const v = this.b.readUInt16BE(this.p);
    this.p += 2;
    return v;
  }
  bytes(n: number): Buffer {
    if (this.p + n > this.end) throw new RangeError();
    const v = this.b.subarray(this.p, this.p + n);
    this.p += n;
    return v;
  }
  vec8(): Buffer {
    return this.bytes(this.u8());
  }
  vec16(): Buffer {
    return this.bytes(this.u16());
  }
  get left(): number {
    return this.end - this.p;
  }
}

/** What the node reads of a hello's extensions. */
export interface HelloExtensions {
  /** server_name, lower-cased; null when absent. */
  sni: string | null;
  alpn: string[];
  /** supported_versions, or empty when the extension is absent. */
  versions: number[];
  /** session_ticket extension: null when absent, else the ticket (empty = asks for a new one). */
  ticket: Buffer | null;
  encryptThenMac: boolean;
  /** early_data extension: the client sends 0-RTT data (not decrypted; docs/tls.md). */
  earlyData: boolean;
}

function parseExtensions(c: Cursor, server: boolean): HelloExtensions {
  const out: HelloExtensions = { sni: null, alpn: [], versions: [], ticket: null, encryptThenMac: false, earlyData: false };
  if (c.left === 0) return out;
  const all = new Cursor(c.vec16());
  while (all.left > 0) {
    const type = all.u16();
    const data = all.vec16();
    const e = new Cursor(data);
    switch (type) {
      case 0: // server_name
        if (data.length === 0) break;
        for (const list = new Cursor(e.vec16()); list.left > 0;) {
          const kind = list.u8();
          const name = list.vec16();
          if (kind === 0 && out.sni === null) out.sni = name.toString('latin1').toLowerCase();
        }
        break;
      case 16: // application_layer_protocol_negotiation
        for (const list = new Cursor(e.vec16()); list.left > 0;) out.alpn.push(list.vec8().toString('latin1'));
        break;
      case 43: // supported_versions
        if (server) out.versions.push(e.u16());
        else for (const list = new Cursor(e.vec8()); list.left > 0;) out.versions.push(list.u16());
        break;
      case 35: // session_ticket
        out.ticket = Buffer.from(data);
        break;
      case 22: // encrypt_then_mac
        out.encryptThenMac = true;
        break;
      case 42: // early_data
        out.earlyData = true;
        break;
    }
  }
  return out;
}

export function parseClientHello(body: Buffer): ClientHello | null {
  try {
    const c = new Cursor(body);
    c.u16();
    const random = Buffer.from(c.bytes(32));
    const sessionId = Buffer.from(c.vec8());
    const suites = new Cursor(c.vec16());
    const cipherSuites: number[] = [];
    while (suites.left > 0) cipherSuites.push(suites.u16());
    c.vec8();
    return { random, sessionId, cipherSuites, ...parseExtensions(c, false) };
  } catch {
    return null;
  }
}

export function parseServerHello(body: Buffer): ServerHello | null {
  try {
    const c = new Cursor(body);
    const legacy = c.u16();
    const random = Buffer.from(c.bytes(32));
    const sessionId = Buffer.from(c.vec8());
    const cipherSuite = c.u16();
    c.u8();
    const ext = parseExtensions(c, true);
    return {
      random,
      sessionId,
      cipherSuite,
      version: ext.versions.length ? ext.versions[0] : legacy,
      alpn: ext.alpn.length ? ext.alpn[0] : null,
      encryptThenMac: ext.encryptThenMac,
      helloRetry: random.equals(HELLO_RETRY_RANDOM),
    };
  } catch {
    return null;
  }
}

/** TLS 1.3 EncryptedExtensions: the selected ALPN protocol, if any. */
export function parseEncryptedExtensions(body: Buffer): string | null {
  try {
    const ext = parseExtensions(new Cursor(body), true);
    return ext.alpn.length ? ext.alpn[0] : null;
  } catch {
    return null;
  }
}

/** TLS 1.2 NewSessionTicket (RFC 5077 section 3.3): the ticket. */
export function parseNewSessionTicket12(body: Buffer): Buffer | null {
  try {
    const c = new Cursor(body);
    c.bytes(4);
    return Buffer.from(c.vec16());
  } catch {
    return null;
  }
}

/**
 * Joins handshake messages across records. Messages longer than `maxMessageBytes` are skipped
 * without being buffered (their header is still reported, with an empty body and `skipped`).
 */
export class HandshakeReader {
  private pending: Buffer | null = null;
  /** Bytes still to skip of an oversized message. */
  private skip = 0;

  constructor(
    private readonly maxMessageBytes: number,
    private readonly onMessage: (type: number, body: Buffer, skipped: boolean) => void,
  ) {}

  push(data: Buffer): void {
    if (this.skip > 0) {
      const n = Math.min(this.skip, data.length);
      this.skip -= n;
      data = data.subarray(n);
      if (data.length === 0) return;
    }
    const buf = this.pending === null ? data : Buffer.concat([this.pending, data]);
    this.pending = null;
    let p = 0;
    while (buf.length - p >= 4) {
      const type = buf[p];
      const length = buf.readUIntBE(p + 1, 3);
      if (length > this.maxMessageBytes) {
        this.onMessage(type, Buffer.alloc(0), true);
        const here = Math.min(length, buf.length - p - 4);
        this.skip = length - here;
        p += 4 + here;
        if (this.skip > 0) return;
        continue;
      }
      if (buf.length - p - 4 < length) break;
      this.onMessage(type, buf.subarray(p + 4, p + 4 + length), false);
      p += 4 + length;
    }
    if (p < buf.length) this.pending = Buffer.from(buf.subarray(p));
  }

  /** Bytes of a partial message held. */
  get held(): number {
    return this.pending?.length ?? 0;
  }
}
