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

/** Values up to this many bytes are shared (longer ones, cookies and tokens, rarely recur whole). */
export const SHARED_LATIN1_MAX = 64;
/** Slots of the shared values: a power of two. */
const SHARED_SLOTS = 1024;
const shared: string[] = new Array<string>(SHARED_SLOTS).fill('');

/**
 * latin1(b, start, end), as the string last made for the same bytes when it is still in its slot.
 * Header values recur across connections (Content-Type, Accept, Server, one client's User-Agent, a
 * Content-Length, a Date within its second): 78 % of the value strings the API bench capture's
 * heads made were a value already made (188 k of 241 k, web 5 %: 37 k of 54 k; the previous head's field at the same
 * place, parseHeaderLines' `previous`, had spared 302 k others), so one string each instead of one
 * per field line. A direct-mapped table: a value whose slot another holds replaces it; nothing is
 * refused or lost, only shared or not, and a string is returned only when its every byte equals
 * [start, end) (docs/performance.md "The HTTP stage's strings and objects (branch i22-http3)").
 */
export function sharedLatin1(b: Buffer, start: number, end: number): string {
  const len = end - start;
  if (len <= 0) return '';
  if (len > SHARED_LATIN1_MAX) return latin1Slice.call(b, start, end);
  // The slot from the length and four bytes (both ends, where numbers, dates and ids differ, and
  // the middle): a hash of every byte cost as much as the string it spares.
  const h =
    Math.imul(len * 0x3f1 + b[start] * 0x1003 + b[start + (len >> 1)] * 0x53, 0x9e3779b1) ^
    (b[end - 1] * 0x1b7 + b[len > 1 ? end - 2 : start]);
  const slot = (h ^ (h >>> 13)) & (SHARED_SLOTS - 1);
  const known = shared[slot];
  if (known.length === len && sameBytes(b, start, known)) return known;
  const made = latin1Slice.call(b, start, end);
  shared[slot] = made;
  return made;
}

function sameBytes(b: Buffer, start: number, s: string): boolean {
  for (let i = 0; i < s.length; i++) if (b[start + i] !== s.charCodeAt(i)) return false;
  return true;
}
