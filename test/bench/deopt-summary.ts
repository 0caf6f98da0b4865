/**
 * What V8 compiled and deoptimised in a run, from its `--trace-opt --trace-deopt` (or
 * `--trace-deopt-verbose`) output (docs/performance.md "Compilation, deoptimisation and GC (branch
 * i22-jit)"):
 *
 *   npx tsx test/bench/deopt-summary.ts TRACE [--bundle BUNDLE.cjs] [--between] [--top N]
 *
 * Prints the TurboFan compilations and deoptimisations, then the deoptimisations by function and
 * reason, most frequent first; with `--trace-deopt-verbose` and `--bundle`, by the source file and
 * line of the bundle they happened at too (esbuild's `// node/...` markers name a line's file).
 * `--between`: only the lines between test/bench/warm-replay.ts's two markers (the traffic after
 * the warm-up).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const START = 'WARM-REPLAY-TRAFFIC-START';
const END = 'WARM-REPLAY-TRAFFIC-END';
const BAILOUT = /reason: (.*?)\): begin\. deoptimizing [^<]*<JSFunction (\S*)/;
const AT = /;;; deoptimize at <[^:>]+:(\d+):\d+>/;

/** Per line of the bundle: the source file its esbuild marker names. */
function sourceFiles(bundle: string): string[] {
  const files: string[] = [];
  let current = '?';
  for (const line of readFileSync(bundle, 'utf8').split('\n')) {
    const m = /^\/\/ ((?:node|test)\/\S+)$/.exec(line);
    if (m !== null) current = m[1];
    files.push(current);
  }
  return files;
}

function main(): void {
  const args = parseArgs({
    allowPositionals: true,
    options: { bundle: { type: 'string' }, between: { type: 'boolean', default: false }, top: { type: 'string', default: '40' } },
  });
  let lines = readFileSync(args.positionals[0], 'utf8').split('\n');
  if (args.values.between) {
    const from = lines.findIndex((l) => l.includes(START));
    const to = lines.findIndex((l) => l.includes(END));
    lines = lines.slice(from + 1, to < 0 ? lines.length : to);
  }
  const files = args.values.bundle === undefined ? null : sourceFiles(args.values.bundle);
  const counts = new Map<string, number>();
  let compilations = 0;
  let deopts = 0;
  let pending: string | null = null;
  const add = (key: string): void => void counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const line of lines) {
    if (line.startsWith('[completed compiling')) compilations++;
    const bailout = BAILOUT.exec(line);
    if (bailout !== null) {
      deopts++;
      if (pending !== null) add(pending);
      pending = `${bailout[2] === '(sfi' ? '(anonymous)' : bailout[2]} | ${bailout[1]}`;
      continue;
    }
    const at = pending === null ? null : AT.exec(line);
    if (at !== null && pending !== null) {
      add(files === null ? pending : `${pending} | ${files[Number(at[1]) - 1] ?? '?'}`);
      pending = null;
    }
  }
  if (pending !== null) add(pending);
  process.stdout.write(`TurboFan compilations ${compilations}, deoptimisations ${deopts}\n`);
  const top = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, Number(args.values.top));
  for (const [key, n] of top) process.stdout.write(`${String(n).padStart(5)}  ${key}\n`);
}

main();
