import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_SYN } from '../../../node/decode/packet';
import { directionOf, Flow, hashPacket } from '../../../node/reassembly/flow';
import { SEGMENT_OVERHEAD_BYTES, StreamReassembler } from '../../../node/reassembly/stream-reassembler';
import { BIG_LIMITS, Recorder, Wire } from './helpers';

const PA = TCP_PSH | TCP_ACK;
const SEC = 1_000_000;

function wire(n: number, extra: { vlan?: number[]; vni?: number } = {}): Wire {
  return new Wire({ client: `10.0.${n >> 8}.${n & 0xff}`, clientPort: 40000, server: '10.9.9.9', serverPort: 80, ...extra });
}

describe('StreamReassembler limits and flow table', () => {
  it('expires idle flows from packet time, delivering what they hold', () => {
    const rec = new Recorder();
    const r = new StreamReassembler({ ...BIG_LIMITS, idleTimeoutSec: 10 }, rec.factory);
    const a = wire(1);
    const b = wire(2);
    r.process(a.seg(0, 100, PA, 'aa', 0));
    r.process(a.seg(0, 104, PA, 'cc', 1 * SEC)); // hole [102,104)
    r.process(b.seg(0, 500, PA, 'bb', 5 * SEC));
    r.process(b.seg(0, 502, PA, 'bb', 11.5 * SEC));
    assert.equal(rec.conns[0].closed, 'idle', 'a idle since 1 s, checked at 11.5 s');
    assert.equal(rec.conns[0].text(0), 'aa<gap 2>cc');
    assert.equal(rec.conns[1].closed, null);
    r.expire(15.4 * SEC);
    assert.equal(rec.conns[1].closed, null, 'b was active at 11.5 s');
    r.expire(21.5 * SEC);
    assert.equal(rec.conns[1].closed, 'idle');
    assert.equal(r.counters.closedIdle, 2);
    assert.equal(r.activeFlows, 0);
    assert.deepEqual(rec.errors(), []);
  });

  it('evicts the least recently active flow beyond maxFlows', () => {
    const rec = new Recorder();
    const r = new StreamReassembler({ ...BIG_LIMITS, maxFlows: 2 }, rec.factory);
    const [a, b, c] = [wire(1), wire(2), wire(3)];
    r.process(a.seg(0, 1, TCP_SYN, '', 1));
    r.process(b.seg(0, 1, TCP_SYN, '', 2));
    r.process(a.seg(0, 2, PA, 'x', 3)); // a is now more recent than b
    r.process(c.seg(0, 1, TCP_SYN, '', 4));
    assert.deepEqual(
      rec.conns.map((x) => x.closed),
      [null, 'evicted', null],
    );
    assert.equal(r.counters.closedEvicted, 1);
    assert.equal(r.activeFlows, 2);
    r.process(b.seg(0, 2, PA, 'late', 5)); // b comes back as a new mid-stream flow, evicting a
    assert.equal(rec.conns.length, 4);
    assert.equal(rec.conns[3].info.midstream, true);
    assert.equal(rec.conns[0].closed, 'evicted');
  });

  it('over the per-stream cap declares the oldest hole lost and continues with buffered data', () => {
    const rec = new Recorder();
    const cap = 2 * (50 + SEGMENT_OVERHEAD_BYTES);
    const r = new StreamReassembler({ ...BIG_LIMITS, streamBufferBytes: cap }, rec.factory);
    const w = wire(1);
    const chunk = (ch: string) => ch.repeat(50);
    r.process(w.seg(0, 0, TCP_SYN));
    r.process(w.seg(0, 11, PA, chunk('b'))); // hole [0,10) at abs 0..10
    r.process(w.seg(0, 61, PA, chunk('c')));
    assert.equal(r.bufferedBytes, cap, 'at the cap, not over');
    assert.equal(rec.conns[0].text(0), '');
    r.process(w.seg(0, 121, PA, chunk('e'))); // another hole [110,120), now over the cap
    assert.equal(r.counters.streamCapHits, 1);
    assert.equal(rec.conns[0].text(0), `<gap 10>${chunk('b')}${chunk('c')}`);
    assert.equal(r.bufferedBytes, 50 + SEGMENT_OVERHEAD_BYTES);
    r.process(w.seg(0, 1, PA, 'aaaaaaaaaa')); // the lost bytes arrive late: dropped
    r.process(w.seg(0, 111, PA, 'dddddddddd'));
    assert.equal(rec.conns[0].text(0), `<gap 10>${chunk('b')}${chunk('c')}dddddddddd${chunk('e')}`);
    assert.equal(r.bufferedBytes, 0);
    assert.equal(r.counters.gapBytes, 10);
  });

  it('over the total cap gives up the hole of the direction that has buffered longest', () => {
    const rec = new Recorder();
    const one = 100 + SEGMENT_OVERHEAD_BYTES;
    const r = new StreamReassembler({ ...BIG_LIMITS, totalBufferBytes: 2 * one }, rec.factory);
    const [a, b] = [wire(1), wire(2)];
    r.process(a.seg(0, 0, TCP_SYN, '', 1));
    r.process(b.seg(0, 0, TCP_SYN, '', 2));
    r.process(a.seg(0, 6, PA, 'A'.repeat(100), 3)); // hole of 5 in a
    r.process(b.seg(0, 8, PA, 'B'.repeat(100), 4)); // hole of 7 in b
    assert.equal(r.counters.totalCapHits, 0);
    r.process(b.seg(0, 200, PA, 'C'.repeat(100), 5)); // b again, total over the cap
    assert.equal(r.counters.totalCapHits, 1);
    assert.equal(rec.conns[0].text(0), `<gap 5>${'A'.repeat(100)}`, 'a buffered first, so a pays');
    assert.equal(rec.conns[1].text(0), '');
    assert.equal(r.bufferedBytes, 2 * one);
    r.flush(6);
    assert.equal(rec.conns[1].text(0), `<gap 7>${'B'.repeat(100)}<gap 92>${'C'.repeat(100)}`);
  });

  it('keeps the same 4-tuple in different VLANs and VNIs as separate connections', () => {
    const rec = new Recorder();
    const r = new StreamReassembler(BIG_LIMITS, rec.factory);
    const variants = [
      wire(1),
      wire(1, { vlan: [10] }),
      wire(1, { vlan: [10, 20] }),
      wire(1, { vlan: [20, 10] }),
      wire(1, { vni: 5 }),
      wire(1, { vni: 6 }),
      wire(1, { vlan: [10], vni: 5 }),
    ];
    variants.forEach((w, i) => r.process(w.seg(0, 1000, PA, `req${i}`, i)));
    variants.forEach((w, i) => r.process(w.seg(1, 2000, PA, `resp${i}`, 10 + i)));
    assert.equal(rec.conns.length, variants.length);
    rec.conns.forEach((c, i) => {
      assert.equal(c.text(0), `req${i}`);
      assert.equal(c.text(1), `resp${i}`);
    });
    assert.deepEqual(rec.conns[3].info.vlan, [20, 10]);
    assert.equal(rec.conns[6].info.vni, 5);
    assert.equal(rec.conns[0].info.vni, null);
  });

  it('tracks IPv4 and IPv6 connections and prints their addresses', () => {
    const rec = new Recorder();
    const r = new StreamReassembler(BIG_LIMITS, rec.factory);
    const v6 = new Wire({ client: '2001:db8::7', clientPort: 51000, server: 'fe80::1:0:0:2', serverPort: 443 });
    const v4 = wire(7);
    r.process(v6.seg(0, 1, TCP_SYN, '', 1));
    r.process(v6.seg(1, 9, TCP_SYN | TCP_ACK, '', 2, 2));
    r.process(v6.seg(0, 2, PA, 'six', 3));
    r.process(v4.seg(0, 1, PA, 'four', 4));
    r.process(v6.seg(1, 10, PA, 'xis', 5));
    assert.deepEqual(rec.conns[0].info.client, { ip: '2001:db8::7', port: 51000 });
    assert.deepEqual(rec.conns[0].info.server, { ip: 'fe80::1:0:0:2', port: 443 });
    assert.equal(rec.conns[0].text(0), 'six');
    assert.equal(rec.conns[0].text(1), 'xis');
    assert.deepEqual(rec.conns[1].info.client, { ip: '10.0.0.7', port: 40000 });
    assert.equal(rec.conns[1].text(0), 'four');
  });

  it('keeps flows apart when their hashes collide and unlinks them from the chain', () => {
    const w = new Wire({ client: '10.0.0.0', clientPort: 1, server: '10.255.255.254', serverPort: 80 });
    const tuple = (i: number, dir: 0 | 1, text: string, ts = 0, seq = 1, flags = PA) => {
      const p = w.seg(dir, seq, flags, text, ts);
      const client = dir === 0 ? p.src : p.dst;
      client[1] = i >> 16;
      client[2] = (i >> 8) & 0xff;
      client[3] = i & 0xff;
      if (dir === 0) p.srcPort = 1024 + (i % 50000);
      else p.dstPort = 1024 + (i % 50000);
      return p;
    };
    const seen = new Map<number, number>();
    const pairs: Array<[number, number]> = [];
    for (let i = 0; pairs.length < 3; i++) {
      const h = hashPacket(tuple(i, 0, ''));
      const j = seen.get(h);
      if (j === undefined) seen.set(h, i);
      else pairs.push([j, i]);
    }
    for (const [i, j] of pairs) {
      const rec = new Recorder();
      const r = new StreamReassembler(BIG_LIMITS, rec.factory);
      assert.equal(hashPacket(tuple(i, 0, '')), hashPacket(tuple(j, 1, '')), 'colliding, either direction');
      r.process(tuple(i, 0, 'qi', 1));
      r.process(tuple(j, 0, 'qj', 2));
      // FIN from both sides closes i, which is not the chain head (j was hashed after it).
      r.process(tuple(i, 1, 'ri', 3, 1, PA | TCP_FIN));
      r.process(tuple(i, 0, '', 4, 3, PA | TCP_FIN));
      assert.equal(rec.conns[0].closed, 'fin');
      r.flush(5); // drops i's tombstone and closes j
      r.process(tuple(j, 0, 'again', 6));
      assert.deepEqual(
        rec.conns.map((c) => [c.text(0), c.text(1), c.closed]),
        [
          ['qi', 'ri', 'fin'],
          ['qj', '', 'end'],
          ['again', '', null],
        ],
      );
      assert.equal(r.activeFlows, 1);
    }
  });
});

