/**
 * gRPC message framing over HTTP/2 (`application/grpc[+proto|+json]`) and gRPC-Web over HTTP/1.1
 * or HTTP/2 (`application/grpc-web[+proto|+json]`, and `-text`: the same bytes in base64): each
 * message is a compressed-flag byte, a 4-byte big-endian length and the message; gRPC-Web ends a
 * response with a trailer frame (flag 0x80) holding `grpc-status` and `grpc-message` as header
 * lines. Compressed messages (flag 1) are decoded by `grpc-encoding` (gzip, deflate), each capped
 * by `maxMessageBytes`. Pure functions over a body's kept bytes: see docs/http2.md "gRPC".
 */
import zlib from 'node:zlib';
import { headerValue } from '../http/headers';
import { mediaTypeEssence, targetPath } from '../http/request';
import type { HeaderList, HttpRequest, HttpResponse } from '../http/types';

export type GrpcWire = 'grpc' | 'grpc-web' | 'grpc-web-text';
export type GrpcCodec = 'proto' | 'json';

export interface GrpcContentType {
  wire: GrpcWire;
  codec: GrpcCodec;
}

/** What every gRPC content type begins with, blanks before it allowed (grpcContentType's pre-test). */
const GRPC_PREFIX = /^\s*application\/grpc/i;

/** `application/grpc`, `application/grpc+proto`, `application/grpc-web-text+json`, ...; null otherwise. */
export function grpcContentType(contentType: string | null): GrpcContentType | null {
  // Most requests and responses are not gRPC, and this is asked of each several times per
  // transaction (records, attack extraction, discovery): a test that makes nothing first, where the
  // essence is a slice and a lower-cased copy (docs/performance.md "Allocation and GC per
  // transaction (branch i22-gc)"). Exact: `\s` is the set trim() removes, and no character but
  // the ASCII letters lower-cases to one of "application/grpc" (the Kelvin sign's `k` is not there).
  if (contentType === null || !GRPC_PREFIX.test(contentType)) return null;
  return grpcEssenceType(mediaTypeEssence(contentType));
}

/** The gRPC type a media type essence (lower case, no parameters) names, or null. */
export function grpcEssenceType(essence: string): GrpcContentType | null {
  const m = /^application\/(grpc(?:-web(?:-text)?)?)(?:\+(\w+))?$/.exec(essence);
  if (m === null) return null;
  const codec = m[2] === undefined || m[2] === 'proto' ? 'proto' : m[2] === 'json' ? 'json' : null;
  if (codec === null) return null;
  return { wire: m[1] as GrpcWire, codec };
}

export interface GrpcMessages {
  messages: Buffer[];
  /** gRPC-Web: the trailer frame's fields (grpc-status, grpc-message). */
  trailers: HeaderList | null;
  /** The body ended inside a message (inspection cap, incomplete body): the last one is cut. */
  truncated: boolean;
  /** Why a message could not be decoded (unknown grpc-encoding, corrupt data), when one could not. */
  error?: string;
}

export interface GrpcLimits {
  /** Decompressed bytes per message at most (Limits.decompressBytes). */
  maxMessageBytes: number;
  /** Messages read per body at most. */
  maxMessages: number;
}

/** The messages of one body (`encoding`: the message's `grpc-encoding`, or null). */
export function grpcMessages(body: Buffer, type: GrpcContentType, encoding: string | null, limits: GrpcLimits): GrpcMessages {
  const bytes = type.wire === 'grpc-web-text' ? decodeBase64Chunks(body) : body;
  const out: GrpcMessages = { messages: [], trailers: null, truncated: false };
  let p = 0;
  while (p < bytes.length && out.messages.length < limits.maxMessages) {
    if (p + 5 > bytes.length) {
      out.truncated = true;
      break;
    }
    const flags = bytes[p];
    const len = bytes.readUInt32BE(p + 1);
    const end = p + 5 + len;
    const payload = bytes.subarray(p + 5, Math.min(end, bytes.length));
    if (end > bytes.length) out.truncated = true;
    p = end;
    if ((flags & 0x80) !== 0 && type.wire !== 'grpc') {
      out.trailers = parseTrailerFrame(payload);
      continue;
    }
    if ((flags & 1) === 0) {
      out.messages.push(payload.length > limits.maxMessageBytes ? payload.subarray(0, limits.maxMessageBytes) : payload);
      continue;
    }
    const d = decompress(payload, encoding, limits.maxMessageBytes);
    if (typeof d === 'string') out.error = d;
    else out.messages.push(d);
  }
  return out;
}

