/**
 * permessage-deflate (RFC 7692) for a passive reader: the negotiated parameters from the
 * handshake's answer, and one `MessageInflater` per direction built on node's zlib.
 *
 * Each compressed message ends on a sync flush (the 0x00 0x00 0xff 0xff tail the sender removed),
 * so the only state a sender carries between messages under context takeover is its sliding
 * window: inflating a message with the previous output's last 2^bits bytes as the preset
 * dictionary is the same as keeping one inflate stream (docs/websocket.md "Compression"). That
 * keeps inflation synchronous and lets the context be "unknown" after a gap: a message is then
 * inflated without a dictionary, and zlib refuses any reference to bytes before it ("invalid
 * distance too far back"), so a message is either inflated exactly or skipped, never guessed.
 */
import zlib from 'node:zlib';

const TAIL = Buffer.from([0x00, 0x00, 0xff, 0xff]);

export interface DeflateParams {
  /** Whether each sender resets its context after every message (…_no_context_takeover). */
  clientNoContextTakeover: boolean;
  serverNoContextTakeover: boolean;
  /** LZ77 window bits of each sender (…_max_window_bits, 15 when not given). */
  clientWindowBits: number;
  serverWindowBits: number;
}

/**
 * The permessage-deflate parameters the answer accepted (the first offer of it in
 * Sec-WebSocket-Extensions), or null when it accepted none.
 */
export function negotiatedDeflate(extensions: string[]): DeflateParams | null {
  for (const ext of extensions) {
    const parts = ext.split(';').map((p) => p.trim());
    if (parts[0].toLowerCase() !== 'permessage-deflate') continue;
    const params: DeflateParams = {
      clientNoContextTakeover: false,
      serverNoContextTakeover: false,
      clientWindowBits: 15,
      serverWindowBits: 15,
    };
    for (const p of parts.slice(1)) {
      const eq = p.indexOf('=');
      const name = (eq < 0 ? p : p.slice(0, eq)).trim().toLowerCase();
      const value =
        eq < 0
          ? null
          : Number(
              p
                .slice(eq + 1)
                .trim()
                .replace(/^"|"$/g, ''),
            );
      const bits = value !== null && Number.isInteger(value) && value >= 8 && value <= 15 ? value : 15;
      if (name === 'client_no_context_takeover') params.clientNoContextTakeover = true;
      else if (name === 'server_no_context_takeover') params.serverNoContextTakeover = true;
      else if (name === 'client_max_window_bits') params.clientWindowBits = bits;
      else if (name === 'server_max_window_bits') params.serverWindowBits = bits;
    }
    return params;
  }
  return null;
}

export type InflateResult =
  | { ok: true; data: Buffer }
  /** `unknownContext`: the message referred to bytes before it while the context was not known. */
  | { ok: false; reason: 'unknown_context' | 'corrupt' | 'too_large' };

/** One direction's decompression context. */
export class MessageInflater {
  /** The last output bytes known (the sender's window, or its newest part). */
  private window = Buffer.alloc(0);
  /** Whether `window` is all the sender may refer to (false after a gap or a join until a full window is known again). */
  private exact: boolean;
  private readonly windowBytes: number;
  private readonly zlibBits: number;

  /**
   * `contextTakeover`: the sender keeps its window across messages. `known`: the context is known
   * from the start (the handshake was seen).
   */
  constructor(
    private readonly contextTakeover: boolean,
    windowBits: number,
    private readonly maxOutput: number,
    known: boolean,
  ) {
    this.windowBytes = 2 ** windowBits;
    // zlib does not read raw streams with an 8-bit window; a 9-bit one reads them (RFC 7692 7.1.2.2).
    this.zlibBits = Math.max(9, windowBits);
    this.exact = known || !contextTakeover;
  }

  /** Whether the next message is certain to inflate (false: it is tried, and skipped if it refers to unknown bytes). */
  get contextKnown(): boolean {
    return this.exact;
  }

  /** The context is lost (a gap, a message not inflated): the next messages are tried without it. */
  lose(): void {
    if (!this.contextTakeover) return;
    this.window = Buffer.alloc(0);
    this.exact = false;
  }

  /** `complete`: the whole message is here (false: cut by the size cap or a gap; its output is partial). */
  inflate(payload: Buffer, complete: boolean): InflateResult {
    const exact = this.exact;
    let out: Buffer;
    try {
      out = zlib.inflateRawSync(complete ? Buffer.concat([payload, TAIL]) : payload, {
        windowBits: this.zlibBits,
        finishFlush: zlib.constants.Z_SYNC_FLUSH,
        maxOutputLength: Math.max(1, this.maxOutput),
        ...(this.window.length > 0 && { dictionary: this.window }),
      });
    } catch (err) {
      this.lose();
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return { ok: false, reason: 'too_large' };
      return { ok: false, reason: exact ? 'corrupt' : 'unknown_context' };
    }
    if (!complete) this.lose();
    else if (this.contextTakeover) this.slide(out);
    return { ok: true, data: out };
  }

  private slide(out: Buffer): void {
    const w = this.windowBytes;
    if (out.length >= w) this.window = Buffer.from(out.subarray(out.length - w));
    else {
      const prev = this.window;
      const keep = Math.min(prev.length, w - out.length);
      this.window = Buffer.concat([prev.subarray(prev.length - keep), out]);
    }
    if (this.window.length >= w) this.exact = true;
  }
}
