/**
 * Parses one complete message head (start line + header lines + the empty line), already
 * delimited by the incremental scanner in message-parser.ts. Pure functions over a Buffer: the
 * head is small and bounded by Limits.headerBytes, so a whole-block parse is simpler and faster
 * than a per-byte header state machine, and the scanner keeps the byte-at-a-time property.
 */
import { internedLatin1, latin1, sharedLatin1 } from './latin1';
import type { HeaderList } from './types';

const LF = 10;
const CR = 13;
const SP = 32;
const HTAB = 9;
const COLON = 58;

/** RFC 9110 tchar, indexed by byte. */
export const TCHAR = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~") TCHAR[c.charCodeAt(0)] = 1;
for (let c = 48; c <= 57; c++) TCHAR[c] = 1;
for (let c = 65; c <= 90; c++) TCHAR[c] = 1;
for (let c = 97; c <= 122; c++) TCHAR[c] = 1;

export interface RequestLine {
  method: string;
  target: string;
  version: string;
}

export interface StatusLine {
  status: number;
  reason: string;
  version: string;
}

/** Longest method token accepted; longer tokens are not HTTP (and make resync cheaper). */
export const MAX_METHOD_LENGTH = 24;

/** `HTTP/1.x` at `off`: returns the version string or null. Only HTTP/1.x is parsed. */
function httpVersionAt(b: Buffer, off: number, end: number): string | null {
  if (end - off !== 8) return null;
  if (b[off] !== 72 || b[off + 1] !== 84 || b[off + 2] !== 84 || b[off + 3] !== 80) return null;
  if (b[off + 4] !== 47 || b[off + 5] !== 49 || b[off + 6] !== 46) return null;
  const minor = b[off + 7];
  if (minor < 48 || minor > 57) return null;
  return minor === 49 ? 'HTTP/1.1' : minor === 48 ? 'HTTP/1.0' : `HTTP/1.${minor - 48}`;
}

/** End of a line without its CR (the line is [start, lfIndex)). */
function trimCr(b: Buffer, start: number, lf: number): number {
  return lf > start && b[lf - 1] === CR ? lf - 1 : lf;
}

/** `METHOD SP target SP HTTP/1.x`; returns null when the line is not exactly that. */
export function parseRequestLine(b: Buffer, start: number, end: number): RequestLine | null {
  let i = start;
  while (i < end && TCHAR[b[i]] === 1) i++;
  if (i === start || i - start > MAX_METHOD_LENGTH || i >= end || b[i] !== SP) return null;
  const method = internedLatin1(b, start, i);
  const targetStart = i + 1;
  let lastSp = end - 1;
  while (lastSp > targetStart && b[lastSp] !== SP) lastSp--;
  if (lastSp <= targetStart) return null;
  for (let j = targetStart; j < lastSp; j++) {
    const c = b[j];
    if (c <= SP || c === 127) return null;
  }
  const version = httpVersionAt(b, lastSp + 1, end);
  if (version === null) return null;
  return { method, target: latin1(b, targetStart, lastSp), version };
}

/** `HTTP/1.x SP 3DIGIT [SP reason]` (a missing reason is accepted, as servers send it). */
export function parseStatusLine(b: Buffer, start: number, end: number): StatusLine | null {
  if (end - start < 12) return null;
  const version = httpVersionAt(b, start, start + 8);
  if (version === null || b[start + 8] !== SP) return null;
  let status = 0;
  for (let j = start + 9; j < start + 12; j++) {
    const c = b[j];
    if (c < 48 || c > 57) return null;
    status = status * 10 + (c - 48);
  }
  if (status < 100) return null;
  if (end === start + 12) return { status, reason: '', version };
  if (b[start + 12] !== SP) return null;
  for (let j = start + 13; j < end; j++) {
    const c = b[j];
    if ((c < SP && c !== HTAB) || c === 127) return null;
  }
  return { status, reason: latin1(b, start + 13, end), version };
}

/**
 * Which header lines a parse keeps: every one, or only those a caller reads before the rest may
 * be (see FRAMING_FIELDS). The names are lower case; lines match in any case.
 */
