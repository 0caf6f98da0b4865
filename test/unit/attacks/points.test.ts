import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { AttackDetector } from '../../../node/analysis/attacks';
import fc from 'fast-check';
import { extractHeaders } from '../../../node/analysis/attacks/points/headers';
import { extractTarget } from '../../../node/analysis/attacks/points/target';
import { RELAXED, tx, type TxSpec } from './helpers';

const detect = (spec: TxSpec) => new AttackDetector(RELAXED).detect(tx(spec));
const points = (spec: TxSpec, cls: string) =>
  detect(spec)
    ?.hits.filter((h) => h.class === cls)
    .map((h) => h.point) ?? [];

test('the seed request GET /etc/passwd is ptrav on ["path"]', () => {
  const r = detect({
    target: '/etc/passwd',
    headers: [
      ['Host', '10.0.0.1'],
      ['User-Agent', 'curl/7.88.1'],
      ['Accept', '*/*'],
    ],
  });
  assert.deepEqual(r?.hits, [{ class: 'ptrav', point: ['path'], value: '/etc/passwd' }]);
  assert.equal(r?.verdict, 'attempt');
});

test('the Referer query is read pair by pair as ["referer", name] (the header itself stays one value)', () => {
  const headers: Array<[string, string]> = [
    ['Host', 'shop.example'],
    ['Referer', 'https://shop.example/list?page=2&sort=w%27%27hoami%3Bid#top'],
  ];
  const seen: Array<[string, string, string]> = [];
  extractHeaders(headers, (v) => (seen.push([v.kind, v.point.join('.'), v.value]), true));
  assert.deepEqual(seen, [
    ['header', 'header.Host', 'shop.example'],
    ['header', 'header.Referer', 'https://shop.example/list?page=2&sort=w%27%27hoami%3Bid#top'],
    ['key', 'referer.page', 'page'],
    ['referer', 'referer.page', '2'],
    ['key', 'referer.sort', 'sort'],
    ['referer', 'referer.sort', "w''hoami;id"],
  ]);
  assert.deepEqual(points({ target: '/', headers }, 'rce'), [['referer', 'sort']]);
  // No query, or only a fragment: nothing more than the header.
  for (const ref of ['https://shop.example/', 'https://shop.example/#a?b=c']) {
    const more: string[] = [];
    extractHeaders([['Referer', ref]], (v) => (more.push(v.kind), true));
    assert.deepEqual(more, ['header'], ref);
  }
});

test('path segments are ["path", i] from 0', () => {
  assert.deepEqual(points({ target: "/items/1'%20or%20'1'='1/view" }, 'sqli'), [['path', 1]]);
});

test('query: plain, repeated, a[] and a[b] names', () => {
  assert.deepEqual(points({ target: '/s?q=ok&q=%3Cscript%3Ealert(1)%3C/script%3E' }, 'xss'), [['query', 'q']]);
  assert.deepEqual(points({ target: '/s?a[]=ok&a[]=%3Csvg%20onload%3Dalert(1)%3E' }, 'xss'), [['query', 'a', 1]]);
  assert.deepEqual(points({ target: '/s?user[name]=%3Cscript%3Ex%3C/script%3E' }, 'xss'), [['query', 'user', 'name']]);
});

test('headers by name as sent, cookies by cookie name', () => {
  const headers: Array<[string, string]> = [
    ['Host', 'a'],
    ['X-Note', "1' union select password from users--"],
    ['Cookie', 'lang=en; pref=../../../../etc/passwd'],
  ];
  const r = detect({ target: '/', headers });
  assert.deepEqual(
    r?.hits.map((h) => [h.class, h.point]),
    [
      ['sqli', ['header', 'X-Note']],
      ['ptrav', ['cookie', 'pref']],
    ],
  );
});

