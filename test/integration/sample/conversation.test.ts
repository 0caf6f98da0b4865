import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TcpConversation, interleave, mergeByTime, type Dir, type GenPacket } from '../../../node/sample/conversation';
import { PacketDecoder } from '../../../node/decode/decoder';
import { writePcap, writePcapng } from '../../../node/sample/pcap-writer';
import { FIN, RST, SYN, type Encapsulation } from '../../../node/sample/frames';

const REQUEST = Buffer.from('POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 3000\r\n\r\n' + 'a'.repeat(3000));
const RESPONSE = Buffer.from('HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n');

function conversation(isn = 1000): TcpConversation {
  return new TcpConversation({ client: '10.0.0.1', server: '10.0.0.2', clientIsn: isn, mss: 500, seed: 9 })
    .send('c2s', REQUEST)
    .send('s2c', RESPONSE)
    .close('fin');
}

/** Rebuilds one direction's byte stream from decoded frames by sequence number (first copy wins). */
function rebuild(
  packets: GenPacket[],
  dir: Dir,
  isn: number,
): { bytes: Buffer; holes: number; syn: number; fin: number; rst: number } {
  const d = new PacketDecoder();
  const out = Buffer.alloc(10000);
  const have = new Uint8Array(10000);
  let max = 0;
  let syn = 0;
  let fin = 0;
  let rst = 0;
  for (const p of packets) {
    const s = d.decode(p.linkType, p.frame, 0, p.frame.length, p.ts);
    assert.ok(s);
    if ((s.srcPort === 40000) !== (dir === 'c2s')) continue;
    if (s.flags & SYN) syn++;
    if (s.flags & FIN) fin++;
    if (s.flags & RST) rst++;
    if (s.payloadLength === 0) continue;
    const rel = (s.seq - isn - 1 + 0x100000000) % 0x100000000;
    for (let i = 0; i < s.payloadLength; i++) {
      const b: number = s.data[s.payloadOffset + i];
      if (have[rel + i]) assert.equal(out[rel + i], b, 'retransmitted bytes must equal the originals');
      out[rel + i] = b;
      have[rel + i] = 1;
    }
    max = Math.max(max, rel + s.payloadLength);
  }
  let holes = 0;
  for (let i = 0; i < max; i++) if (!have[i]) holes++;
  return { bytes: out.subarray(0, max), holes, syn, fin, rst };
}

test('a scripted conversation carries exactly the sent bytes, with handshake and FINs', () => {
  const conv = conversation();
  const c2s = rebuild(conv.packets(), 'c2s', 1000);
  assert.deepEqual(c2s.bytes, REQUEST);
  assert.equal(c2s.holes, 0);
  assert.deepEqual([c2s.syn, c2s.fin], [1, 1]);
  assert.deepEqual(rebuild(conv.packets(), 's2c', 5000).bytes, RESPONSE);
  assert.equal(conv.dataIndexes('c2s').length, Math.ceil(REQUEST.length / 500));
});

test('sequence numbers wrap past 2^32', () => {
  const isn = 0xffffffff - 700;
  const conv = conversation(isn);
  const seqs = conv.segments.filter((s) => s.dir === 'c2s').map((s) => s.seq);
  assert.ok(seqs.some((q) => q < 5000) && seqs.some((q) => q > 0xfffff000));
  assert.deepEqual(rebuild(conv.packets(), 'c2s', isn).bytes, REQUEST);
});

test('reorder, retransmit and overlap keep the byte stream; drop makes one hole', () => {
  const plain = conversation().packets();
  const reordered = conversation().reorder(4).packets();
  assert.notDeepEqual(
    reordered.map((p) => p.frame),
    plain.map((p) => p.frame),
  );
  assert.deepEqual(rebuild(reordered, 'c2s', 1000).bytes, REQUEST);
  // Timestamps keep increasing whatever the order.
  assert.ok(reordered.every((p, i) => i === 0 || p.ts > reordered[i - 1].ts));

  const retx = conversation().retransmit(0.5);
  assert.ok(retx.segments.length > plain.length);
  assert.ok(retx.segments.some((s) => s.retransmission));
  assert.deepEqual(rebuild(retx.packets(), 'c2s', 1000).bytes, REQUEST);

  const ov = conversation().overlap(2);
  assert.equal(ov.segments.length, plain.length + 2);
  const extra = ov.dataIndexes('c2s').length - conversation().dataIndexes('c2s').length;
  assert.equal(extra, 2);
  assert.deepEqual(rebuild(ov.packets(), 'c2s', 1000).bytes, REQUEST);

  const dropped = conversation().drop('c2s', 2).packets();
  const r = rebuild(dropped, 'c2s', 1000);
  assert.equal(r.holes, 500);
  assert.deepEqual(r.bytes.subarray(1500), REQUEST.subarray(1500));
});

