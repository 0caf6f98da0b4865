/**
 * Message body framing from a parsed head (RFC 9112 section 6.3), and whether a request may
 * switch protocols. Pure functions: the parser applies the result.
 */
import { headerValue, isNamed } from './headers';
import type { HeaderList, HttpErrorKind } from './types';

export const enum BodyMode {
  /** No body: the message ends with its head. */
  None,
  /** Content-Length bytes. */
  Length,
  Chunked,
  /** Until the connection closes (responses only). */
  Close,
  /** The connection switches protocol after this head (101, CONNECT 2xx): stop parsing. */
  Tunnel,
}

export interface Framing {
  mode: BodyMode;
  /** For BodyMode.Length. */
  length: number;
  /** Set when the framing headers are invalid: the body length is unknown (mode None). */
  error: { kind: HttpErrorKind; detail: string } | null;
}

/** What the paired request imposes on a response's framing (RFC 9112 6.3 items 1 and 2). */
export const enum ResponseContext {
  Normal,
  /** Answer to HEAD: no body whatever the headers say. */
  HeadRequest,
  /** Answer to CONNECT: a 2xx switches to a tunnel. */
  ConnectRequest,
}

/** The framings without a length, made once (every message has one; they are only read). */
const NO_BODY: Framing = Object.freeze({ mode: BodyMode.None, length: 0, error: null });
const CHUNKED: Framing = Object.freeze({ mode: BodyMode.Chunked, length: 0, error: null });
const UNTIL_CLOSE: Framing = Object.freeze({ mode: BodyMode.Close, length: 0, error: null });
const TUNNEL: Framing = Object.freeze({ mode: BodyMode.Tunnel, length: 0, error: null });

function lengthFraming(length: number): Framing {
  return { mode: BodyMode.Length, length, error: null };
}

function framingError(mode: BodyMode, kind: HttpErrorKind, detail: string): Framing {
  return { mode, length: 0, error: { kind, detail } };
}

/** Lower-cased comma-separated tokens of every header named `name`, in order. */
export function headerTokens(headers: HeaderList, name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < headers.length; i++) {
    const n = headers[i][0];
    const v = headers[i][1];
    if (!isNamed(n, name)) continue;
    for (const part of v.split(',')) {
      const t = part.trim().toLowerCase();
      if (t !== '') out.push(t);
    }
  }
  return out;
}

/**
 * Content-Length across all its headers: a list of identical values ("5, 5") is one value;
 * different values, non-digits, or a value above 2^53-1 are errors. null when absent.
 */
function contentLength(headers: HeaderList): number | string | null {
  let value: number | null = null;
  for (let i = 0; i < headers.length; i++) {
    const n = headers[i][0];
    const v = headers[i][1];
    if (!isNamed(n, 'content-length')) continue;
    if (isDigits(v)) {
      // The common case, one plain number: the same checks without splitting.
      const n2 = Number(v);
      if (n2 > Number.MAX_SAFE_INTEGER) return `Content-Length ${v} is too large`;
      if (value !== null && value !== n2) return `conflicting Content-Length values ${value} and ${n2}`;
      value = n2;
      continue;
    }
    for (const part of v.split(',')) {
      const t = part.trim();
      if (!/^[0-9]{1,16}$/.test(t)) return `Content-Length ${JSON.stringify(v.slice(0, 40))} is not a decimal number`;
      const n2 = Number(t);
      if (n2 > Number.MAX_SAFE_INTEGER) return `Content-Length ${t} is too large`;
      if (value !== null && value !== n2) return `conflicting Content-Length values ${value} and ${n2}`;
      value = n2;
    }
  }
  return value;
}

/** 1 to 16 ASCII digits, as the general check `/^[0-9]{1,16}$/` after trimming accepts. */
function isDigits(v: string): boolean {
  if (v.length === 0 || v.length > 16) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Transfer-Encoding: 'chunked' when chunked is the final coding (applied once), 'other' when
 * present without chunked last, null when absent, or an error string.
 */
function transferEncoding(headers: HeaderList): 'chunked' | 'other' | string | null {
  if (headerValue(headers, 'transfer-encoding') === null) return null;
  const codings = headerTokens(headers, 'transfer-encoding');
  if (codings.length === 0) return 'other';
  const chunkedCount = codings.filter((c) => c === 'chunked').length;
  if (chunkedCount > 1) return 'Transfer-Encoding applies chunked more than once';
  return codings[codings.length - 1] === 'chunked' ? 'chunked' : 'other';
}

/** Requests: chunked, else Content-Length, else no body (never close-delimited). */
export function requestFraming(headers: HeaderList): Framing {
  const te = transferEncoding(headers);
  if (te === 'chunked') return CHUNKED;
  if (te === 'other') {
    return framingError(
      BodyMode.None,
      'bad_transfer_encoding',
      'request Transfer-Encoding does not end with chunked: body length unknown',
    );
  }
  if (te !== null) return framingError(BodyMode.None, 'bad_transfer_encoding', te);
  const cl = contentLength(headers);
  if (typeof cl === 'string') return framingError(BodyMode.None, 'bad_content_length', cl);
  return cl === null || cl === 0 ? NO_BODY : lengthFraming(cl);
}

/** Responses: RFC 9112 6.3 in order: no-body statuses and HEAD, tunnels, chunked, length, close. */
export function responseFraming(headers: HeaderList, status: number, ctx: ResponseContext): Framing {
  if (status === 101) return TUNNEL;
  if (ctx === ResponseContext.ConnectRequest && status >= 200 && status < 300) return TUNNEL;
  if (status < 200 || status === 204 || status === 304 || ctx === ResponseContext.HeadRequest) return NO_BODY;
  const te = transferEncoding(headers);
  if (te === 'chunked') return CHUNKED;
  if (te === 'other') return UNTIL_CLOSE;
  if (te !== null) return framingError(BodyMode.None, 'bad_transfer_encoding', te);
  const cl = contentLength(headers);
  if (typeof cl === 'string') return framingError(BodyMode.None, 'bad_content_length', cl);
  if (cl === null) return UNTIL_CLOSE;
  return cl === 0 ? NO_BODY : lengthFraming(cl);
}

/** CONNECT, or a request offering an Upgrade: what follows may not be HTTP. */
export function requestMaySwitch(method: string, headers: HeaderList): boolean {
  return method === 'CONNECT' || headerValue(headers, 'upgrade') !== null;
}
