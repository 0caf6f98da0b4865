/**
 * The request toolkit (node/http/request/) as readable examples: input, then the parts every
 * consumer (routing, detection, discovery, masking) sees. docs/http.md states the same rules.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  mediaTypeEssence,
  mediaTypeParam,
  parseCookie,
  parseMediaType,
  splitTarget,
  targetPath,
  targetQuery,
} from '../../../node/http/request';
import { targetPath as routePath } from '../../../node/analysis/request-path';
import { extractTarget } from '../../../node/analysis/attacks/points/target';
import { extractHeaders } from '../../../node/analysis/attacks/points/headers';
import { extractFacts } from '../../../node/analysis/discovery/extract';
import { maskHeaders, maskTarget } from '../../../node/records/mask';
import { tx } from '../discovery/tx';

const TARGETS: Array<[target: string, parts: ReturnType<typeof splitTarget>]> = [
  ['/', { form: 'origin', authority: null, path: '/', query: null, fragment: null }],
  ['/a/b?x=1&y=2', { form: 'origin', authority: null, path: '/a/b', query: 'x=1&y=2', fragment: null }],
  ['/a?', { form: 'origin', authority: null, path: '/a', query: '', fragment: null }],
  ['/a#top', { form: 'origin', authority: null, path: '/a', query: null, fragment: 'top' }],
  ['/a?x=1#top', { form: 'origin', authority: null, path: '/a', query: 'x=1', fragment: 'top' }],
  // A '?' inside the fragment starts no query.
  ['/a#frag?x=1', { form: 'origin', authority: null, path: '/a', query: null, fragment: 'frag?x=1' }],
  ['/a?x=1?y#f#g', { form: 'origin', authority: null, path: '/a', query: 'x=1?y', fragment: 'f#g' }],
  // `&#` and a digit or x opens a character reference sent unencoded (a tool's payload), not the fragment.
  ['/a?q=&#106;&#97;#top', { form: 'origin', authority: null, path: '/a', query: 'q=&#106;&#97;', fragment: 'top' }],
  ['/a?id=&#x27; or 1=1', { form: 'origin', authority: null, path: '/a', query: 'id=&#x27; or 1=1', fragment: null }],
  ['/a&#39;b?x', { form: 'origin', authority: null, path: '/a&#39;b', query: 'x', fragment: null }],
  ['/a?x=&#top', { form: 'origin', authority: null, path: '/a', query: 'x=&', fragment: 'top' }],
  ['/a?x=1#&#1', { form: 'origin', authority: null, path: '/a', query: 'x=1', fragment: '&#1' }],
  ['//double/slash?q', { form: 'origin', authority: null, path: '//double/slash', query: 'q', fragment: null }],
  [
    '/p?next=http://evil.example/x',
    { form: 'origin', authority: null, path: '/p', query: 'next=http://evil.example/x', fragment: null },
  ],
  [
    'http://shop.example/cart?id=7',
    { form: 'absolute', authority: 'shop.example', path: '/cart', query: 'id=7', fragment: null },
  ],
  [
    'HTTPS://Shop.Example:8443/a/b',
    { form: 'absolute', authority: 'Shop.Example:8443', path: '/a/b', query: null, fragment: null },
  ],
  // An absolute-form target without a path has the path '/'.
  ['http://shop.example', { form: 'absolute', authority: 'shop.example', path: '/', query: null, fragment: null }],
  ['http://shop.example?x=/y', { form: 'absolute', authority: 'shop.example', path: '/', query: 'x=/y', fragment: null }],
  ['http://shop.example#f', { form: 'absolute', authority: 'shop.example', path: '/', query: null, fragment: 'f' }],
  ['svn+ssh://host/repo', { form: 'absolute', authority: 'host', path: '/repo', query: null, fragment: null }],
  ['*', { form: 'asterisk', authority: null, path: '*', query: null, fragment: null }],
  ['shop.example:443', { form: 'authority', authority: null, path: 'shop.example:443', query: null, fragment: null }],
  // Not a scheme (a space, a leading digit): read from the first character.
  ['a b://c/d', { form: 'authority', authority: null, path: 'a b://c/d', query: null, fragment: null }],
  ['1http://c/d?q', { form: 'authority', authority: null, path: '1http://c/d', query: 'q', fragment: null }],
  ['', { form: 'authority', authority: null, path: '', query: null, fragment: null }],
];

for (const [target, parts] of TARGETS) {
  test(`target ${JSON.stringify(target)}`, () => {
    assert.deepEqual(splitTarget(target), parts);
    assert.equal(targetPath(target), parts.path);
    assert.equal(targetQuery(target), parts.query ?? '');
  });
}

const COOKIES: Array<[header: string, pairs: Array<[string, string]>]> = [
  ['a=1', [['a', '1']]],
  [
    'a=1; b=2',
    [
      ['a', '1'],
      ['b', '2'],
    ],
  ],
  [
    '  a = 1 ;b=2  ',
    [
      ['a', '1'],
      ['b', '2'],
    ],
  ],
  ['a=b=c', [['a', 'b=c']]],
  ['a=', [['a', '']]],
  // Name-less pairs: a pair without '=' is a value with an empty name, as browsers send it.
  ['=v', [['', 'v']]],
  ['v', [['', 'v']]],
  [
    'a=1; v; =w',
    [
      ['a', '1'],
      ['', 'v'],
      ['', 'w'],
    ],
  ],
  // Empty pairs are skipped.
  [
    'a=1;;b=2;',
    [
      ['a', '1'],
      ['b', '2'],
    ],
  ],
  [';; ;', []],
  ['', []],
  ['=', [['', '']]],
  // Duplicate names are all kept, in order.
  [
    'id=1; id=2',
    [
      ['id', '1'],
      ['id', '2'],
    ],
  ],
  // Values as sent: quotes are part of the value.
  [
    'a="x y"; b="1;2"',
    [
      ['a', '"x y"'],
      ['b', '"1'],
      ['', '2"'],
    ],
  ],
  ["q=' OR 1=1--", [['q', "' OR 1=1--"]]],
];

for (const [header, pairs] of COOKIES) {
  test(`cookie ${JSON.stringify(header)}`, () => assert.deepEqual(parseCookie(header), pairs));
}

const MEDIA_TYPES: Array<[value: string | null, parsed: ReturnType<typeof parseMediaType>]> = [
  ['application/json', { essence: 'application/json', type: 'application', subtype: 'json', params: [] }],
  ['Text/HTML; Charset=UTF-8', { essence: 'text/html', type: 'text', subtype: 'html', params: [['charset', 'UTF-8']] }],
  [
    '  multipart/form-data ;boundary=----x1 ',
    { essence: 'multipart/form-data', type: 'multipart', subtype: 'form-data', params: [['boundary', '----x1']] },
  ],
  [
    'multipart/form-data; boundary="a;b \\"c\\""',
    { essence: 'multipart/form-data', type: 'multipart', subtype: 'form-data', params: [['boundary', 'a;b "c"']] },
  ],
  // A quoted value may hold the name of another parameter; the first of duplicates wins.
  [
    'multipart/form-data; x="boundary=no"; boundary=yes; boundary=again',
    {
      essence: 'multipart/form-data',
      type: 'multipart',
      subtype: 'form-data',
      params: [
        ['x', 'boundary=no'],
        ['boundary', 'yes'],
      ],
    },
  ],
  [
    'text/plain; flag; charset = latin1',
    { essence: 'text/plain', type: 'text', subtype: 'plain', params: [['charset', 'latin1']] },
  ],
  // Not type/subtype: kept as sent (lower case).
  ['JSON', { essence: 'json', type: 'json', subtype: '', params: [] }],
  ['; charset=utf-8', null],
  ['', null],
  [null, null],
];

for (const [value, parsed] of MEDIA_TYPES) {
  test(`media type ${JSON.stringify(value)}`, () => {
    assert.deepEqual(parseMediaType(value), parsed);
    assert.equal(mediaTypeEssence(value), parsed?.essence ?? '');
    assert.equal(mediaTypeParam(value, 'BOUNDARY'), parsed?.params.find(([n]) => n === 'boundary')?.[1] ?? null);
  });
}

/** The consumers read the same parts (docs/http.md): routing, detection, discovery, masking. */