test('mid-stream start, RST close, IPv6, every encapsulation', () => {
  const encaps: Encapsulation[] = [
    { kind: 'sll' },
    { kind: 'sll2' },
    { kind: 'raw' },
    { kind: 'null' },
    { kind: 'vxlan', vni: 5, port: 8472 },
    { kind: 'ethernet', vlan: [{ vid: 1, tpid: 0x88a8 }, { vid: 2 }] },
  ];
  for (const encap of encaps) {
    const conv = new TcpConversation({ client: '2001:db8::1', server: '2001:db8::2', handshake: false, encap })
      .send('c2s', 'hello')
      .close('rst', 's2c');
    const packets = conv.packets();
    const d = new PacketDecoder({ vxlanPorts: [8472] });
    const flags = packets.map((p) => d.decode(p.linkType, p.frame, 0, p.frame.length, p.ts)?.flags);
    assert.ok(
      flags.every((f) => f !== undefined && (f & SYN) === 0),
      `${encap.kind}: no SYN mid-stream`,
    );
    assert.ok((flags[flags.length - 1]! & RST) !== 0);
  }
});

test('interleave keeps each conversation in order; mergeByTime sorts by time', () => {
  const a = conversation().packets();
  const b = new TcpConversation({ client: '10.0.0.3', server: '10.0.0.2', clientPort: 40001, startTs: a[0].ts + 50 })
    .send('c2s', 'x')
    .packets();
  const mixed = interleave([a, b], 3, 1000, 10);
  assert.equal(mixed.length, a.length + b.length);
  assert.deepEqual(
    mixed.filter((p) => a.some((q) => q.frame === p.frame)).map((p) => p.frame),
    a.map((p) => p.frame),
  );
  assert.deepEqual(
    mixed.map((p) => p.ts),
    mixed.map((_, i) => 1000 + i * 10),
  );
  const merged = mergeByTime([a, b]);
  assert.ok(merged.every((p, i) => i === 0 || p.ts >= merged[i - 1].ts));
  assert.equal(
    new TcpConversation({ client: '10.0.0.1', server: '10.0.0.2', seed: 4 })
      .send('c2s', REQUEST)
      .reorder()
      .packets()
      .map((p) => p.frame.toString('hex'))
      .join(),
    new TcpConversation({ client: '10.0.0.1', server: '10.0.0.2', seed: 4 })
      .send('c2s', REQUEST)
      .reorder()
      .packets()
      .map((p) => p.frame.toString('hex'))
      .join(),
    'same seed, same capture',
  );
});

test(
  'tcpdump reads the generated files and finds every checksum correct',
  { skip: spawnSync('tcpdump', ['--version']).status === 0 ? false : 'tcpdump not installed' },
  () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gen-'));
    try {
      const v4 = conversation().packets();
      const v6 = new TcpConversation({
        client: '2001:db8::1',
        server: '2001:db8::2',
        encap: { kind: 'ethernet', vlan: [{ vid: 3 }] },
      })
        .send('c2s', REQUEST)
        .packets();
      const sll2 = new TcpConversation({ client: '2001:db8::1', server: '2001:db8::2', encap: { kind: 'sll2' } })
        .send('c2s', REQUEST)
        .packets();
      // libpcap reads pcapng only when every interface has the same link type.
      for (const [name, data, count] of [
        ['v4.pcap', writePcap(v4, { nanosecond: true, bigEndian: true }), v4.length],
        ['sll2.pcap', writePcap(sll2), sll2.length],
        ['mixed.pcapng', writePcapng(mergeByTime([v4, v6]), { tsresol: 9 }), v4.length + v6.length],
      ] as const) {
        const file = path.join(dir, name);
        writeFileSync(file, data);
        const r = spawnSync('tcpdump', ['-nn', '-vv', '-r', file], { encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
        assert.equal((r.stdout.match(/cksum 0x[0-9a-f]+ \(correct\)/g) ?? []).length, count, name);
        assert.doesNotMatch(r.stdout, /incorrect/);
      }
    } finally {
      rmSync(dir, { recursive: true });
    }
  },
);
