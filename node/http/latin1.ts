/**
 * Head bytes to strings, the two costs of which were a third of head parsing: Buffer#toString
 * looks its encoding up on every call (latin1Slice is what it ends in), and the same few header
 * names and methods were made into new strings for every message. Common ones are now the same
 * string each time (exact bytes, so a name keeps the case it was sent in).
 */
type Latin1Slice = (this: Buffer, start: number, end: number) => string;
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice: Latin1Slice }).latin1Slice;

/** Bytes [start, end) as latin1 text (one character per byte). */
export function latin1(b: Buffer, start: number, end: number): string {
  return start >= end ? '' : latin1Slice.call(b, start, end);
}

const COMMON = [
  // methods
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'OPTIONS',
  'CONNECT',
  'TRACE',
  // request header names
  'Host',
  'User-Agent',
  'Accept',
  'Accept-Encoding',
  'Accept-Language',
  'Accept-Charset',
  'Connection',
  'Cookie',
  'Authorization',
  'Referer',
  'Origin',
  'Cache-Control',
  'Pragma',
  'Content-Type',
  'Content-Length',
  'Content-Encoding',
  'Transfer-Encoding',
  'If-None-Match',
  'If-Modified-Since',
  'Upgrade-Insecure-Requests',
  'X-Requested-With',
  'X-Forwarded-For',
  'X-Forwarded-Proto',
  'X-Forwarded-Host',
  'X-Real-IP',
  'X-Request-Id',
  'X-Api-Key',
  'Range',
  'DNT',
  'Sec-Fetch-Site',
  'Sec-Fetch-Mode',
  'Sec-Fetch-Dest',
  'Sec-Fetch-User',
  'Sec-Ch-Ua',
  'Sec-Ch-Ua-Mobile',
  'Sec-Ch-Ua-Platform',
  'Priority',
  'TE',
  'Upgrade',
  'Expect',
  'Keep-Alive',
  'Via',
  'Forwarded',
  // response header names
  'Server',
  'Date',
  'ETag',
  'Last-Modified',
  'Set-Cookie',
  'Vary',
  'Location',
  'Expires',
  'Age',
  'Allow',
  'Content-Language',
  'Content-Disposition',
  'Content-Security-Policy',
  'Strict-Transport-Security',
  'X-Content-Type-Options',
  'X-Frame-Options',
  'X-XSS-Protection',
  'X-Powered-By',
  'Access-Control-Allow-Origin',
  'Access-Control-Allow-Credentials',
  'Access-Control-Allow-Methods',
  'Access-Control-Allow-Headers',
  'Referrer-Policy',
  'Accept-Ranges',
  'WWW-Authenticate',
  'Retry-After',
  'Link',
];

/** The common strings in both cases as sent (`Content-Type`, `content-type`), by length. */
const BY_LENGTH: string[][] = [];
for (const word of COMMON) {
  for (const form of new Set([word, word.toLowerCase()])) (BY_LENGTH[form.length] ??= []).push(form);
}

/** latin1(b, start, end), as the one shared string when it is a common method or header name. */
export function internedLatin1(b: Buffer, start: number, end: number): string {
  const candidates = BY_LENGTH[end - start];
  if (candidates !== undefined) {
    for (const s of candidates) if (sameBytes(b, start, s)) return s;
  }
  return latin1(b, start, end);
}

function sameBytes(b: Buffer, start: number, s: string): boolean {
  for (let i = 0; i < s.length; i++) if (b[start + i] !== s.charCodeAt(i)) return false;
  return true;
}
