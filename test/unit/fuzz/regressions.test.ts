/**
 * Replays every fuzz target's seeds and every saved failing input (test/fuzz/regressions/
 * TARGET-*.bin): none may throw or run slowly any more.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runOne } from '../../fuzz/engine';
import { TARGETS } from '../../fuzz/targets';

const DIR = join(__dirname, '../../fuzz/regressions');
/** CPU ms (runOne measures CPU time, so a busy machine does not make an input slow). */
const SLOW_MS = 2000;

for (const target of TARGETS) {
  test(`fuzz target ${target.name}: seeds and saved regressions run clean`, () => {
    const saved = readdirSync(DIR).filter((f) => f.startsWith(`${target.name}-`) && f.endsWith('.bin'));
    const inputs = [
      ...target.seeds().map((b, i) => ({ name: `seed ${i}`, b })),
      ...saved.map((f) => ({ name: f, b: readFileSync(join(DIR, f)) })),
    ];
    for (const { name, b } of inputs) {
      const { error, ms } = runOne(target, b);
      assert.equal(error, null, `${target.name} ${name}: ${error?.stack}`);
      assert.ok(ms < SLOW_MS, `${target.name} ${name} took ${ms.toFixed(0)} CPU ms`);
    }
  });
}

test('fuzz targets reject nothing silently: a broken invariant is reported as an error', () => {
  const http = TARGETS.find((t) => t.name === 'decode')!;
  // An empty input is a no-op, a one-byte frame is counted as truncated: neither throws.
  assert.equal(runOne(http, Buffer.alloc(0)).error, null);
  assert.equal(runOne(http, Buffer.from([0])).error, null);
  const thrower = {
    ...http,
    run: () => {
      throw new RangeError('boom');
    },
  };
  assert.match(String(runOne(thrower, Buffer.alloc(1)).error), /RangeError: boom/);
});
