/**
 * Runs one fuzz target under Jazzer.js (@jazzer.js/core: libFuzzer with edge coverage of
 * instrumented JavaScript and comparison feedback). The target and the code it reaches are
 * bundled into one file, which is the only file instrumented; the target's seeds, its saved
 * regressions and its dictionary are handed to libFuzzer; a crash or timeout input libFuzzer
 * writes becomes test/fuzz/regressions/TARGET-<sha1>.bin, replayed by
 * test/unit/fuzz/regressions.test.ts.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import type { FuzzFailure, FuzzOptions, FuzzReport } from '../engine';
import type { FuzzTarget } from '../targets';
import { patchAddon } from './glibc-compat';

const ROOT = path.resolve(__dirname, '../../..');
const JAZZER_CLI = require.resolve('@jazzer.js/core/dist/cli.js');

/** `entry` and everything it reaches, as one CommonJS file in `dir`. */
async function bundle(entry: string, dir: string): Promise<string> {
  const outfile = path.join(dir, 'aio-fuzz-target.js');
  // npm packages stay outside: Jazzer.js leaves node_modules uninstrumented; NODE_PATH finds them.
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

/** The prebuilt addon for this platform, made loadable on glibc < 2.38 (glibc-compat.ts). */
function prepareAddon(): void {
  if (process.platform !== 'linux') return;
  const addon = path.join(
    path.dirname(require.resolve('@jazzer.js/fuzzer/package.json')),
    'prebuilds',
    `fuzzer-linux-${process.arch}.node`,
  );
  patchAddon(addon);
}

/** libFuzzer dictionary syntax: one quoted entry per line, \\, \" and \xNN escapes. */
export function libFuzzerDictionary(entries: string[]): string {
  const quote = (s: string) =>
    [...Buffer.from(s, 'latin1')]
      .map((b) =>
        b === 0x5c
          ? '\\\\'
          : b === 0x22
            ? '\\"'
            : b >= 0x20 && b < 0x7f
              ? String.fromCharCode(b)
              : `\\x${b.toString(16).padStart(2, '0')}`,
      )
      .join('');
  return entries.map((e) => `"${quote(e)}"\n`).join('');
}

/** What libFuzzer printed at the end: -print_final_stats lines and the last status line. */
export function parseLibFuzzerOutput(text: string): { executions: number; corpus: number; edges: number } {
  const units = Number(/^stat::number_of_executed_units:\s+(\d+)/m.exec(text)?.[1] ?? 0);
  const done = Number(/^#(\d+)\s+DONE/m.exec(text)?.[1] ?? 0);
  const status = [...text.matchAll(/^#\d+\s+\S+\s+cov: (\d+) ft: \d+ corp: (\d+)\//gm)].at(-1);
  return { executions: Math.max(units, done), corpus: status ? Number(status[2]) : 0, edges: status ? Number(status[1]) : 0 };
}

/** What Jazzer.js fuzzes: a module exporting `fuzz(data: Buffer)`, and what to start from. */
export interface JazzerJob {
  /** Names the saved regressions: <regressionsDir>/<name>-<sha1>.bin. */
  name: string;
  /** TypeScript module exporting fuzz(data: Buffer): void; throwing is a finding. */
  entry: string;
  env: Record<string, string>;
  seeds: Buffer[];
  dictionary: string[];
  maxLength: number;
}

export function fuzzWithJazzer(target: FuzzTarget, opts: FuzzOptions): Promise<FuzzReport> {
  const job = {
    name: target.name,
    entry: path.join(__dirname, 'entry.ts'),
    env: { AIO_FUZZ_TARGET: target.name },
    seeds: target.seeds(),
    dictionary: target.dictionary,
    maxLength: target.maxLength,
  };
  return runJazzer(job, opts);
}

export async function runJazzer(target: JazzerJob, opts: FuzzOptions): Promise<FuzzReport> {
  const log = opts.log ?? (() => {});
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `aio-fuzz-${target.name}-`));
  try {
    prepareAddon();
    const file = await bundle(target.entry, work);
    const corpus = path.join(work, 'corpus');
    const seeds = path.join(work, 'seeds');
    const artifacts = path.join(work, 'artifacts');
    for (const d of [corpus, seeds, artifacts]) fs.mkdirSync(d);
    const saved = fs.existsSync(opts.regressionsDir)
      ? fs.readdirSync(opts.regressionsDir).filter((f) => f.startsWith(`${target.name}-`) && f.endsWith('.bin'))
      : [];
    target.seeds.forEach((b, i) => fs.writeFileSync(path.join(seeds, `seed-${i}`), b));
    for (const f of saved) fs.copyFileSync(path.join(opts.regressionsDir, f), path.join(seeds, f));
    const dict = path.join(work, 'dictionary');
    fs.writeFileSync(dict, libFuzzerDictionary(target.dictionary));

    // Not --sync: libFuzzer's loop would then never yield to the event loop, and what Node frees on
    // the next tick never is (each failed zlib *Sync call keeps its 16 KiB buffer until then: the
    // content target reached libFuzzer's 2 GiB RSS limit in a minute). The node runs with an event
    // loop, so the asynchronous mode is the faithful one.
    const args = [
      JAZZER_CLI,
      file,
      '--fuzzEntryPoint',
      'fuzz',
      '--includes',
      path.basename(file),
      '--timeout',
      String(opts.slowMs),
      '--',
      corpus,
      seeds,
      `-max_total_time=${opts.seconds}`,
      `-seed=${opts.seed}`,
      `-max_len=${target.maxLength}`,
      `-dict=${dict}`,
      `-artifact_prefix=${artifacts}/`,
      '-print_final_stats=1',
      '-print_pcs=0',
    ];
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: work,
      env: { ...process.env, ...target.env, NODE_PATH: path.join(ROOT, 'node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let logged = 0;
    const collect = (d: Buffer) => {
      output += d.toString('utf8');
      const end = output.lastIndexOf('\n') + 1;
      for (const line of output.slice(logged, end).split('\n'))
        if (/^#\d+\s+(INITED|DONE)|^==\d+==/.test(line)) log(`${target.name}: ${line}`);
      logged = Math.max(logged, end);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const code = await new Promise<number>((resolve) => child.on('close', (c, signal) => resolve(c ?? (signal ? 128 : 0))));
    const seconds = (performance.now() - started) / 1000;

    const failures: FuzzFailure[] = [];
    for (const a of fs.readdirSync(artifacts)) {
      const kind = a.startsWith('timeout-') ? 'slow' : 'crash';
      const input = fs.readFileSync(path.join(artifacts, a));
      const dest = path.join(
        opts.regressionsDir,
        `${target.name}-${createHash('sha1').update(input).digest('hex').slice(0, 12)}.bin`,
      );
      fs.mkdirSync(opts.regressionsDir, { recursive: true });
      fs.writeFileSync(dest, input);
      failures.push({ kind, message: `libFuzzer ${a.split('-')[0]}`, file: dest });
      log(`${target.name}: ${kind}: saved ${dest}`);
    }
    if (code !== 0 && failures.length === 0) {
      // Jazzer.js itself failed (startup, instrumentation): that is a failure of the run too.
      failures.push({
        kind: 'crash',
        message: `jazzer exited with ${code}:\n${output.split('\n').slice(-30).join('\n')}`,
        file: '',
      });
    }
    if (failures.length > 0) log(output.split('\n').slice(-40).join('\n'));
    const stats = parseLibFuzzerOutput(output);
    return {
      target: target.name,
      executions: stats.executions,
      seconds,
      corpus: stats.corpus,
      coveredBlocks: stats.edges,
      failures,
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
