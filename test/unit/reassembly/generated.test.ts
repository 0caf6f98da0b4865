/**
 * Reassembly on real frames: conversations from the capture generator (test/gen), impaired the way
 * a mirror impairs them, decoded by PacketDecoder, must come out as exactly the bytes sent.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PacketDecoder } from '../../../node/decode/decoder';
import { StreamReassembler } from '../../../node/reassembly/stream-reassembler';
import { TcpConversation, interleave, type ConversationOptions } from '../../../node/sample/conversation';
import { BIG_LIMITS, type ConnRecord, Recorder } from './helpers';

function text(n: number, seed: number): string {
  let s = '';
  for (let i = 0; s.length < n; i++) s += `${seed}:${i} the quick brown fox jumps over the lazy dog\n`;
  return s.slice(0, n);
}

interface Talk {
  conv: TcpConversation;
  sent: [string, string];
}

/** Three request/response rounds of different sizes, then FIN. */
function talk(opts: ConversationOptions, impair: (c: TcpConversation) => void = () => {}): Talk {
  const conv = new TcpConversation(opts);
  const sent: [string, string] = ['', ''];
  for (const [i, [req, resp]] of [
    [120, 3000],
    [900, 40],
    [1, 7000],
  ].entries()) {
    const q = text(req, 10 + i);
    const r = text(resp, 20 + i);
    conv.send('c2s', q).send('s2c', r);
    sent[0] += q;
    sent[1] += r;
  }
  conv.close('fin');
  impair(conv);
  return { conv, sent };
}

function replay(talks: Talk[]): { rec: Recorder; r: StreamReassembler } {
  const decoder = new PacketDecoder({});
  const rec = new Recorder();
  const r = new StreamReassembler(BIG_LIMITS, rec.factory);
  for (const p of interleave(
    talks.map((t) => t.conv.packets()),
    3,
  )) {
    const d = decoder.decode(p.linkType, p.frame, 0, p.frame.length, p.ts);
    if (d !== null) r.process(d);
  }
  r.flush(2_000_000_000_000_000);
  assert.deepEqual(rec.errors(), []);
  return { rec, r };
}

function assertExact(conn: ConnRecord, t: Talk): void {
  assert.equal(conn.text(0), t.sent[0]);
  assert.equal(conn.text(1), t.sent[1]);
  assert.equal(conn.closed, 'fin');
}

const base = { client: '10.0.0.1', server: '10.0.0.2', mss: 536 };

describe('StreamReassembler on generated captures', () => {
  it('reassembles reordered, retransmitted and overlapping conversations exactly, side by side', () => {
    const talks = [
      talk({ ...base, clientPort: 41001 }),
      talk({ ...base, clientPort: 41002, seed: 2 }, (c) => c.reorder(6)),
      talk({ ...base, clientPort: 41003, seed: 3 }, (c) => c.retransmit(0.4)),
      talk({ ...base, clientPort: 41004, seed: 4 }, (c) => c.overlap(3, 'c2s').overlap(3, 's2c')),
      talk({ ...base, clientPort: 41005, seed: 5, clientIsn: 0xffffff00, serverIsn: 0xfffff000 }, (c) =>
        c.reorder(4).retransmit(0.3),
      ),
      talk({ client: '2001:db8::1', server: '2001:db8::2', clientPort: 41006, mss: 1200, seed: 6 }, (c) => c.reorder(5)),
      talk({ ...base, clientPort: 41007, seed: 7, encap: { kind: 'ethernet', vlan: [{ vid: 100, tpid: 0x88a8 }, { vid: 7 }] } }),
      talk({ ...base, clientPort: 41007, seed: 8, encap: { kind: 'vxlan', vni: 4242 } }, (c) => c.reorder(3)),
    ];
    const { rec, r } = replay(talks);
    assert.equal(rec.conns.length, talks.length);
    for (const t of talks) {
      const conn = rec.conns.find(
        (c) =>
          c.info.client.port === t.conv.clientPort &&
          (c.info.vni !== null) === (t === talks[7]) &&
          c.info.vlan.length > 0 === (t === talks[6]),
      );
      assert.ok(conn, `connection from port ${t.conv.clientPort}`);
      assertExact(conn, t);
    }
    assert.equal(r.counters.gaps, 0);
    // The generator's overlapping copies follow both originals, so they carry no new byte.
    assert.ok(r.counters.retransmittedSegments > 0 && r.counters.oooSegments > 0);
    assert.equal(r.counters.overlapConflicts, 0);
  });

  it('declares exactly the bytes of a segment the capture lost, once the FIN is acknowledged', () => {
    const t = talk({ ...base, clientPort: 42001 }, (c) => c.drop('s2c', 2));
    const { rec } = replay([t]);
    const [conn] = rec.conns;
    // Segment 2 of the server stream is bytes [1072, 1608) of the first 3000-byte response.
    assert.deepEqual(conn.gaps(1), [536]);
    assert.equal(conn.text(1), `${t.sent[1].slice(0, 1072)}<gap 536>${t.sent[1].slice(1608)}`);
    assert.equal(conn.text(0), t.sent[0]);
    assert.equal(conn.closed, 'fin');
  });
});