test('JSON nested objects and arrays, and operator keys', () => {
  const body = JSON.stringify({
    user: { comment: '<img src=x onerror=alert(1)>', tags: ['ok', '{{7*7}}'] },
    pass: { $ne: null },
  });
  const r = detect({
    method: 'POST',
    target: '/api',
    headers: [
      ['Host', 'a'],
      ['Content-Type', 'application/json'],
    ],
    body,
  });
  assert.deepEqual(
    r?.hits.map((h) => [h.class, h.point]),
    [
      ['xss', ['json', 'user', 'comment']],
      ['ssti', ['json', 'user', 'tags', 1]],
      ['nosqli', ['json', 'pass', '$ne']],
    ],
  );
});

test('XML elements, attributes and DOCTYPE', () => {
  const body =
    '<?xml version="1.0"?><!DOCTYPE o [<!ENTITY x SYSTEM "file:///etc/passwd">]><order id="1 UNION SELECT 1,2--"><note>;cat /etc/passwd</note></order>';
  const r = detect({
    method: 'POST',
    target: '/x',
    headers: [
      ['Host', 'a'],
      ['Content-Type', 'application/xml'],
    ],
    body,
  });
  const got = r?.hits.map((h) => `${h.class} ${JSON.stringify(h.point)}`) ?? [];
  assert.ok(got.includes('xxe ["xml","!DOCTYPE"]'), got.join('\n'));
  assert.ok(got.includes('sqli ["xml","order","@id"]'), got.join('\n'));
  assert.ok(got.includes('rce ["xml","order","note"]'), got.join('\n'));
});

test('multipart fields and filenames', () => {
  const b = 'XyZ';
  const body = `--${b}\r\nContent-Disposition: form-data; name="comment"\r\n\r\n<script>alert(1)</script>\r\n--${b}\r\nContent-Disposition: form-data; name="file"; filename="../../../etc/passwd"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--${b}--\r\n`;
  const r = detect({
    method: 'POST',
    target: '/up',
    headers: [
      ['Host', 'a'],
      ['Content-Type', `multipart/form-data; boundary=${b}`],
    ],
    body,
  });
  assert.deepEqual(
    r?.hits.map((h) => [h.class, h.point]),
    [
      ['xss', ['multipart', 'comment']],
      ['ptrav', ['multipart', 'file', 'filename']],
    ],
  );
});

test('url-encoded form, plain text body and gzip request bodies', () => {
  assert.deepEqual(
    points(
      {
        method: 'POST',
        target: '/f',
        headers: [
          ['Host', 'a'],
          ['Content-Type', 'application/x-www-form-urlencoded'],
        ],
        body: 'name=bob&cmd=127.0.0.1%3B+cat+%2Fetc%2Fpasswd',
      },
      'rce',
    ),
    [['form', 'cmd']],
  );
  assert.deepEqual(
    points(
      {
        method: 'POST',
        target: '/f',
        headers: [
          ['Host', 'a'],
          ['Content-Type', 'text/plain'],
        ],
        body: '<!--#exec cmd="ls" -->',
      },
      'ssi',
    ),
    [['body']],
  );
  const gz = gzipSync(Buffer.from('q=%3Cscript%3Ealert(1)%3C%2Fscript%3E'));
  assert.deepEqual(
    points(
      {
        method: 'POST',
        target: '/f',
        headers: [
          ['Host', 'a'],
          ['Content-Type', 'application/x-www-form-urlencoded'],
          ['Content-Encoding', 'gzip'],
        ],
        body: gz,
      },
      'xss',
    ),
    [['form', 'q']],
  );
});

test('a JSON body cut at the inspection cap is still read by path', () => {
  const full = JSON.stringify({ user: { name: 'bob', comment: "1' UNION SELECT password FROM users--", bio: 'x'.repeat(100) } });
  const cut = full.slice(0, full.indexOf('"bio"') + 20);
  const r = new AttackDetector(RELAXED).detect(
    tx({
      method: 'POST',
      target: '/api',
      headers: [
        ['Host', 'a'],
        ['Content-Type', 'application/json'],
      ],
      body: cut,
    }),
  );
  assert.deepEqual(
    r?.hits.map((h) => [h.class, h.point]),
    [['sqli', ['json', 'user', 'comment']]],
  );
});

