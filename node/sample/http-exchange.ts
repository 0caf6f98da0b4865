/**
 * HTTP/1.x messages as bytes, with the answers a correct node must report for them: the body
 * digest after removing chunked coding (content coding such as gzip stays).
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export interface HttpExchangeSpec {
  method?: string;
  target?: string;
  host?: string;
  requestHeaders?: Array<[string, string]>;
  requestBody?: Buffer | string;
  /** Send the request body chunked, cut into chunks of this size. */
  requestChunkSize?: number;
  status?: number;
  reason?: string;
  responseHeaders?: Array<[string, string]>;
  responseBody?: Buffer | string;
  responseChunkSize?: number;
  /** gzip the response body (Content-Encoding: gzip); the digest covers the gzip bytes. */
  responseGzip?: boolean;
  /** No response at all (the server never answered). */
  noResponse?: boolean;
}

export interface ExpectedTransaction {
  method: string;
  target: string;
  requestSha256: string;
  requestLength: number;
  status: number | null;
  responseSha256: string | null;
  responseLength: number | null;
}

export interface RenderedExchange {
  request: Buffer;
  response: Buffer | null;
  expected: ExpectedTransaction;
}

export function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

function toBuf(b: Buffer | string | undefined): Buffer {
  if (b === undefined) return Buffer.alloc(0);
  return typeof b === 'string' ? Buffer.from(b, 'utf8') : b;
}

export function chunked(body: Buffer, size: number): Buffer {
  const parts: Buffer[] = [];
  for (let off = 0; off < body.length; off += size) {
    const piece = body.subarray(off, off + size);
    // An extension on every other chunk: parsers must skip it.
    const ext = (off / size) % 2 === 1 ? ';ext=1' : '';
    parts.push(Buffer.from(`${piece.length.toString(16)}${ext}\r\n`), piece, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from('0\r\nX-Trailer: done\r\n\r\n'));
  return Buffer.concat(parts);
}

function head(startLine: string, headers: Array<[string, string]>): Buffer {
  return Buffer.from(`${startLine}\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`, 'latin1');
}

export function renderExchange(spec: HttpExchangeSpec): RenderedExchange {
  const method = spec.method ?? 'GET';
  const target = spec.target ?? '/';
  const reqBody = toBuf(spec.requestBody);
  const extra = spec.requestHeaders ?? [];
  const ownAgent = extra.some(([k]) => k.toLowerCase() === 'user-agent');
  const reqHeaders: Array<[string, string]> = [
    ['Host', spec.host ?? 'example.test'],
    ...(ownAgent ? [] : [['User-Agent', 'aio-gen/1'] as [string, string]]),
    ...extra,
  ];
  let reqWire: Buffer;
  if (spec.requestChunkSize) {
    reqHeaders.push(['Transfer-Encoding', 'chunked']);
    reqWire = chunked(reqBody, spec.requestChunkSize);
  } else {
    if (reqBody.length > 0 || method === 'POST' || method === 'PUT') reqHeaders.push(['Content-Length', String(reqBody.length)]);
    reqWire = reqBody;
  }
  const request = Buffer.concat([head(`${method} ${target} HTTP/1.1`, reqHeaders), reqWire]);
  const expected: ExpectedTransaction = {
    method,
    target,
    requestSha256: sha256(reqBody),
    requestLength: reqBody.length,
    status: null,
    responseSha256: null,
    responseLength: null,
  };
  if (spec.noResponse) return { request, response: null, expected };

  const status = spec.status ?? 200;
  let body = toBuf(spec.responseBody);
  const ownType = (spec.responseHeaders ?? []).some(([k]) => k.toLowerCase() === 'content-type');
  const resHeaders: Array<[string, string]> = [
    ...(ownType ? [] : [['Content-Type', 'text/html; charset=utf-8'] as [string, string]]),
    ...(spec.responseHeaders ?? []),
  ];
  if (spec.responseGzip) {
    body = gzipSync(body, { level: 6 });
    resHeaders.push(['Content-Encoding', 'gzip']);
  }
  const noBody = method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200);
  let resWire: Buffer;
  if (spec.responseChunkSize && !noBody) {
    resHeaders.push(['Transfer-Encoding', 'chunked']);
    resWire = chunked(body, spec.responseChunkSize);
  } else {
    resHeaders.push(['Content-Length', String(body.length)]);
    resWire = noBody ? Buffer.alloc(0) : body;
  }
  const response = Buffer.concat([head(`HTTP/1.1 ${status} ${spec.reason ?? 'OK'}`, resHeaders), resWire]);
  const reported = noBody ? Buffer.alloc(0) : body;
  expected.status = status;
  expected.responseSha256 = sha256(reported);
  expected.responseLength = reported.length;
  return { request, response, expected };
}

/** Deterministic filler text so bodies compress like real pages and differ per seed. */
export function lorem(bytes: number, seed = 1): Buffer {
  const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet'];
  const out = Buffer.alloc(bytes);
  let x = seed >>> 0 || 1;
  let off = 0;
  while (off < bytes) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    off += out.write(`${words[x % words.length]} `, off, 'latin1');
  }
  return out;
}
