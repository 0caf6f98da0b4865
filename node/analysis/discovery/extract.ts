/**
 * One transaction's API facts, extracted once and shared by discovery, vulnerabilities and
 * sessions: the parameters (query, header, cookie, body) with type, format and sensitive kinds, the
 * response body's fields, content types and the auth schemes the request used. Work per
 * transaction is bounded (values per message, JSON depth, decoded body size).
 */
import type { Limits } from '../../config/types';
import { decodeContent } from '../../http/content-decoding';
import { MARK_MAX, TEXT_MARKS } from '../shared/text-marks';
import { headerValue } from '../../http/headers';
import { FIXED_GRAMMAR_HEADERS } from '../../http/standard-headers';
import { mediaTypeEssence } from '../../http/request';
import type { HeaderList, HttpBody, HttpTransaction } from '../../http/types';
import { percentDecode } from '../attacks/decode/percent';
import { grpcFields } from './grpc-fields';
import { graphqlOperations, type GraphqlOperationSeen } from './graphql-operations';
import type { GraphqlReader } from '../../graphql/document';
import { sensitiveKinds, type SensitiveKind } from './sensitive';
import { classifyText, type ValueFormat, type ValueType } from './values';
import { memoized } from '../../memo';
import { requestView, type RequestView } from '../shared/request-view';
import { flattenJson, flattenJsonText, flattenShallowFirst, MAX_VALUES, type ObservedValue } from './json-fields';

export { flattenJson, jsonKey, type ObservedValue } from './json-fields';

export type ParamLocation = 'query' | 'header' | 'cookie' | 'body';

export interface RequestParam extends ObservedValue {
  loc: ParamLocation;
  /** The raw value (sessions take context values from it; never exported by discovery). */
  value: string;
}

export interface TxFacts {
  path: string;
  params: RequestParam[];
  requestContentType: string | null;
  responseContentType: string | null;
  /** Response body fields (JSON paths), when the body is JSON. */
  responseFields: ObservedValue[];
  /** The response body as text (decoded, capped) for information-exposure checks; '' when binary. */
  responseText: string;
  /** Auth schemes the request carried: bearer, jwt, basic, api_key_header:<name>, api_key_query:<name>, cookie:<name>. */
  auth: string[];
  /** The request's cookies (requestCookies, name-less pairs included), parsed once for every consumer. */
  cookies: Array<[string, string]>;
  /** A GraphQL request's operations (./graphql-operations), null when it is not GraphQL or no reader was given. */
  graphql: GraphqlOperationSeen[] | null;
  /** The request's Accept asks for data (JSON or XML) and not for a page (dataAccept). */
  acceptsData: boolean;
}

/** Response text kept for pattern checks. */
const MAX_TEXT = 64 * 1024;

/** Request headers that every client sends and so say nothing about the API. */
export const STANDARD_HEADERS: ReadonlySet<string> = new Set([
  ...FIXED_GRAMMAR_HEADERS,
  'host',
  'user-agent',
  'cookie',
  'origin',
  'referer',
  'upgrade',
  'proxy-connection',
  'if-unmodified-since',
  'forwarded',
  'via',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'x-forwarded-port',
  'x-real-ip',
  'x-requested-with',
]);
export const STANDARD_PREFIXES: readonly string[] = ['sec-', 'x-forwarded-', 'x-b3-', 'x-amzn-', 'cf-'];

/** Headers that carry an API key (names as clients send them, lower-cased). */
export const API_KEY_HEADERS = new Set([
  'x-api-key',
  'api-key',
  'apikey',
  'x-apikey',
  'x-auth-token',
  'x-access-token',
  'x-api-token',
  'x-key',
]);
const API_KEY_QUERY = new Set(['api_key', 'apikey', 'api-key', 'key', 'access_token', 'token']);
export const SESSION_COOKIES = new Set([
  'phpsessid',
  'jsessionid',
  'session',
  'sessionid',
  'session_id',
  'sid',
  'connect.sid',
  'asp.net_sessionid',
  'laravel_session',
  '_session_id',
]);

/** The media type's essence (`type/subtype`, lower case) of the Content-Type, or null. */
export function mediaType(headers: HeaderList): string | null {
  const t = mediaTypeEssence(headerValue(headers, 'content-type'));
  return t === '' ? null : t;
}

