/**
 * One spec's score (test/eval/discovery.ts): its synthesized traffic written into a capture,
 * replayed by `native-node replay --emit api_endpoint` in this process, the inventory compared
 * with the spec's operations.
 */
import fs from 'node:fs';
import path from 'node:path';
import { run as replay } from '../../../node/cli/commands/replay';
import type { ApiEndpointRecord } from '../../../node/records/types';
import { mergeByTime } from '../../../node/sample/conversation';
import { writePcap } from '../../../node/sample/pcap-writer';
import { renderConversation } from '../../../node/sample/scenarios';
import { normTemplate, synthesize, type TruthOperation, type Variant } from './synth';

export interface Score {
  api: string;
  ops: number;
  found: number;
  extra: number;
  reported: number;
  query: [number, number];
  body: [number, number];
  types: [number, number];
  /** Types as the spec declares them, with no allowance for text on the wire (typeAgrees without `sent`): the strict reading. */
  typesStrict: [number, number];
  /** Query and body parameters found whose declared format (date, date-time, email, uuid) the inventory reports. */
  formats: [number, number];
  misses: string[];
  extras: string[];
  /** Parameters not found, types and formats that disagree (`--misses`): `GET /x query limit: integer, got [string]`. */
  paramMisses: string[];
  ms: number;
}

export const SPECS = path.join(__dirname, 'specs');

/**
 * How each type the node reports writes its values as text, exactly (JSON's spelling: no leading
 * zero, no `+`, lower-case `true`/`false`): the texts a declared `string` shares with that type.
 */
const TEXT_OF_TYPE: Readonly<Record<string, RegExp>> = {
  integer: /^-?(?:0|[1-9]\d*)$/,
  number: /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?$/,
  boolean: /^(?:true|false)$/,
};

/**
 * Whether the node's types for a parameter agree with the spec's type `want`. An integer where the
 * spec says `number` agrees (every integer is a number). `sent` are the texts sent for a parameter
 * written as text (path, query, form field; undefined for JSON, whose quotes keep `"1"` a string):
 * a declared `string` whose every text sent is also the exact text of an integer, number or
 * boolean (`?$.xgafv=1` of an enum `["1", "2"]`, `/batches/4417` of a string id the generator
 * drew as digits) is written on the wire exactly as that type's values are, so the node's reading
 * of that type agrees too. Not the other way round: `string` for a declared integer sent as digits
 * is a miss (the digits prove an integer).
 */
export function typeAgrees(types: readonly string[] | undefined, want: string, sent?: ReadonlySet<string>): boolean {
  if (types === undefined) return false;
  if (types.includes(want)) return true;
  if (want === 'number' && types.includes('integer')) return true;
  if (want !== 'string' || sent === undefined || sent.size === 0) return false;
  return types.some((t) => Object.hasOwn(TEXT_OF_TYPE, t) && [...sent].every((x) => TEXT_OF_TYPE[t].test(x)));
}

export async function evaluate(api: string, dir: string, workers: number, variant: Variant = 'default'): Promise<Score> {
  const t0 = Date.now();
  const spec = JSON.parse(fs.readFileSync(path.join(SPECS, `${api}.json`), 'utf8'));
  const traffic = synthesize(api, spec, 1000 + [...api].reduce((a, c) => a + c.charCodeAt(0), 0), variant);
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
  const records = fs
    .readFileSync(out, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ApiEndpointRecord)
    .filter((r) => r.host === traffic.host);
  const byKey = new Map<string, ApiEndpointRecord>();
  for (const r of records) byKey.set(`${r.method} ${normTemplate(r.template)}`, r);
  const truth = new Map<string, TruthOperation>();
  for (const op of traffic.operations) truth.set(`${op.method} ${op.template}`, op);
  const s: Score = {
    api,
    ops: truth.size,
    found: 0,
    extra: 0,
    reported: byKey.size,
    query: [0, 0],
    body: [0, 0],
    types: [0, 0],
    typesStrict: [0, 0],
    formats: [0, 0],
    misses: [],
    extras: [],
    paramMisses: [],
    ms: 0,
  };
  for (const [k, op] of truth) {
    const rec = byKey.get(k);
    if (rec === undefined) {
      s.misses.push(`${op.method} ${op.specTemplate}`);
      continue;
    }
    s.found++;
    for (const [loc, sent, tally] of [
      ['query', op.query, s.query],
      ['body', op.body, s.body],
    ] as const) {
      const got = rec.params[loc] ?? {};
      for (const [name, type] of sent) {
        tally[1]++;
        const where = `${op.method} ${op.specTemplate} ${loc} ${name}`;
        if (got[name] === undefined) {
          s.paramMisses.push(`${where}: not found`);
          continue;
        }
        tally[0]++;
        s.types[1]++;
        s.typesStrict[1]++;
        if (typeAgrees(got[name].types, type)) s.typesStrict[0]++;
        if (typeAgrees(got[name].types, type, op.texts.get(`${loc} ${name}`))) s.types[0]++;
        else s.paramMisses.push(`${where}: ${type}, got [${got[name].types.join(',')}]`);
        const format = op.formats.get(`${loc} ${name}`);
        if (format === undefined) continue;
        s.formats[1]++;
        // An array's items carry the format (`$.emails[]`, or the comma-separated query values themselves).
        const formats = [...(got[name].formats ?? []), ...(got[`${name}[]`]?.formats ?? [])];
        if (formats.includes(format)) s.formats[0]++;
        else s.paramMisses.push(`${where}: format ${format}, got [${formats.join(',')}]`);
      }
    }
    const pathParams = Object.values(rec.params.path ?? {});
    op.path.forEach((type, i) => {
      if (i >= pathParams.length) return;
      s.types[1]++;
      s.typesStrict[1]++;
      if (typeAgrees(pathParams[i].types, type)) s.typesStrict[0]++;
      if (typeAgrees(pathParams[i].types, type, op.texts.get(`path #${i}`))) s.types[0]++;
      else s.paramMisses.push(`${op.method} ${op.specTemplate} path #${i}: ${type}, got [${pathParams[i].types.join(',')}]`);
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
