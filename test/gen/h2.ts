/**
 * HTTP/2 bytes for generated captures: frames (RFC 9113 section 4) and a plain HPACK encoder
 * (literals and static-table indexes, optionally Huffman and incremental indexing). Deliberately
 * simple: the Huffman and dynamic-table paths are also tested against bytes from real encoders
 * (Node's http2, which is nghttp2, and the nghttp2/curl live tests), not only this one.
 */
import { huffmanEncode } from '../../node/http2/huffman';
import { STATIC_TABLE } from '../../node/http2/rfc7541-tables';
import type { HeaderList } from '../../node/http/types';

export const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');
export const T = {
  DATA: 0,
  HEADERS: 1,
  PRIORITY: 2,
  RST_STREAM: 3,
  SETTINGS: 4,
  PUSH_PROMISE: 5,
  PING: 6,
  GOAWAY: 7,
  WINDOW_UPDATE: 8,
  CONTINUATION: 9,
} as const;
export const F = { END_STREAM: 1, ACK: 1, END_HEADERS: 4, PADDED: 8, PRIORITY: 0x20 } as const;

export function frame(type: number, flags: number, streamId: number, payload: Buffer | string = Buffer.alloc(0)): Buffer {
  const p = typeof payload === 'string' ? Buffer.from(payload, 'latin1') : payload;
  const h = Buffer.alloc(9);
  h.writeUIntBE(p.length, 0, 3);
  h[3] = type;
  h[4] = flags;
  h.writeUInt32BE(streamId, 5);
  return Buffer.concat([h, p]);
}

export function settings(entries: Array<[number, number]> = []): Buffer {
  const p = Buffer.alloc(entries.length * 6);
  entries.forEach(([id, v], i) => {
    p.writeUInt16BE(id, i * 6);
    p.writeUInt32BE(v, i * 6 + 2);
  });
  return frame(T.SETTINGS, 0, 0, p);
}

function int(value: number, prefixBits: number, first: number): number[] {
  const max = (1 << prefixBits) - 1;
  if (value < max) return [first | value];
  const out = [first | max];
  value -= max;
  while (value >= 128) {
    out.push((value % 128) | 128);
    value = Math.floor(value / 128);
  }
  out.push(value);
  return out;
}

function str(s: string, huffman: boolean): Buffer {
  const raw = huffman ? huffmanEncode(s) : Buffer.from(s, 'latin1');
  return Buffer.concat([Buffer.from(int(raw.length, 7, huffman ? 0x80 : 0)), raw]);
}

export interface EncodeOptions {
  huffman?: boolean;
  /** Literal with incremental indexing (adds to the decoder's dynamic table). */
  index?: boolean;
}

/** One field: a full static-table match as an index, else a literal (static name index when one exists). */
export function field(name: string, value: string, o: EncodeOptions = {}): Buffer {
  const full = STATIC_TABLE.findIndex(([n, v], i) => i > 0 && n === name && v === value);
  if (full > 0) return Buffer.from(int(full, 7, 0x80));
  const nameIdx = STATIC_TABLE.findIndex(([n], i) => i > 0 && n === name);
  const head = o.index ? int(Math.max(nameIdx, 0), 6, 0x40) : int(Math.max(nameIdx, 0), 4, 0x00);
  const parts: Buffer[] = [Buffer.from(head)];
  if (nameIdx <= 0) parts.push(str(name, o.huffman ?? false));
  parts.push(str(value, o.huffman ?? false));
  return Buffer.concat(parts);
}

export function block(fields: HeaderList, o: EncodeOptions = {}): Buffer {
  return Buffer.concat(fields.map(([n, v]) => field(n, v, o)));
}

/** An indexed field by its absolute index (static 1-61, dynamic 62+). */
export function indexed(index: number): Buffer {
  return Buffer.from(int(index, 7, 0x80));
}

export function headers(
  streamId: number,
  fields: HeaderList | Buffer,
  flags: number = F.END_HEADERS,
  o: EncodeOptions = {},
): Buffer {
  return frame(T.HEADERS, flags, streamId, Buffer.isBuffer(fields) ? fields : block(fields, o));
}

export function data(streamId: number, body: Buffer | string, endStream = true): Buffer {
  return frame(T.DATA, endStream ? F.END_STREAM : 0, streamId, body);
}

export function request(method: string, path: string, authority: string, extra: HeaderList = []): HeaderList {
  return [[':method', method], [':scheme', 'http'], [':path', path], [':authority', authority], ...extra];
}

export function response(status: number, extra: HeaderList = []): HeaderList {
  return [[':status', String(status)], ...extra];
}

/**
 * An HPACK encoder with a dynamic table (RFC 7541 section 4), as real clients and servers use:
 * a field already in the static or dynamic table is sent as an index, any other as a literal with
 * incremental indexing (Huffman-coded when that is shorter), added to the table, oldest entries
 * evicted past `maxSize`. One per direction of a connection.
 */
export class HpackEncoder {
  private entries: Array<[string, string]> = [];
  private size = 0;

  constructor(
    private readonly maxSize = 4096,
    private readonly huffman = true,
  ) {}

  encode(fields: HeaderList): Buffer {
    const parts: Buffer[] = [];
    for (const [name, value] of fields) {
      const s = STATIC_TABLE.findIndex(([n, v], i) => i > 0 && n === name && v === value);
      if (s > 0) {
        parts.push(indexed(s));
        continue;
      }
      const d = this.entries.findIndex(([n, v]) => n === name && v === value);
      if (d >= 0) {
        parts.push(indexed(STATIC_TABLE.length + d));
        continue;
      }
      const staticName = STATIC_TABLE.findIndex(([n], i) => i > 0 && n === name);
      const dynName = this.entries.findIndex(([n]) => n === name);
      const nameIdx = staticName > 0 ? staticName : dynName >= 0 ? STATIC_TABLE.length + dynName : 0;
      parts.push(Buffer.from(int(nameIdx, 6, 0x40)));
      if (nameIdx === 0) parts.push(this.str(name));
      parts.push(this.str(value));
      this.add(name, value);
    }
    return Buffer.concat(parts);
  }

  private str(s: string): Buffer {
    if (!this.huffman) return str(s, false);
    const h = str(s, true);
    const raw = str(s, false);
    return h.length < raw.length ? h : raw;
  }

  private add(name: string, value: string): void {
    const size = name.length + value.length + 32;
    while (this.entries.length > 0 && this.size + size > this.maxSize) {
      const [n, v] = this.entries.pop()!;
      this.size -= n.length + v.length + 32;
    }
    if (size > this.maxSize) return;
    this.entries.unshift([name, value]);
    this.size += size;
  }
}

/** DATA frames of at most `maxFrame` bytes carrying `body`, END_STREAM on the last (or an empty one). */
export function dataFrames(streamId: number, body: Buffer, endStream = true, maxFrame = 16384): Buffer[] {
  if (body.length === 0) return endStream ? [frame(T.DATA, F.END_STREAM, streamId)] : [];
  const out: Buffer[] = [];
  for (let off = 0; off < body.length; off += maxFrame) {
    const last = off + maxFrame >= body.length;
    out.push(
      frame(T.DATA, last && endStream ? F.END_STREAM : 0, streamId, body.subarray(off, Math.min(body.length, off + maxFrame))),
    );
  }
  return out;
}