/**
 * The first `limit` name=value pairs of a query or form body (`&`-separated, percent- and
 * plus-decoded; empty pairs and empty names skipped): the pairs `text.split('&')` gives, read in
 * place without the array of every pair, up to the limit only (docs/performance.md "Sessions,
 * vulnerabilities, discovery (branch i22-analyses)").
 */
export function urlPairs(text: string, limit: number): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  // The next '=' at or after `start` (text.length when none): one pass over the text, whatever the pairs.
  let eq = -1;
  for (let start = 0; start <= text.length && out.length < limit;) {
    let end = text.indexOf('&', start);
    if (end < 0) end = text.length;
    if (end > start) {
      if (eq < start) {
        eq = text.indexOf('=', start);
        if (eq < 0) eq = text.length;
      }
      const named = eq < end;
      const name = percentDecode(text.slice(start, named ? eq : end), true);
      if (name !== '') out.push([name, named ? percentDecode(text.slice(eq + 1, end), true) : '']);
    }
    start = end + 1;
  }
  return out;
}

/** One request parameter; every one is made here, so all have one shape (docs/performance.md, "Engine notes"). */
function param(
  name: string,
  type: ValueType,
  format: ValueFormat | null,
  sensitive: SensitiveKind[],
  loc: ParamLocation,
  value: string,
): RequestParam {
  return { name, type, format, sensitive, loc, value };
}

function textParam(name: string, value: string, loc: ParamLocation): RequestParam {
  const { type, format } = classifyText(value);
  return param(name, type, format, sensitiveKinds(name, value), loc, value);
}

/** A request header's parameter name (lower case), or null when every client sends it or it carries an API key. */
function headerParamName(n: string): string | null {
  const name = n.toLowerCase();
  return STANDARD_HEADERS.has(name) || API_KEY_HEADERS.has(name) || STANDARD_PREFIXES.some((p) => name.startsWith(p))
    ? null
    : name;
}

/** Per header, query and cookie name as sent (names recur on every request): its parameter name, or its auth scheme ('' for none). */
const headerParamNameOf = memoized(headerParamName, 1024, 128);
const apiKeyHeaderAuthOf = memoized(
  (n) => (API_KEY_HEADERS.has(n.toLowerCase()) ? `api_key_header:${n.toLowerCase()}` : ''),
  1024,
  128,
);
const apiKeyQueryAuthOf = memoized((n) => (API_KEY_QUERY.has(n.toLowerCase()) ? `api_key_query:${n}` : ''), 1024, 128);
const sessionCookieAuthOf = memoized((n) => (SESSION_COOKIES.has(n.toLowerCase()) ? `cookie:${n}` : ''), 1024, 128);

export function bodyText(body: HttpBody, headers: HeaderList, limits: Pick<Limits, 'decompressBytes'>): string | null {
  return bodyBytes(body, headers, limits)?.toString('utf8') ?? null;
}

/** The bytes bodyText decodes as UTF-8: the body with its Content-Encoding undone, capped at MAX_TEXT; null when none. */
function bodyBytes(body: HttpBody, headers: HeaderList, limits: Pick<Limits, 'decompressBytes'>): Buffer | null {
  if (body.length === 0 || body.inspect.length === 0) return null;
  const decoded = decodeContent(body, headers, limits);
  if (decoded.error !== undefined) return null;
  return decoded.data.subarray(0, MAX_TEXT);
}

export function isJson(type: string | null): boolean {
  return type !== null && (type === 'application/json' || type.endsWith('+json') || type === 'text/json');
}

/** The auth scheme an Authorization value names ('' when none): jwt, bearer, basic or authorization:<scheme>. */
function authorizationScheme(authz: string): string {
  const [scheme, cred = ''] = authz.trim().split(/\s+/, 2);
  const s = scheme.toLowerCase();
  if (s === 'bearer') return /^eyJ[\w-]+\.[\w-]*\.[\w-]*$/.test(cred) ? 'jwt' : 'bearer';
  if (s === 'basic') return 'basic';
  return s === '' ? '' : `authorization:${s}`;
}

/** authorizationScheme per value: a client sends the same credential on every request. */
const authorizationSchemeOf = memoized(authorizationScheme, 1024, 512);

/**
 * Whether an Accept value asks for data and not a page: it names a JSON or XML media type
 * (`application/json`, `application/vnd.x+json`, `application/xml`) and no HTML
 * (`text/html`, `application/xhtml+xml`). An API client asks so (`application/json, text/plain,
 * *\/*` too); a browser's navigation names HTML, its fetch() `*\/*`, and neither is taken as data
 * (docs/api-discovery.md "Noise kept out").
 */
