/**
 * A small coverage-guided mutation fuzzer (libFuzzer's loop, in-process): mutate a corpus entry,
 * run the target, keep inputs that reach new blocks of node/, save inputs that throw.
 * Coverage is read once per batch; only a batch that found something is re-run input by input.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoverageTracker } from './coverage';
import type { FuzzTarget } from './targets';

export interface FuzzOptions {
  seconds: number;
  seed: number;
  /** Where failing inputs are written (test/fuzz/regressions). */
  regressionsDir: string;
  /** An input running longer than this is a failure too (a hang or super-linear work). */
  slowMs: number;
  log?: (line: string) => void;
}

export interface FuzzFailure {
  kind: 'crash' | 'slow';
  message: string;
  file: string;
}

export interface FuzzReport {
  target: string;
  executions: number;
  seconds: number;
  corpus: number;
  coveredBlocks: number;
  failures: FuzzFailure[];
}

/** A batch runs for about this many times the cost of one coverage read. */
const BATCH_COST_RATIO = 4;
const INTERESTING = [0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff];

class Rng {
  constructor(private s: number) {}
  next(): number {
    // xorshift32
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  below(n: number): number {
    return n <= 0 ? 0 : this.next() % n;
  }
}

function mutateOnce(rng: Rng, data: Buffer, target: FuzzTarget, corpus: Buffer[]): Buffer {
  const len = data.length;
  switch (rng.below(9)) {
    case 0: {
      if (len === 0) break;
      const out = Buffer.from(data);
      const i = rng.below(len);
      out[i] ^= 1 << rng.below(8);
      return out;
    }
    case 1: {
      if (len === 0) break;
      const out = Buffer.from(data);
      out[rng.below(len)] = rng.below(256);
      return out;
    }
    case 2: {
      const at = rng.below(len + 1);
      const n = 1 + rng.below(16);
      const ins = Buffer.alloc(n);
      for (let i = 0; i < n; i++) ins[i] = rng.below(256);
      return Buffer.concat([data.subarray(0, at), ins, data.subarray(at)]);
    }
    case 3: {
      if (len === 0) break;
      const at = rng.below(len);
      const n = 1 + rng.below(Math.min(len - at, 64));
      return Buffer.concat([data.subarray(0, at), data.subarray(at + n)]);
    }
    case 4: {
      if (len === 0) break;
      const from = rng.below(len);
      const n = 1 + rng.below(Math.min(len - from, 128));
      const at = rng.below(len + 1);
      const copies = 1 + rng.below(4);
      const piece = data.subarray(from, from + n);
      return Buffer.concat([data.subarray(0, at), ...Array<Buffer>(copies).fill(piece), data.subarray(at)]);
    }
    case 5: {
      if (len < 4) break;
      const out = Buffer.from(data);
      const v = INTERESTING[rng.below(INTERESTING.length)];
      const at = rng.below(len - 3);
      const width = [1, 2, 4][rng.below(3)];
      const be = rng.below(2) === 0;
      if (width === 1) out[at] = v & 0xff;
      else if (width === 2) be ? out.writeUInt16BE(v & 0xffff, at) : out.writeUInt16LE(v & 0xffff, at);
      else be ? out.writeUInt32BE(v >>> 0, at) : out.writeUInt32LE(v >>> 0, at);
      return out;
    }
    case 6: {
      const tokens = target.dictionary;
      if (tokens.length === 0) break;
      const tok = Buffer.from(tokens[rng.below(tokens.length)], 'latin1');
      const at = rng.below(len + 1);
      if (rng.below(2) === 0) return Buffer.concat([data.subarray(0, at), tok, data.subarray(at)]);
      const out = Buffer.from(data);
      tok.copy(out, at, 0, Math.min(tok.length, len - at));
      return out;
    }
    case 7: {
      const other = corpus[rng.below(corpus.length)];
      const a = rng.below(len + 1);
      const b = rng.below(other.length + 1);
      return Buffer.concat([data.subarray(0, a), other.subarray(b)]);
    }
    case 8: {
      if (len === 0) break;
      const out = Buffer.from(data);
      const at = rng.below(len);
      const delta = 1 + rng.below(16);
      out[at] = (out[at] + (rng.below(2) === 0 ? delta : 256 - delta)) & 0xff;
      return out;
    }
  }
  const out = Buffer.alloc(1 + rng.below(8));
  for (let i = 0; i < out.length; i++) out[i] = rng.below(256);
  return Buffer.concat([data, out]);
}

function mutate(rng: Rng, data: Buffer, target: FuzzTarget, corpus: Buffer[]): Buffer {
  let out = data;
  const rounds = 1 + rng.below(5);
  for (let i = 0; i < rounds; i++) out = mutateOnce(rng, out, target, corpus);
  return out.length > target.maxLength ? out.subarray(0, target.maxLength) : out;
}

/**
 * Runs one input; an exception the target does not declare acceptable is a failure. `ms` is the
 * CPU time (user + system) it took, not wall time: on a busy machine waiting for a core must not
 * make an input "slow" (docs/testing.md, "Timing in tests").
 */
export function runOne(target: FuzzTarget, input: Buffer): { error: Error | null; ms: number } {
  const start = process.cpuUsage();
  const ms = (): number => {
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  };
  try {
    target.run(input);
    return { error: null, ms: ms() };
  } catch (err) {
    return { error: err instanceof Error ? err : new Error(String(err)), ms: ms() };
  }
}

export function fuzz(target: FuzzTarget, opts: FuzzOptions): FuzzReport {
  const log = opts.log ?? (() => {});
  const rng = new Rng(opts.seed >>> 0 || 1);
  const cov = new CoverageTracker();
  const failures: FuzzFailure[] = [];
  const signatures = new Set<string>();
  let executions = 0;

  const fail = (kind: FuzzFailure['kind'], input: Buffer, message: string, signature: string): void => {
    if (signatures.has(signature)) return;
    signatures.add(signature);
    mkdirSync(opts.regressionsDir, { recursive: true });
    const file = join(opts.regressionsDir, `${target.name}-${createHash('sha1').update(input).digest('hex').slice(0, 12)}.bin`);
    writeFileSync(file, input);
    failures.push({ kind, message, file });
    log(`${target.name}: ${kind}: ${message}\n  saved ${file}`);
  };
  const check = (input: Buffer): void => {
    executions++;
    const { error, ms } = runOne(target, input);
    if (error !== null) {
      const frame = (error.stack ?? '').split('\n').find((l) => l.includes('/node/')) ?? error.message;
      fail('crash', input, `${error.name}: ${error.message}\n${error.stack ?? ''}`, `crash ${error.name} ${frame.trim()}`);
    } else if (ms > opts.slowMs) {
      fail(
        'slow',
        input,
        `one input took ${ms.toFixed(0)} CPU ms (limit ${opts.slowMs} ms), ${input.length} bytes`,
        `slow ${input.length >> 10}`,
      );
    }
  };

  const corpus: Buffer[] = [];
  for (const seed of target.seeds()) {
    check(seed);
    if (cov.collect() > 0 || corpus.length === 0) corpus.push(seed);
  }
  const started = performance.now();
  const deadline = started + opts.seconds * 1000;
  let lastLog = started;
  let t0 = performance.now();
  cov.collect(true);
  const collectMs = performance.now() - t0;
  let batchSize = 1;
  while (performance.now() < deadline) {
    const batch: Buffer[] = [];
    t0 = performance.now();
    for (let i = 0; i < batchSize; i++) {
      const input = mutate(rng, corpus[rng.below(corpus.length)], target, corpus);
      batch.push(input);
      check(input);
    }
    const runMs = performance.now() - t0;
    batchSize = Math.max(1, Math.min(4096, Math.round((batchSize * collectMs * BATCH_COST_RATIO) / Math.max(runMs, 0.01))));
    if (cov.collect(true) === 0) continue;
    // Something in the batch was new: find which inputs, keeping each that adds a feature.
    for (const input of batch) {
      check(input);
      if (cov.collect() > 0) corpus.push(input);
    }
    const now = performance.now();
    if (now - lastLog > 5000) {
      lastLog = now;
      log(`${target.name}: ${executions} execs, corpus ${corpus.length}, ${cov.coveredBlocks} blocks`);
    }
  }
  const report: FuzzReport = {
    target: target.name,
    executions,
    seconds: (performance.now() - started) / 1000,
    corpus: corpus.length,
    coveredBlocks: cov.coveredBlocks,
    failures,
  };
  return report;
}
