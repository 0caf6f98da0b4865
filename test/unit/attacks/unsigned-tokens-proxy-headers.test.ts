/**
 * Unsigned tokens and headers only proxies write (docs/detection.md, "Unsigned tokens and headers
 * only proxies write (branch i18-nuclei3)"): a JWT without its proof (`alg: none` in any case, an
 * empty signature), a `Connection` header that makes a proxy strip what it wrote for the back end
 * to trust, and request headers a framework writes for itself. Each a `scanner` hit with its class
 * rule, beside the look-alikes of ordinary clients that stay quiet.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import { isUnsignedJwt } from '../../../node/analysis/attacks/detectors/tokens';
import { isFrameworkInternalHeader, isHopByHopStrip } from '../../../node/analysis/attacks/detectors/header-grammar';
import { RELAXED, tx } from './helpers';

const detector = new AttackDetector(RELAXED);

const b64 = (json: object): string => Buffer.from(JSON.stringify(json)).toString('base64url');
/** A compact JWT: header, claims, and the signature segment as given (base64url text). */
const jwt = (header: object, signature: string, claims: object = { sub: 'admin', iat: 1700000000 }): string =>
  `${b64(header)}.${b64(claims)}.${signature}`;
const SIGNATURE = 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

/** The rules of the request's scanner hits (`class:<name>`). */
function scannerRules(target: string, headers: Array<[string, string]> = []): string[] {
  const r = detector.detect(
    tx({
      target,
      headers: [['Host', 'shop.example'], ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0'], ...headers],
    }),
  );
  return (r?.hits ?? []).filter((h) => h.class === 'scanner').map((h) => h.rule ?? '');
}

/** [what, target, headers] -> a scanner hit with this rule. */
const ATTACKS: Array<[string, string, Array<[string, string]>, string]> = [
  [
    '`alg: none` in a query parameter (Strapi CVE-2023-22893)',
    `/api/auth/cognito/callback?access_token=x&id_token=${jwt({ alg: 'none', typ: 'JWT' }, '')}`,
    [],
    'class:unsigned-token',
  ],
  ['`alg: none` as a bearer token', '/api/me', [['Authorization', `Bearer ${jwt({ alg: 'none' }, '')}`]], 'class:unsigned-token'],
  [
    '`alg: None` with a signature kept',
    '/api/me',
    [['Authorization', `Bearer ${jwt({ alg: 'None' }, SIGNATURE)}`]],
    'class:unsigned-token',
  ],
  [
    '`alg: nOnE` in a cookie',
    '/account',
    [['Cookie', `session_token=${jwt({ typ: 'JWT', alg: 'nOnE' }, '')}`]],
    'class:unsigned-token',
  ],
  [
    'an HS256 token whose signature was stripped',
    '/api/me',
    [['X-Auth-Token', jwt({ alg: 'HS256', typ: 'JWT' }, '')]],
    'class:unsigned-token',
  ],
  [
    'a hop-by-hop list that strips the client address (CVE-2025-34026)',
    '/portalapi/actuator',
    [['Connection', 'X-Real-Ip']],
    'class:hop-by-hop-strip',
  ],
  [
    'a hop-by-hop list that strips a credential (F5 iControl, CVE-2022-1388)',
    '/mgmt/tm/util/bash',
    [['Connection', 'keep-alive, X-F5-Auth-Token, X-Forwarded-Host']],
    'class:hop-by-hop-strip',
  ],
  ['a hop-by-hop list naming X-Forwarded-For', '/admin', [['Connection', 'close, X-Forwarded-For']], 'class:hop-by-hop-strip'],
  ['a hop-by-hop list naming Authorization', '/', [['Connection', 'Authorization']], 'class:hop-by-hop-strip'],
  [
    "Next.js's middleware recursion guard sent by a client (CVE-2025-29927)",
    '/dashboard',
    [['X-Middleware-Subrequest', 'middleware:middleware:middleware:middleware:middleware']],
    'class:internal-header',
  ],
  ["Next.js's router-server order to a render worker", '/?cb=1', [['x-invoke-status', '888']], 'class:internal-header'],
];

for (const [what, target, headers, rule] of ATTACKS) {
  test(`scanner ${rule}: ${what}`, () => {
    assert.ok(scannerRules(target, headers).includes(rule), `${target} ${JSON.stringify(headers)}`);
  });
}

/** [what, target, headers]: what clients send every day, quiet. */
const LOOK_ALIKES: Array<[string, string, Array<[string, string]>]> = [
  ['a signed HS256 bearer token', '/api/me', [['Authorization', `Bearer ${jwt({ alg: 'HS256', typ: 'JWT' }, SIGNATURE)}`]]],
  [
    'a signed RS256 id_token in a login callback',
    `/callback?id_token=${jwt({ alg: 'RS256', kid: 'k1' }, SIGNATURE + SIGNATURE)}`,
    [],
  ],
  ['a signed token in a cookie', '/account', [['Cookie', `access_token=${jwt({ alg: 'ES256' }, SIGNATURE)}`]]],
  [
    'claims that say `none` while the header is signed',
    '/api/me',
    [['Authorization', `Bearer ${jwt({ alg: 'HS256' }, SIGNATURE, { alg: 'none', sub: 'a' })}`]],
  ],
  ['base64 JSON without dots (a state parameter)', `/login?state=${b64({ alg: 'none', returnTo: '/' })}`, []],
  ['two segments and no signature slot', `/x?t=${b64({ alg: 'none' })}.${b64({ sub: 'a' })}`, []],
  ['a JSON object in an Authorization header (not read)', '/v1/folder', [['Authorization', '{"iss":"casaos","exp":1790210322}']]],
  ['Connection: keep-alive', '/', [['Connection', 'keep-alive']]],
  ['Connection: close', '/', [['Connection', 'close']]],
  ['a WebSocket upgrade from Firefox', '/ws', [['Connection', 'keep-alive, Upgrade']]],
  ['an h2c upgrade', '/', [['Connection', 'Upgrade, HTTP2-Settings']]],
  ['trailers asked for', '/', [['Connection', 'TE']]],
  [
    "Next.js's own client headers",
    '/blog',
    [
      ['RSC', '1'],
      ['Next-Router-Prefetch', '1'],
      ['x-nextjs-data', '1'],
      ['x-middleware-prefetch', '1'],
    ],
  ],
];

for (const [what, target, headers] of LOOK_ALIKES) {
  test(`quiet: ${what}`, () => {
    assert.deepEqual(scannerRules(target, headers), [], `${target} ${JSON.stringify(headers)}`);
  });
}

test('the readers directly: input -> expected', () => {
  assert.equal(isUnsignedJwt(jwt({ alg: 'none' }, '')), true);
  assert.equal(isUnsignedJwt(`bearer ${jwt({ alg: 'NONE' }, SIGNATURE)}`), true);
  assert.equal(isUnsignedJwt(jwt({ alg: 'HS512' }, '')), true);
  // Padding alone is no signature either.
  assert.equal(isUnsignedJwt(jwt({ alg: 'HS512' }, '==')), true);
  assert.equal(isUnsignedJwt(jwt({ alg: 'HS512' }, SIGNATURE)), false);
  // No `alg` member: not a JOSE header.
  assert.equal(isUnsignedJwt(jwt({ typ: 'JWT' }, '')), false);
  assert.equal(isHopByHopStrip('keep-alive, X-Real-IP'), true);
  assert.equal(isHopByHopStrip('Keep-Alive'), false);
  assert.equal(isFrameworkInternalHeader('x-middleware-subrequest'), true);
  assert.equal(isFrameworkInternalHeader('x-middleware-prefetch'), false);
});
