import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_SYN } from '../../../node/decode/packet';
import { type ReassemblyLimits, StreamReassembler } from '../../../node/reassembly/stream-reassembler';
import type { Direction } from '../../../node/reassembly/types';
import { BIG_LIMITS, type ConnRecord, Recorder, Wire } from './helpers';

interface Piece {
  dir: Direction;
  from: number;
  to: number;
  fin: boolean;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One direction's stream: a split into segments plus duplicated and overlapping extra copies. */
const directionArb = fc.record({
  bytes: fc.uint8Array({ minLength: 1, maxLength: 2500, size: 'large' }),
  cuts: fc.array(fc.nat(), { maxLength: 40, size: 'large' }),
  extras: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 15, size: 'large' }),
  isn: fc.oneof(fc.nat({ max: 0xffffffff }), fc.integer({ min: 0xffffffff - 3000, max: 0xffffffff })),
  fin: fc.boolean(),
});
type DirectionCase = typeof directionArb extends fc.Arbitrary<infer T> ? T : never;

function pieces(dir: Direction, d: DirectionCase): Piece[] {
  const n = d.bytes.length;
  const points = [...new Set([0, n, ...d.cuts.map((c) => c % (n + 1))])].sort((a, b) => a - b);
  const out: Piece[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    out.push({ dir, from: points[i], to: points[i + 1], fin: d.fin && points[i + 1] === n });
  }
  for (const [a, b] of d.extras) {
    const from = a % n;
    const to = from + 1 + (b % (n - from));
    out.push({ dir, from, to, fin: d.fin && to === n });
  }
  return out;
}

/** Sends SYN, SYN+ACK, then every piece of both directions in a seeded random order, then flushes. */
function replay(
  limits: ReassemblyLimits,
  client: DirectionCase,
  server: DirectionCase,
  seed: number,
): { conn: ConnRecord; rec: Recorder } {
  const rec = new Recorder();
  const r = new StreamReassembler(limits, rec.factory);
  const w6 = new Wire({ client: '2001:db8::2', clientPort: 33333, server: '2001:db8::1', serverPort: 8080 });
  r.process(w6.seg(0, client.isn - 1, TCP_SYN, '', 1));
  r.process(w6.seg(1, server.isn - 1, TCP_SYN | TCP_ACK, '', 2, client.isn));
  const all = [...pieces(0, client), ...pieces(1, server)];
  const rand = mulberry32(seed);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  let ts = 3;
  for (const p of all) {
    const d = p.dir === 0 ? client : server;
    const payload = Buffer.from(d.bytes.subarray(p.from, p.to));
    // No ACK flag: this property is about data; ACK-driven loss detection has its own tests.
    r.process(w6.seg(p.dir, d.isn + p.from, TCP_PSH | (p.fin ? TCP_FIN : 0), payload, ts++));
  }
  r.flush(ts);
  assert.equal(rec.conns.length, 1);
  assert.deepEqual(rec.errors(), []);
  return { conn: rec.conns[0], rec };
}

