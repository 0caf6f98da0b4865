import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TCP_ACK, TCP_PSH, TCP_SYN } from '../../../node/decode/packet';
import { StreamReassembler } from '../../../node/reassembly/stream-reassembler';
import { BIG_LIMITS, Recorder, Wire } from './helpers';

const A = TCP_ACK;
const PA = TCP_PSH | TCP_ACK;
const SEC = 1_000_000;

function setup(limits = BIG_LIMITS) {
  const rec = new Recorder();
  const r = new StreamReassembler(limits, rec.factory);
  const w = new Wire({ client: '10.0.0.1', clientPort: 40000, server: '10.0.0.2', serverPort: 80 });
  r.process(w.seg(0, 100, TCP_SYN, '', 1));
  r.process(w.seg(1, 500, TCP_SYN | TCP_ACK, '', 2, 101));
  return { rec, r, w, c: 101, s: 501 };
}

describe('StreamReassembler cross-direction (ACK) order', () => {
  it('holds a response captured before its request until the request is delivered', () => {
    const { rec, r, w, c, s } = setup();
    r.process(w.seg(1, s, PA, 'HTTP/1.1 200 OK\r\n\r\n', 10, c + 16));
    assert.equal(rec.conns[0].events.length, 0, 'the response acknowledges 16 request bytes not yet seen');
    r.process(w.seg(0, c, PA, 'GET / HTTP/1.1\r\n', 11, s));
    const order = rec.conns[0].events.map((e) =>
      e.kind === 'data' ? `${e.dir}:${e.bytes.toString().slice(0, 4)}@${e.ts}` : e.kind,
    );
    assert.deepEqual(order, ['0:GET @11', '1:HTTP@11']);
    assert.equal(r.counters.gaps, 0);
    assert.equal(r.counters.heldForAck, 1);
  });

  it('releases held data once a second of capture time shows the acknowledged bytes were lost', () => {
    const { rec, r, w, c, s } = setup();
    // The 16-byte request was never captured; the response proves it was sent.
    r.process(w.seg(1, s, PA, 'HTTP/1.1 200 OK\r\n\r\n', 10, c + 16));
    r.process(w.seg(0, c + 16, A, '', 20, s + 19));
    assert.equal(rec.conns[0].text(1), '', 'still within the reorder wait');
    const other = new Wire({ client: '10.0.0.9', clientPort: 1, server: '10.0.0.2', serverPort: 80 });
    r.process(other.seg(0, 1, PA, 'x', 10 + 1.5 * SEC)); // any packet advances capture time
    assert.equal(rec.conns[0].text(0), '<gap 16>');
    assert.equal(rec.conns[0].text(1), 'HTTP/1.1 200 OK\r\n\r\n');
  });

  it('gives up a hole the peer has acknowledged, but keeps waiting for one it has not', () => {
    const { rec, r, w, c, s } = setup();
    r.process(w.seg(0, c, PA, 'aaaaa', 10, s));
    r.process(w.seg(0, c + 10, PA, 'ccccc', 11, s)); // [5,10) missing
    r.expire(5 * SEC);
    assert.equal(rec.conns[0].text(0), 'aaaaa', 'nothing proves the hole is a capture loss');
    r.process(w.seg(1, s, A, '', 6 * SEC, c + 15)); // the server received all 15 bytes
    r.expire(6.5 * SEC);
    assert.equal(rec.conns[0].text(0), 'aaaaa<gap 5>ccccc', 'waiting since 11 us, and acknowledged');
    r.process(w.seg(0, c + 20, PA, 'eeeee', 7 * SEC, s)); // a new hole [15,20)
    r.process(w.seg(1, s, A, '', 7 * SEC, c + 25));
    r.expire(7.5 * SEC);
    assert.equal(rec.conns[0].text(0), 'aaaaa<gap 5>ccccc', 'acknowledged, but only 0.5 s old');
    r.expire(8.1 * SEC);
    assert.equal(rec.conns[0].text(0), 'aaaaa<gap 5>ccccc<gap 5>eeeee');
  });

  it('declares only the acknowledged part of a hole lost', () => {
    const { rec, r, w, c, s } = setup();
    r.process(w.seg(0, c, PA, 'aaaaa', 10, s));
    r.process(w.seg(0, c + 10, PA, 'ccccc', 11, s)); // [5,10) missing
    r.process(w.seg(1, s, A, '', 12, c + 7)); // the server has 7 bytes: [5,7) is lost, [7,10) may come
    r.expire(2 * SEC);
    assert.equal(rec.conns[0].text(0), 'aaaaa<gap 2>');
    r.process(w.seg(0, c + 7, PA, 'bbb', 2 * SEC + 1, s));
    assert.equal(rec.conns[0].text(0), 'aaaaa<gap 2>bbbccccc');
  });

  it("breaks a cycle of segments each acknowledging the other side's unseen bytes", () => {
    const { rec, r, w, c, s } = setup();
    r.process(w.seg(0, c, PA, 'ping', 10, s + 4)); // claims to have received 'pong'
    r.process(w.seg(1, s, PA, 'pong', 11, c + 4)); // claims to have received 'ping'
    r.flush(12);
    assert.equal(rec.conns[0].text(0), 'ping');
    assert.equal(rec.conns[0].text(1), 'pong');
    assert.equal(r.counters.gaps, 0);
    assert.deepEqual(rec.errors(), []);
  });

  it('under the stream cap declares the acknowledged peer bytes lost to release held data', () => {
    const { rec, r, w, c, s } = setup({ ...BIG_LIMITS, streamBufferBytes: 300 });
    r.process(w.seg(1, s, PA, 'x'.repeat(200), 10, c + 8));
    assert.equal(rec.conns[0].text(1), '');
    r.process(w.seg(1, s + 200, PA, 'y'.repeat(200), 11, c + 8));
    assert.equal(r.counters.streamCapHits, 1);
    assert.equal(rec.conns[0].text(0), '<gap 8>');
    assert.equal(rec.conns[0].text(1), 'x'.repeat(200) + 'y'.repeat(200));
  });
});
