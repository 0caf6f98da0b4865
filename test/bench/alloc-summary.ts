/**
 * Summarises a heap profile of test/bench/alloc-sampling.cjs taken on the esbuild bundle: bytes
 * allocated by function (self), by source file and inclusive, each bundle line mapped to its source
 * file (bundle-sources.ts, as test/bench/profile-summary.ts does).
 *
 *   npx tsx test/bench/alloc-summary.ts PROFILE BUNDLE [TOP]
 *
 * With `--callers NAME` after them: the three frames above each allocation of the function NAME.
 *
 * By stage: each allocation goes to the innermost frame of ours (a `node/` source file), so what V8's
 * builtins (JSON.stringify, String#split, Array#push) allocate counts in the stage that called them.
 * A function TurboFan inlined counts as its caller (the sampler sees the optimised frame only): a
 * stage's figure can hold some of a callee's in another stage (docs/performance.md "Allocation and GC
 * per transaction (branch i22-gc)").
 */
import { readFileSync } from 'node:fs';
import { sourceFiles, stageOf } from './bundle-sources';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface HeapNode {
  callFrame: CallFrame;
  selfSize: number;
  children: HeapNode[];
}

const [profilePath, bundlePath, topText, flag, callersOf] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as { head: HeapNode };
const files = sourceFiles(bundlePath);
const fileOf = (f: CallFrame): string => (f.url.endsWith('.cjs') || f.url.endsWith('.js') ? files[f.lineNumber] : f.url);
const keyOf = (f: CallFrame): string => `${f.functionName || '(anonymous)'} ${fileOf(f)}:${f.lineNumber + 1}`;
const bySite = new Map<string, number>();
const byFile = new Map<string, number>();
const inclusive = new Map<string, number>();
const callers = new Map<string, number>();
const byStage = new Map<string, number>();
let total = 0;
const add = (map: Map<string, number>, key: string, bytes: number): void => {
  map.set(key, (map.get(key) ?? 0) + bytes);
};

function walk(node: HeapNode, stack: string[], outerStage: string): void {
  const f = node.callFrame;
  const key = keyOf(f);
  const file = fileOf(f);
  const stage = file?.startsWith('node/') ? stageOf(file, f) : outerStage;
  total += node.selfSize;
  add(byStage, stage, node.selfSize);
  add(bySite, key, node.selfSize);
  add(byFile, fileOf(f), node.selfSize);
  const below = new Set(stack).add(key);
  for (const k of below) add(inclusive, k, node.selfSize);
  if (flag === '--callers' && f.functionName === callersOf && node.selfSize > 0)
    add(callers, stack.slice(-3).join(' > '), node.selfSize);
  for (const child of node.children) walk(child, [...below], stage);
}
walk(profile.head, [], '(outside node/)');

const top = Number(topText || 40);
function show(title: string, map: Map<string, number>): void {
  console.log(`--- ${title}`);
  for (const [k, v] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${(v / 1e6).toFixed(1).padStart(8)} MB ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
}
console.log(`sampled allocation: ${(total / 1e6).toFixed(1)} MB`);
if (flag === '--callers') show(`callers of ${callersOf}`, callers);
else {
  show('by stage (innermost frame of ours)', byStage);
  show('self by function', bySite);
  show('self by source file', byFile);
  show('inclusive', inclusive);
}
