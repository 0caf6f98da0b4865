import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { BodyAccumulator } from '../../../node/http/body-accumulator';

type Step = { kind: 'write'; bytes: Uint8Array; off: number } | { kind: 'skipKeeping' } | { kind: 'markLost' };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({ kind: fc.constant('write' as const), bytes: fc.uint8Array({ maxLength: 40 }), off: fc.nat(5) }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'skipKeeping' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'markLost' as const }) },
);

test('body digest: SHA-256 of every received byte and the kept prefix, whether the digest is deferred or streamed', () => {
  fc.assert(
    fc.property(
      fc.nat(120),
      fc.nat(200),
      fc.array(fc.record({ steps: fc.array(step, { maxLength: 12 }), lastFlagged: fc.boolean() }), {
        minLength: 1,
        maxLength: 3,
      }),
      (cap, announced, messages) => {
        const acc = new BodyAccumulator(cap);
        // Several messages through one accumulator: nothing of one may leak into the next.
        for (const { steps, lastFlagged } of messages) {
          if (announced > 0) acc.expect(announced);
          const received: number[] = [];
          let kept: number[] = [];
          let keeping = true;
          for (const [i, s] of steps.entries()) {
            if (s.kind === 'write') {
              // The range sits inside a larger buffer, as segments do in a capture buffer.
              const buf = Buffer.concat([Buffer.alloc(s.off, 0xee), Buffer.from(s.bytes), Buffer.alloc(3, 0xdd)]);
              // The parser flags the write that completes a body (finish() follows): the one-call digest.
              acc.write(buf, s.off, s.bytes.length, lastFlagged && i === steps.length - 1);
              received.push(...s.bytes);
              if (keeping) kept = kept.concat([...s.bytes].slice(0, Math.max(0, cap - kept.length)));
            } else if (s.kind === 'skipKeeping') {
              acc.skipKeeping();
              keeping = false;
            } else {
              acc.markLost();
              keeping = false;
            }
          }
          const body = acc.finish();
          assert.equal(body.length, received.length);
          assert.equal(body.sha256, createHash('sha256').update(Buffer.from(received)).digest('hex'));
          assert.deepEqual([...body.inspect], kept);
          assert.equal(body.truncated, kept.length < received.length);
        }
      },
    ),
    { numRuns: 2000 },
  );
});

test('body digest: a body received whole in its last write, kept or not, digests as the streamed one', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 1, maxLength: 3000 }), fc.nat(4000), fc.boolean(), (bytes, cap, skip) => {
      const buf = Buffer.concat([Buffer.from('xx'), Buffer.from(bytes), Buffer.from('yy')]);
      const once = new BodyAccumulator(cap);
      const streamed = new BodyAccumulator(cap);
      for (const acc of [once, streamed]) {
        acc.expect(bytes.length);
        if (skip) acc.skipKeeping();
      }
      once.write(buf, 2, bytes.length, true);
      streamed.write(buf, 2, 1);
      streamed.write(buf, 3, bytes.length - 1);
      const a = once.finish();
      assert.deepEqual(a, streamed.finish());
      assert.equal(a.sha256, createHash('sha256').update(bytes).digest('hex'));
    }),
    { numRuns: 500 },
  );
});

test('body digest: a write after the last one is a caller error, not a wrong digest', () => {
  const acc = new BodyAccumulator(0);
  acc.write(Buffer.from('abc'), 0, 3, true);
  assert.throws(() => acc.write(Buffer.from('d'), 0, 1), /after the last one/);
});

test('body digest: off when no record carries it', () => {
  const acc = new BodyAccumulator(16, false);
  acc.write(Buffer.from('hello world, more than sixteen bytes'), 0, 36);
  assert.equal(acc.finish().sha256, '');
});
