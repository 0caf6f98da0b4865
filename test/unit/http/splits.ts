/** Runs one script under several ways of splitting the data and checks they all agree. */
import assert from 'node:assert/strict';
import { bytewise, run, seededSplitter, summary, whole, type Run, type Step } from './harness';

type Opts = Parameters<typeof run>[2];

/** Whole, one byte at a time, and three random splits must give identical transactions/errors. */
export function runAllSplits(steps: Step[], opts: Opts = {}): Run {
  const base = run(steps, whole, opts);
  const expected = { txs: base.txs.map(summary), errors: base.errors.map((e) => e.kind) };
  for (const [name, split] of [
    ['bytewise', bytewise],
    ['random 1', seededSplitter(1)],
    ['random 2', seededSplitter(2)],
    ['random 3', seededSplitter(3)],
  ] as const) {
    const r = run(steps, split, opts);
    assert.deepEqual(
      { txs: r.txs.map(summary), errors: r.errors.map((e) => e.kind) },
      expected,
      `split ${name} differs from whole`,
    );
  }
  return base;
}
