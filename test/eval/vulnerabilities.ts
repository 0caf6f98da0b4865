/**
 * npm run eval:vulnerabilities — passive-vulnerability detection on request/response pairs of what
 * real frameworks and servers send (test/eval/vulnerability-cases/): every case is one connection
 * of one capture (written with test/gen), replayed by `native-node replay --emit vulnerability`,
 * so the figures come from the real pipeline and the real de-duplication (all cases share one
 * host, as a scanned site would). A case counts as found when a record of one of its expected
 * kinds is reported on its connection; a benign case counts as a false positive when any record is.
 * Writes the per-category table of the development and the held-out set into
 * docs/vulnerabilities.md (between the eval markers).
 *   --misses   print every missed case and false positive with the records it produced
 *   --no-docs  leave docs/vulnerabilities.md alone
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { VulnerabilityRecord } from '../../node/records/types';
import { buildScenario, type ConversationPlan } from '../../node/sample/scenarios';
import { writePcap } from '../../node/sample/pcap-writer';
import { devCases } from './vulnerability-cases/dev';
import { heldOutCases } from './vulnerability-cases/held-out';
import { CATEGORIES, type VulnCase } from './vulnerability-cases/helpers';

interface Labelled extends VulnCase {
  split: 'dev' | 'held-out';
  id: number;
}

/**
 * One site per split: findings are de-duplicated per host and endpoint, so a held-out case on the
 * same endpoint as a development case (both serve `/.env`) must not be hidden behind it.
 */
const HOST: Record<Labelled['split'], string> = { dev: 'shop.example', 'held-out': 'store.example' };

function clientOf(id: number): { ip: string; port: number } {
  return { ip: `10.27.${Math.floor(id / 200)}.${(id % 200) + 1}`, port: 30000 + id };
}