describe('flow tuple comparison', () => {
  it('matches both directions and tells apart every address word, port, VLAN and VNI', () => {
    const handler = { onData() {}, onGap() {}, onClose() {} };
    for (const [client, server] of [
      ['2001:db8::1:2:3', '2001:db8::9'],
      ['192.0.2.1', '192.0.2.2'],
    ]) {
      const w = new Wire({ client, clientPort: 5555, server, serverPort: 443, vlan: [3, 4], vni: 77 });
      const p = w.seg(0, 1, PA, 'x');
      const info = {
        id: 1,
        client: { ip: client, port: 5555 },
        server: { ip: server, port: 443 },
        vlan: [3, 4],
        vni: 77,
        midstream: false,
        firstTs: 0,
      };
      const flow = new Flow(hashPacket(p), info, p.ipVersion, p.src, 5555, p.dst, 443, 2, 77, handler);
      assert.equal(directionOf(flow, w.seg(0, 1, PA, 'x')), 0);
      assert.equal(directionOf(flow, w.seg(1, 1, PA, 'x')), 1);
      const n = p.ipVersion === 4 ? 4 : 16;
      for (let byte = 0; byte < n; byte++) {
        for (const side of ['src', 'dst'] as const) {
          const q = w.seg(0, 1, PA, 'x');
          q[side][byte] ^= 0x40;
          assert.equal(directionOf(flow, q), -1, `${client} ${side} byte ${byte}`);
        }
      }
      const mutations: Array<(q: ReturnType<typeof w.seg>) => void> = [
        (q) => (q.srcPort = 5556),
        (q) => (q.dstPort = 444),
        (q) => (q.vlan[1] = 5),
        (q) => (q.vlanCount = 1),
        (q) => (q.vni = 78),
      ];
      for (const m of mutations) {
        const q = w.seg(0, 1, PA, 'x');
        m(q);
        assert.equal(directionOf(flow, q), -1, String(m));
      }
    }
  });
});
