/**
 * SQL operators, statements and script spellings that stand without the rest of an injection
 * (docs/detection.md, "The operators round"), each class written from the language, never from a
 * list of payloads: SQL's own operators as the whole value or after what closes an operand
 * (`<>`, `<=>`, `IS NULL`, `RLIKE`, JSON paths), EXECUTE of one procedure, a string broken out of
 * then logic over literals, a name compared with itself after OR, statements stacked after an
 * escaped quote, a database written to a share or read from a file; for script, tag names spelled
 * with spaces, brackets a filter removed, line comments as blanks, UTF-7 with a percent-encoded
 * `+`, a parameter named by a script sink. And a document (PDF) sent as a body is no value. Each
 * class has look-alikes that must stay quiet, written from text with the same characters.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import { isText } from '../../../node/analysis/attacks/points/multipart';
import type { AttackClass } from '../../../node/records/types';
import { classesAt, exampleTable, HOST, RELAXED, tx, type Where } from './helpers';

const detector = new AttackDetector(RELAXED);
const classes = (where: Where, v: string): AttackClass[] => classesAt(detector, where, v);

const ATTACKS: Array<[AttackClass, string]> = [
  // Operators only SQL has, as the whole value or after what closes an operand.
  ['sqli', '<>'],
  ['sqli', '<=>'],
  ['sqli', 'IS NULL'],
  ['sqli', 'LIKE NULL'],
  ['sqli', 'RLIKE'],
  ['sqli', 'regexp'],
  ['sqli', 'XOR'],
  ['sqli', '->'],
  ['sqli', '->>'],
  ['sqli', '#>'],
  ['sqli', '` REGEXP '],
  ['sqli', ') like ('],
  ['sqli', "something LIKE '"],
  // EXECUTE of one procedure name.
  ['sqli', 'execute system'],
  ['sqli', 'Execute('],
  ['sqli', 'exec sp'],
  // A string broken out of, then logic over literals; a name compared with itself after OR.
  ['sqli', "admin' or '"],
  ['sqli', "' or 'whatever' in ('whatever')"],
  ['sqli', 'hi or a=a'],
  ['sqli', '"hi"") or (""a""=""a"'],
  // Statements stacked after an escaped quote; a database written to a share or read from a file;
  // a system variable printed.
  ['sqli', "\\'; desc users; --"],
  ['sqli', "BACKUP database master to disk='\\\\10.0.0.9\\share\\backupdb.dat'"],
  ['sqli', "copy myfile from '/etc/passwd'; "],
  ['sqli', 'PRINT @@variable'],
  // A hexadecimal literal whose bytes are SQL text (UTF-16: `waitfor delay '0:0:5'`).
  ['sqli', '0x770061006900740066006F0072002000640065006C00610079002000270030003A0030003A0035002700'],
  ['sqli', '0x770061006900740066006F0072002000640065006C00610079002000270030003A0030003A'],
  // The quote that closes the application's string follows the value it closes.
  ['sqli', "admin '--"],
  // A subquery assigned or compared; a keyword glued to the close of a comment.
  ['sqli', '@.= ( SELECT'],
  ['sqli', 'id=(select name from users)'],
  ['sqli', 'SeLect*/ 1,2,3,user('],
  // Script: a sink given another name, then called by it.
  ['xss', '*/a=eval;b=alert;a(b(/e/.source));/*'],
  ['xss', 'document.__parent__._=alert\n_(1)'],
  ['xss', 'top.__proto__._= alert\n_(1)'],
  // Script: tag names spelled with spaces, brackets a filter removed, line comments as blanks, UTF-7.
  ['xss', 'bar<f o r m'],
  ['xss', '$<d i a l o g'],
  ['xss', '< x: script'],
  ['xss', 'scriptalert(crosssitescripting)/script'],
  ['xss', '>"scriptdocument.cookie=true;/script'],
  ['xss', 'setTimeout//\n(name//\n,0)'],
  ['xss', '%2bADw-script%2bAD4-'],
];

