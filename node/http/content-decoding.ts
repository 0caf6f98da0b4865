/**
 * Content-Encoding removal for analysis (gzip, x-gzip, deflate in its zlib and raw forms, br,
 * stacked in any order), called lazily by analysis on the kept body bytes. Output is capped by
 * Limits.decompressBytes while decompressing (zlib's maxOutputLength stops the inflater at the
 * cap), so a decompression bomb never allocates past it.
 */
import zlib from 'node:zlib';
import type { Limits } from '../config/types';
import { headerTokens } from './framing';
import type { HeaderList, HttpBody } from './types';

export interface DecodedContent {
  data: Buffer;
  /** True when `data` is less than the whole decoded body (cap reached, or input incomplete). */
  truncated: boolean;
  /** Why decoding stopped early: unsupported coding or corrupt data. */
  error?: string;
}

type SyncDecoder = (input: Buffer, opts: zlib.ZlibOptions | zlib.BrotliOptions) => Buffer;

const GZIP: SyncDecoder = (b, o) => zlib.gunzipSync(b, o as zlib.ZlibOptions);
const INFLATE: SyncDecoder = (b, o) => zlib.inflateSync(b, o as zlib.ZlibOptions);
const INFLATE_RAW: SyncDecoder = (b, o) => zlib.inflateRawSync(b, o as zlib.ZlibOptions);
const BROTLI: SyncDecoder = (b, o) => zlib.brotliDecompressSync(b, o as zlib.BrotliOptions);

/** Decodes `body.inspect` according to the Content-Encoding headers (applied in listed order). */
export function decodeContent(body: HttpBody, headers: HeaderList, limits: Pick<Limits, 'decompressBytes'>): DecodedContent {
  const codings = headerTokens(headers, 'content-encoding').filter((c) => c !== 'identity');
  let data = body.inspect;
  let truncated = body.truncated || body.incomplete;
  if (codings.length === 0) {
    if (data.length > limits.decompressBytes) return { data: data.subarray(0, limits.decompressBytes), truncated: true };
    return { data, truncated };
  }
  for (let i = codings.length - 1; i >= 0; i--) {
    const coding = codings[i];
    const decoder = decoderFor(coding, data);
    if (decoder === null) {
      return { data, truncated, error: `unsupported content coding ${JSON.stringify(coding)}` };
    }
    const step = decodeCapped(decoder, data, limits.decompressBytes, coding === 'br');
    data = step.data;
    truncated = truncated || step.truncated;
    if (step.error !== undefined) return { data, truncated: true, error: `${coding}: ${step.error}` };
  }
  return { data, truncated };
}

function decoderFor(coding: string, input: Buffer): SyncDecoder | null {
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return GZIP;
    case 'deflate':
      // RFC 9110 says zlib-wrapped; some servers send raw deflate: tell them apart by the header.
      return input.length >= 2 && (input[0] & 0x0f) === 8 && ((input[0] << 8) | input[1]) % 31 === 0 ? INFLATE : INFLATE_RAW;
    case 'br':
      return BROTLI;
    default:
      return null;
  }
}

/**
 * Decodes at most `cap` bytes. Flushing instead of finishing lets a truncated input yield what
 * it holds. When the output would pass the cap, the longest input prefix whose output fits is
 * found by bisection (each attempt itself stopped at the cap), giving the decoded prefix.
 */
function decodeCapped(decode: SyncDecoder, input: Buffer, cap: number, brotli: boolean): DecodedContent {
  if (input.length === 0) return { data: input, truncated: false };
  const opts = brotli
    ? { maxOutputLength: Math.max(cap, 1), finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH }
    : { maxOutputLength: Math.max(cap, 1), finishFlush: zlib.constants.Z_SYNC_FLUSH };
  const attempt = (n: number): Buffer | 'too_large' | Error => {
    try {
      const out = decode(input.subarray(0, n), opts);
      return out.length > cap ? 'too_large' : out;
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return 'too_large';
      return e as Error;
    }
  };
  const full = attempt(input.length);
  if (Buffer.isBuffer(full)) return { data: full, truncated: false };
  if (full !== 'too_large') return { data: Buffer.alloc(0), truncated: true, error: full.message };
  let lo = 0;
  let hi = input.length - 1;
  let best: Buffer = Buffer.alloc(0);
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    const r = attempt(mid);
    if (r === 'too_large') {
      hi = mid - 1;
    } else {
      // An error here means a prefix too short to decode at all (the whole input decodes).
      if (Buffer.isBuffer(r)) best = r;
      lo = mid;
    }
  }
  return { data: best, truncated: true };
}
