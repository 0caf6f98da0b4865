/**
 * Credentials that carry no proof (docs/detection.md, "Unsigned tokens and headers only proxies
 * write (branch i18-nuclei3)"): a bearer token is worth something only through its signature, so
 * one sent without it is forged by whoever sent it, whatever the product.
 *
 * - A JSON Web Token in compact form (RFC 7515 section 7.1: `BASE64URL(header) "."
 *   BASE64URL(payload) "." BASE64URL(signature)`) whose header names the algorithm `none` in any
 *   case (`None`, `nOnE`: the spellings that slip past a case-sensitive deny list), or whose
 *   signature is empty (`eyJ...eyJ....`): an unsecured JWT (RFC 7519 section 6) that a verifier
 *   accepting any `alg` takes as signed (CVE-2015-9235 and kin). Issuers sign what they hand out.
 *
 * Not read: a JSON object where a token belongs (`Authorization: {"iss":...}`). The nuclei
 * templates that seem to send one sign it with `generate_jwt`, which test/eval/nuclei.ts does not
 * expand (it hands the claims on as they are): no exploit is known to send bare claims.
 *
 * Class `scanner` (a known-exploit form: an authentication bypass), rule `class:unsigned-token`.
 */

/** A compact JWS: three base64url segments (padding tolerated), the header opening `{"` (`eyJ`). */
const COMPACT_JWS =
  /^(?:bearer\s+)?(eyJ[A-Za-z0-9_-]{2,4096}={0,2})\.[A-Za-z0-9_-]{2,8192}={0,2}\.([A-Za-z0-9_-]{0,2048}={0,2})$/i;
/** The `alg` member of a JOSE header (RFC 7515 section 4.1.1). */
const ALG_MEMBER = /"alg"\s*:\s*"([^"]{0,32})"/;
/** Longest token read (a JWT is rarely past a few kilobytes; an upload is not one). */
const MAX_TOKEN_LENGTH = 16384;

/** A compact JWT whose algorithm is `none` (any case) or whose signature segment is empty. */
export function isUnsignedJwt(value: string): boolean {
  if (value.length < 20 || value.length > MAX_TOKEN_LENGTH) return false;
  // `eyJ` opens the token, after at most a `Bearer ` scheme: nearly every value is refused here.
  // Searched back from index 8 only: a few characters, whatever the value's length.
  if (value.lastIndexOf('eyJ', 8) < 0) return false;
  const m = COMPACT_JWS.exec(value.trim());
  if (m === null) return false;
  const alg = ALG_MEMBER.exec(Buffer.from(m[1], 'base64url').toString('latin1'));
  if (alg === null) return false;
  // The signature segment is empty when it has no base64url character: nothing, or padding alone.
  const signature = m[2];
  return signature === '' || signature.charCodeAt(0) === 0x3d || alg[1].toLowerCase() === 'none';
}

/**
 * Names of headers that hold a credential: `Authorization`, and headers named for a token (`jwt`,
 * `token`, `X-Auth-Token`, `X-F5-Auth-Token`, `X-DE-TOKEN`, `id-token`), lower case.
 */
const CREDENTIAL_NAME = /^(?:authorization|jwt|token|[a-z0-9_-]{0,40}[-_](?:token|jwt))$/;

export function isCredentialName(name: string): boolean {
  return name.length <= 48 && CREDENTIAL_NAME.test(name);
}
