/**
 * Request shapes only exploit tools send, read by the grammar of HTTP itself rather than a
 * product's paths (docs/detection.md, branch i18-scanner5): a second request carried inside the
 * body (request smuggling), a `Transfer-Encoding` no HTTP library writes, Digest credentials
 * without their proof, and a query that is another route of the same application.
 */

/** The longest body prefix searched for a smuggled request line (a gadget puts it near the start). */
export const SMUGGLED_LINE_SEARCH_MAX = 4096;
/**
 * A request line of HTTP/1.x (RFC 9112 section 3: method SP request-target SP HTTP-version) at the
 * start of a body line, then a header field line (`Host: x`): a second request inside the first's
 * body. A front end that counts the body by `Content-Length` and a back end that ignores it (or the
 * other way round) read the second request as the next one on the connection (request smuggling,
 * CVE-2022-22536, CL.0 and CL.TE gadgets). No client writes a request into a body; prose that
 * quotes HTTP is sent in a form or JSON field, which is another point.
 */
const SMUGGLED_REQUEST =
  /(?:^|\n)(?:GET|POST|PUT|DELETE|HEAD|OPTIONS|PATCH|TRACE|CONNECT) [^\s]{1,2048} HTTP\/1\.[01]\r?\n[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}:/;
export function isSmuggledRequest(body: string): boolean {
  return body.includes(' HTTP/1.') && SMUGGLED_REQUEST.test(body.slice(0, SMUGGLED_LINE_SEARCH_MAX));
}

/**
 * `Transfer-Encoding` is a comma list of the codings of the IANA registry (RFC 9112 section 7):
 * `chunked`, `gzip`, `deflate`, `compress`, their `x-` forms, `identity`, `br`, `zstd`. A name
 * outside it (`xchunked`, `chunked-false`, `chunk`), a quote or a control character is what
 * smuggling probes write to make one server of a chain see the coding and the other not.
 */
const TRANSFER_CODING = /^(?:chunked|gzip|x-gzip|deflate|compress|x-compress|identity|br|zstd)$/i;
/** Longer values are not a list of codings anyway, and are not split. */
export const TRANSFER_ENCODING_MAX = 128;
export function isObfuscatedTransferEncoding(value: string): boolean {
  if (value.length > TRANSFER_ENCODING_MAX) return true;
  for (const coding of value.split(',')) {
    const name = coding.trim();
    if (name !== '' && !TRANSFER_CODING.test(name)) return true;
  }
  return false;
}

/**
 * Digest credentials (RFC 7616 section 3.4) carry the proof as `response=`, computed from the
 * password and the server's nonce; browsers and libraries only answer a challenge with it. Digest
 * credentials without it (`Digest username=admin`) ask a server whose check is skipped when the
 * field is missing to take the name alone (CVE-2018-8715 and kin).
 */
const DIGEST_SCHEME = /^\s*digest\s/i;
const DIGEST_PROOF = /(?:^|[\s,])response\s*=/i;
export function isDigestWithoutProof(value: string): boolean {
  return DIGEST_SCHEME.test(value) && !DIGEST_PROOF.test(value);
}

/**
 * A query that is only a path of the same application (`/api/v1/apikey?/api/v1/ping`): filters
 * that let a public route through by finding it anywhere in the URL (`url.includes('/api/v1/ping')`)
 * are fooled into passing the protected one (CVE-2024-8181 and kin). The query repeats the request
 * path's first segment; a front controller's route in the query (`/index.php?/admin/login`) is
 * another first segment and stays quiet. `pair` is a query pair without `=`, `path` the request path.
 */
const FIRST_SEGMENT = /^\/[^/?#]+\//;
export function isRouteInQuery(pair: string, path: string): boolean {
  if (pair.length < 3 || pair.charCodeAt(0) !== 0x2f) return false;
  const first = FIRST_SEGMENT.exec(path);
  return first !== null && pair.startsWith(first[0]) && pair !== path;
}
