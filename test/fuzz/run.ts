/**
 * npm run fuzz -- TARGET|all [--seconds N] [--seed N] [--slow-ms N] [--engine jazzer|builtin] [--list]
 * Coverage-guided fuzzing of one target (or each in turn), by default with Jazzer.js (libFuzzer);
 * `--engine builtin` uses the in-repo engine (V8 block coverage), which needs no native addon.
 * Failing inputs are saved under test/fuzz/regressions/ and replayed by
 * test/unit/fuzz/regressions.test.ts. Exit 1 on a failure.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fuzz, type FuzzOptions, type FuzzReport } from './engine';
import { fuzzWithJazzer } from './jazzer/engine';
import { TARGETS, targetByName, type FuzzTarget } from './targets';

const ENGINES: Record<string, (target: FuzzTarget, opts: FuzzOptions) => Promise<FuzzReport>> = {
  jazzer: fuzzWithJazzer,
  builtin: async (target, opts) => fuzz(target, opts),
};

const USAGE = `Usage: npm run fuzz -- TARGET|all [--seconds N] [--seed N] [--slow-ms N] [--engine jazzer|builtin]
Targets: ${TARGETS.map((t) => t.name).join(', ')} (--list describes them)
`;

async function main(): Promise<number> {
  const args = parseArgs({
    allowPositionals: true,
    options: {
      seconds: { type: 'string', default: '30' },
      seed: { type: 'string', default: String(Date.now() % 0x7fffffff) },
      'slow-ms': { type: 'string', default: '5000' },
      engine: { type: 'string', default: 'jazzer' },
      list: { type: 'boolean' },
    },
  });
  if (args.values.list) {
    for (const t of TARGETS) process.stdout.write(`${t.name.padEnd(8)} ${t.about}\n`);
    return 0;
  }
  const name = args.positionals[0];
  const targets = name === 'all' ? TARGETS : [targetByName(name ?? '')].filter((t) => t !== undefined);
  if (targets.length === 0) {
    process.stderr.write(`fuzz: unknown target ${JSON.stringify(name ?? '')}\n${USAGE}`);
    return 2;
  }
  const engine = ENGINES[args.values.engine];
  if (engine === undefined) {
    process.stderr.write(`fuzz: unknown engine ${JSON.stringify(args.values.engine)}\n${USAGE}`);
    return 2;
  }
  const seconds = Number(args.values.seconds);
  const seed = Number(args.values.seed);
  const slowMs = Number(args.values['slow-ms']);
  if (!(seconds > 0) || !Number.isInteger(seed) || !(slowMs > 0)) {
    process.stderr.write(`fuzz: --seconds, --seed and --slow-ms take positive numbers\n${USAGE}`);
    return 2;
  }
  const reports: FuzzReport[] = [];
  for (const target of targets) {
    process.stderr.write(`fuzz: ${target.name} for ${seconds} s with ${args.values.engine}, seed ${seed}\n`);
    reports.push(
      await engine(target, {
        seconds,
        seed,
        slowMs,
        regressionsDir: join(__dirname, 'regressions'),
        log: (l) => process.stderr.write(`${l}\n`),
      }),
    );
  }
  // Coverage: libFuzzer edges of the instrumented bundle (jazzer), V8 blocks of node/ (builtin).
  process.stdout.write(
    `target    execs      exec/s  corpus  ${args.values.engine === 'jazzer' ? ' edges' : 'blocks'}  failures\n`,
  );
  for (const r of reports) {
    process.stdout.write(
      `${r.target.padEnd(8)} ${String(r.executions).padStart(8)} ${(r.executions / r.seconds).toFixed(0).padStart(9)} ${String(r.corpus).padStart(7)} ${String(r.coveredBlocks).padStart(7)}  ${r.failures.length}\n`,
    );
    for (const f of r.failures) process.stdout.write(`  ${f.kind}: ${f.message.split('\n')[0]} -> ${f.file}\n`);
  }
  return reports.some((r) => r.failures.length > 0) ? 1 : 0;
}

main().then((code) => (process.exitCode = code));
