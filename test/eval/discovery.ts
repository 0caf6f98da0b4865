/**
 * npm run eval:discovery — API discovery measured on traffic synthesized from public OpenAPI
 * documents (test/eval/discovery/specs/, test/eval/discovery/synth.ts): each spec's traffic is
 * written into a capture (test/gen) and analysed by `native-node replay --emit api_endpoint`
 * in this process; the inventory is scored against the spec: endpoint recall and precision
 * (method + template, parameter names ignored), query and body parameter recall on the found
 * endpoints, and type agreement. Tuning and held-out specs are reported apart
 * (test/eval/discovery/splits.ts); only the tuning set may shape the code.
 *   --only NAME[,NAME]  just these specs (file names without .json)
 *   --set tuning|held-out  just one set (develop on `--set tuning`)
 *   --misses            print the missed and the extra endpoints of each spec
 *   --workers N         replay with N worker threads (default 1)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { run as replay } from '../../node/cli/commands/replay';
import type { ApiEndpointRecord } from '../../node/records/types';
import { mergeByTime } from '../../node/sample/conversation';
import { writePcap } from '../../node/sample/pcap-writer';
import { renderConversation } from '../../node/sample/scenarios';
import { HELD_OUT, TUNING } from './discovery/splits';
import { normTemplate, synthesize, type TruthOperation } from './discovery/synth';

interface Score {
  api: string;
  ops: number;
  found: number;
  extra: number;
  reported: number;
  query: [number, number];
  body: [number, number];
  types: [number, number];
  misses: string[];
  extras: string[];
  ms: number;
}

const SPECS = path.join(__dirname, 'discovery', 'specs');

function typeAgrees(types: string[] | undefined, want: string): boolean {
  if (types === undefined) return false;
  if (types.includes(want)) return true;
  return want === 'number' && types.includes('integer');
}

async function evaluate(api: string, dir: string, workers: number): Promise<Score> {
  const t0 = Date.now();
  const spec = JSON.parse(fs.readFileSync(path.join(SPECS, `${api}.json`), 'utf8'));
  const traffic = synthesize(api, spec, 1000 + [...api].reduce((a, c) => a + c.charCodeAt(0), 0));
  const capture = path.join(dir, `${api}.pcap`);
  const out = path.join(dir, `${api}.jsonl`);
  fs.writeFileSync(capture, writePcap(mergeByTime(traffic.plans.map((p) => renderConversation(p).packets))));
  // The replay summary (stderr) is not what is measured here.
  const write = process.stderr.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  let code: number;
  try {
    code = await replay([capture, '--emit', 'api_endpoint', '--output', out, '--workers', String(workers)]);
  } finally {
    process.stderr.write = write;
  }
  if (code !== 0) throw new Error(`replay of ${api} exited ${code}`);
  const records = fs.readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as ApiEndpointRecord).filter((r) => r.host === traffic.host);
  const byKey = new Map<string, ApiEndpointRecord>();
  for (const r of records) byKey.set(`${r.method} ${normTemplate(r.template)}`, r);
  const truth = new Map<string, TruthOperation>();
  for (const op of traffic.operations) truth.set(`${op.method} ${op.template}`, op);
  const s: Score = { api, ops: truth.size, found: 0, extra: 0, reported: byKey.size, query: [0, 0], body: [0, 0], types: [0, 0], misses: [], extras: [], ms: 0 };
  for (const [k, op] of truth) {
    const rec = byKey.get(k);
    if (rec === undefined) {
      s.misses.push(`${op.method} ${op.specTemplate}`);
      continue;
    }
    s.found++;
    for (const [loc, sent, tally] of [['query', op.query, s.query], ['body', op.body, s.body]] as const) {
      const got = rec.params[loc] ?? {};
      for (const [name, type] of sent) {
        tally[1]++;
        if (got[name] === undefined) continue;
        tally[0]++;
        s.types[1]++;
        if (typeAgrees(got[name].types, type)) s.types[0]++;
      }
    }
    const pathParams = Object.values(rec.params.path ?? {});
    op.path.forEach((type, i) => {
      if (i >= pathParams.length) return;
      s.types[1]++;
      if (typeAgrees(pathParams[i].types, type)) s.types[0]++;
    });
  }
  for (const [k, r] of byKey) {
    if (truth.has(k)) continue;
    s.extra++;
    s.extras.push(`${r.method} ${r.template} (${r.count})`);
  }
  s.ms = Date.now() - t0;
  return s;
}

const pct = (a: number, b: number): string => (b === 0 ? '–' : `${((100 * a) / b).toFixed(1)}`);

function row(s: Score): string {
  return `| ${s.api} | ${s.ops} | ${pct(s.found, s.ops)} | ${pct(s.found, s.found + s.extra)} | ${pct(...s.query)} | ${pct(...s.body)} | ${pct(...s.types)} |`;
}

function total(name: string, xs: Score[]): Score {
  const sum = (f: (s: Score) => number) => xs.reduce((a, s) => a + f(s), 0);
  return {
    api: `**${name}**`, ops: sum((s) => s.ops), found: sum((s) => s.found), extra: sum((s) => s.extra), reported: sum((s) => s.reported),
    query: [sum((s) => s.query[0]), sum((s) => s.query[1])], body: [sum((s) => s.body[0]), sum((s) => s.body[1])], types: [sum((s) => s.types[0]), sum((s) => s.types[1])],
    misses: [], extras: [], ms: sum((s) => s.ms),
  };
}

async function main(): Promise<void> {
  const args = parseArgs({ options: { set: { type: 'string' }, only: { type: 'string' }, misses: { type: 'boolean', default: false }, workers: { type: 'string', default: '1' } } });
  const only = args.values.only?.split(',') ?? null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-discovery-'));
  const head = '| spec | operations | recall % | precision % | query params % | body params % | types % |\n|---|---|---|---|---|---|---|';
  try {
    for (const [name, set] of [['tuning', TUNING], ['held-out', HELD_OUT]] as const) {
      if (args.values.set !== undefined && args.values.set !== name) continue;
      const scores: Score[] = [];
      for (const api of set) {
        if (only !== null && !only.includes(api)) continue;
        const s = await evaluate(api, dir, Number(args.values.workers));
        scores.push(s);
        if (args.values.misses) {
          for (const m of s.misses) console.log(`  ${api} missed ${m}`);
          for (const m of s.extras) console.log(`  ${api} extra  ${m}`);
        }
      }
      if (scores.length === 0) continue;
      console.log(`\n${name} set (${scores.length} specs)\n\n${head}\n${scores.map(row).join('\n')}\n${row(total(`all ${name}`, scores))}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
