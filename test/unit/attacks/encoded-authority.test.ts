/**
 * A URL delimiter written encoded inside an authority (branch i18-ssrf2; docs/detection.md
 * "Encoded delimiters in an authority (branch i18-ssrf2)"): one reader keeps it as text and sees
 * the host before it, another decodes it and cuts the host there, so `@`, `/`, `\`, `?` or `#`
 * move the host from one name to the other. Every attack example fails on main c791029 at every
 * point listed; the look-alikes stay quiet on both.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import { BROWSER, HOST, RELAXED, classesAt, tx, written } from './helpers';

const detector = new AttackDetector(RELAXED);
const POINTS = ['q', 'json', 'form', 'cookie'] as const;

const ATTACKS: Array<[string, string]> = [
  ['IIS %u escape of a slash before @', 'http://shop.example%u002f@evil.example/'],
  ['JavaScript \\u escape of a slash before @', 'http://shop.example\\u002f@evil.example/'],
  ['JavaScript \\x escape of a slash before @', 'https://shop.example\\x2f@evil.example/'],
  ['overlong two-byte slash before @', 'http://shop.example%c0%af@evil.example/'],
  ['overlong three-byte slash before @', 'http://shop.example%e0%80%af@evil.example/'],
  ['full-width solidus before @', 'http://shop.example\uff0f@evil.example/'],
  ['full-width solidus percent-encoded before @', 'http://shop.example%ef%bc%8f@evil.example/'],
  ['division slash before @', 'http://shop.example\u2215@evil.example/'],
  ['fraction slash before @', 'http://shop.example\u2044@evil.example/'],
  ['scheme-relative with an encoded slash before @', '//shop.example%2f@evil.example/'],
];

const LOOK_ALIKES = [
  'user@mail.example',
  'mailto:someone@mail.example',
  'jane.doe+news%list@mail.example',
  'a+b%40mail.example',
  'https://shop.example/files%2Freport.pdf',
  'https://shop.example/a?path=%2Fhome%2F%40me',
  'https://shop.example/cb?state=a%2Fb%40c#%2F',
  'https%3A%2F%2Fapp.example%2Fcb',
  'https%3A%2F%2Fapp.example%2Fcb%3Fx%3D1%40y',
  'https://medium.example/@writer.name',
  'https://b\u00fccher.example/\uff0fnotes',
  '//cdn.example/lib%2Fx.js',
];

for (const [name, v] of ATTACKS) {
  test(`ssrf: ${name}`, () => {
    for (const where of POINTS) assert.ok(classesAt(detector, where, v).includes('ssrf'), `${where}: ${v}`);
  });
}

test('ssrf: an absolute-form target with an IIS-escaped slash before @', () => {
  const found = detector.detect(tx({ target: 'http://shop.example%u002f@evil.example/', headers: [HOST, BROWSER] }));
  assert.ok(found?.hits.some((h) => h.class === 'ssrf' && h.point[0] === 'target'));
});

for (const v of LOOK_ALIKES) {
  test(`benign: ${v}`, () => {
    for (const where of POINTS) {
      const found = classesAt(detector, where, v).filter((c) => c === 'ssrf' || c === 'redir');
      assert.deepEqual(found, [], `${where}: ${v}`);
    }
  });
}

test('an absolute-form target with %2F in its path stays quiet', () => {
  const found = detector.detect(tx({ target: 'http://shop.example/a%2Fb@c', headers: [HOST, BROWSER] }));
  assert.ok(!(found?.hits ?? []).some((h) => h.class === 'ssrf' || h.class === 'redir'));
});

// Written in the query as sent: the application's one decoding makes the escape a slash, so the
// value it reads names the site's own host and a path, while the query as sent names evil.example.
const classesWritten = (text: string): string[] => [
  ...new Set(detector.detect(tx(written('q', text)))?.hits.map((h) => h.class) ?? []),
];
const WRITTEN_ATTACKS = [
  'http://shop.example%2f@evil.example/',
  'http://shop.example%2F@evil.example/',
  'http://shop.example:443%2f@evil.example/',
  'http://shop.example%2f%40evil.example/',
  'https://shop.example%u002f@evil.example/x',
];
const WRITTEN_LOOK_ALIKES = [
  'https%3A%2F%2Fmedium.example%2F%40writer.name',
  'https://medium.example/@writer.name',
  'https://shop.example/files%2Freport%40v2.pdf',
  'https://shop.example/a%2F@b',
  'jane.doe%2Bnews%25list%40mail.example',
];
for (const text of WRITTEN_ATTACKS) {
  test(`ssrf written in the query: ${text}`, () => assert.ok(classesWritten(text).includes('ssrf'), text));
}
for (const text of WRITTEN_LOOK_ALIKES) {
  test(`benign written in the query: ${text}`, () => {
    const found = classesWritten(text).filter((c) => c === 'ssrf' || c === 'redir');
    assert.deepEqual(found, [], text);
  });
}
