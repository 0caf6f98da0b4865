/**
 * The stats line's `capture_thread` (node/service/run-service.ts captureThreadFields): the capture
 * thread's CPU, frames, CPU per frame and its own seconds per stage, which add up to its CPU time
 * (docs/operations.md "Time per stage"). The templater's merge (`discovery`) was left out before.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STAGES, type StageName } from '../../../node/stage-clock';
import { captureThreadFields } from '../../../node/service/run-service';

function stages(some: Partial<Record<StageName, number>>): Record<StageName, number> {
  return Object.fromEntries(STAGES.map((s) => [s, some[s] ?? 0])) as Record<StageName, number>;
}

test('capture_thread: every stage the thread spent time in, so that they add up to cpu_s', () => {
  const own = { capture: 0.1, decode: 0.15, handoff: 0.3, discovery: 0.25, vulnerabilities: 0.01, sessions: 0.05, output: 0.07 };
  const cpu = Object.values(own).reduce((a, b) => a + b, 0);
  const f = captureThreadFields({ cpuSeconds: cpu, frames: 1000, stages: stages(own) });
  assert.equal(f.discovery, 0.25);
  assert.equal(f.ns_per_frame, Math.round((cpu * 1e9) / 1000));
  const sum = STAGES.reduce((a, s) => a + (f[s] ?? 0), 0);
  assert.ok(Math.abs(sum - f.cpu_s) < 0.002, `stages ${sum} vs cpu_s ${f.cpu_s}`);
  // The workers' stages are not the capture thread's: absent while 0, shown if it ever spends time there.
  assert.equal('attacks' in f, false);
  assert.equal(captureThreadFields({ cpuSeconds: 1, frames: 1, stages: stages({ capture: 0.9, http: 0.1 }) }).http, 0.1);
});

test('capture_thread: the fixed stages are always there, 0 or not (stable fields for log parsers)', () => {
  const f = captureThreadFields({ cpuSeconds: 0, frames: 0, stages: stages({}) });
  for (const k of ['capture', 'decode', 'handoff', 'discovery', 'vulnerabilities', 'sessions', 'output']) assert.equal(f[k], 0);
  assert.equal('ns_per_frame' in f, false);
});