function dataAccept(accept: string): boolean {
  const v = accept.toLowerCase();
  if (v.includes('html')) return false;
  return /(?:^|[,\s])(?:application|text)\/(?:[\w.+-]*\+)?(?:json|xml)\b/.test(v);
}

const dataAcceptOf = memoized(dataAccept, 1024, 512);

function acceptsData(headers: HeaderList): boolean {
  const accept = headerValue(headers, 'accept');
  return accept !== null && dataAcceptOf(accept);
}

function authSchemes(headers: HeaderList, query: Array<[string, string]>, cookies: Array<[string, string]>): string[] {
  const out: string[] = [];
  const authz = headerValue(headers, 'authorization');
  if (authz !== null) {
    const scheme = authorizationSchemeOf(authz);
    if (scheme !== '') out.push(scheme);
  }
  // Indexed loops here and in extractFacts: per-pair destructuring made iterators the optimiser
  // did not always remove (docs/performance.md "Allocation per transaction (branch i22-alloc)").
  for (let i = 0; i < headers.length; i++) {
    const scheme = apiKeyHeaderAuthOf(headers[i][0]);
    if (scheme !== '') out.push(scheme);
  }
  for (let i = 0; i < query.length; i++) {
    const scheme = apiKeyQueryAuthOf(query[i][0]);
    if (scheme !== '') out.push(scheme);
  }
  for (let i = 0; i < cookies.length; i++) {
    const scheme = sessionCookieAuthOf(cookies[i][0]);
    if (scheme !== '') out.push(scheme);
  }
  return distinct(out);
}

/**
 * `[...new Set(list)]`: each value once, in the order first met. A short list without a repeat
 * (most requests name one or two distinct schemes) is its own answer, with no Set made.
 */
export function distinct(list: string[]): string[] {
  return list.length < 2 || (list.length <= 8 && !hasRepeat(list)) ? list : [...new Set(list)];
}

/** Whether a list holds a value twice. */
function hasRepeat(list: readonly string[]): boolean {
  for (let i = 1; i < list.length; i++) for (let j = 0; j < i; j++) if (list[i] === list[j]) return true;
  return false;
}

/**
 * The request body as text for discovery (bodyText's rule: decoded, capped at MAX_TEXT, null when
 * empty or it fails to decode), from the request's view: the same string attack extraction read
 * when the body is within the cap, so its JSON is parsed once.
 */
function requestBodyText(view: RequestView, limits: Pick<Limits, 'decompressBytes'>): string | null {
  const body = view.request.body;
  if (body.length === 0 || body.inspect.length === 0) return null;
  const decoded = view.decoded(limits.decompressBytes);
  if (decoded.error !== undefined) return null;
  return decoded.data.length <= MAX_TEXT
    ? view.decodedText(limits.decompressBytes)
    : decoded.data.subarray(0, MAX_TEXT).toString('utf8');
}

