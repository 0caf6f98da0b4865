/**
 * Workers parity (issue 23): for each spec of the discovery eval's tuning set, the synthesized
 * traffic (test/eval/discovery/synth.ts) replayed with 1 thread and with N workers; per record
 * type (api_endpoint, session, vulnerability), whether the records are identical (whole, sorted),
 * and the endpoint templates only one side has. What is still different is listed in
 * docs/api-discovery.md, "Several analysis threads".
 *
 *   npx tsx test/eval/workers-parity.ts [--workers 2,4] [--set tuning|tuning-2|tuning-3|tuning-4|tuning-5|tuning-6|tuning-7|held-out|held-out-2|held-out-3|held-out-4|held-out-5|held-out-6|held-out-7|held-out-8|held-out-9|held-out-10|held-out-11|held-out-12|held-out-13[,...]] [--only NAME[,NAME]] [--keep DIR]
 *
 * --keep DIR keeps the captures and the records (DIR/NAME.pcap, DIR/NAME-N.jsonl) to compare by hand.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { run as replay } from '../../node/cli/commands/replay';
import { mergeByTime } from '../../node/sample/conversation';
import { writePcap } from '../../node/sample/pcap-writer';
import { renderConversation } from '../../node/sample/scenarios';
import { SPECS } from './discovery/score';
import { SPEC_SETS } from './discovery/splits';
import { synthesize, type Variant } from './discovery/synth';

const TYPES = ['api_endpoint', 'session', 'vulnerability'] as const;

function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x !== null && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );
}

async function records(capture: string, out: string, workers: number): Promise<Map<string, string[]>> {
  const write = process.stderr.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    await replay([capture, '--emit', TYPES.join(','), '--output', out, '--workers', String(workers)]);
  } finally {
    process.stderr.write = write;
  }
  const by = new Map<string, string[]>(TYPES.map((t) => [t, []]));
  for (const line of fs.readFileSync(out, 'utf8').split('\n').filter(Boolean)) {
    const r = JSON.parse(line) as { type: string };
    by.get(r.type)?.push(canonical(r));
  }
  for (const list of by.values()) list.sort();
  return by;
}

function templates(list: string[]): Set<string> {
  return new Set(
    list.map((l) => {
      const r = JSON.parse(l) as { method: string; template: string };
      return `${r.method} ${r.template}`;
    }),
  );
}

export interface SpecParity {
  workers: number;
  /** Per record type: identical (whole records, sorted) or `differ (one thread / workers)`. */
  cells: Record<(typeof TYPES)[number], string>;
  /** Endpoint templates only one thread has, only the workers have. */
  onlyOne: number;
  onlyMany: number;
}

/** Replays the synthesized traffic of spec `api` with one thread and with each of `counts` workers; what differs. */
export async function specParity(
  api: string,
  dir: string,
  counts: number[],
  variant: Variant = 'default',
): Promise<SpecParity[]> {
  const spec = JSON.parse(fs.readFileSync(path.join(SPECS, `${api}.json`), 'utf8'));
  const traffic = synthesize(api, spec, 1000 + [...api].reduce((a, c) => a + c.charCodeAt(0), 0), variant);
  // A variant's files are named apart (`NAME-non-json.pcap`): one directory may hold several.
  const name = variant === 'default' ? api : `${api}-${variant}`;
  const capture = path.join(dir, `${name}.pcap`);
  fs.writeFileSync(capture, writePcap(mergeByTime(traffic.plans.map((p) => renderConversation(p).packets))));
  const one = await records(capture, path.join(dir, `${name}-1.jsonl`), 1);
  const out: SpecParity[] = [];
  for (const n of counts) {
    const many = await records(capture, path.join(dir, `${name}-${n}.jsonl`), n);
    const cells = Object.fromEntries(
      TYPES.map((t) => {
        const a = one.get(t)!;
        const b = many.get(t)!;
        return [t, a.length === b.length && a.every((x, i) => x === b[i]) ? 'same' : `differ (${a.length} / ${b.length})`];
      }),
    ) as SpecParity['cells'];
    const t1 = templates(one.get('api_endpoint')!);
    const tn = templates(many.get('api_endpoint')!);
    out.push({
      workers: n,
      cells,
      onlyOne: [...t1].filter((t) => !tn.has(t)).length,
      onlyMany: [...tn].filter((t) => !t1.has(t)).length,
    });
  }
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      workers: { type: 'string', default: '2,4' },
      set: { type: 'string', default: 'tuning' },
      only: { type: 'string' },
      keep: { type: 'string' },
    },
  });
  const only = values.only?.split(',') ?? null;
  const dir = values.keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'workers-parity-'));
  if (values.keep) fs.mkdirSync(dir, { recursive: true });
  try {
    console.log(`| spec | workers | ${TYPES.join(' | ')} | templates only on one thread / only with workers |`);
    console.log(`|---|---|${TYPES.map(() => '---|').join('')}---|`);
    const specs = values.set!.split(',').flatMap((name) => {
      const set = SPEC_SETS[name];
      if (set === undefined) throw new Error(`--set ${name}: not one of ${Object.keys(SPEC_SETS).join(', ')}`);
      return set;
    });
    for (const api of specs) {
      if (only !== null && !only.includes(api)) continue;
      for (const p of await specParity(api, dir, values.workers!.split(',').map(Number)))
        console.log(`| ${api} | ${p.workers} | ${TYPES.map((t) => p.cells[t]).join(' | ')} | ${p.onlyOne} / ${p.onlyMany} |`);
    }
  } finally {
    if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) void main();
