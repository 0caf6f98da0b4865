import zlib from 'node:zlib';

export type ContentDecodeError = 'unsupported_encoding' | 'corrupt_encoding' | 'decoded_too_large';

/**
 * Undoes `Content-Encoding` (gzip, x-gzip, deflate, br; several in order) on the inspected body
 * bytes, keeping at most `maxBytes` of output. A body cut at the inspection cap decodes as far as
 * it goes (sync flush), because the start of a body is where the attack usually is.
 */
export function decodeRequestContent(
  body: Buffer,
  contentEncoding: string | null,
  maxBytes: number,
): { data: Buffer; error: ContentDecodeError | null } {
  if (contentEncoding === null) return { data: body, error: null };
  const codings = contentEncoding.split(',').map((c) => c.trim().toLowerCase()).filter((c) => c && c !== 'identity');
  let data = body;
  for (let k = codings.length - 1; k >= 0; k--) {
    const opts = { maxOutputLength: maxBytes, finishFlush: zlib.constants.Z_SYNC_FLUSH };
    try {
      switch (codings[k]) {
        case 'gzip':
        case 'x-gzip':
          data = zlib.gunzipSync(data, opts);
          break;
        case 'deflate':
          data = inflateEither(data, opts);
          break;
        case 'br':
          data = zlib.brotliDecompressSync(data, { maxOutputLength: maxBytes, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
          break;
        default:
          return { data: body, error: 'unsupported_encoding' };
      }
    } catch (err) {
      const tooLarge = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      return { data: body, error: tooLarge ? 'decoded_too_large' : 'corrupt_encoding' };
    }
  }
  return { data, error: null };
}

/** `deflate` is zlib-wrapped per RFC 9110 but raw deflate is common in the wild. */
function inflateEither(data: Buffer, opts: zlib.ZlibOptions): Buffer {
  try {
    return zlib.inflateSync(data, opts);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw err;
    return zlib.inflateRawSync(data, opts);
  }
}
