/**
 * npm run eval:discovery — API discovery measured on traffic synthesized from public OpenAPI
 * documents (test/eval/discovery/specs/, test/eval/discovery/synth.ts): each spec's traffic is
 * written into a capture (test/gen) and analysed by `native-node replay --emit api_endpoint`
 * in this process; the inventory is scored against the spec: endpoint recall and precision
 * (method + template, parameter names ignored), query and body parameter recall on the found
 * endpoints, and type agreement. Tuning and held-out specs are reported apart
 * (test/eval/discovery/splits.ts); only the tuning sets may shape the code.
 *   --only NAME[,NAME]  just these specs (file names without .json)
 *   --set tuning|tuning-2|tuning-3|tuning-4|tuning-5|tuning-6|tuning-7|held-out|held-out-2|held-out-3|held-out-4|held-out-5|held-out-6|held-out-7|held-out-8|held-out-9|held-out-10|held-out-11|held-out-12|held-out-13
 *                       just one set (develop on the tuning sets; held-out-5 is a tuning set under its old name)
 *   --misses            print the missed and the extra endpoints of each spec, and the parameters missed or mistyped
 *   --workers N         replay with N worker threads (default 1)
 *   --variant NAME      traffic that differs from the default generator (synth.ts VARIANTS; `--variant list`)
 *   --help              this text
 *   --totals            only each set's total row (the held-out sets are read so)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { evaluate, type Score } from './discovery/score';
import { SPEC_SETS } from './discovery/splits';
import { isVariant, VARIANTS } from './discovery/synth';

const pct = (a: number, b: number): string => (b === 0 ? '–' : `${((100 * a) / b).toFixed(1)}`);

function row(s: Score): string {
  return `| ${s.api} | ${s.ops} | ${pct(s.found, s.ops)} | ${pct(s.found, s.found + s.extra)} | ${pct(...s.query)} | ${pct(...s.body)} | ${pct(...s.types)} | ${pct(...s.typesStrict)} | ${pct(...s.formats)} |`;
}

function total(name: string, xs: Score[]): Score {
  const sum = (f: (s: Score) => number) => xs.reduce((a, s) => a + f(s), 0);
  return {
    api: `**${name}**`,
    ops: sum((s) => s.ops),
    found: sum((s) => s.found),
    extra: sum((s) => s.extra),
    reported: sum((s) => s.reported),
    query: [sum((s) => s.query[0]), sum((s) => s.query[1])],
    body: [sum((s) => s.body[0]), sum((s) => s.body[1])],
    types: [sum((s) => s.types[0]), sum((s) => s.types[1])],
    typesStrict: [sum((s) => s.typesStrict[0]), sum((s) => s.typesStrict[1])],
    formats: [sum((s) => s.formats[0]), sum((s) => s.formats[1])],
    misses: [],
    extras: [],
    paramMisses: [],
    ms: sum((s) => s.ms),
  };
}

const USAGE = fs
  .readFileSync(__filename, 'utf8')
  .split('*/')[0]
  .replace(/^\/\*\*\n| \* ?/gm, '');

async function main(): Promise<void> {
  const args = parseArgs({
    options: {
      help: { type: 'boolean', default: false },
      set: { type: 'string' },
      only: { type: 'string' },
      misses: { type: 'boolean', default: false },
      workers: { type: 'string', default: '1' },
      variant: { type: 'string', default: 'default' },
      totals: { type: 'boolean', default: false },
    },
  });
  if (args.values.help) {
    console.log(USAGE);
    return;
  }
  const variant = args.values.variant;
  if (!isVariant(variant)) {
    for (const [name, what] of Object.entries(VARIANTS)) console.log(`${name.padEnd(14)} ${what}`);
    if (variant !== 'list') throw new Error(`unknown --variant ${variant}: one of the above`);
    return;
  }
  const only = args.values.only?.split(',') ?? null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-discovery-'));
  const head =
    '| spec | operations | recall % | precision % | query params % | body params % | types % | types, spec-strict % | formats % |\n|---|---|---|---|---|---|---|---|---|';
  try {
    for (const [name, set] of Object.entries(SPEC_SETS)) {
      if (args.values.set !== undefined && args.values.set !== name) continue;
      const scores: Score[] = [];
      for (const api of set) {
        if (only !== null && !only.includes(api)) continue;
        const s = await evaluate(api, dir, Number(args.values.workers), variant);
        scores.push(s);
        if (args.values.misses) {
          for (const m of s.misses) console.log(`  ${api} missed ${m}`);
          for (const m of s.extras) console.log(`  ${api} extra  ${m}`);
          for (const m of s.paramMisses) console.log(`  ${api} param  ${m}`);
        }
      }
      if (scores.length === 0) continue;
      const rows = args.values.totals ? [] : scores.map(row);
      console.log(
        `\n${name} set (${scores.length} specs, variant ${variant})\n\n${head}\n${[...rows, row(total(`all ${name}`, scores))].join('\n')}`,
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  // An unknown option is a usage error: say which and how to see the options, not a stack.
  console.error(e?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? `${e.message}; see --help` : e);
  process.exit(1);
});
