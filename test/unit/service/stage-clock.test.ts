/** Time per pipeline stage (node/stage-clock): sampled frames, stage boundaries, metrics, heartbeat, status. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SAMPLE_EVERY, Stage, StageClock, STAGES } from '../../../node/stage-clock';
import { buildNode } from '../../../node/node-builder';
import { defaultConfig } from '../../../node/config/load';
import { PcapStreamReader } from '../../../node/capture/pcap-reader';
import { countersOf, formatSummary } from '../../../node/summary';
import { metricsText, snapshotOf } from '../../support/service-snapshot';
import type { RecordType } from '../../../node/records/types';
import { generateMixCapture } from '../../bench/capture';

/** A wall clock and a CPU clock the test moves: `run(ms, cpuShare)` spends ms of wall time, cpuShare of it on the CPU. */
function fakeClocks(): { clocks: { wall: () => number; cpu: () => number }; run(ms: number, cpuShare?: number): void } {
  let wall = 1000;
  let cpu = 500;
  return {
    clocks: { wall: () => wall, cpu: () => cpu },
    run(ms, cpuShare = 1) {
      wall += ms;
      cpu += ms * cpuShare;
    },
  };
}

test('StageClock: about one frame in SAMPLE_EVERY is timed, and each stage gets its own time, scaled to every frame', () => {
  const t = fakeClocks();
  const clock = new StageClock(true, t.clocks);
  const frames = 100 * SAMPLE_EVERY;
  for (let i = 0; i < frames; i++) {
    t.run(0.001); // the capture source reading the next record
    const timed = clock.frameStart();
    t.run(0.002); // decode
    if (timed) clock.enter(Stage.reassembly);
    t.run(0.003);
    const http = clock.enter(Stage.http);
    t.run(0.004);
    const prev = clock.enter(Stage.attacks);
    t.run(0.02);
    const out = clock.enter(Stage.output);
    t.run(0.005);
    clock.leave(out);
    clock.leave(prev);
    clock.leave(http);
    if (timed) clock.frameEnd();
  }
  assert.equal(clock.frames, frames);
  assert.ok(clock.sampledFrames > 70 && clock.sampledFrames < 130, `${clock.sampledFrames} sampled of ${frames}`);
  const s = clock.seconds();
  const near = (k: keyof typeof s, msPerFrame: number) =>
    assert.ok(Math.abs(s[k] - (frames * msPerFrame) / 1000) < 1e-9, `${k}: ${s[k]} s, expected ${(frames * msPerFrame) / 1000}`);
  near('decode', 0.002);
  near('reassembly', 0.003);
  near('http', 0.004);
  near('attacks', 0.02);
  near('output', 0.005);
  near('discovery', 0);
  // The gap after a sampled frame is the capture source's (the first frame's has no sampled frame before it).
  assert.ok(Math.abs(s.capture / ((frames * 0.001) / 1000) - 1) < 0.03, `capture ${s.capture}`);
});

test('StageClock: time the thread waited for a core inside timed frames is fitted to its CPU time; a wait for traffic is no capture work', () => {
  const t = fakeClocks();
  const clock = new StageClock(true, t.clocks);
  const frames = 10 * SAMPLE_EVERY;
  for (let i = 0; i < frames; i++) {
    t.run(5, 0); // waiting for traffic: no work
    const timed = clock.frameStart();
    const prev = clock.enter(Stage.discovery);
    t.run(1, 0.5); // descheduled half the time
    clock.leave(prev);
    if (timed) clock.frameEnd();
  }
  const s = clock.seconds();
  // The estimate of the wall time (frames x 1 ms) is fitted to the CPU time: half of it.
  assert.ok(Math.abs(s.discovery - (frames * 0.5) / 1000) < 1e-9, `discovery ${s.discovery}`);
  assert.equal(s.capture, 0);
  // The next interval is settled on its own.
  for (let i = 0; i < frames; i++) {
    const timed = clock.frameStart();
    t.run(1, 1);
    if (timed) clock.frameEnd();
  }
  const later = clock.seconds();
  assert.ok(Math.abs(later.decode - frames / 1000) < 1e-9, `decode ${later.decode}`);
  assert.equal(later.discovery, s.discovery);
});

test('StageClock: without a per-thread CPU clock (node 20) wall time is counted', () => {
  const t = fakeClocks();
  const clock = new StageClock(true, { wall: t.clocks.wall, cpu: () => Number.NaN });
  for (let i = 0; i < 4 * SAMPLE_EVERY; i++) {
    const timed = clock.frameStart();
    t.run(1, 0.5);
    if (timed) clock.frameEnd();
  }
  assert.ok(Math.abs(clock.seconds().decode - (4 * SAMPLE_EVERY * 1) / 1000) < 1e-9);
});

