import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable, PassThrough } from 'node:stream';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CaptureFormatError,
  FILE_READ_CHUNK_BYTES,
  PcapStreamReader,
  openCaptureStream,
  readCapture,
} from '../../../node/capture/pcap-reader';
import { PcapWriter, PcapngWriter, writePcap, writePcapng } from '../../../node/sample/pcap-writer';
import { TcpConversation, interleave, type GenPacket } from '../../../node/sample/conversation';
import { Rng } from '../../../node/sample/rng';

interface Got {
  linkType: number;
  frame: string;
  ts: number;
  orig: number;
}

function collector(): { got: Got[]; handler: (l: number, b: Buffer, o: number, n: number, ts: number, orig: number) => void } {
  const got: Got[] = [];
  return { got, handler: (linkType, b, o, n, ts, orig) => got.push({ linkType, frame: b.toString('hex', o, o + n), ts, orig }) };
}

function chunked(buf: Buffer, sizes: (i: number) => number): Readable {
  const parts: Buffer[] = [];
  for (let off = 0, i = 0; off < buf.length; i++) {
    const n = Math.max(1, sizes(i));
    parts.push(buf.subarray(off, off + n));
    off += n;
  }
  return Readable.from(parts);
}

function mixedPackets(): GenPacket[] {
  const a = new TcpConversation({
    client: '10.0.0.1',
    server: '10.0.0.2',
    encap: { kind: 'ethernet', vlan: [{ vid: 7 }] },
    seed: 1,
  })
    .send('c2s', 'GET / HTTP/1.1\r\nHost: a\r\n\r\n')
    .send('s2c', 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc')
    .close('fin')
    .packets();
  const b = new TcpConversation({ client: '2001:db8::1', server: '2001:db8::2', encap: { kind: 'sll' }, seed: 2, mss: 7 })
    .send('c2s', 'POST /p HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi')
    .close('rst')
    .packets();
  const c = new TcpConversation({ client: '10.0.0.3', server: '10.0.0.4', encap: { kind: 'raw' }, seed: 3 })
    .send('c2s', 'x')
    .packets();
  return interleave([a, b, c], 5, 1_700_000_000_123_456, 1);
}

function expected(packets: GenPacket[]): Got[] {
  return packets.map((p) => ({ linkType: p.linkType, frame: p.frame.toString('hex'), ts: p.ts, orig: p.frame.length }));
}

for (const bigEndian of [false, true]) {
  for (const nanosecond of [false, true]) {
    test(`classic pcap round trip (${bigEndian ? 'big' : 'little'}-endian, ${nanosecond ? 'ns' : 'µs'})`, async () => {
      const packets = mixedPackets().filter((p) => p.linkType === 1);
      const file = writePcap(packets, { bigEndian, nanosecond });
      const { got, handler } = collector();
      const stats = await readCapture(Readable.from([file]), handler);
      assert.deepEqual(got, expected(packets));
      assert.equal(stats.format, 'pcap');
      assert.equal(stats.packets, packets.length);
      assert.equal(stats.bytes, file.length);
      assert.equal(stats.truncatedRecords, 0);
    });
  }
}

test('ns pcap keeps microseconds exact and truncates sub-microsecond digits', async () => {
  const w = new PcapWriter({ linkType: 1, nanosecond: true });
  w.packet(1_700_000_000_999_999, Buffer.from('ab'));
  const withNs = w.record(1_700_000_001_000_001, Buffer.from('cd'), 2, 999);
  const { got, handler } = collector();
  await readCapture(Readable.from([Buffer.concat([w.toBuffer(), withNs])]), handler);
  assert.deepEqual(
    got.map((g) => g.ts),
    [1_700_000_000_999_999, 1_700_000_001_000_001],
  );
});

for (const bigEndian of [false, true]) {
  test(`pcapng with several interfaces, link types and resolutions (${bigEndian ? 'big' : 'little'}-endian)`, async () => {
    const packets = mixedPackets();
    const w = new PcapngWriter({ bigEndian });
    // Interface order differs from link-type order; resolutions µs, ns, 2^-20 s.
    const ifSll = w.addInterface({ linkType: 113, tsresol: 9, name: 'any' });
    const ifEth = w.addInterface({ linkType: 1, name: 'eth0' });
    const ifRaw = w.addInterface({ linkType: 101, tsresol: 0x80 | 20 });
    w.raw(0x00000005, Buffer.alloc(16)); // interface statistics: skipped
    w.raw(0x40000abc, Buffer.from('custom block')); // unknown: skipped
    packets.forEach((p, i) => {
      const id = p.linkType === 113 ? ifSll : p.linkType === 1 ? ifEth : ifRaw;
      w.packet(id, p.ts, p.frame, i % 2 === 0 ? 'epb' : 'opb');
    });
    const file = w.toBuffer();
    const { got, handler } = collector();
    const stats = await readCapture(Readable.from([file]), handler);
    const want = expected(packets);
    assert.equal(got.length, want.length);
    got.forEach((g, i) => {
      assert.equal(g.linkType, want[i].linkType);
      assert.equal(g.frame, want[i].frame);
      // 2^-20 s units cannot represent every microsecond: within one µs.
      assert.ok(Math.abs(g.ts - want[i].ts) <= (g.linkType === 101 ? 1 : 0), `ts ${g.ts} vs ${want[i].ts}`);
    });
    assert.equal(stats.format, 'pcapng');
    assert.equal(stats.interfaces, 3);
    assert.equal(stats.skippedBlocks, 2);
    assert.equal(stats.sections, 1);
  });
}

test('pcapng sections of different byte order in one stream; SPB uses interface 0', async () => {
  const le = new PcapngWriter();
  le.addInterface({ linkType: 1 });
  le.packet(0, 1_000_000, Buffer.from('0102', 'hex'));
  const be = new PcapngWriter({ bigEndian: true });
  be.addInterface({ linkType: 101, tsresol: 9 });
  be.packet(0, 2_000_000, Buffer.from('030405', 'hex'));
  be.packet(0, 0, Buffer.from('0607', 'hex'), 'spb');
  const { got, handler } = collector();
  const stats = await readCapture(Readable.from([Buffer.concat([le.toBuffer(), be.toBuffer()])]), handler);
  assert.deepEqual(got, [
    { linkType: 1, frame: '0102', ts: 1_000_000, orig: 2 },
    { linkType: 101, frame: '030405', ts: 2_000_000, orig: 3 },
    { linkType: 101, frame: '0607', ts: 2_000_000, orig: 2 },
  ]);
  assert.equal(stats.sections, 2);
});

test('records split across chunks of 1 to 7 bytes', async () => {
  const packets = mixedPackets();
  const rng = new Rng(3);
  for (const file of [
    writePcap(
      packets.filter((p) => p.linkType === 1),
      { nanosecond: true },
    ),
    writePcapng(packets, { bigEndian: true, tsresol: 9 }),
  ]) {
    const { got, handler } = collector();
    await readCapture(
      chunked(file, () => rng.int(1, 7)),
      handler,
    );
    const want = file[0] === 0x0a ? expected(packets) : expected(packets.filter((p) => p.linkType === 1));
    assert.deepEqual(got, want);
  }
});

test('a stdin-like stream (PassThrough written in pieces) and a file path', async () => {
  const packets = mixedPackets().filter((p) => p.linkType === 1);
  const file = writePcap(packets);
  const pass = new PassThrough();
  const done = readCapture(pass, collector().handler);
  for (let off = 0; off < file.length; off += 100) pass.write(file.subarray(off, off + 100));
  pass.end();
  assert.equal((await done).packets, packets.length);

  const dir = mkdtempSync(path.join(tmpdir(), 'pcap-reader-'));
  try {
    const p = path.join(dir, 'x.pcap');
    writeFileSync(p, file);
    const { got, handler } = collector();
    await readCapture(openCaptureStream(p), handler);
    assert.deepEqual(got, expected(packets));
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('a truncated last record is counted, the records before it delivered', async () => {
  const packets = mixedPackets().filter((p) => p.linkType === 1);
  for (const file of [writePcap(packets), writePcapng(packets)]) {
    for (const cut of [1, 5, 17]) {
      const { got, handler } = collector();
      const stats = await readCapture(
        chunked(file.subarray(0, file.length - cut), () => 64),
        handler,
      );
      assert.equal(stats.truncatedRecords, 1);
      assert.equal(got.length, packets.length - 1);
    }
  }
});

test('snapped records: captured length below the original is counted', async () => {
  const w = new PcapWriter({ linkType: 1, snaplen: 4 });
  w.packet(1, Buffer.from('01020304', 'hex'), 1500);
  const { got, handler } = collector();
  const stats = await readCapture(Readable.from([w.toBuffer()]), handler);
  assert.equal(got[0].orig, 1500);
  assert.equal(stats.snappedPackets, 1);
});

async function expectFormatError(input: Buffer, offset: number, message: RegExp): Promise<void> {
  await assert.rejects(
    readCapture(
      chunked(input, () => 3),
      () => {},
    ),
    (err: unknown) => {
      assert.ok(err instanceof CaptureFormatError);
      assert.equal(err.offset, offset);
      assert.match(err.message, message);
      assert.match(err.message, new RegExp(`at byte offset ${offset}`));
      return true;
    },
  );
}

test('bad input is a CaptureFormatError with the byte offset', async () => {
  await expectFormatError(Buffer.from('GET / HTTP/1.1\r\n\r\n'), 0, /not a pcap or pcapng file \(first bytes 0x47455420\)/);
  await expectFormatError(Buffer.alloc(0), 0, /empty input/);
  await expectFormatError(Buffer.from([0xd4, 0xc3, 0xb2]), 0, /too short/);
  // Second record claims 1 GB.
  const w = new PcapWriter({ linkType: 1 });
  w.packet(1, Buffer.alloc(10));
  const bad = Buffer.concat([w.toBuffer(), Buffer.from(w.record(2, Buffer.alloc(10)))]);
  bad.writeUInt32LE(1 << 30, 24 + 26 + 8);
  await expectFormatError(bad, 24 + 26, /claims 1073741824 captured bytes/);
  // pcapng block length not a multiple of 4.
  const ng = new PcapngWriter();
  ng.addInterface({ linkType: 1 });
  const ngBuf = ng.toBuffer();
  const idbAt = ngBuf.readUInt32LE(4);
  ngBuf.writeUInt32LE(22, idbAt + 4);
  await expectFormatError(ngBuf, idbAt, /invalid length 22/);
  const stats = new PcapStreamReader(() => {}).stats;
  assert.equal(stats.formatErrors, 0);
});

test('pcapng packets with bad inner lengths or unknown interfaces are counted and skipped', async () => {
  const w = new PcapngWriter();
  w.addInterface({ linkType: 1 });
  const bad = w.packetBlock(0, 1, Buffer.alloc(8));
  bad.writeUInt32LE(500, 20); // captured length beyond the block
  const stray = w.packetBlock(3, 1, Buffer.alloc(8));
  const good = w.packetBlock(0, 1, Buffer.alloc(8, 1));
  const { got, handler } = collector();
  const stats = await readCapture(Readable.from([Buffer.concat([w.toBuffer(), bad, stray, good])]), handler);
  assert.equal(got.length, 1);
  assert.equal(stats.malformedBlocks, 1);
  assert.equal(stats.unknownInterfacePackets, 1);
});

test('random corruption only ever yields CaptureFormatError or counters', async () => {
  const rng = new Rng(11);
  const files = [writePcap(mixedPackets().filter((p) => p.linkType === 1)), writePcapng(mixedPackets(), { bigEndian: true })];
  for (let i = 0; i < 300; i++) {
    const f = Buffer.from(files[i % 2]);
    for (let k = rng.int(1, 6); k > 0; k--) f[rng.int(0, f.length - 1)] = rng.int(0, 255);
    const cut = f.subarray(0, rng.int(0, f.length));
    try {
      await readCapture(
        chunked(cut, () => rng.int(1, 300)),
        () => {},
      );
    } catch (err) {
      assert.ok(err instanceof CaptureFormatError, String(err));
    }
  }
});

test('a 2 GiB stream with records spanning every chunk boundary is read in bounded memory', async () => {
  const w = new PcapWriter({ linkType: 1 });
  const records: Buffer[] = [];
  for (let i = 0; i < 700; i++) records.push(w.record(1_700_000_000_000_000 + i, Buffer.alloc(60 + ((i * 37) % 1400), i)));
  const period = Buffer.concat(records);
  const cut = 12345; // inside a record
  // The stream is header + period + period + ...; each chunk after the first is the period rotated.
  const first = Buffer.concat([w.header, period.subarray(0, cut)]);
  const rotated = Buffer.concat([period.subarray(cut), period.subarray(0, cut)]);
  const chunks = Math.ceil((2 * 1024 ** 3) / period.length);
  async function* stream(): AsyncGenerator<Buffer> {
    yield first;
    for (let i = 0; i < chunks; i++) yield rotated;
  }
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let maxRss = rssBefore;
  let packets = 0;
  const stats = await readCapture(stream(), () => {
    if (++packets % 200000 === 0) maxRss = Math.max(maxRss, process.memoryUsage().rss);
  });
  // The stream is header + period x chunks + period[0, cut): whole records plus one cut short.
  let inCut = 0;
  for (let off = 0, i = 0; off + records[i].length <= cut; off += records[i++].length) inCut++;
  assert.equal(stats.packets, chunks * records.length + inCut);
  assert.equal(stats.truncatedRecords, 1);
  assert.ok(maxRss - rssBefore < 64 * 1024 * 1024, `RSS grew by ${((maxRss - rssBefore) / 1e6).toFixed(0)} MB`);
});

test('a capture file is read ahead in reused chunks: every byte once, in order; a missing file is ENOENT', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pcap-reader-'));
  try {
    const p = path.join(dir, 'big.bin');
    const data = Buffer.alloc(FILE_READ_CHUNK_BYTES * 3 + 12345);
    for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
    writeFileSync(p, data);
    const copies: Buffer[] = [];
    for await (const chunk of openCaptureStream(p)) copies.push(Buffer.from(chunk));
    assert.equal(copies.length, 4);
    assert.ok(Buffer.concat(copies).equals(data));
    await assert.rejects(
      async () => {
        for await (const chunk of openCaptureStream(path.join(dir, 'missing.pcap'))) void chunk;
      },
      { code: 'ENOENT' },
    );
  } finally {
    rmSync(dir, { recursive: true });
  }
});
