/**
 * The key schedule and record protection against published vectors: RFC 8448 section 3 (the
 * simple 1-RTT TLS 1.3 handshake: traffic secrets -> write keys and IVs, and the client's
 * protected Finished record), and RFC 5869's HKDF test case 1 for HKDF-Expand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createHmac } from 'node:crypto';
import { hkdfExpand, keyBlock12, nextTrafficSecret, prf12, trafficKeys13 } from '../../../node/tls/key-schedule';
import { RecordDecryptor } from '../../../node/tls/record-cipher';
import { CIPHER_SUITES } from '../../../node/tls/suites';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const AES128 = CIPHER_SUITES.get(0x1301)!;

test('RFC 8448 section 3: handshake and application traffic secrets give the published keys and IVs', () => {
  const vectors = [
    {
      what: '{client} handshake',
      secret: 'b3 ed db 12 6e 06 7f 35 a7 80 b3 ab f4 5e 2d 8f 3b 1a 95 07 38 f5 2e 96 00 74 6a 0e 27 a5 5a 21',
      key: 'db fa a6 93 d1 76 2c 5b 66 6a f5 d9 50 25 8d 01',
      iv: '5b d3 c7 1b 83 6e 0b 76 bb 73 26 5f',
    },
    {
      what: '{server} handshake',
      secret: 'b6 7b 7d 69 0c c1 6c 4e 75 e5 42 13 cb 2d 37 b4 e9 c9 12 bc de d9 10 5d 42 be fd 59 d3 91 ad 38',
      key: '3f ce 51 60 09 c2 17 27 d0 f2 e4 e8 6e e4 03 bc',
      iv: '5d 31 3e b2 67 12 76 ee 13 00 0b 30',
    },
    {
      what: '{server} application',
      secret: 'a1 1a f9 f0 55 31 f8 56 ad 47 11 6b 45 a9 50 32 82 04 b4 f4 4b fb 6b 3a 4b 4f 1f 3f cb 63 16 43',
      key: '9f 02 28 3b 6c 9c 07 ef c2 6b b9 f2 ac 92 e3 56',
      iv: 'cf 78 2b 88 dd 83 54 9a ad f1 e9 84',
    },
  ];
  for (const v of vectors) {
    const k = trafficKeys13(AES128, hex(v.secret));
    assert.equal(k.key.toString('hex'), hex(v.key).toString('hex'), `${v.what} key`);
    assert.equal(k.iv.toString('hex'), hex(v.iv).toString('hex'), `${v.what} iv`);
  }
});

test('RFC 8448 section 3: the client Finished record decrypts to the published Finished message', () => {
  const record = hex(`17 03 03 00 35 75 ec 4d c2 38 cc e6 0b 29 80 44 a7 1e 21 9c 56 cc 77 b0 51 7f e9 b9
    3c 7a 4b fc 44 d8 7f 38 f8 03 38 ac 98 fc 46 de b3 84 bd 1c ae ac ab 68 67 d7 26 c4 05 46`);
  const keys = trafficKeys13(
    AES128,
    hex('b3 ed db 12 6e 06 7f 35 a7 80 b3 ab f4 5e 2d 8f 3b 1a 95 07 38 f5 2e 96 00 74 6a 0e 27 a5 5a 21'),
  );
  const plain = new RecordDecryptor(AES128, keys, true, false).decrypt(record.subarray(0, 5), record.subarray(5));
  assert.deepEqual(plain, {
    type: 22,
    data: hex('14 00 00 20 a8 ec 43 6d 67 76 34 ae 52 5a c1 fc eb e1 1a 03 9e c1 76 94 fa c6 e9 85 27 b6 42 f2 ed d5 ce 61'),
  });
  const tampered = Buffer.from(record);
  tampered[20] ^= 1;
  assert.equal(
    new RecordDecryptor(AES128, keys, true, false).decrypt(tampered.subarray(0, 5), tampered.subarray(5)),
    null,
    'a changed byte does not authenticate',
  );
});

test('RFC 5869 test case 1: HKDF-Expand', () => {
  const prk = hex('077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5');
  const okm = hkdfExpand('sha256', prk, hex('f0f1f2f3f4f5f6f7f8f9'), 42);
  assert.equal(okm.toString('hex'), '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865');
});

test('TLS 1.2 PRF is P_SHA256 of RFC 5246 section 5 (checked against a direct HMAC chain)', () => {
  const secret = Buffer.alloc(48, 7);
  const seed = Buffer.alloc(64, 9);
  const labelSeed = Buffer.concat([Buffer.from('key expansion'), seed]);
  const a1 = createHmac('sha256', secret).update(labelSeed).digest();
  const a2 = createHmac('sha256', secret).update(a1).digest();
  const expected = Buffer.concat([
    createHmac('sha256', secret).update(a1).update(labelSeed).digest(),
    createHmac('sha256', secret).update(a2).update(labelSeed).digest(),
  ]).subarray(0, 40);
  assert.deepEqual(prf12('sha256', secret, 'key expansion', seed, 40), expected);
});

test('TLS 1.2 key block: MAC keys, then write keys, then IVs, client first', () => {
  const suite = CIPHER_SUITES.get(0xc013)!; // AES-128-CBC-SHA: 20-byte MAC keys, 16-byte keys, no implicit IV
  const master = Buffer.alloc(48, 1);
  const cr = Buffer.alloc(32, 2);
  const sr = Buffer.alloc(32, 3);
  const block = prf12('sha256', master, 'key expansion', Buffer.concat([sr, cr]), 72);
  const k = keyBlock12(suite, master, cr, sr);
  assert.deepEqual(k.client.macKey, block.subarray(0, 20));
  assert.deepEqual(k.server.macKey, block.subarray(20, 40));
  assert.deepEqual(k.client.key, block.subarray(40, 56));
  assert.deepEqual(k.server.key, block.subarray(56, 72));
});

test('KeyUpdate: the next secret is HKDF-Expand-Label(secret, "traffic upd", "", Hash.length)', () => {
  const s = Buffer.alloc(32, 5);
  const next = nextTrafficSecret(AES128, s);
  assert.equal(next.length, 32);
  assert.notDeepEqual(next, s);
  assert.equal(nextTrafficSecret(CIPHER_SUITES.get(0x1302)!, Buffer.alloc(48, 5)).length, 48);
});

test('TLS 1.2 AES-CBC records: MAC-then-encrypt and encrypt-then-MAC (RFC 7366) open; a bad MAC or padding does not', () => {
  const suite = CIPHER_SUITES.get(0xc014)!; // AES-256-CBC-SHA
  const keys = { key: Buffer.alloc(32, 4), iv: Buffer.alloc(0), macKey: Buffer.alloc(20, 6) };
  const content = Buffer.from('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
  const seal = (etm: boolean, seq: number, badPad = false): Buffer => {
    const ad = (len: number) => {
      const b = Buffer.alloc(13);
      b.writeUInt32BE(seq, 4);
      b[8] = 23;
      b[9] = 3;
      b[10] = 3;
      b.writeUInt16BE(len, 11);
      return b;
    };
    const iv = Buffer.alloc(16, seq + 1);
    const inner = etm
      ? content
      : Buffer.concat([content, createHmac('sha1', keys.macKey).update(ad(content.length)).update(content).digest()]);
    const padLen = 15 - (inner.length % 16);
    const padded = Buffer.concat([inner, Buffer.alloc(padLen + 1, badPad ? padLen + 1 : padLen)]);
    const c = createCipheriv('aes-256-cbc', keys.key, iv).setAutoPadding(false);
    const body = Buffer.concat([iv, c.update(padded), c.final()]);
    const fragment = etm
      ? Buffer.concat([body, createHmac('sha1', keys.macKey).update(ad(body.length)).update(body).digest()])
      : body;
    return fragment;
  };
  const header = (f: Buffer) => Buffer.from([23, 3, 3, f.length >> 8, f.length & 255]);
  for (const etm of [false, true]) {
    const d = new RecordDecryptor(suite, keys, false, etm);
    const f0 = seal(etm, 0);
    assert.deepEqual(d.decrypt(header(f0), f0)?.data, content, `etm=${etm} seq 0`);
    const f1 = seal(etm, 1);
    assert.deepEqual(d.decrypt(header(f1), f1)?.data, content, `etm=${etm} seq 1`);
    const f2 = seal(etm, 0);
    assert.equal(d.decrypt(header(f2), f2), null, `etm=${etm}: a record with the wrong sequence number`);
    const bad = seal(etm, 3, true);
    assert.equal(d.decrypt(header(bad), bad), null, `etm=${etm}: bad padding`);
  }
});