test("StageClock on a pool's capture thread: work timed whole is added as it is, and the thread's CPU time nothing accounts for goes to the residual stage", () => {
  const t = fakeClocks();
  const clock = new StageClock(true, t.clocks).residual(Stage.capture);
  const frames = 200 * SAMPLE_EVERY;
  for (let i = 0; i < frames; i++) {
    t.run(0.002); // libpcap and the event loop, between frames: not timed
    const timed = clock.frameStart();
    t.run(0.001); // decode
    if (timed) clock.enter(Stage.handoff);
    t.run(0.0005);
    if (timed) clock.frameEnd();
  }
  t.run(7); // writing the workers' records, timed by the caller
  clock.add(Stage.output, 7);
  const s = clock.seconds();
  const near = (got: number, want: number, what: string): void =>
    assert.ok(Math.abs(got - want) < 1e-9, `${what}: ${got} s, expected ${want}`);
  near(s.decode, (frames * 0.001) / 1000, 'decode');
  near(s.handoff, (frames * 0.0005) / 1000, 'handoff');
  near(s.output, 0.007, 'output');
  // Every millisecond of the thread's CPU time is in some stage: the untimed work in capture.
  const cpu = frames * 0.0035 + 7;
  near(
    STAGES.reduce((n, k) => n + s[k], 0),
    cpu / 1000,
    'all stages',
  );
  near(s.capture, (frames * 0.002) / 1000, 'capture');
  // An interval too short for the thread clock's ticks waits for the next settlement.
  t.run(10);
  clock.add(Stage.sessions, 10);
  assert.equal(clock.seconds().sessions, 0);
  t.run(50);
  near(clock.seconds().capture, (frames * 0.002 + 50) / 1000, 'capture after the next interval');
  near(clock.seconds().sessions, 0.01, 'sessions');
});

test('StageClock with a residual stage: the final reading settles a short interval too (a short replay still shows its stages)', () => {
  const t = fakeClocks();
  const clock = new StageClock(true, t.clocks).residual(Stage.capture);
  t.run(3);
  clock.add(Stage.handoff, 3);
  assert.equal(clock.seconds().handoff, 0, 'under 50 ms of CPU: left for the next reading');
  assert.ok(Math.abs(clock.seconds(true).handoff - 0.003) < 1e-9);
});

test('StageClock: off, and untimed frames, cost no clock reads and record nothing', () => {
  const off = new StageClock(false);
  assert.equal(off.frameStart(), false);
  assert.equal(off.enter(Stage.attacks), -1);
  assert.deepEqual(off.seconds(), Object.fromEntries(STAGES.map((k) => [k, 0])));
  const on = new StageClock();
  // Outside a timed frame enter/leave do nothing: the stage stays untimed.
  assert.equal(on.enter(Stage.output), -1);
  on.leave(-1);
  assert.ok(STAGES.every((k) => on.seconds()[k] === 0));
});

test('a replay times every stage that runs; /metrics, the status snapshot and the summary carry the figures', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 't22-stages-'));
  try {
    const file = path.join(dir, 'api.pcap');
    generateMixCapture(file, 3 << 20, 0.05, 'api');
    const produce = new Set<RecordType>(['transaction', 'attack', 'vulnerability', 'api_endpoint', 'session']);
    let lines = 0;
    const node = buildNode(defaultConfig(), produce, { write: () => void lines++ });
    const reader = new PcapStreamReader(node.pipeline.onFrame);
    reader.push(readFileSync(file));
    reader.end();
    node.pipeline.finish();
    assert.ok(lines > 1000);
    const c = countersOf(node);
    for (const k of ['decode', 'reassembly', 'http', 'attacks', 'discovery', 'vulnerabilities', 'sessions', 'output'] as const)
      assert.ok(c.stages[k] > 0, `${k}: ${c.stages[k]}`);
    assert.match(formatSummary(null, node), /time by stage \(s, estimated\): capture=[\d.]+ decode=[\d.]+ .*output=[\d.]+/);

    const snapshot = snapshotOf(node);
    assert.equal(snapshot.stageSeconds.attacks, c.stages.attacks);
    const text = await metricsText(snapshot);
    assert.match(text, /^# TYPE ns_stage_cpu_seconds_total counter$/m);
    for (const k of STAGES) assert.match(text, new RegExp(`^ns_stage_cpu_seconds_total\\{stage="${k}"\\} [\\d.e-]+$`, 'm'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('buildNode with stageClock: false times nothing', () => {
  const node = buildNode(defaultConfig(), new Set<RecordType>(['attack']), { write: () => {} }, undefined, undefined, {
    stageClock: false,
  });
  assert.equal(node.clock.enabled, false);
});

test('StageClock: a timed frame longer than 2 ms (the thread descheduled in it) is left out, not scaled up', () => {
  const t = fakeClocks();
  const clock = new StageClock(true, t.clocks);
  const frames = 200 * SAMPLE_EVERY;
  for (let i = 0; i < frames; i++) {
    const timed = clock.frameStart();
    const prev = clock.enter(Stage.attacks);
    t.run(i % 10 === 3 ? 8 : 0.01); // one frame in ten waits 8 ms for a core
    clock.leave(prev);
    if (timed) clock.frameEnd();
  }
  assert.ok(clock.framesLeftOut > 0);
  const s = clock.seconds();
  assert.ok(Math.abs(s.attacks / ((frames * 0.01) / 1000) - 1) < 0.05, `attacks ${s.attacks}`);
});
