import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TCP_ACK, TCP_PSH, TCP_SYN } from '../../../node/decode/packet';
import { StreamReassembler, type ReassemblyLimits } from '../../../node/reassembly/stream-reassembler';
import { BIG_LIMITS, Recorder, Wire } from './helpers';
import { onlyProblem, valid } from '../config/helpers';

const PA = TCP_PSH | TCP_ACK;
const SEC = 1_000_000;

/**
 * A hole [5,10) in the client's bytes that the server acknowledges at 1 s: the capture lost it.
 * Returns what the client direction delivered after expire() at each of `checks` (seconds).
 */
function acknowledgedHole(limits: ReassemblyLimits, checks: number[]): string[] {
  const rec = new Recorder();
  const r = new StreamReassembler(limits, rec.factory);
  const w = new Wire({ client: '10.0.0.1', clientPort: 40000, server: '10.0.0.2', serverPort: 80 });
  r.process(w.seg(0, 100, TCP_SYN, '', 1));
  r.process(w.seg(1, 500, TCP_SYN | TCP_ACK, '', 2, 101));
  r.process(w.seg(0, 101, PA, 'aaaaa', 1 * SEC, 501));
  r.process(w.seg(0, 111, PA, 'ccccc', 1 * SEC, 501));
  r.process(w.seg(1, 501, TCP_ACK, '', 1 * SEC, 116));
  return checks.map((t) => {
    r.expire(t * SEC);
    return rec.conns[0].text(0);
  });
}

describe('limits.reorder_wait', () => {
  it('is how long acknowledged but unseen bytes are waited for', () => {
    assert.deepEqual(acknowledgedHole({ ...BIG_LIMITS, reorderWaitSec: 5 }, [2.5, 5.9, 6.1]), [
      'aaaaa',
      'aaaaa',
      'aaaaa<gap 5>ccccc',
    ]);
    assert.deepEqual(acknowledgedHole({ ...BIG_LIMITS, reorderWaitSec: 0.25 }, [1.3]), ['aaaaa<gap 5>ccccc']);
  });

  it('defaults to 1 s, in the config and for limits built without it', () => {
    assert.equal(valid('mode: tcp-capture\n').config.limits.reorderWaitSec, 1);
    assert.deepEqual(acknowledgedHole(BIG_LIMITS, [1.9, 2.1]), ['aaaaa', 'aaaaa<gap 5>ccccc']);
  });

  it('is a positive Go duration in go-node.yaml', () => {
    assert.equal(valid('mode: tcp-capture\nlimits:\n  reorder_wait: 250ms\n').config.limits.reorderWaitSec, 0.25);
    assert.equal(valid('mode: tcp-capture\nlimits:\n  reorder_wait: 1m\n').config.limits.reorderWaitSec, 60);
    onlyProblem('mode: tcp-capture\nlimits:\n  reorder_wait: 0s\n', 3, 17, /greater than zero/);
    onlyProblem('mode: tcp-capture\nlimits:\n  reorder_wait: 2\n', 3, 17, /expected a string/, /write "2s"/);
  });
});