export type FieldSelection = readonly string[] | null;

/** The header fields message framing reads (framing.ts): a response's others are parsed when read. */
export const FRAMING_FIELDS: FieldSelection = ['content-length', 'transfer-encoding'];

/**
 * Header lines from `start` up to the first empty line (LF or CR LF), which must come before `end`:
 * returns the offset after it, or -1 when [start, end) has no whole empty line (what was appended
 * is then to be discarded). Fields are appended to `headers`: names keep their case, duplicates
 * stay in order, obs-fold continuation lines are joined to the previous value with one space
 * (RFC 9112 5.2). Lines that are not `token ":" value` are skipped and described in `bad`. With a
 * selection, the fields are exactly the full parse's fields of those names (continuations
 * included), and `bad` is the same.
 *
 * `previous`: the fields of the connection's previous head in this direction. A field whose name
 * bytes equal the previous head's field's at the same position gets that field's name string, and
 * its value string too when the value bytes are equal (the same text): clients send the same User-Agent, Accept and credentials on every request of a
 * connection, and a string met again keeps the hash V8 computed for it, so every later lookup by
 * that value (the detectors' per-value memory, memoised checks) does not hash it again
 * (docs/performance.md "The all-analyses path").
 */
export function parseHeaderLines(
  b: Buffer,
  start: number,
  end: number,
  headers: HeaderList,
  bad: string[],
  only: FieldSelection = null,
  previous: HeaderList | null = null,
): number {
  /** Whether the last well-formed field line was kept (continuations extend that line); null before any. */
  let lastKept: boolean | null = null;
  let pos = start;
  for (;;) {
    // A native search, even for short lines: on node 22 it is 2-5x faster than a byte loop over a
    // typical head's lines (60-70 % of head parsing was that loop).
    const lf = indexOfLf(b, pos, end);
    if (lf === -1) return -1;
    const lineEnd = trimCr(b, pos, lf);
    if (lineEnd === pos) return lf + 1; // the empty line ending the head
    const first = b[pos];
    if (first === SP || first === HTAB) {
      if (lastKept === null) {
        bad.push('continuation line before any header');
      } else if (lastKept) {
        const last = headers[headers.length - 1];
        const folded = trimOws(b, pos, lineEnd);
        last[1] = last[1] === '' ? folded : folded === '' ? last[1] : `${last[1]} ${folded}`;
      }
    } else {
      let colon = pos;
      while (colon < lineEnd && TCHAR[b[colon]] === 1) colon++;
      if (colon === pos || colon >= lineEnd || b[colon] !== COLON) {
        bad.push(describeBadHeader(b, pos, lineEnd, colon));
      } else {
        lastKept = only === null || selected(b, pos, colon, only);
        if (lastKept) {
          const seen = previous !== null && headers.length < previous.length ? previous[headers.length] : undefined;
          // The name sent again at the same place with another value (Content-Length, Cookie, a
          // request id): its string is reused, only the value is made.
          headers.push(
            seen !== undefined && sameName(b, pos, colon, seen[0])
              ? [seen[0], sameValue(b, colon + 1, lineEnd, seen[1]) ? seen[1] : trimOws(b, colon + 1, lineEnd)]
              : [internedLatin1(b, pos, colon), trimOws(b, colon + 1, lineEnd)],
          );
        }
      }
    }
    pos = lf + 1;
  }
}

/** The token [start, end) is one of `names` (lower case), in any case. */
function selected(b: Buffer, start: number, end: number, names: readonly string[]): boolean {
  for (const name of names) {
    if (name.length !== end - start) continue;
    let i = 0;
    // Tokens are ASCII: OR-ing 0x20 lower-cases letters and maps no other token byte onto a letter or '-'.
    while (i < name.length && (b[start + i] | 0x20) === name.charCodeAt(i)) i++;
    if (i === name.length) return true;
  }
  return false;
}

