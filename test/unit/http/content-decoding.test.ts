import { test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { decodeContent } from '../../../node/http/content-decoding';
import type { HttpBody } from '../../../node/http/types';
import { run, sha } from './harness';

const words: string[] = [];
for (let i = 0, s = 7; i < 4000; i++) {
  s = (s * 1103515245 + 12345) & 0x7fffffff;
  words.push(`w${s % 997}`);
}
const TEXT = Buffer.from(words.join(' '));
const LIMIT = { decompressBytes: 1 << 20 };

const body = (inspect: Buffer, over: Partial<HttpBody> = {}): HttpBody => ({
  length: inspect.length,
  sha256: sha(inspect),
  inspect,
  truncated: false,
  incomplete: false,
  ...over,
});

test('gzip, x-gzip, deflate (zlib and raw), br decode to the original', () => {
  const cases: Array<[string, Buffer]> = [
    ['gzip', zlib.gzipSync(TEXT)],
    ['x-gzip', zlib.gzipSync(TEXT)],
    ['deflate', zlib.deflateSync(TEXT)],
    ['deflate', zlib.deflateRawSync(TEXT)],
    ['br', zlib.brotliCompressSync(TEXT)],
    ['GZIP', zlib.gzipSync(TEXT)],
  ];
  for (const [coding, data] of cases) {
    const r = decodeContent(body(data), [['Content-Encoding', coding]], LIMIT);
    assert.equal(r.error, undefined, coding);
    assert.equal(r.truncated, false, coding);
    assert.ok(r.data.equals(TEXT), coding);
  }
});

test('stacked encodings are removed in reverse order; identity is ignored', () => {
  const data = zlib.brotliCompressSync(zlib.deflateSync(zlib.gzipSync(TEXT)));
  const r = decodeContent(
    body(data),
    [
      ['Content-Encoding', 'gzip, identity'],
      ['content-encoding', 'deflate,br'],
    ],
    LIMIT,
  );
  assert.equal(r.error, undefined);
  assert.ok(r.data.equals(TEXT));
});

test('no encoding: the kept bytes as they are; truncated follows the body', () => {
  const r = decodeContent(body(TEXT.subarray(0, 100), { length: 5000, truncated: true }), [], LIMIT);
  assert.equal(r.data.length, 100);
  assert.equal(r.truncated, true);
});

test('a truncated compressed body decodes to a correct prefix, flagged truncated', () => {
  const gz = zlib.gzipSync(TEXT);
  const r = decodeContent(
    body(gz.subarray(0, gz.length >> 1), { length: gz.length, truncated: true }),
    [['Content-Encoding', 'gzip']],
    LIMIT,
  );
  assert.equal(r.error, undefined);
  assert.equal(r.truncated, true);
  assert.ok(r.data.length > 1000);
  assert.ok(TEXT.subarray(0, r.data.length).equals(r.data));
});

test('gzip bomb: output stops at limits.decompress_bytes without allocating the whole expansion', () => {
  const bomb = zlib.gzipSync(Buffer.alloc(64 << 20), { level: 1 });
  assert.ok(bomb.length < 1 << 20);
  const cap = 1 << 20;
  const before = process.memoryUsage();
  const r = decodeContent(body(bomb), [['Content-Encoding', 'gzip']], { decompressBytes: cap });
  const after = process.memoryUsage();
  assert.equal(r.truncated, true);
  assert.equal(r.error, undefined);
  assert.ok(r.data.length <= cap && r.data.length > cap / 2, `${r.data.length}`);
  assert.ok(r.data.every((b) => b === 0));
  const grown = after.rss + after.external - before.rss - before.external;
  assert.ok(grown < 64 << 20, `memory grew by ${grown}`);
  const br = decodeContent(
    body(zlib.brotliCompressSync(Buffer.alloc(16 << 20), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } })),
    [['Content-Encoding', 'br']],
    { decompressBytes: cap },
  );
  assert.equal(br.truncated, true);
  assert.ok(br.data.length <= cap);
});

test('unsupported coding and corrupt data are errors, not exceptions', () => {
  const u = decodeContent(body(TEXT), [['Content-Encoding', 'compress']], LIMIT);
  assert.match(u.error!, /unsupported content coding "compress"/);
  const c = decodeContent(body(Buffer.from('definitely not gzip')), [['Content-Encoding', 'gzip']], LIMIT);
  assert.match(c.error!, /^gzip: /);
  assert.equal(c.truncated, true);
});

test('the transaction digest covers the body as sent (gzip stays gzip); decoding is for analysis', () => {
  const gz = zlib.gzipSync(TEXT);
  const r = run(
    [
      { dir: 0, data: 'GET / HTTP/1.1\r\nAccept-Encoding: gzip\r\n\r\n' },
      {
        dir: 1,
        data: Buffer.concat([
          Buffer.from(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${gz.length}\r\n\r\n`),
          gz,
        ]),
      },
    ],
    undefined,
    { limits: { headerBytes: 8192, bodyInspectBytes: 1 << 20 } },
  );
  const res = r.txs[0].response!;
  assert.equal(res.body.sha256, sha(gz));
  assert.ok(decodeContent(res.body, res.headers, LIMIT).data.equals(TEXT));
});