/** gRPC-Web-text bodies may be several base64 chunks, each with its own padding. */
function decodeBase64Chunks(body: Buffer): Buffer {
  const text = body.toString('latin1').replace(/\s+/g, '');
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && (i + 1 === text.length || text[i + 1] !== '=')) {
      parts.push(Buffer.from(text.slice(start, i + 1), 'base64'));
      start = i + 1;
    }
  }
  if (start < text.length) parts.push(Buffer.from(text.slice(start), 'base64'));
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}

function parseTrailerFrame(payload: Buffer): HeaderList {
  const out: HeaderList = [];
  for (const line of payload.toString('latin1').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    out.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return out;
}

function decompress(payload: Buffer, encoding: string | null, cap: number): Buffer | string {
  const e = (encoding ?? '').trim().toLowerCase();
  const opts = { maxOutputLength: Math.max(cap, 1), finishFlush: zlib.constants.Z_SYNC_FLUSH };
  try {
    if (e === 'gzip') return zlib.gunzipSync(payload, opts);
    if (e === 'deflate') return zlib.inflateSync(payload, opts);
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return `a ${e} message decodes to more than ${cap} bytes`;
    return `${e}: ${(err as Error).message}`;
  }
  return `compressed message with unsupported grpc-encoding ${JSON.stringify(encoding ?? '')}`;
}

/** What a transaction says about its gRPC call, or null when it is not one. */
export interface GrpcCall {
  wire: GrpcWire;
  codec: GrpcCodec;
  /** From the path `/pkg.Service/Method`. */
  service: string;
  method: string;
  /** grpc-status (trailers, a trailers-only response, or the gRPC-Web trailer frame); null when not seen. */
  status: number | null;
  message: string | null;
}

/** The gRPC call of a request (and its response, when there is one); null for other requests. */
export function grpcCall(req: HttpRequest, res: HttpResponse | null, limits: GrpcLimits): GrpcCall | null {
  const type = grpcContentType(headerValue(req.headers, 'content-type'));
  if (type === null) return null;
  const m = /^\/([^/]+)\/([^/]+)$/.exec(targetPath(req.target));
  const call: GrpcCall = {
    wire: type.wire,
    codec: type.codec,
    service: m?.[1] ?? '',
    method: m?.[2] ?? '',
    status: null,
    message: null,
  };
  if (res === null) return call;
  let fields: HeaderList | null = res.trailers ?? null;
  let status = fields === null ? null : headerValue(fields, 'grpc-status');
  if (status === null) {
    // A trailers-only response: the status is in the only header block.
    fields = res.headers;
    status = headerValue(fields, 'grpc-status');
  }
  if (status === null && type.wire !== 'grpc' && res.body.inspect.length > 0) {
    const resType = grpcContentType(headerValue(res.headers, 'content-type')) ?? type;
    fields = grpcMessages(res.body.inspect, resType, headerValue(res.headers, 'grpc-encoding'), limits).trailers;
    status = fields === null ? null : headerValue(fields, 'grpc-status');
  }
  if (status !== null && /^\d+$/.test(status.trim())) {
    call.status = Number(status.trim());
    const msg = headerValue(fields!, 'grpc-message');
    call.message = msg === null ? null : percentDecode(msg);
  }
  return call;
}

/** grpc-status from a response's trailers or its only header block (trailers-only); null when absent. */
export function grpcStatusOf(res: HttpResponse): number | null {
  const v =
    (res.trailers === undefined ? null : headerValue(res.trailers, 'grpc-status')) ?? headerValue(res.headers, 'grpc-status');
  return v !== null && /^\s*\d+\s*$/.test(v) ? Number(v) : null;
}

/** gRPC statuses that say the call was refused: PERMISSION_DENIED (7), UNAUTHENTICATED (16). */
export const GRPC_REFUSED = new Set([7, 16]);

/** grpc-message is percent-encoded (gRPC over HTTP/2 spec). */
function percentDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