export function extractFacts(
  tx: HttpTransaction,
  limits: Pick<Limits, 'decompressBytes'>,
  graphql: GraphqlReader | null = null,
  /** The vulnerability checks will search the response text: its JSON is read with the shared character marks (json-fields.ts flattenJsonText). */
  marksShared = false,
): TxFacts {
  const req = tx.request;
  // Path, query, cookies, body text and JSON as attack extraction read them (../shared/request-view.ts).
  const view = requestView(req);
  const path = view.path;
  const query = view.query;
  const params: RequestParam[] = [];
  const queryPairs = urlPairs(query, MAX_VALUES);
  for (let i = 0; i < queryPairs.length; i++) params.push(textParam(queryPairs[i][0], queryPairs[i][1], 'query'));
  const headers = req.headers;
  for (let i = 0; i < headers.length; i++) {
    // API key headers are described as auth (security schemes), not as parameters.
    const name = headerParamNameOf(headers[i][0]);
    if (name === null || params.length >= MAX_VALUES) continue;
    params.push(textParam(name, headers[i][1], 'header'));
  }
  const cookies = view.cookies;
  // A name-less pair (docs/http.md, "Cookies") is no parameter an API documents: its value is still
  // in `cookies` for the checks that read values (JWTs in cookies).
  for (let i = 0; i < cookies.length; i++) {
    const n = cookies[i][0];
    if (n !== '' && params.length < MAX_VALUES) params.push(textParam(n, cookies[i][1], 'cookie'));
  }

  const requestContentType = req.body.length > 0 && view.mediaType !== '' ? view.mediaType : null;
  // gRPC: protobuf message fields by number path (./grpc-fields), not text.
  const grpcRequest =
    requestContentType !== null && requestContentType.startsWith('application/grpc')
      ? grpcFields(req.body, req.headers, limits)
      : null;
  if (grpcRequest !== null)
    for (const f of grpcRequest) params.push(param(f.name, f.type, f.format, f.sensitive, 'body', f.value));
  const reqText = requestContentType !== null && grpcRequest === null ? requestBodyText(view, limits) : null;
  if (reqText !== null) {
    if (isJson(requestContentType)) {
      const doc = view.json(reqText);
      if (doc !== undefined) {
        const fields: ObservedValue[] = [];
        flattenJson(doc, fields);
        // Past the values looked at, the shallowest are described (a cap keeps them too: kept-names.ts).
        if (fields.length >= MAX_VALUES) {
          fields.length = 0;
          flattenShallowFirst(doc, fields);
        }
        for (const f of fields) params.push(param(f.name, f.type, f.format, f.sensitive, 'body', scalarAt(doc, f)));
      }
    } else if (requestContentType === 'application/x-www-form-urlencoded') {
      const pairs = urlPairs(reqText, MAX_VALUES);
      for (let i = 0; i < pairs.length; i++) params.push(textParam(pairs[i][0], pairs[i][1], 'body'));
    } else if (requestContentType === 'multipart/form-data') {
      for (const m of reqText.matchAll(/content-disposition:[^\r\n]{0,200}?\bname="([^"]{1,128})"/gi)) {
        if (params.length >= 2 * MAX_VALUES) break;
        params.push(param(m[1], 'string', null, [], 'body', ''));
      }
    }
  }

  const res = tx.response;
  const responseContentType = res !== null && res.body.length > 0 ? mediaType(res.headers) : null;
  const responseFields: ObservedValue[] = [];
  let responseText = '';
  const grpcResponse =
    res !== null && responseContentType !== null && responseContentType.startsWith('application/grpc')
      ? grpcFields(res.body, res.headers, limits)
      : null;
  if (grpcResponse !== null)
    for (const f of grpcResponse) responseFields.push({ name: f.name, type: f.type, format: f.format, sensitive: f.sensitive });
  else if (res !== null && responseContentType !== null && isTextual(responseContentType)) {
    const bytes = bodyBytes(res.body, res.headers, limits);
    responseText = bytes?.toString('utf8') ?? '';
    if (isJson(responseContentType)) {
      // The shared marks are made from the bytes, read faster than the text's characters
      // (../shared/text-marks.ts markUtf8); flattenJsonText and the literal search then find them made.
      if (marksShared && bytes !== null && responseText.length <= MARK_MAX) TEXT_MARKS.markUtf8(bytes, responseText);
      // Read from the text: no document is built for the response (./json-fields flattenJsonText).
      flattenJsonText(responseText, responseFields, marksShared);
    }
  }
  return {
    path,
    params,
    requestContentType,
    responseContentType,
    responseFields,
    responseText,
    auth: authSchemes(req.headers, queryPairs, cookies),
    cookies,
    graphql: graphql === null ? null : graphqlOperations(graphql, query, reqText, requestContentType),
    acceptsData: acceptsData(req.headers),
  };
}

function isTextual(type: string): boolean {
  return (
    type.startsWith('text/') ||
    isJson(type) ||
    type.endsWith('xml') ||
    type === 'application/javascript' ||
    type === 'application/problem+json'
  );
}

/** A JSON body field's value as text, for session context (first occurrence, scalars only). */
function scalarAt(doc: unknown, f: ObservedValue): string {
  const name = f.name;
  if (f.type === 'object' || f.type === 'array' || name.includes('[')) return '';
  // `$.a.b`: keys jsonKey writes after a dot have no dot or bracket (read in place, no array of keys).
  let v: unknown = doc;
  for (let from = 2; ;) {
    const dot = name.indexOf('.', from);
    const end = dot < 0 ? name.length : dot;
    if (end <= from || typeof v !== 'object' || v === null) return '';
    v = (v as Record<string, unknown>)[name.slice(from, end)];
    if (dot < 0) break;
    from = dot + 1;
  }
  return v === undefined || v === null ? '' : String(v);
}