test('routing, detection, discovery and masking agree on edge-case targets and cookies', () => {
  for (const target of ['http://shop.example?token=1', '/a#b?token=1', '/p?x=1#f', '*', 'shop.example:443']) {
    const detected: string[] = [];
    extractTarget(target, 8, (v) => (v.kind === 'path' && detected.push(v.value), true));
    const facts = extractFacts(tx({ target }), { decompressBytes: 1 << 20 });
    assert.deepEqual(
      [routePath(target), detected[0], facts.path],
      [targetPath(target), targetPath(target), targetPath(target)],
      target,
    );
    // Masking touches only the query the toolkit sees (and secret names in the fragment).
    assert.equal(maskTarget(target).includes('token=1'), false, target);
  }
  const cookie = 'v; a=1; =w; a=2';
  const detected: Array<[string, string]> = [];
  extractHeaders([['Cookie', cookie]], (v) => (v.kind === 'cookie' && detected.push([String(v.point[1]), v.value]), true));
  const facts = extractFacts(tx({ target: '/', headers: [['Cookie', cookie]] }), { decompressBytes: 1 << 20 });
  assert.deepEqual(detected, parseCookie(cookie));
  assert.deepEqual(facts.cookies, parseCookie(cookie));
  assert.deepEqual(
    facts.params.filter((p) => p.loc === 'cookie').map((p) => [p.name, p.value]),
    [
      ['a', '1'],
      ['a', '2'],
    ],
  );
  assert.deepEqual(maskHeaders([['Cookie', cookie]]), [['Cookie', '***; a=***; =***; a=***']]);
});