/** Every case as one connection of one capture, replayed; the records by case id. */
export function replayCases(cases: Labelled[], configYaml?: string): Map<number, VulnerabilityRecord[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-vulns-'));
  try {
    const pcap = path.join(dir, 'eval.pcap');
    const plans: ConversationPlan[] = cases.map((c) => {
      const client = clientOf(c.id);
      return {
        opts: { client: client.ip, server: '10.27.250.1', clientPort: client.port, serverPort: 80, seed: c.id + 1 },
        exchanges: [
          {
            method: c.method ?? 'GET',
            target: c.target,
            host: HOST[c.split],
            requestHeaders: c.requestHeaders,
            requestBody: c.requestBody,
            status: c.status ?? 200,
            reason: (c.status ?? 200) >= 400 ? 'Error' : 'OK',
            responseHeaders: c.responseHeaders,
            responseBody: c.responseBody ?? '',
          },
        ],
      };
    });
    // In case order, not interleaved: de-duplication sees the cases as a site's traffic in sequence.
    const scenario = buildScenario('eval-vulnerabilities', []);
    const packets = plans.flatMap((p) => buildScenario('one', [p]).packets);
    fs.writeFileSync(pcap, writePcap([...scenario.packets, ...packets]));
    const args = [path.resolve(__dirname, '../../node/cli/main.ts'), 'replay', pcap, '--emit', 'vulnerability'];
    if (configYaml !== undefined) {
      fs.writeFileSync(path.join(dir, 'go-node.yaml'), configYaml);
      args.push('--config', path.join(dir, 'go-node.yaml'));
    }
    const out = execFileSync(process.execPath, ['--import', 'tsx', ...args], { maxBuffer: 1 << 28, encoding: 'utf8' });
    const bySrc = new Map(cases.map((c) => [`${clientOf(c.id).ip}:${clientOf(c.id).port}`, c.id]));
    const found = new Map<number, VulnerabilityRecord[]>(cases.map((c) => [c.id, []]));
    for (const line of out.split('\n')) {
      if (!line) continue;
      const rec = JSON.parse(line) as VulnerabilityRecord;
      if (rec.type !== 'vulnerability') continue;
      const id = bySrc.get(rec.flow.src);
      if (id !== undefined) found.get(id)!.push(rec);
    }
    return found;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function allCases(): Labelled[] {
  const out: Labelled[] = [];
  for (const c of devCases()) out.push({ ...c, split: 'dev', id: out.length });
  for (const c of heldOutCases()) out.push({ ...c, split: 'held-out', id: out.length });
  return out;
}

function hit(c: VulnCase, recs: VulnerabilityRecord[]): boolean {
  return c.expect === null ? recs.length > 0 : recs.some((r) => c.expect!.includes(r.kind));
}

const pct = (a: number, n: number): string => (n === 0 ? '-' : `${((100 * a) / n).toFixed(1)} %`);

function table(cases: Labelled[], found: Map<number, VulnerabilityRecord[]>): string {
  const lines = ['| category | held-out found | held-out n | development found | development n |', '|---|---|---|---|---|'];
  const tally = (split: string, cat: string) => {
    const cs = cases.filter((c) => c.split === split && c.category === cat);
    return { n: cs.length, ok: cs.filter((c) => hit(c, found.get(c.id)!)).length };
  };
  const sum = { h: { n: 0, ok: 0 }, d: { n: 0, ok: 0 } };
  for (const cat of CATEGORIES) {
    const h = tally('held-out', cat);
    const d = tally('dev', cat);
    sum.h.n += h.n;
    sum.h.ok += h.ok;
    sum.d.n += d.n;
    sum.d.ok += d.ok;
    lines.push(`| ${cat} | ${pct(h.ok, h.n)} (${h.ok}/${h.n}) | ${h.n} | ${pct(d.ok, d.n)} (${d.ok}/${d.n}) | ${d.n} |`);
  }
  lines.push(
    `| **all vulnerable** (TPR) | **${pct(sum.h.ok, sum.h.n)}** (${sum.h.ok}/${sum.h.n}) | ${sum.h.n} | **${pct(sum.d.ok, sum.d.n)}** (${sum.d.ok}/${sum.d.n}) | ${sum.d.n} |`,
  );
  const hb = tally('held-out', 'benign');
  const db = tally('dev', 'benign');
  lines.push(
    `| **benign look-alikes reported** (FPR) | **${pct(hb.ok, hb.n)}** (${hb.ok}/${hb.n}) | ${hb.n} | **${pct(db.ok, db.n)}** (${db.ok}/${db.n}) | ${db.n} |`,
  );
  return lines.join('\n');
}

function main(): void {
  const { values } = parseArgs({ options: { misses: { type: 'boolean' }, 'no-docs': { type: 'boolean' } } });
  const cases = allCases();
  const t0 = Date.now();
  const found = replayCases(cases);
  const ms = Date.now() - t0;
  const report =
    `Generated by \`npm run eval:vulnerabilities\` on ${new Date().toISOString().slice(0, 10)}: ${cases.length} cases ` +
    `(${cases.filter((c) => c.split === 'held-out').length} held out, ${cases.filter((c) => c.expect === null).length} benign), ` +
    `one connection each in one capture, one host per split, replayed by \`native-node replay --emit vulnerability\` (${ms} ms).\n\n${table(cases, found)}\n`;
  console.log(report);
  if (values.misses) {
    for (const c of cases) {
      const recs = found.get(c.id)!;
      if (c.expect === null ? recs.length === 0 : hit(c, recs)) continue;
      console.log(
        `${c.expect === null ? 'FP  ' : 'MISS'} [${c.split}] ${c.category}: ${c.name} ${recs.map((r) => `{${r.kind} ${r.detail} ${r.evidence}}`).join(' ')}`,
      );
    }
  }
  const doc = path.resolve(__dirname, '../../docs/vulnerabilities.md');
  if (!values['no-docs'] && fs.existsSync(doc)) {
    const text = fs.readFileSync(doc, 'utf8');
    const begin = '<!-- eval:begin -->';
    const end = '<!-- eval:end -->';
    const a = text.indexOf(begin);
    const b = text.indexOf(end);
    if (a >= 0 && b > a) fs.writeFileSync(doc, `${text.slice(0, a + begin.length)}\n${report}\n${text.slice(b)}`);
  }
}

if (require.main === module) main();
