/**
 * HPACK decoding as examples: RFC 7541 Appendix C (each sequence decoded by one decoder, the table
 * carried across blocks), and what a decoder that does not know part of its table does: it leaves
 * out exactly the fields that refer to unknown entries and decodes the rest.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HpackDecoder } from '../../../node/http2/hpack';
import { huffmanDecode, huffmanEncode } from '../../../node/http2/huffman';
import type { HeaderList } from '../../../node/http/types';

const REQ1: HeaderList = [
  [':method', 'GET'],
  [':scheme', 'http'],
  [':path', '/'],
  [':authority', 'www.example.com'],
];
const REQ2: HeaderList = [...REQ1, ['cache-control', 'no-cache']];
const REQ3: HeaderList = [
  [':method', 'GET'],
  [':scheme', 'https'],
  [':path', '/index.html'],
  [':authority', 'www.example.com'],
  ['custom-key', 'custom-value'],
];
const DATE1 = 'Mon, 21 Oct 2013 20:13:21 GMT';
const RES1: HeaderList = [
  [':status', '302'],
  ['cache-control', 'private'],
  ['date', DATE1],
  ['location', 'https://www.example.com'],
];
const RES2: HeaderList = [
  [':status', '307'],
  ['cache-control', 'private'],
  ['date', DATE1],
  ['location', 'https://www.example.com'],
];
const RES3: HeaderList = [
  [':status', '200'],
  ['cache-control', 'private'],
  ['date', 'Mon, 21 Oct 2013 20:13:22 GMT'],
  ['location', 'https://www.example.com'],
  ['content-encoding', 'gzip'],
  ['set-cookie', 'foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1'],
];

const VECTORS: Array<{ name: string; tableSize: number; blocks: Array<[string, HeaderList, number]> }> = [
  {
    name: 'C.3 requests without Huffman',
    tableSize: 4096,
    blocks: [
      ['828684410f7777772e6578616d706c652e636f6d', REQ1, 57],
      ['828684be58086e6f2d6361636865', REQ2, 110],
      ['828785bf400a637573746f6d2d6b65790c637573746f6d2d76616c7565', REQ3, 164],
    ],
  },
  {
    name: 'C.4 requests with Huffman',
    tableSize: 4096,
    blocks: [
      ['828684418cf1e3c2e5f23a6ba0ab90f4ff', REQ1, 57],
      ['828684be5886a8eb10649cbf', REQ2, 110],
      ['828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf', REQ3, 164],
    ],
  },
  {
    name: 'C.5 responses without Huffman, table of 256 bytes (evictions)',
    tableSize: 256,
    blocks: [
      [
        '4803333032580770726976617465611d4d6f6e2c203231204f637420323031332032303a31333a323120474d546e1768747470733a2f2f7777772e6578616d706c652e636f6d',
        RES1,
        222,
      ],
      ['4803333037c1c0bf', RES2, 222],
      [
        '88c1611d4d6f6e2c203231204f637420323031332032303a31333a323220474d54c05a04677a69707738666f6f3d4153444a4b48514b425a584f5157454f50495541585157454f49553b206d61782d6167653d333630303b2076657273696f6e3d31',
        RES3,
        215,
      ],
    ],
  },
  {
    name: 'C.6 responses with Huffman, table of 256 bytes (evictions)',
    tableSize: 256,
    blocks: [
      ['488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a62d1bff6e919d29ad171863c78f0b97c8e9ae82ae43d3', RES1, 222],
      ['4883640effc1c0bf', RES2, 222],
      [
        '88c16196d07abe941054d444a8200595040b8166e084a62d1bffc05a839bd9ab77ad94e7821dd7f2e6c7b335dfdfcd5b3960d5af27087f3672c1ab270fb5291f9587316065c003ed4ee5b1063d5007',
        RES3,
        215,
      ],
    ],
  },
];

for (const v of VECTORS) {
  test(`RFC 7541 ${v.name}`, () => {
    const d = new HpackDecoder(65536, false, 4096, v.tableSize);
    for (const [hex, expected, tableBytes] of v.blocks) {
      const block = Buffer.from(hex, 'hex');
      const out: HeaderList = [];
      const r = d.decode(block, 0, block.length, out, 65536);
      assert.deepEqual(r, { ok: true, unknownRefs: 0, droppedFields: 0 });
      assert.deepEqual(out, expected);
      assert.equal(d.tableBytes, tableBytes);
    }
  });
}

test('Huffman: every byte value round-trips; EOS inside and over-long padding are refused', () => {
  const all = Buffer.alloc(256);
  for (let i = 0; i < 256; i++) all[i] = i;
  const text = all.toString('latin1');
  const enc = huffmanEncode(text);
  assert.equal(huffmanDecode(enc, 0, enc.length), text);
  assert.equal(huffmanDecode(Buffer.from('f1e3c2e5f23a6ba0ab90f4ff', 'hex'), 0, 12), 'www.example.com');
  // 30 one-bits are EOS: invalid in a string.
  assert.equal(huffmanDecode(Buffer.from('ffffffff', 'hex'), 0, 4), null);
  // 'a' (00011) then 11 bits of padding: more than 7 bits.
  assert.equal(huffmanDecode(Buffer.from('1fff', 'hex'), 0, 2), null);
  // Padding that is not all ones.
  assert.equal(huffmanDecode(Buffer.from('18', 'hex'), 0, 1), null);
});

test('a decoder joined mid-stream leaves out fields that refer to entries it never saw, never guessing', () => {
  const d = new HpackDecoder(65536, true);
  // C.3.2's block: index 62 (cache-control: no-cache was never seen by this decoder).
  const second = Buffer.from('828684be58086e6f2d6361636865', 'hex');
  const out: HeaderList = [];
  const r = d.decode(second, 0, second.length, out, 65536);
  assert.deepEqual(r, { ok: true, unknownRefs: 1, droppedFields: 0 });
  assert.deepEqual(out, [
    [':method', 'GET'],
    [':scheme', 'http'],
    [':path', '/'],
    ['cache-control', 'no-cache'],
  ]);
  // That literal was inserted: entry 62 is now known, the older ones are still not.
  const again: HeaderList = [];
  d.decode(Buffer.from('be bf'.replace(' ', ''), 'hex'), 0, 2, again, 65536);
  assert.deepEqual(again, [['cache-control', 'no-cache']]);
});

test('after a lost header block the table is unknown: references into it are counted, literals still decode', () => {
  const d = new HpackDecoder(65536, false);
  const b1 = Buffer.from('828684410f7777772e6578616d706c652e636f6d', 'hex');
  d.decode(b1, 0, b1.length, [], 65536);
  d.markUnknown();
  const out: HeaderList = [];
  const r = d.decode(Buffer.from('be', 'hex'), 0, 1, out, 65536);
  assert.deepEqual([r.unknownRefs, out], [1, []]);
});

test('a decoder that knows its whole table refuses an index beyond it (malformed), and the table becomes unknown', () => {
  const d = new HpackDecoder(65536, false);
  const r = d.decode(Buffer.from('be', 'hex'), 0, 1, [], 65536);
  assert.equal(r.ok, false);
  assert.equal(d.unknown, true);
});

test('http2_header_table_bytes: entries beyond the kept bytes become unknown references, counted', () => {
  // Keep 100 bytes: C.3's three inserts (57, 53, 54 bytes) do not all fit.
  const d = new HpackDecoder(100, false);
  for (const [hex] of VECTORS[0].blocks) {
    const b = Buffer.from(hex, 'hex');
    d.decode(b, 0, b.length, [], 65536);
  }
  assert.ok(d.capEvictions > 0);
  const out: HeaderList = [];
  // 62 = custom-key (newest, kept), 63 = cache-control (evicted by the cap), 64 = :authority.
  const r = d.decode(Buffer.from('bebfc0', 'hex'), 0, 3, out, 65536);
  assert.deepEqual(out, [['custom-key', 'custom-value']]);
  assert.equal(r.unknownRefs, 2);
});

test('a header list past its size limit: fields dropped and counted, the table still updated', () => {
  const d = new HpackDecoder(65536, false);
  const b = Buffer.from('828684410f7777772e6578616d706c652e636f6d', 'hex');
  const out: HeaderList = [];
  // :method GET is 42 bytes, :scheme http 43: a 90-byte limit keeps two.
  const r = d.decode(b, 0, b.length, out, 90);
  assert.equal(out.length, 2);
  assert.equal(r.droppedFields, 2);
  assert.equal(d.tableBytes, 57);
});