test('hit values are the decoded form, cut to 1 KiB of UTF-8', () => {
  const long = '<script>' + 'é'.repeat(2000) + '</script>';
  const hit = detect({ target: '/s?q=' + encodeURIComponent(long) })?.hits[0];
  assert.equal(hit?.class, 'xss');
  assert.ok(Buffer.byteLength(hit!.value) <= 1024 && Buffer.byteLength(hit!.value) >= 1022);
  assert.ok(hit!.value.startsWith('<script>éé'));
});

test('long opaque tokens (uploads as base64, signatures) are skipped; short base64 is still decoded', () => {
  const blob = Buffer.alloc(3000, 7).toString('base64');
  assert.equal(
    detect({
      method: 'POST',
      target: '/u',
      headers: [
        ['Host', 'a'],
        ['Content-Type', 'application/json'],
      ],
      body: JSON.stringify({ file: blob }),
    }),
    null,
  );
  const payload = Buffer.from("1' UNION SELECT password FROM users--").toString('base64');
  assert.deepEqual(points({ target: '/s?q=' + encodeURIComponent(payload) }, 'sqli'), [['query', 'q']]);
});

test('cookie pairs and path segments: the one-pass scans give what splitting gives', () => {
  const cookieOracle = (value: string): string[][] =>
    value
      .split(';')
      .map((part) => {
        const eq = part.indexOf('=');
        // A pair without '=' is a value with an empty name (docs/http.md, "Cookies").
        return eq < 0 ? ['', part.trim()] : [part.slice(0, eq).trim(), part.slice(eq + 1).trim()];
      })
      .filter(([n, v]) => n !== '' || v !== '')
      .concat(rejoinedOracle(value));
  // A pair without '=', or whose name is no token (`a x=1`), after a named pair: that named pair's
  // value as written, to the end (cutCookiePair).
  const namedPair = /^[ \t]*[-!#$%&'*+.^_`|~0-9A-Za-z]*[ \t]*=/;
  const rejoinedOracle = (value: string): string[][] => {
    const parts = value.split(';');
    let named = -1;
    for (let i = 0; i < parts.length; i++) {
      // A named pair glued to the one before (no blank after the ';') continues its value.
      if (namedPair.test(parts[i])) named = named >= 0 && /^[^ \t]/.test(parts[i]) ? named : i;
      else if (parts[i].trim() !== '' && named >= 0) {
        const pair = parts.slice(named).join(';');
        const eq = pair.indexOf('=');
        return [[pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()]];
      }
    }
    return [];
  };
  const cookies = (value: string): string[][] => {
    const out: string[][] = [];
    extractHeaders([['Cookie', value]], (v) => (v.kind === 'cookie' && out.push([String(v.point[1]), v.value]), true));
    return out;
  };
  const segmentOracle = (path: string): Array<[number, string]> => {
    const segments = path.split('/');
    if (segments[0] === '') segments.shift();
    return segments.map((s, i): [number, string] => [i, s]).filter(([, s]) => s !== '');
  };
  const segments = (path: string): Array<[number, string]> => {
    const out: Array<[number, string]> = [];
    extractTarget(path, 8, (v) => (v.kind === 'path_segment' && out.push([Number(v.point[1]), v.value]), true));
    return out;
  };
  const text = (parts: string[]) => fc.array(fc.constantFrom(...parts), { maxLength: 16 }).map((a) => a.join(''));
  fc.assert(
    fc.property(text(['a', 'b', '=', ';', ' ', '==', ';;', 'x=1', '\t']), (v) =>
      assert.deepEqual(cookies(v), cookieOracle(v), JSON.stringify(v)),
    ),
    { numRuns: 5000 },
  );
  fc.assert(
    fc.property(text(['a', 'bc', '/', '//', '%2f', '.']), (p) =>
      assert.deepEqual(segments(p), segmentOracle(p), JSON.stringify(p)),
    ),
    { numRuns: 5000 },
  );
});