/** Whether the name bytes [start, colon) are `name`, byte for byte (so the same string). */
function sameName(b: Buffer, start: number, colon: number, name: string): boolean {
  if (colon - start !== name.length) return false;
  for (let i = 0; i < name.length; i++) if (b[start + i] !== name.charCodeAt(i)) return false;
  return true;
}

/** Whether the value bytes [from, lineEnd), OWS-trimmed, are `value`, byte for byte. */
function sameValue(b: Buffer, from: number, lineEnd: number, value: string): boolean {
  let vs = from;
  let ve = lineEnd;
  while (vs < ve && (b[vs] === SP || b[vs] === HTAB)) vs++;
  while (ve > vs && (b[ve - 1] === SP || b[ve - 1] === HTAB)) ve--;
  if (ve - vs !== value.length) return false;
  for (let i = 0; i < value.length; i++) if (b[vs + i] !== value.charCodeAt(i)) return false;
  return true;
}

function trimOws(b: Buffer, start: number, end: number): string {
  while (start < end && (b[start] === SP || b[start] === HTAB)) start++;
  while (end > start && (b[end - 1] === SP || b[end - 1] === HTAB)) end--;
  return sharedLatin1(b, start, end);
}

function describeBadHeader(b: Buffer, start: number, end: number, stop: number): string {
  const shown = JSON.stringify(b.toString('latin1', start, Math.min(end, start + 40)));
  if (stop < end && (b[stop] === SP || b[stop] === HTAB)) {
    return `whitespace between header name and colon in ${shown}`;
  }
  return stop === start ? `header line ${shown} has no field name` : `header line ${shown} has no colon`;
}

/** Index of the first LF in [start, end), or -1. */
export function indexOfLf(b: Buffer, start: number, end: number): number {
  const i = b.indexOf(LF, start);
  return i === -1 || i >= end ? -1 : i;
}

/** The first line of a head [start, lf) without its CR. */
export function firstLineEnd(b: Buffer, start: number, lf: number): number {
  return trimCr(b, start, lf);
}

/** Methods recognised when a request line is glued to preceding bytes (longest first). */
const KNOWN_METHODS = [
  'PROPPATCH',
  'PROPFIND',
  'OPTIONS',
  'CONNECT',
  'UNLOCK',
  'DELETE',
  'SEARCH',
  'REPORT',
  'MKCOL',
  'PATCH',
  'TRACE',
  'POST',
  'HEAD',
  'COPY',
  'MOVE',
  'LOCK',
  'GET',
  'PUT',
].map((m) => Buffer.from(m, 'latin1'));

const STATUS_START = Buffer.from('HTTP/1.', 'latin1');

/**
 * Resynchronisation: where in the line [start, lf) a start line begins, or -1. The start line
 * must run to the end of the line but may be glued to bytes before it (the tail of a body whose
 * length was lost does not end with a line break). A glued request line must begin with a
 * registered method; one at the line start may use any token.
 */
export function findStartLine(kind: 'request' | 'response', b: Buffer, start: number, lf: number): number {
  const end = trimCr(b, start, lf);
  if (kind === 'response') {
    for (let i = b.indexOf(STATUS_START, start); i !== -1 && i < end; i = b.indexOf(STATUS_START, i + 1)) {
      if (parseStatusLine(b, i, end) !== null) return i;
    }
    return -1;
  }
  const lastSp = end - 9;
  if (lastSp <= start + 2 || b[lastSp] !== SP || httpVersionAt(b, lastSp + 1, end) === null) return -1;
  let targetSp = lastSp - 1;
  while (targetSp > start && b[targetSp] !== SP) targetSp--;
  let m = targetSp;
  while (m > start && TCHAR[b[m - 1]] === 1) m--;
  if (m === targetSp) return -1;
  if (m === start && parseRequestLine(b, m, end) !== null) return m;
  for (const method of KNOWN_METHODS) {
    const at = targetSp - method.length;
    if (at >= m && b.compare(method, 0, method.length, at, targetSp) === 0) {
      return parseRequestLine(b, at, end) !== null ? at : -1;
    }
  }
  return -1;
}