describe('StreamReassembler properties', () => {
  it('any split, order, duplication and overlap of both streams yields exactly the original bytes', () => {
    fc.assert(
      fc.property(directionArb, directionArb, fc.integer(), (client, server, seed) => {
        const { conn } = replay(BIG_LIMITS, client, server, seed);
        assert.deepEqual(conn.gaps(), []);
        assert.ok(conn.bytes(0).equals(Buffer.from(client.bytes)), 'client bytes');
        assert.ok(conn.bytes(1).equals(Buffer.from(server.bytes)), 'server bytes');
        assert.equal(conn.closed, client.fin && server.fin ? 'fin' : 'end');
      }),
      { numRuns: 300 },
    );
  });

  it('under tiny buffer caps every byte is either delivered at its position or inside a gap', () => {
    fc.assert(
      fc.property(
        directionArb,
        directionArb,
        fc.integer(),
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 1, max: 5000 }),
        (client, server, seed, streamCap, totalCap) => {
          const limits = { ...BIG_LIMITS, streamBufferBytes: streamCap, totalBufferBytes: totalCap };
          const { conn } = replay(limits, client, server, seed);
          for (const [dir, d] of [
            [0, client],
            [1, server],
          ] as const) {
            let pos = 0;
            for (const e of conn.events) {
              if (e.kind === 'data' && e.dir === dir) {
                assert.ok(e.bytes.equals(Buffer.from(d.bytes.subarray(pos, pos + e.bytes.length))), `dir ${dir} bytes at ${pos}`);
                pos += e.bytes.length;
              } else if (e.kind === 'gap' && e.dir === dir) {
                pos += e.length;
              }
            }
            assert.equal(pos, d.bytes.length, `dir ${dir} accounts for every byte`);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** A request/response conversation in turns; every segment ACKs what the peer had sent before it. */
const conversationArb = fc.record({
  turns: fc.array(fc.tuple(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 300 })), { minLength: 1, maxLength: 6 }),
  mss: fc.integer({ min: 1, max: 120 }),
  dupEvery: fc.integer({ min: 2, max: 10 }),
  isnC: fc.oneof(fc.nat({ max: 0xffffffff }), fc.integer({ min: 0xffffffff - 500, max: 0xffffffff })),
  isnS: fc.nat({ max: 0xffffffff }),
  seed: fc.integer(),
});

describe('StreamReassembler causal order', () => {
  it('delivers every byte after the peer bytes its segment acknowledged, whatever the capture order', () => {
    fc.assert(
      fc.property(conversationArb, ({ turns, mss, dupEvery, isnC, isnS, seed }) => {
        const rand = mulberry32(seed);
        const streams: [number[], number[]] = [[], []];
        // turnStart[d][t]: offset in direction d where turn t's message starts.
        const turnStart: [number[], number[]] = [[], []];
        const segs: Array<{ dir: Direction; from: number; to: number; ack: number }> = [];
        for (const [reqLen, respLen] of turns) {
          for (const [dir, n] of [
            [0, reqLen],
            [1, respLen],
          ] as const) {
            turnStart[dir].push(streams[dir].length);
            const from = streams[dir].length;
            for (let i = 0; i < n; i++) streams[dir].push(Math.floor(rand() * 256));
            for (let a = from; a < from + n; a += mss) {
              segs.push({ dir, from: a, to: Math.min(a + mss, from + n), ack: streams[dir ^ 1].length });
            }
          }
        }
        const all = segs.flatMap((s, i) => (i % dupEvery === 0 ? [s, s] : [s]));
        for (let i = all.length - 1; i > 0; i--) {
          const j = Math.floor(rand() * (i + 1));
          [all[i], all[j]] = [all[j], all[i]];
        }
        const rec = new Recorder();
        const r = new StreamReassembler(BIG_LIMITS, rec.factory);
        const w = new Wire({ client: '10.1.1.1', clientPort: 45678, server: '10.1.1.2', serverPort: 80 });
        const isn = [isnC, isnS];
        r.process(w.seg(0, isnC - 1, TCP_SYN, '', 1));
        r.process(w.seg(1, isnS - 1, TCP_SYN | TCP_ACK, '', 2, isnC));
        let ts = 3;
        for (const s of all) {
          const payload = Buffer.from(streams[s.dir].slice(s.from, s.to));
          r.process(w.seg(s.dir, isn[s.dir] + s.from, TCP_PSH | TCP_ACK, payload, ts++, isn[s.dir ^ 1] + s.ack));
        }
        r.flush(ts);
        const [conn] = rec.conns;
        assert.deepEqual(rec.errors(), []);
        assert.deepEqual(conn.gaps(), []);
        assert.ok(conn.bytes(0).equals(Buffer.from(streams[0])), 'client bytes');
        assert.ok(conn.bytes(1).equals(Buffer.from(streams[1])), 'server bytes');
        // Turn t of one direction may only start once the peer delivered what it sent before it.
        const delivered = [0, 0];
        for (const e of conn.events) {
          if (e.kind !== 'data') continue;
          const last = delivered[e.dir] + e.bytes.length - 1;
          let t = 0;
          while (t + 1 < turns.length && turnStart[e.dir][t + 1] <= last) t++;
          const peerBefore = e.dir === 0 ? turnStart[1][t] : turnStart[0][t] + turns[t][0];
          assert.ok(
            delivered[e.dir ^ 1] >= peerBefore,
            `dir ${e.dir} byte ${last} delivered before the peer's first ${peerBefore}`,
          );
          delivered[e.dir] += e.bytes.length;
        }
      }),
      { numRuns: 300 },
    );
  });
});
