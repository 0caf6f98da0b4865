/**
 * Turns corpus cases into HTTP requests the way gotestwaf does (payload x encoder x placeholder),
 * and places bare labelled values into a rotation of request points, so every class is seen in
 * the query, forms, JSON, XML, multipart, headers, cookies and the path.
 */
import { gzipSync } from 'node:zlib';
import type { AttackDetector } from '../../node/analysis/attacks';
import type { HeaderList } from '../../node/http/types';
import type { AttackClass } from '../../node/records/types';
import { tx } from '../unit/attacks/helpers';

export interface RequestSpec {
  method: string;
  target: string;
  headers: HeaderList;
  body: Buffer;
  /** Where the payload was put, for the per-point figures. */
  placeholder: string;
}

const HOST: [string, string] = ['Host', 'shop.example'];
const UA: [string, string] = ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0'];

export function encode(encoder: string, payload: string): string | null {
  switch (encoder) {
    case 'Plain':
      return payload;
    case 'URL':
      return encodeURIComponent(payload).replace(/%20/g, '+');
    case 'Base64':
      return Buffer.from(payload).toString('base64');
    case 'Base64Flat':
      return Buffer.from(payload).toString('base64').replace(/=+$/, '');
    case 'JSUnicode':
      return [...payload].map((c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')).join('');
    case 'XML Entity':
      return [...payload].map((c) => `&#x${c.codePointAt(0)!.toString(16)};`).join('');
    default:
      return null;
  }
}

/** Characters a client cannot put raw into a request line are percent-encoded, the rest kept. */
function targetSafe(s: string): string {
  return Buffer.from(s, 'utf8')
    .toString('latin1')
    .replace(/[\x00-\x20\x7f-\xff#]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

function form(name: string, value: string): RequestSpec {
  return post('HTMLForm', 'application/x-www-form-urlencoded', `${name}=${value}`);
}

function post(placeholder: string, type: string | null, body: string | Buffer, extra: HeaderList = []): RequestSpec {
  const headers: HeaderList = [HOST, UA, ...(type ? [['Content-Type', type] as [string, string]] : []), ...extra];
  return {
    method: 'POST',
    target: '/submit',
    headers,
    body: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'),
    placeholder,
  };
}

function multipart(name: string, value: string): RequestSpec {
  const b = 'eval7boundary';
  return post(
    'HTMLMultipartForm',
    `multipart/form-data; boundary=${b}`,
    `--${b}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n--${b}--\r\n`,
  );
}

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** gotestwaf's placeholders; null when the request could not be sent (e.g. CR/LF in a header). */
export function gotestwafRequest(
  placeholder: string | Record<string, unknown>,
  encoded: string,
  param: string,
): RequestSpec | null {
  if (typeof placeholder === 'object') {
    const [name, cfg] = Object.entries(placeholder)[0] as [string, Record<string, unknown>];
    if (name !== 'RawRequest') return null;
    const headers: HeaderList = [HOST, ...Object.entries((cfg.headers as Record<string, string>) ?? {})];
    let body: Buffer = Buffer.from(
      String(cfg.body ?? '')
        .replace('{{payload}}', encoded)
        .replace(/\r?\n/g, '\r\n'),
    );
    if (headers.some(([n, v]) => n.toLowerCase() === 'content-encoding' && v === 'gzip')) body = gzipSync(body);
    return {
      method: String(cfg.method ?? 'POST'),
      target: targetSafe(String(cfg.path ?? '/')),
      headers,
      body,
      placeholder: 'RawRequest',
    };
  }
  switch (placeholder) {
    case 'URLPath':
      return { method: 'GET', target: '/' + targetSafe(encoded), headers: [HOST, UA], body: Buffer.alloc(0), placeholder };
    case 'URLParam':
      return {
        method: 'GET',
        target: `/?${param}=${targetSafe(encoded)}`,
        headers: [HOST, UA],
        body: Buffer.alloc(0),
        placeholder,
      };
    case 'Header':
      if (/[\r\n\0]/.test(encoded)) return null;
      return { method: 'GET', target: '/', headers: [HOST, UA, [`X-${param}`, encoded]], body: Buffer.alloc(0), placeholder };
    case 'UserAgent':
      if (/[\r\n\0]/.test(encoded)) return null;
      return { method: 'GET', target: '/', headers: [HOST, ['User-Agent', encoded]], body: Buffer.alloc(0), placeholder };
    case 'RequestBody':
      return post(placeholder, null, encoded);
    case 'JSONRequest':
      return post(placeholder, 'application/json', JSON.stringify({ test: true, [param]: encoded }));
    case 'JSONBody':
      return post(placeholder, 'application/json', encoded);
    case 'HTMLForm':
      return form(param, encoded);
    case 'HTMLMultipartForm':
      return multipart(param, encoded);
    case 'SOAPBody':
      return post(
        placeholder,
        'text/xml',
        `<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header/><soapenv:Body><ws_get_data><arg0>${encoded}</arg0></ws_get_data></soapenv:Body></soapenv:Envelope>`,
      );
    case 'XMLBody':
      return post(placeholder, 'application/xml', encoded);
    default:
      return null;
  }
}

/** Characters a request line cannot carry raw are percent-encoded (as a client library would). */
export function requestLineSafe(target: string): string {
  return Buffer.from(target, 'utf8')
    .toString('latin1')
    .replace(/[\x00-\x20\x7f-\xff]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

export const VALUE_POINTS = ['query', 'form', 'json', 'multipart', 'header', 'cookie', 'xml', 'path'] as const;

/** A bare value at one of VALUE_POINTS, encoded as a client would send it there. */
export function valueRequest(point: (typeof VALUE_POINTS)[number], value: string): RequestSpec | null {
  const q = encodeURIComponent(value);
  switch (point) {
    case 'query':
      return { method: 'GET', target: `/search?q=${q}&page=1`, headers: [HOST, UA], body: Buffer.alloc(0), placeholder: point };
    case 'form':
      return { ...form('comment', q), placeholder: point };
    case 'json':
      return { ...post('json', 'application/json', JSON.stringify({ user: { id: 7, comment: value } })), placeholder: point };
    case 'multipart':
      return { ...multipart('comment', value), placeholder: point };
    case 'header':
      if (/[\r\n\0]/.test(value)) return null;
      return {
        method: 'GET',
        target: '/',
        headers: [HOST, UA, ['X-Note', Buffer.from(value, 'utf8').toString('latin1')]],
        body: Buffer.alloc(0),
        placeholder: point,
      };
    case 'cookie':
      return {
        method: 'GET',
        target: '/',
        headers: [HOST, UA, ['Cookie', `lang=en; pref=${q}`]],
        body: Buffer.alloc(0),
        placeholder: point,
      };
    case 'xml':
      return {
        ...post('xml', 'application/xml', `<?xml version="1.0"?><order><id>7</id><note>${xmlEscape(value)}</note></order>`),
        placeholder: point,
      };
    case 'path':
      return { method: 'GET', target: `/items/${q}/view`, headers: [HOST, UA], body: Buffer.alloc(0), placeholder: point };
  }
}

/**
 * Other spellings clients use at the points of VALUE_POINTS (test/eval/attack-all-points.ts and
 * benign-all-points.ts --spellings; not in the evaluation's rotation, which they would shift):
 * `query+`/`form+` as Python's quote_plus and HTML forms write (`+` for space, `!'()*` escaped);
 * `query-raw`/`path-raw` as tools send a payload unencoded (only what a request line cannot carry,
 * and the separators that would end the value, escaped: the path keeps `/` and `;`); `json-escaped`
 * as Go, .NET and PHP encoders write strings (`<>&'` and non-ASCII as `\u00XX`, `/` as `\/`);
 * `cookie-raw` unencoded (a `;` then separates pairs, as a server reads it too); `header-fold` a
 * multi-line value sent with obs-fold continuation lines, as the HTTP parser hands it over (joined
 * with one space, docs/http.md); `xml-cdata` and `xml-refs` (every character but letters and
 * digits as a numeric reference) for XML text; `multipart-file` a text file part. Nested and other
 * carriers (branch i18-points2): `json-in-json` a JSON document sent as one string field of another
 * (what a client that serializes twice writes), `json-base64` the value base64-encoded in a JSON
 * field, `xml-attr` an XML attribute, `referer` the query of the Referer header (the page the
 * client says it came from), `user-agent` the User-Agent header, `multipart-type` the Content-Type
 * of a multipart part. `json-raw` (branch i18-points3): the value pasted into a JSON template
 * without escaping, as a harness that formats strings writes it (`{"comment":"1" or "1"="1"}`): a
 * body that does not parse, read leniently.
 */
export const SPELLED_POINTS = [
  'query+',
  'query-raw',
  'form+',
  'json-escaped',
  'cookie-raw',
  'header-fold',
  'path-raw',
  'xml-cdata',
  'xml-refs',
  'multipart-file',
  'json-in-json',
  'json-base64',
  'xml-attr',
  'referer',
  'user-agent',
  'multipart-type',
  'json-raw',
] as const;

export type AnyPoint = (typeof VALUE_POINTS)[number] | (typeof SPELLED_POINTS)[number];

const quotePlus = (s: string): string =>
  encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, '+');

/** Unencoded but for what a request line cannot carry and the characters in `ends` (they would end the value). */
function rawInTarget(s: string, ends: RegExp): string {
  return requestLineSafe(s).replace(ends, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

/** A bare value at a point of VALUE_POINTS or SPELLED_POINTS; null when a client could not send it there. */
export function pointRequest(point: AnyPoint, value: string): RequestSpec | null {
  const get = (target: string, headers: HeaderList = [HOST, UA]): RequestSpec => ({
    method: 'GET',
    target,
    headers,
    body: Buffer.alloc(0),
    placeholder: point,
  });
  switch (point) {
    case 'query+':
      return get(`/search?q=${quotePlus(value)}&page=1`);
    case 'query-raw':
      return get(`/search?q=${rawInTarget(value, /[#&]/g)}&page=1`);
    case 'form+':
      return { ...form('comment', quotePlus(value)), placeholder: point };
    case 'json-escaped': {
      const json = JSON.stringify({ user: { id: 7, comment: value } })
        .replace(/[<>&'\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))
        .replace(/\//g, '\\/');
      return { ...post(point, 'application/json', json) };
    }
    case 'cookie-raw':
      if (/[\r\n\0]/.test(value)) return null;
      return get('/', [HOST, UA, ['Cookie', `lang=en; pref=${Buffer.from(value, 'utf8').toString('latin1')}`]]);
    case 'header-fold':
      if (!/\n/.test(value) || /\0/.test(value)) return null;
      return get('/', [HOST, UA, ['X-Note', Buffer.from(value.replace(/\r?\n[ \t]*/g, ' '), 'utf8').toString('latin1')]]);
    case 'path-raw':
      return get(`/items/${rawInTarget(value, /[?#]/g)}/view`);
    case 'xml-cdata':
      return post(
        point,
        'application/xml',
        `<?xml version="1.0"?><order><id>7</id><note><![CDATA[${value.replace(/]]>/g, ']]]]><![CDATA[>')}]]></note></order>`,
      );
    case 'xml-refs':
      return post(
        point,
        'application/xml',
        `<?xml version="1.0"?><order><id>7</id><note>${[...value].map((c) => (/[A-Za-z0-9]/.test(c) ? c : `&#${c.codePointAt(0)};`)).join('')}</note></order>`,
      );
    case 'multipart-file': {
      const b = 'eval7boundary';
      return post(
        point,
        `multipart/form-data; boundary=${b}`,
        `--${b}\r\nContent-Disposition: form-data; name="attachment"; filename="note.txt"\r\nContent-Type: text/plain\r\n\r\n${value}\r\n--${b}--\r\n`,
      );
    }
    case 'json-in-json':
      return post(point, 'application/json', JSON.stringify({ user: { id: 7, data: JSON.stringify({ comment: value }) } }));
    case 'json-base64':
      return post(
        point,
        'application/json',
        JSON.stringify({ user: { id: 7, comment: Buffer.from(value, 'utf8').toString('base64') } }),
      );
    case 'xml-attr':
      return post(
        point,
        'application/xml',
        `<?xml version="1.0"?><order><id>7</id><note text="${xmlEscape(value).replace(/"/g, '&quot;')}"/></order>`,
      );
    case 'referer':
      return get('/', [HOST, UA, ['Referer', `https://shop.example/search?q=${encodeURIComponent(value)}&page=1`]]);
    case 'user-agent':
      if (/[\r\n\0]/.test(value)) return null;
      return get('/', [HOST, ['User-Agent', Buffer.from(value, 'utf8').toString('latin1')]]);
    case 'multipart-type': {
      if (/[\r\n\0]/.test(value)) return null;
      const b = 'eval7boundary';
      return post(
        point,
        `multipart/form-data; boundary=${b}`,
        `--${b}\r\nContent-Disposition: form-data; name="comment"\r\nContent-Type: ${value}\r\n\r\nhello\r\n--${b}--\r\n`,
      );
    }
    case 'json-raw':
      return post(point, 'application/json', `{"user":{"id":7,"comment":"${value}"}}`);
    default:
      return valueRequest(point, value);
  }
}

/** The classes `detector` reports for `value` at `point` (pointRequest), or null when a client could not send it there. */
export function classesAt(detector: AttackDetector, point: AnyPoint, value: string): Set<AttackClass> | null {
  const spec = pointRequest(point, value);
  if (spec === null) return null;
  const hits = detector.detect(tx({ method: spec.method, target: spec.target, headers: spec.headers, body: spec.body }))?.hits;
  return new Set((hits ?? []).map((h) => h.class));
}
