/**
 * Summarises a V8 CPU profile of a replay of the esbuild bundle (`node --cpu-prof` on the bundle
 * the installers ship): self time by stage (the source folder under node/, analysis/* apart),
 * inclusive time by stage, and self time by function. The bundle's `// node/...` module comments
 * map each function back to its source file (docs/performance.md "The all-analyses path").
 *
 *   node --cpu-prof --cpu-prof-dir DIR --cpu-prof-interval 250 BUNDLE replay FILE --emit LIST
 *   npx tsx test/bench/profile-summary.ts DIR/*.cpuprofile --bundle BUNDLE [--top 40] [--inclusive node/http/]
 *
 * `--inclusive TEXT` adds inclusive time by function for the functions whose source file contains TEXT.
 * `--within FN [--without FN2]` adds self time by function of the samples taken inside FN but not
 * inside FN2 called from it (FN as the other tables print it, "name source-file"): one stage's own
 * cost without the stages it calls, e.g. the HTTP parser without the analyses of the transactions
 * it emits (docs/performance.md "The HTTP stage on the web capture (branch i22-http4)").
 * `--lines NAME` adds the samples per line of the functions called NAME (V8's `positionTicks`: one
 * line of a function can be most of it, docs/performance.md "HTTP, discovery, vulnerabilities,
 * output per transaction (branch i22-stages)").
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { sourceFiles, stageOf } from './bundle-sources';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
  /** Samples per line of the bundle (1-based), when the profile has them. */
  positionTicks?: Array<{ line: number; ticks: number }>;
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      bundle: { type: 'string' },
      top: { type: 'string', default: '40' },
      inclusive: { type: 'string' },
      lines: { type: 'string' },
      within: { type: 'string' },
      without: { type: 'string' },
    },
  });
  if (positionals.length !== 1 || values.bundle === undefined) {
    console.error('usage: profile-summary.ts PROFILE.cpuprofile --bundle BUNDLE.cjs [--top N]');
    process.exit(2);
  }
  const p = JSON.parse(readFileSync(positionals[0], 'utf8')) as CpuProfile;
  const files = sourceFiles(values.bundle);
  const fileOf = (f: CallFrame) => (f.url.endsWith('.cjs') && f.lineNumber >= 0 ? files[f.lineNumber] : f.url);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const time = new Map<number, number>();
  p.samples.forEach((id, i) => time.set(id, (time.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const self = new Map<string, number>();
  const selfStage = new Map<string, number>();
  const inclusiveStage = new Map<string, number>();
  const inclusiveFunction = new Map<string, number>();
  const inclusiveOf = values.inclusive;
  const withinSelf = new Map<string, number>();
  let withinTotal = 0;
  const nameOf = (c: CallFrame) => `${c.functionName || '(anonymous)'} ${fileOf(c) || c.url}`;
  /** The sample's stack, leaf first, reaches `within` before any `without`. */
  const isWithin = (id: number): boolean => {
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const name = nameOf(byId.get(cur)!.callFrame);
      if (name === values.without) return false;
      if (name === values.within) return true;
    }
    return false;
  };
  const add = (m: Map<string, number>, k: string, t: number) => m.set(k, (m.get(k) ?? 0) + t);
  let total = 0;
  for (const [id, t] of time) {
    const n = byId.get(id)!;
    const f = n.callFrame;
    if (f.functionName === '(idle)') continue;
    total += t;
    add(self, nameOf(f), t);
    if (values.within !== undefined && isWithin(id)) {
      add(withinSelf, nameOf(f), t);
      withinTotal += t;
    }
    add(selfStage, stageOf(fileOf(f), f), t);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const c = byId.get(cur)!.callFrame;
      seen.add(stageOf(fileOf(c), c));
    }
    for (const s of seen) add(inclusiveStage, s, t);
    if (inclusiveOf !== undefined) {
      const fns = new Set<string>();
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const c = byId.get(cur)!.callFrame;
        const file = fileOf(c) || c.url;
        if (file.includes(inclusiveOf)) fns.add(`${c.functionName || '(anonymous)'} ${file}`);
      }
      for (const fn of fns) add(inclusiveFunction, fn, t);
    }
  }
  const top = Number(values.top);
  const show = (title: string, m: Map<string, number>) => {
    console.log(`--- ${title}`);
    for (const [k, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(`${(t / 1000).toFixed(0).padStart(8)} ms ${((100 * t) / total).toFixed(1).padStart(5)} %  ${k}`);
  };
  console.log(`sampled (idle excluded): ${(total / 1000).toFixed(0)} ms`);
  show('self time by stage', selfStage);
  show('inclusive time by stage (a stage called from another counts in both)', inclusiveStage);
  show('self time by function', self);
  if (inclusiveOf !== undefined) show(`inclusive time by function, files matching '${inclusiveOf}'`, inclusiveFunction);
  if (values.within !== undefined) {
    const but = values.without === undefined ? '' : ` but not inside '${values.without}'`;
    console.log(`inside '${values.within}'${but}: ${(withinTotal / 1000).toFixed(0)} ms`);
    show('self time by function there', withinSelf);
  }
  if (values.lines !== undefined) {
    const text = readFileSync(values.bundle, 'utf8').split('\n');
    const ticks = new Map<number, number>();
    for (const n of p.nodes)
      if (n.callFrame.functionName === values.lines)
        for (const t of n.positionTicks ?? []) ticks.set(t.line, (ticks.get(t.line) ?? 0) + t.ticks);
    console.log(`--- samples by line of the functions called ${values.lines}`);
    for (const [line, t] of [...ticks].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(`${String(t).padStart(8)}  ${files[line - 1] ?? ''}:${line}  ${(text[line - 1] ?? '').trim().slice(0, 120)}`);
  }
}

main();
