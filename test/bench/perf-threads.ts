/**
 * Where a multi-threaded replay's CPU goes, by thread and by kind of work, from a `perf` profile
 * (CPU-clock samples, which count only while a thread runs — unlike `--cpu-prof`, whose samples
 * also tick while a thread waits for a core, which on a loaded machine is most of the time):
 * docs/performance.md "Multi-core", "Results (branch i22-workers2)".
 *
 *   perf record -e cpu-clock -F 1000 -o OUT.data -- NODE --perf-basic-prof BUNDLE replay FILE --workers N ...
 *   perf script -i OUT.data -F tid,ip,sym | npx tsx test/bench/perf-threads.ts --workers N
 *
 * Threads: the process's first thread (the lowest id) is the main thread (with workers: the
 * capture thread), the N busiest others the analysis workers, the rest V8's platform threads
 * (concurrent TurboFan compilation, garbage collection helpers). Kinds, by symbol: optimised JS
 * (TurboFan code), compiled regular expressions, baseline and interpreted JS with the inline caches and interpreter builtins they
 * call (code not yet optimised), other builtins, TurboFan compilation, garbage collection,
 * structured clone (postMessage), parsing and bytecode generation, libc memory and crypto, the
 * kernel (page faults, scheduling, system calls), other C++ of V8 and node. One sample is 1 ms of
 * CPU at -F 1000.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

const KINDS: Array<[kind: string, test: RegExp]> = [
  ['JS optimised', /^JS:\*/],
  ['JS baseline/interpreted', /^JS:[~^]/],
  [
    'IC, interpreter, baseline builtins',
    /^Builtins_(?:Baseline|Interpreter|CompileLazy)|^Builtins_\w*IC(?:Baseline|Trampoline|_\w+)?$|Handler$/,
  ],
  ['other builtins', /^Builtins_/],
  ['regular expressions (compiled)', /^RegExp:/],
  ['TurboFan compile', /compiler::|Turbofan|OptimizedCompilationJob|RegAlloc|LiveRange|InstructionSelector/],
  [
    'garbage collection',
    /Scaveng|Marking|MarkCompact|Sweep|Evacuat|Compact|Remembered|SlotSet|SizeFromMap|ConcurrentMarking|Heap::/,
  ],
  ['structured clone', /ValueSerializer|ValueDeserializer/],
  ['parse, bytecode', /Parser|Scanner|AstValue|BytecodeGenerator|interpreter::|Preparse|CalculateLineEnds/],
  ['libc memory, crypto', /memmove|memcpy|memset|memchr|memcmp|malloc|free|_int_|sha256/],
];

function kindOf(ip: string, sym: string): string {
  if (ip.startsWith('ffffffff')) return 'kernel';
  for (const [kind, test] of KINDS) if (test.test(sym)) return kind;
  return 'other C++ (V8, node)';
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { workers: { type: 'string', default: '0' } } });
  const workers = Number(values.workers);
  /** samples by thread id, then by kind */
  const byThread = new Map<number, Map<string, number>>();
  for await (const line of createInterface({ input: process.stdin })) {
    const m = /^\s*(\d+)\s+([0-9a-f]+)\s*(.*)$/.exec(line);
    if (m === null) continue;
    const tid = Number(m[1]);
    const kind = kindOf(m[2], m[3].trim());
    let kinds = byThread.get(tid);
    if (kinds === undefined) byThread.set(tid, (kinds = new Map()));
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const total = (k: Map<string, number>) => [...k.values()].reduce((a, b) => a + b, 0);
  const tids = [...byThread.keys()].sort((a, b) => a - b);
  const main = tids[0];
  const busiest = tids.filter((t) => t !== main).sort((a, b) => total(byThread.get(b)!) - total(byThread.get(a)!));
  const workerTids = new Set(busiest.slice(0, workers));
  const groups = ['main', 'workers', 'platform'] as const;
  const groupOf = (tid: number) => (tid === main ? 'main' : workerTids.has(tid) ? 'workers' : 'platform');
  const table = new Map<string, Record<(typeof groups)[number], number>>();
  for (const [tid, kinds] of byThread)
    for (const [kind, n] of kinds) {
      let row = table.get(kind);
      if (row === undefined) table.set(kind, (row = { main: 0, workers: 0, platform: 0 }));
      row[groupOf(tid)] += n;
    }
  const rows = [...table].sort((a, b) => total(new Map(Object.entries(b[1]))) - total(new Map(Object.entries(a[1]))));
  const sum = { main: 0, workers: 0, platform: 0 };
  process.stdout.write(
    `| kind (ms of CPU) | main thread | ${workers} workers | V8 platform threads | all |\n|---|---:|---:|---:|---:|\n`,
  );
  for (const [kind, r] of rows) {
    for (const g of groups) sum[g] += r[g];
    process.stdout.write(`| ${kind} | ${r.main} | ${r.workers} | ${r.platform} | ${r.main + r.workers + r.platform} |\n`);
  }
  process.stdout.write(`| total | ${sum.main} | ${sum.workers} | ${sum.platform} | ${sum.main + sum.workers + sum.platform} |\n`);
}

void main();
