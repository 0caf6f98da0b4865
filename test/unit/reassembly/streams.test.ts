import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN } from '../../../node/decode/packet';
import { StreamReassembler } from '../../../node/reassembly/stream-reassembler';
import { BIG_LIMITS, Recorder, Wire } from './helpers';

const A = TCP_ACK;
const PA = TCP_PSH | TCP_ACK;
const FA = TCP_FIN | TCP_ACK;

function setup(isnC = 1000, isnS = 5000) {
  const rec = new Recorder();
  const r = new StreamReassembler(BIG_LIMITS, rec.factory);
  const w = new Wire({ client: '10.0.0.1', clientPort: 40000, server: '10.0.0.2', serverPort: 80 });
  const handshake = (): void => {
    r.process(w.seg(0, isnC, TCP_SYN, '', 1));
    r.process(w.seg(1, isnS, TCP_SYN | TCP_ACK, '', 2, isnC + 1));
    r.process(w.seg(0, isnC + 1, A, '', 3, isnS + 1));
  };
  return { rec, r, w, handshake, c: isnC + 1, s: isnS + 1 };
}

describe('StreamReassembler: in-order and out-of-order delivery', () => {
  it('delivers both directions in order and closes on FIN from both sides', () => {
    const { rec, r, w, handshake, c, s } = setup();
    handshake();
    r.process(w.seg(0, c, PA, 'GET / HTTP/1.1\r\n\r\n', 10, s));
    r.process(w.seg(1, s, PA, 'HTTP/1.1 200 OK\r\n', 11, c + 18));
    r.process(w.seg(1, s + 17, PA, 'Content-Length: 0\r\n\r\n', 12, c + 18));
    r.process(w.seg(0, c + 18, FA, '', 13, s + 38));
    assert.equal(rec.conns[0].closed, null, 'one FIN does not close');
    r.process(w.seg(1, s + 38, FA, '', 14, c + 19));
    const [conn] = rec.conns;
    assert.equal(rec.conns.length, 1);
    assert.equal(conn.text(0), 'GET / HTTP/1.1\r\n\r\n');
    assert.equal(conn.text(1), 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
    assert.equal(conn.closed, 'fin');
    assert.deepEqual(conn.info, {
      id: 1,
      client: { ip: '10.0.0.1', port: 40000 },
      server: { ip: '10.0.0.2', port: 80 },
      vlan: [],
      vni: null,
      midstream: false,
      firstTs: 1,
    });
    assert.deepEqual(rec.errors(), []);
    assert.equal(r.counters.closedFin, 1);
    assert.equal(r.activeFlows, 0);
  });

  it('reorders segments that arrive backwards and copies only those', () => {
    const { rec, r, w, handshake, c } = setup();
    handshake();
    const parts = ['aaaa', 'bbbb', 'cccc', 'dddd'];
    for (let i = parts.length - 1; i >= 0; i--) r.process(w.seg(0, c + 4 * i, PA, parts[i], 10 + i));
    assert.equal(rec.conns[0].text(0), 'aaaabbbbccccdddd');
    assert.equal(r.counters.oooSegments, 3);
    assert.equal(r.counters.oooBytes, 12);
    assert.equal(r.bufferedBytes, 0);
    // The first three calls arrive in one burst once the hole is filled, in stream order.
    assert.deepEqual(
      rec.conns[0].events.filter((e) => e.kind === 'data').map((e) => (e.kind === 'data' ? e.bytes.toString() : '')),
      ['aaaa', 'bbbb', 'cccc', 'dddd'],
    );
  });

  it('delivers in-order data straight from the capture buffer', () => {
    const rec = new Recorder();
    const seen: Buffer[] = [];
    const r = new StreamReassembler(BIG_LIMITS, (info) => {
      const h = rec.factory(info);
      return { ...h, onData: (dir, buf, off, len, ts) => (seen.push(buf), h.onData(dir, buf, off, len, ts)) };
    });
    const w = new Wire({ client: '10.0.0.1', clientPort: 40000, server: '10.0.0.2', serverPort: 80 });
    r.process(w.seg(0, 1, TCP_SYN));
    const p = w.seg(0, 2, PA, 'hello');
    r.process(p);
    assert.equal(seen[0], p.data, 'no copy on the in-order path');
  });

  it('drops retransmissions and counts them', () => {
    const { rec, r, w, handshake, c } = setup();
    handshake();
    r.process(w.seg(0, c, PA, 'hello '));
    r.process(w.seg(0, c, PA, 'hello '));
    r.process(w.seg(0, c + 6, PA, 'world'));
    r.process(w.seg(0, c + 6, PA, 'world'));
    assert.equal(rec.conns[0].text(0), 'hello world');
    assert.equal(r.counters.retransmittedSegments, 2);
    assert.equal(r.counters.retransmittedBytes, 11);
    assert.equal(r.counters.overlapSegments, 0);
  });

  it('trims a segment that overlaps delivered data and keeps only the new tail', () => {
    const { rec, r, w, handshake, c } = setup();
    handshake();
    r.process(w.seg(0, c, PA, 'abcdef'));
    r.process(w.seg(0, c + 3, PA, 'defghi'));
    assert.equal(rec.conns[0].text(0), 'abcdefghi');
    assert.equal(r.counters.overlapSegments, 1);
    assert.equal(r.counters.retransmittedBytes, 3);
  });

  it('keeps the first copy of buffered bytes when a later overlapping copy differs', () => {
    const { rec, r, w, handshake, c } = setup();
    handshake();
    r.process(w.seg(0, c + 10, PA, 'bbbbbbbbbb')); // [10,20) buffered first
    r.process(w.seg(0, c + 5, PA, 'YYYYYYYYYYYYYYYYYYYY')); // [5,25): only [5,10) and [20,25) are new
    assert.equal(r.counters.overlapConflicts, 1);
    r.process(w.seg(0, c, PA, 'aaaaa'));
    assert.equal(rec.conns[0].text(0), 'aaaaaYYYYYbbbbbbbbbbYYYYY');
    assert.equal(r.counters.overlapSegments, 1);
    assert.equal(r.counters.retransmittedBytes, 10);
  });

  it('counts an overlap with equal bytes without a conflict', () => {
    const { rec, r, w, handshake, c } = setup();
    handshake();
    r.process(w.seg(0, c + 4, PA, 'efgh'));
    r.process(w.seg(0, c + 2, PA, 'cdefghij'));
    r.process(w.seg(0, c, PA, 'ab'));
    assert.equal(rec.conns[0].text(0), 'abcdefghij');
    assert.equal(r.counters.overlapSegments, 1);
    assert.equal(r.counters.overlapConflicts, 0);
  });

  it('lets buffered bytes win over an in-order segment that runs into them', () => {
    const { rec, r, w, handshake, c } = setup();
    handshake();
    r.process(w.seg(0, c + 10, PA, 'bbbbbbbbbb'));
    r.process(w.seg(0, c, PA, 'ZZZZZZZZZZZZZZZ')); // [0,15) overlaps [10,15)
    assert.equal(rec.conns[0].text(0), 'ZZZZZZZZZZbbbbbbbbbb');
    assert.equal(r.counters.overlapConflicts, 1);
    assert.equal(r.counters.overlapSegments, 1);
  });

  it('handles sequence numbers wrapping past 2^32 in both directions', () => {
    const { rec, r, w, handshake, c, s } = setup(0xfffffff0, 0xfffffffe);
    handshake();
    assert.equal(s, 0xffffffff);
    const text = 'the quick brown fox jumps over the lazy dog';
    const cuts = [0, 7, 15, 16, 30, text.length];
    const order = [3, 1, 4, 0, 2];
    const cEnd = c + text.length;
    for (const i of order) r.process(w.seg(0, c + cuts[i], PA, text.slice(cuts[i], cuts[i + 1]), 5, s));
    r.process(w.seg(1, s + 6, PA, 'world', 6, cEnd));
    r.process(w.seg(1, s, PA, 'hello ', 7, cEnd));
    r.process(w.seg(1, s, PA, 'hello world', 8, cEnd));
    r.process(w.seg(0, cEnd, FA, '', 9, s + 11));
    r.process(w.seg(1, s + 11, FA, '', 10, cEnd + 1));
    const conn = rec.conns[0];
    assert.equal(conn.text(0), text);
    assert.equal(conn.text(1), 'hello world');
    assert.equal(conn.closed, 'fin');
    assert.equal(r.counters.gaps, 0);
  });

  it('starts a mid-stream connection at the first data segment and guesses the server by port', () => {
    const rec = new Recorder();
    const r = new StreamReassembler(BIG_LIMITS, rec.factory);
    const w = new Wire({ client: '10.0.0.1', clientPort: 40000, server: '10.0.0.2', serverPort: 80 });
    // The first packet seen is the server's response: the client is still the high port.
    r.process(w.seg(1, 777, PA, 'HTTP/1.1 200 OK\r\n', 5));
    r.process(w.seg(0, 123456, PA, 'GET /next HTTP/1.1\r\n', 6));
    const [conn] = rec.conns;
    assert.equal(conn.info.midstream, true);
    assert.deepEqual(conn.info.client, { ip: '10.0.0.1', port: 40000 });
    assert.equal(conn.text(1), 'HTTP/1.1 200 OK\r\n');
    assert.equal(conn.text(0), 'GET /next HTTP/1.1\r\n');
    assert.equal(r.counters.flowsMidstream, 1);
  });

  it('prefers a configured server port, then a well-known port, then the lower port', () => {
    const cases: Array<[number, number, number[], number]> = [
      [9000, 8080, [9000], 9000],
      [8080, 9000, [9000], 9000],
      [50000, 443, [], 443],
      [443, 50000, [], 443],
      [8080, 9090, [], 8080],
      [9090, 8080, [], 8080],
    ];
    for (const [src, dst, serverPorts, expected] of cases) {
      const rec = new Recorder();
      const r = new StreamReassembler(BIG_LIMITS, rec.factory, new Set(serverPorts));
      const w = new Wire({ client: '10.0.0.1', clientPort: src, server: '10.0.0.2', serverPort: dst });
      r.process(w.seg(0, 1, PA, 'x'));
      assert.equal(rec.conns[0].info.server.port, expected, `${src}->${dst} with ${serverPorts}`);
    }
  });

  it('takes the SYN+ACK sender as the server when the SYN was missed', () => {
    const rec = new Recorder();
    const r = new StreamReassembler(BIG_LIMITS, rec.factory);
    const w = new Wire({ client: '10.0.0.1', clientPort: 1000, server: '10.0.0.2', serverPort: 50000 });
    r.process(w.seg(1, 99, TCP_SYN | TCP_ACK, '', 1, 11));
    r.process(w.seg(0, 11, PA, 'req'));
    r.process(w.seg(1, 100, PA, 'resp'));
    const [conn] = rec.conns;
    assert.equal(conn.info.server.port, 50000);
    assert.equal(conn.info.midstream, false);
    assert.equal(conn.text(0), 'req');
    assert.equal(conn.text(1), 'resp');
  });

  it('closes on RST after delivering buffered data with a gap for the hole', () => {
    const { rec, r, w, handshake, c } = setup();
    handshake();
    r.process(w.seg(0, c, PA, 'abc'));
    r.process(w.seg(0, c + 5, PA, 'fgh'));
    r.process(w.seg(1, 0, TCP_RST, '', 50));
    const [conn] = rec.conns;
    assert.equal(conn.text(0), 'abc<gap 2>fgh');
    assert.equal(conn.closed, 'rst');
    assert.equal(r.counters.closedRst, 1);
    assert.deepEqual(rec.errors(), []);
  });

  it('closes a FIN with a hole once the peer ACKs the FIN, declaring the hole lost', () => {
    const { rec, r, w, handshake, c, s } = setup();
    handshake();
    r.process(w.seg(0, c, PA, 'abc'));
    r.process(w.seg(0, c + 6, FA, 'ghi')); // [3,6) never captured
    r.process(w.seg(1, s, FA, '', 20, c + 3)); // server FIN, ACK only up to the hole
    assert.equal(rec.conns[0].closed, null);
    r.process(w.seg(1, s + 1, A, '', 21, c + 10)); // ACK of the client's FIN
    const [conn] = rec.conns;
    assert.equal(conn.text(0), 'abc<gap 3>ghi');
    assert.equal(conn.closed, 'fin');
  });

  it('ignores late segments of a closed connection but opens a new one on a new SYN', () => {
    const { rec, r, w, handshake, c, s } = setup();
    handshake();
    r.process(w.seg(0, c, PA, 'req'));
    r.process(w.seg(0, c + 3, FA, '', 5, s));
    r.process(w.seg(1, s, FA, '', 6, c + 4));
    r.process(w.seg(0, c, PA, 'req', 7)); // late retransmission
    r.process(w.seg(0, c + 4, A, '', 8, s + 1));
    assert.equal(rec.conns.length, 1);
    assert.equal(r.counters.segmentsAfterClose, 2);
    r.process(w.seg(0, 90000, TCP_SYN, '', 9));
    r.process(w.seg(0, 90001, PA, 'again', 10));
    assert.equal(rec.conns.length, 2);
    assert.equal(rec.conns[1].text(0), 'again');
  });

  it('treats a SYN with a new ISN on a live connection as port reuse', () => {
    const { rec, r, w, handshake, c } = setup();
    handshake();
    r.process(w.seg(0, c, PA, 'one'));
    r.process(w.seg(0, c - 1, TCP_SYN)); // retransmitted SYN: same connection
    assert.equal(rec.conns.length, 1);
    r.process(w.seg(0, 424242, TCP_SYN, '', 30));
    r.process(w.seg(0, 424243, PA, 'two', 31));
    assert.equal(rec.conns.length, 2);
    assert.equal(rec.conns[0].closed, 'end');
    assert.equal(rec.conns[1].text(0), 'two');
    assert.equal(r.counters.portReuse, 1);
  });

  it('creates flows only from SYN or data', () => {
    const rec = new Recorder();
    const r = new StreamReassembler(BIG_LIMITS, rec.factory);
    const w = new Wire({ client: '10.0.0.1', clientPort: 40000, server: '10.0.0.2', serverPort: 80 });
    r.process(w.seg(0, 1, A));
    r.process(w.seg(0, 1, FA));
    r.process(w.seg(0, 1, TCP_RST | TCP_ACK, 'rst text'));
    assert.equal(rec.conns.length, 0);
    assert.equal(r.counters.segmentsWithoutFlow, 3);
  });

  it('flushes at end of capture: buffered data after holes, then close with end', () => {
    const { rec, r, w, handshake, c, s } = setup();
    handshake();
    r.process(w.seg(0, c, PA, 'ab'));
    r.process(w.seg(0, c + 4, PA, 'ef'));
    r.process(w.seg(0, c + 8, PA, 'ij'));
    r.process(w.seg(1, s + 3, PA, 'xyz', 5, c + 10)); // server ACKs all 10 client bytes
    r.flush(99);
    const [conn] = rec.conns;
    assert.equal(conn.text(0), 'ab<gap 2>ef<gap 2>ij');
    assert.equal(conn.text(1), '<gap 3>xyz');
    assert.equal(conn.closed, 'end');
    assert.equal(r.counters.gapBytes, 7);
    assert.equal(r.activeFlows, 0);
    assert.equal(r.bufferedBytes, 0);
  });

  it('declares bytes the peer acknowledged but the capture missed as a trailing gap', () => {
    const { rec, r, w, handshake, c, s } = setup();
    handshake();
    r.process(w.seg(0, c, PA, 'GET / HTTP/1.1\r\n'));
    r.process(w.seg(1, s, A, '', 5, c + 16 + 20)); // 20 more request bytes were sent
    r.flush(10);
    assert.equal(rec.conns[0].text(0), 'GET / HTTP/1.1\r\n<gap 20>');
  });

  it('drops payload beyond the FIN', () => {
    const { rec, r, w, handshake, c } = setup();
    handshake();
    r.process(w.seg(0, c, FA, 'abc'));
    r.process(w.seg(0, c, PA, 'abcdef'));
    assert.equal(rec.conns[0].text(0), 'abc');
    assert.equal(r.counters.bytesAfterFin, 3);
  });
});
