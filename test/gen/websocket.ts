/**
 * WebSocket bytes for generated captures (RFC 6455 frames, RFC 7692 compression) and the opening
 * handshake. The live tests check the same parser against the npm `ws` implementation.
 */
import zlib from 'node:zlib';

export interface FrameOptions {
  fin?: boolean;
  rsv1?: boolean;
  /** Masking key (client frames); none for server frames. */
  mask?: Buffer | null;
}

/** One frame: header (shortest length encoding), masking key, masked payload. */
export function frame(opcode: number, payload: Buffer | string, o: FrameOptions = {}): Buffer {
  const data = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const fin = o.fin ?? true;
  const mask = o.mask ?? null;
  const n = data.length;
  const len =
    n < 126
      ? [n]
      : n < 65536
        ? [126, n >> 8, n & 0xff]
        : [127, 0, 0, 0, 0, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  const head = Buffer.from([(fin ? 0x80 : 0) | (o.rsv1 ? 0x40 : 0) | opcode, (mask ? 0x80 : 0) | len[0], ...len.slice(1)]);
  if (mask === null) return Buffer.concat([head, data]);
  const masked = Buffer.alloc(n);
  for (let i = 0; i < n; i++) masked[i] = data[i] ^ mask[i & 3];
  return Buffer.concat([head, mask, masked]);
}

export const CLIENT_MASK = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);

/** A client text message (masked), optionally cut in `parts` fragments. */
export function clientText(text: string, parts = 1, mask: Buffer = CLIENT_MASK): Buffer {
  return fragments(1, Buffer.from(text), parts, mask, false);
}

export function serverText(text: string, parts = 1): Buffer {
  return fragments(1, Buffer.from(text), parts, null, false);
}

/** A message of `opcode` in `parts` frames (the first with the opcode, then continuations). */
export function fragments(opcode: number, data: Buffer, parts: number, mask: Buffer | null, rsv1: boolean): Buffer {
  const size = Math.ceil(data.length / parts);
  const out: Buffer[] = [];
  for (let i = 0; i < parts; i++) {
    const piece = data.subarray(i * size, Math.min(data.length, (i + 1) * size));
    out.push(frame(i === 0 ? opcode : 0, piece, { fin: i === parts - 1, rsv1: rsv1 && i === 0, mask }));
  }
  return Buffer.concat(out);
}

export function closeFrame(code: number, reason: string, mask: Buffer | null): Buffer {
  const p = Buffer.alloc(2 + Buffer.byteLength(reason));
  p.writeUInt16BE(code, 0);
  p.write(reason, 2);
  return frame(8, p, { mask });
}

/**
 * permessage-deflate for one sender: each message deflated with a sync flush and the 4-byte tail
 * removed (RFC 7692 7.2.1); with context takeover the previous messages are the preset
 * dictionary (the sender's window), which is what a sender keeping its stream produces.
 */
export class MessageDeflater {
  private window = Buffer.alloc(0);

  constructor(
    private readonly contextTakeover: boolean,
    private readonly windowBits = 15,
  ) {}

  compress(text: string | Buffer): Buffer {
    const data = typeof text === 'string' ? Buffer.from(text) : text;
    const out = zlib.deflateRawSync(data, {
      windowBits: Math.max(9, this.windowBits),
      finishFlush: zlib.constants.Z_SYNC_FLUSH,
      ...(this.contextTakeover && this.window.length > 0 && { dictionary: this.window }),
    });
    if (this.contextTakeover) {
      const all = Buffer.concat([this.window, data]);
      this.window = all.subarray(Math.max(0, all.length - 2 ** this.windowBits));
    }
    return out.subarray(0, out.length - 4);
  }
}

/** The opening handshake: the client's GET with Upgrade, the server's 101. */
export function handshake(opts: { path?: string; host?: string; protocol?: string; extensions?: string; headers?: string } = {}) {
  const request =
    `GET ${opts.path ?? '/chat'} HTTP/1.1\r\nHost: ${opts.host ?? 'chat.test'}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n` +
    (opts.protocol ? `Sec-WebSocket-Protocol: ${opts.protocol}\r\n` : '') +
    (opts.extensions ? `Sec-WebSocket-Extensions: ${opts.extensions}\r\n` : '') +
    (opts.headers ?? '') +
    '\r\n';
  const response =
    `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n` +
    (opts.protocol ? `Sec-WebSocket-Protocol: ${opts.protocol}\r\n` : '') +
    (opts.extensions ? `Sec-WebSocket-Extensions: ${opts.extensions}\r\n` : '') +
    '\r\n';
  return { request, response };
}
