/**
 * Scanner probes, fifth round (docs/detection.md, "branch i18-scanner5"): request shapes that only
 * exploit tools send, read by HTTP's own grammar (request-shape.ts) — a second request inside the
 * body, a `Transfer-Encoding` outside the registry, Digest credentials without their proof, a
 * query that is another route of the same application — Rack::Sendfile's proxy headers sent by a
 * client, and a server script directly inside an image folder. Each is a `scanner` hit naming its
 * class rule; look-alikes of ordinary clients stay quiet. Requests are made up in the manner of
 * the probes, not copied from a corpus.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import type { HeaderList } from '../../../node/http/types';
import { RELAXED, tx } from './helpers';

const detector = new AttackDetector(RELAXED);
const BROWSER: HeaderList = [
  ['Host', 'shop.example'],
  ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0'],
];

interface Probe {
  method?: string;
  target: string;
  headers?: HeaderList;
  body?: string;
}

function scannerRules(p: Probe): string[] {
  const r = detector.detect(
    tx({ method: p.method ?? 'GET', target: p.target, headers: [...BROWSER, ...(p.headers ?? [])], body: p.body }),
  );
  return [...new Set((r?.hits ?? []).filter((h) => h.class === 'scanner').map((h) => h.rule ?? ''))];
}

/** request -> the class rule of its scanner hits; every one is quiet on main (ae7f0de). */
const PROBES: Array<[string, Probe, string]> = [
  // A second request inside the body: a front end and a back end that count the body differently read it as the next one.
  [
    'request line and header inside a body',
    {
      method: 'POST',
      target: '/portal/public/index.html',
      body: 'x\r\n\r\nGET /admin/users HTTP/1.1\r\nHost: shop.example\r\n\r\n',
    },
    'class:smuggling',
  ],
  [
    'a body that is a request',
    { method: 'POST', target: '/', body: 'DELETE /api/orders/7 HTTP/1.0\nX-Ignore: x' },
    'class:smuggling',
  ],
  // Transfer codings outside the IANA registry.
  [
    'Transfer-Encoding: xchunked',
    { method: 'POST', target: '/', headers: [['Transfer-Encoding', 'xchunked']] },
    'class:smuggling',
  ],
  [
    'Transfer-Encoding: chunked, cow',
    { method: 'POST', target: '/cart', headers: [['Transfer-Encoding', 'chunked, cow']] },
    'class:smuggling',
  ],
  // Digest credentials without `response=`: the name without the proof.
  [
    'Digest username=admin',
    { target: '/', headers: [['Authorization', 'Digest username=admin']] },
    'class:credential-without-proof',
  ],
  [
    'Digest without response',
    { target: '/cgi-bin/status', headers: [['Authorization', 'Digest username="root", realm="x", nonce="1", uri="/"']] },
    'class:credential-without-proof',
  ],
  // A query that is a public route of the same application, for a filter that searches the whole URL.
  ['route of the same app as the query', { target: '/api/v1/keys?/api/v1/health' }, 'class:static-disguise'],
  ['route of the same app as the query (two segments)', { target: '/admin/users/export?/admin/login' }, 'class:static-disguise'],
  // Headers Rack::Sendfile takes from the proxy in front.
  [
    'X-Accel-Mapping from a client',
    { target: '/files/report', headers: [['X-Accel-Mapping', '.*=/var/backups/']] },
    'class:internal-header',
  ],
  [
    'X-Sendfile-Type from a client',
    { target: '/download/7', headers: [['X-Sendfile-Type', 'X-Accel-Redirect']] },
    'class:internal-header',
  ],
  // A server script directly inside an image folder.
  ['script in images/', { target: '/wp-content/plugins/gallery/images/a8f3k2.php' }, 'class:uploaded-script'],
  ['script in a folder ending in img', { target: '/assets/data/userimg/9xk2.php' }, 'class:uploaded-script'],
  ['jsp in img/', { target: '/static/img/s.jsp' }, 'class:uploaded-script'],
];

for (const [name, probe, rule] of PROBES) {
  test(`scanner ${rule}: ${name}`, () => assert.deepEqual(scannerRules(probe), [rule]));
}

/** Look-alikes of ordinary clients and sites that stay quiet. */
const QUIET: Array<[string, Probe]> = [
  // HTTP quoted as text in a form or JSON field (a support ticket, documentation) is another point.
  [
    'HTTP quoted in a JSON field',
    {
      method: 'POST',
      target: '/api/tickets',
      headers: [['Content-Type', 'application/json']],
      body: '{"text":"I send\\nGET /api/v1/users HTTP/1.1\\nHost: api.example\\nand get a 500"}',
    },
  ],
  [
    'HTTP quoted in a form field',
    {
      method: 'POST',
      target: '/support/new',
      headers: [['Content-Type', 'application/x-www-form-urlencoded']],
      body: 'msg=GET+%2F+HTTP%2F1.1%0D%0AHost%3A+x',
    },
  ],
  [
    'a status line in a plain body, no header after it',
    { method: 'POST', target: '/notes', body: 'see GET / HTTP/1.1 in the log' },
  ],
  // Registered transfer codings.
  ['Transfer-Encoding: chunked', { method: 'POST', target: '/upload', headers: [['Transfer-Encoding', 'chunked']] }],
  ['Transfer-Encoding: gzip, chunked', { method: 'POST', target: '/upload', headers: [['Transfer-Encoding', 'gzip, chunked']] }],
  // Credentials with their proof, and other schemes.
  [
    'Digest with response',
    {
      target: '/dir/index.html',
      headers: [
        [
          'Authorization',
          'Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", nonce="7ypf", response="8ca5", qop=auth, nc=00000001, cnonce="f2/wE4q"',
        ],
      ],
    },
  ],
  ['Basic credentials', { target: '/admin', headers: [['Authorization', 'Basic dXNlcjpwYXNz']] }],
  ['Bearer token', { target: '/api/me', headers: [['Authorization', 'Bearer abc.def']] }],
  // A front controller's route in the query, a path as a value, a bare word.
  ['CodeIgniter route in the query', { target: '/index.php?/admin/login' }],
  ['a path as a named value', { target: '/api/v1/login?next=/api/v1/account' }],
  ['a bare query word', { target: '/api/v1/items?refresh' }],
  ['the query is the path itself', { target: '/docs/intro?/docs/intro' }],
  // Proxy headers a client legitimately sends, and Next.js's own client headers.
  ['X-Requested-With', { target: '/cart', headers: [['X-Requested-With', 'XMLHttpRequest']] }],
  ['Next.js prefetch', { target: '/', headers: [['X-Middleware-Prefetch', '1']] }],
  // Pictures in image folders, scripts in other folders, galleries' routes.
  ['a picture in images/', { target: '/images/logo.png' }],
  ['a gallery script', { target: '/photos/view.php?id=3' }],
  ['images folder listing', { target: '/images/' }],
  ['a script under a folder named like images', { target: '/imagesearch/find.php' }],
  ['a script below an image folder, deeper', { target: '/images/gallery/show.php' }],
];

for (const [name, probe] of QUIET) {
  test(`quiet: ${name}`, () => assert.deepEqual(scannerRules(probe), []));
}
