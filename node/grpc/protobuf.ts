/**
 * Protocol Buffers wire format read without a schema (docs/http2.md "Protobuf without a schema"):
 * every field's number and wire type; a length-delimited field is taken as text when its bytes
 * are printable UTF-8, else as a nested message when they parse as one completely, else as bytes.
 * Bounded by depth and by fields per body, so a hostile message costs at most that much.
 */

export const enum WireType {
  Varint = 0,
  Fixed64 = 1,
  Len = 2,
  Fixed32 = 5,
}

export interface ProtoField {
  /** Field number. */
  num: number;
  wire: WireType;
  /** What a length-delimited field looks like: text, a nested message, or bytes; numbers otherwise. */
  kind: 'varint' | 'fixed64' | 'fixed32' | 'string' | 'message' | 'bytes';
  /** The text of a string field. */
  text?: string;
  /** A varint's value (as a decimal string: 64-bit values do not fit a number). */
  number?: string;
  children?: ProtoField[];
}

export interface ProtoLimits {
  maxDepth: number;
  /** Fields decoded per call at most (across all nesting levels). */
  maxFields: number;
}

/** Decodes one message; null when the bytes are not a well-formed message. */
export function decodeProto(buf: Buffer, limits: ProtoLimits): ProtoField[] | null {
  const budget = { fields: limits.maxFields };
  return parseMessage(buf, 0, buf.length, limits.maxDepth, budget);
}

function parseMessage(buf: Buffer, start: number, end: number, depth: number, budget: { fields: number }): ProtoField[] | null {
  const out: ProtoField[] = [];
  let p = start;
  while (p < end) {
    const tag = readVarint(buf, p, end);
    if (tag === null) return null;
    p = varintEnd;
    const num = Math.floor(tag / 8);
    const wire = tag % 8;
    if (num < 1 || num > 0x1fffffff) return null;
    if (budget.fields-- <= 0) return out;
    switch (wire) {
      case WireType.Varint: {
        const v = readVarintBig(buf, p, end);
        if (v === null) return null;
        p = varintEnd;
        out.push({ num, wire, kind: 'varint', number: v });
        break;
      }
      case WireType.Fixed64:
        if (p + 8 > end) return null;
        out.push({ num, wire, kind: 'fixed64', number: buf.readBigUInt64LE(p).toString() });
        p += 8;
        break;
      case WireType.Fixed32:
        if (p + 4 > end) return null;
        out.push({ num, wire, kind: 'fixed32', number: String(buf.readUInt32LE(p)) });
        p += 4;
        break;
      case WireType.Len: {
        const len = readVarint(buf, p, end);
        if (len === null || varintEnd + len > end) return null;
        const s = varintEnd;
        p = s + len;
        out.push(lengthDelimited(buf, s, p, num, depth, budget));
        break;
      }
      default:
        // Groups (3, 4) are deprecated and 6, 7 are not wire types: not a message we read.
        return null;
    }
  }
  return out;
}

function lengthDelimited(buf: Buffer, s: number, e: number, num: number, depth: number, budget: { fields: number }): ProtoField {
  if (isPrintableUtf8(buf, s, e)) return { num, wire: WireType.Len, kind: 'string', text: buf.toString('utf8', s, e) };
  if (depth > 1 && e > s) {
    const saved = budget.fields;
    const children = parseMessage(buf, s, e, depth - 1, budget);
    if (children !== null && children.length > 0) return { num, wire: WireType.Len, kind: 'message', children };
    budget.fields = saved;
  }
  return { num, wire: WireType.Len, kind: 'bytes' };
}

/** Text a person or a program would send: valid UTF-8 without control characters other than tab, CR, LF. */
function isPrintableUtf8(buf: Buffer, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = buf[i];
    if (c < 0x20 && c !== 9 && c !== 10 && c !== 13) return false;
    if (c === 0x7f) return false;
  }
  // Multi-byte sequences must be valid UTF-8.
  return e === s || Buffer.from(buf.toString('utf8', s, e), 'utf8').equals(buf.subarray(s, e));
}

let varintEnd = 0;

function readVarint(buf: Buffer, p: number, end: number): number | null {
  let v = 0;
  let mul = 1;
  for (let i = 0; i < 10 && p < end; i++) {
    const b = buf[p++];
    v += (b & 0x7f) * mul;
    mul *= 128;
    if ((b & 0x80) === 0) {
      varintEnd = p;
      return v <= Number.MAX_SAFE_INTEGER ? v : null;
    }
  }
  return null;
}

function readVarintBig(buf: Buffer, p: number, end: number): string | null {
  let v = 0n;
  let shift = 0n;
  for (let i = 0; i < 10 && p < end; i++) {
    const b = buf[p++];
    v |= BigInt(b & 0x7f) << shift;
    shift += 7n;
    if ((b & 0x80) === 0) {
      varintEnd = p;
      return v.toString();
    }
  }
  return null;
}