const LOOK_ALIKES: string[] = [
  // Operators programs and text share; `like` as an action; comparison words in prose.
  '==',
  '!=',
  '&&',
  '>=',
  'like',
  'Like it? Share it',
  'looks like rain',
  'is null and void',
  'x -> y',
  'a => b',
  // Execute and exec in text.
  'execute order 66 now',
  'exec assistant',
  'executive summary',
  // Quotes and OR in text, names compared with other names.
  "rock 'n' roll or jazz",
  "the kids' or parents' choice",
  'x or y=z',
  'either this or that = fine',
  // Backup, copy and print in text.
  'backup database weekly',
  'copy files from /tmp',
  'print @john tweets',
  // Hexadecimal that is no text (an address, a hash), a stray quote after words.
  '0x52908400098527886E0F7030069857D2E4169EE7',
  '0xd41d8cd98f00b204e9800998ecf8427e',
  "BAMBOO CHARCOAL SOAP 1 '#",
  // A subquery in prose; comments in code; a sink named in text, not called by another name.
  'x = (select one)',
  'int a = 1; /* from */ b',
  'alerts(1) and eval of b',
  // Markup look-alikes: spaced letters that name no element, words around `script`.
  'a <b c d',
  'x < y and z',
  'javascript/script',
  'the script tag',
  'see https://example.com//\nnext line',
  '+ADw- alone',
];

exampleTable(detector, ATTACKS, LOOK_ALIKES, ['q', 'form', 'json', 'cookie'], ['sqli', 'xss']);

test('a parameter named by a script sink (`document.cookie=1`) is xss; a dotted field name is not', () => {
  assert.ok(classes('key', 'document.cookie').includes('xss'));
  assert.ok(classes('key', 'window.location').includes('xss'));
  for (const name of ['location.city', 'document.title', 'user.name'])
    assert.deepEqual(
      classes('key', name).filter((c) => c === 'xss'),
      [],
      name,
    );
});

/** A PDF as PDF writers make it: a text header and object dictionaries, then compressed (binary) streams. */
function pdf(stream: Buffer): Buffer {
  const head =
    '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Lang (en-US) /MarkInfo << /Marked true >> >>\nendobj\n' +
    '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R ' +
    '/MediaBox [0 0 595.32 841.92] /Resources << /Font << /F1 6 0 R >> /ProcSet [/PDF /Text /ImageB /ImageC /ImageI] >> ' +
    '/Contents 4 0 R /Group << /Type /Group /S /Transparency /CS /DeviceRGB >> /Tabs /S /StructParents 0 >>\nendobj\n' +
    '6 0 obj\n<< /Type /Font /Subtype /TrueType /Name /F1 /BaseFont /BCDEEE+Calibri /Encoding /WinAnsiEncoding >>\nendobj\n' +
    `4 0 obj\n<< /Filter /FlateDecode /Length ${stream.length} >>\nstream\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), stream, Buffer.from('\nendstream\nendobj\n%%EOF\n')]);
}

test('a PUT of a PDF (text header, binary streams) is no sqli: the body is a document, not a value', () => {
  // Bytes as a deflate stream has them: every value below 256, spread evenly (fixed, not random).
  const stream = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 167 + 13) & 0xff));
  for (const type of ['application/pdf', 'application/octet-stream', null]) {
    const headers: Array<[string, string]> = [HOST];
    if (type !== null) headers.push(['Content-Type', type]);
    const found = detector.detect(tx({ method: 'PUT', target: '/files/report.pdf', headers, body: pdf(stream) }));
    assert.deepEqual(found?.hits ?? [], [], String(type));
  }
  // An uncompressed PDF is all text: a document all the same.
  assert.equal(isText('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'), false);
  // Text with a binary tail past its first 512 characters is binary; text with a stray control character is text.
  assert.equal(isText('a'.repeat(600) + '\u0001\u0002\u0003'.repeat(200)), false);
  assert.equal(isText('{"note":"' + 'x'.repeat(2000) + '\u0007"}'), true);
  // An SQL injection sent as a raw body is still read.
  const raw = detector.detect(tx({ method: 'PUT', target: '/notes/1', headers: [HOST], body: "1' or '1'='1' --" }));
  assert.ok(raw?.hits.some((h) => h.class === 'sqli'));
});

test("a scanner's error probe: a lone quote, or a number and a quote in an identifier's parameter, is sqli", () => {
  const sqli = (target: string): boolean =>
    detector.detect(tx({ target, headers: [HOST] }))?.hits.some((h) => h.class === 'sqli') ?? false;
  for (const target of [
    "/vb/request.php?postids=-1'",
    "/dms/history.php?account_id=2'",
    "/bookPerPub.php?pubid=4'",
    "/search?q='",
  ])
    assert.ok(sqli(target.replace(/'/g, '%27')), target);
  // A height in feet where no identifier is asked for; a name with an apostrophe; a quote in words.
  for (const target of ["/profile?height=5'", "/people?name=O'Brien", "/search?q=it's+5'", '/users?id=5'])
    assert.equal(sqli(target.replace(/'/g, '%27')), false, target);
});
