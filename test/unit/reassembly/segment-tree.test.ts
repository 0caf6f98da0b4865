import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SegmentTree } from '../../../node/reassembly/segment-tree';

const ONE = Buffer.alloc(1);

describe('SegmentTree', () => {
  it('answers floor and ceiling like a sorted list and removes in order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), { maxLength: 200 }),
        fc.array(fc.integer({ min: -5, max: 10_005 }), { maxLength: 50 }),
        (keys, probes) => {
          const t = new SegmentTree();
          keys.forEach((k) => t.insert(k, ONE, 0));
          const sorted = [...keys].sort((a, b) => a - b);
          for (const q of probes) {
            const floor = sorted.filter((k) => k <= q).pop() ?? null;
            const ceiling = sorted.find((k) => k >= q) ?? null;
            assert.equal(t.floor(q)?.start ?? null, floor);
            assert.equal(t.ceiling(q)?.start ?? null, ceiling);
          }
          const out: number[] = [];
          for (let n = t.removeMin(); n !== null; n = t.removeMin()) out.push(n.start);
          assert.deepEqual(out, sorted);
          assert.equal(t.isEmpty, true);
        },
      ),
    );
  });

  it('stays shallow for sorted insertions (no stack overflow on 100k keys either way)', () => {
    for (const descending of [false, true]) {
      const t = new SegmentTree();
      const n = 100_000;
      for (let i = 0; i < n; i++) t.insert(descending ? n - i : i, ONE, 0);
      let count = 0;
      let last = -1;
      for (let s = t.removeMin(); s !== null; s = t.removeMin(), count++) {
        assert.ok(s.start > last);
        last = s.start;
      }
      assert.equal(count, n);
    }
  });
});
