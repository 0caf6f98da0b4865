/**
 * Development listing for the rce class (docs/detection.md, "rce"): which command/code-injection
 * cases of the public corpora are missed, grouped by where they come from — CRS rules by family
 * (932 Unix/Windows shell, 933 PHP, 934 Node.js/generic, 944 Java; the rule id says the paranoia
 * level's sub-family), nuclei rce templates by tag, fuzzdb rce lines — plus the benign cases that
 * rce flags. Detection uses the committed models: rce itself learns nothing, so this is also the
 * leave-one-source-out result for rce.
 *
 *   npx tsx test/eval/rce-misses.ts [--show N] [--family 932] [--benign]
 */
import { parseArgs } from 'node:util';
import { AttackDetector } from '../../node/analysis/attacks';
import type { AttackClass } from '../../node/records/types';
import { tx } from '../unit/attacks/helpers';
import { loadFuzzdb, readCrsTests } from './corpus';
import { loadNucleiTemplates, templateRequests } from './nuclei';
import { requestLineSafe, valueRequest, VALUE_POINTS, type RequestSpec } from './requests';
import { loadCorpora } from './learn';
import { readmeProse } from './benign';

interface Row {
  group: string;
  label: string;
  reqs: Array<{ method: string; target: string; headers: Array<[string, string]>; body: string | Buffer }>;
}

const RCE_CRS = new Set(['rce', 'php', 'java', 'generic']);
const RCE_SUB = new Set(['log4shell', 'nodejs', 'perl', 'ruby', 'php_data_scheme']);

function crsRows(): Row[] {
  const rows: Row[] = [];
  for (const { test: d, req } of readCrsTests()) {
    if (d.label === 'benign' || d.label === 'no_fire') continue;
    const rce =
      d.subclass && RCE_SUB.has(d.subclass) ? true : !d.subclass || !['ssrf', 'ssti', 'crlf', 'ldapi'].includes(d.subclass);
    if (!RCE_CRS.has(d.label) || !rce) continue;
    const headers = req.headers.some(([n]) => n.toLowerCase() === 'host')
      ? req.headers
      : [['Host', 'shop.example'] as [string, string], ...req.headers];
    rows.push({
      group: `crs ${d.rule_id} ${d.label}${d.subclass ? '/' + d.subclass : ''}`,
      label: `${d.method} ${d.uri} ${String(req.body).slice(0, 160)} ${headers
        .filter(([n, v]) => !/^(host|accept|content-type|content-length)$/i.test(n) && v !== 'OWASP CRS test agent')
        .map(([n, v]) => `${n}: ${v}`)
        .join(' | ')}`,
      reqs: [{ ...req, headers, target: requestLineSafe(req.target) }],
    });
  }
  return rows;
}

function nucleiRows(): Row[] {
  const rows: Row[] = [];
  for (const t of loadNucleiTemplates()) {
    if (t.label !== 'rce') continue;
    const reqs = templateRequests(t);
    if (reqs.length === 0) continue;
    const last = reqs[reqs.length - 1];
    rows.push({
      group: `nuclei ${t.tags
        .filter((x) => !/^(cve|cve\d+|kev|vkev|vuln|intrusive|rce|oast)$/.test(x))
        .slice(0, 2)
        .join(',')}`,
      label: `${t.id} ${last.method} ${last.target} ${String(last.body).slice(0, 200)} ${last.headers
        .filter(([n]) => !/^(host|user-agent)$/i.test(n))
        .map(([n, v]) => `${n}: ${v}`)
        .join(' | ')}`,
      reqs,
    });
  }
  return rows;
}

function fuzzdbRows(): Row[] {
  return loadFuzzdb()
    .filter((v) => v.source === 'fuzzdb/rce')
    .map((v) => ({ group: 'fuzzdb rce', label: v.value, reqs: [valueRequest('query', v.value) as RequestSpec] }));
}

/** The benign values of the corpora (readme prose, synthetic, http-params...) that rce flags, by corpus. */
function benign(detector: AttackDetector, show: number): void {
  const values = [...loadCorpora().values, ...readmeProse()].filter((v) => v.expect === null);
  const tally = new Map<string, { n: number; fp: string[] }>();
  values.forEach((v, i) => {
    const req = valueRequest(VALUE_POINTS[i % VALUE_POINTS.length], v.value) ?? valueRequest('form', v.value)!;
    const res = detector.detect(tx({ ...req, response: { status: 200, body: 'ok' } }));
    const key = v.source.split('/')[0];
    const t = tally.get(key) ?? { n: 0, fp: [] as string[] };
    t.n++;
    if (res?.hits.some((h) => h.class === 'rce')) t.fp.push(`[${req.placeholder}] ${JSON.stringify(v.value.slice(0, 200))}`);
    tally.set(key, t);
  });
  for (const [k, t] of [...tally].sort()) {
    console.log(`== benign ${k}: rce on ${t.fp.length} of ${t.n}`);
    for (const m of t.fp.slice(0, show)) console.log('   ' + m);
  }
}

function main(): void {
  const { values } = parseArgs({
    options: { show: { type: 'string' }, family: { type: 'string' }, benign: { type: 'boolean' } },
  });
  const show = Number(values.show ?? 3);
  const detector = new AttackDetector({ maxMillisPerRequest: 1000, anomaly: { enabled: false } });
  if (values.benign) return benign(detector, show);
  const groups = new Map<string, { n: number; miss: string[]; other: Map<string, number> }>();
  const rows = [...crsRows(), ...nucleiRows(), ...fuzzdbRows()].filter(
    (r) => !values.family || r.group.includes(' ' + values.family) || r.group.startsWith(values.family),
  );
  for (const r of rows) {
    const hits = new Set<AttackClass>();
    for (const q of r.reqs) {
      const res = detector.detect(
        tx({ method: q.method, target: q.target, headers: q.headers, body: q.body, response: { status: 200, body: 'ok' } }),
      );
      for (const h of res?.hits ?? []) hits.add(h.class);
    }
    const key = r.group.startsWith('crs') ? r.group.replace(/^crs (\d{4})\d\d/, 'crs $1xx') : r.group.split(' ')[0];
    const g = groups.get(key) ?? { n: 0, miss: [] as string[], other: new Map<string, number>() };
    g.n++;
    const ok = hits.has('rce') || (r.group.startsWith('nuclei') && hits.has('scanner'));
    if (!ok) {
      g.miss.push(`${r.group}: ${JSON.stringify(r.label.slice(0, 300))}${hits.size ? ' [' + [...hits].join(',') + ']' : ''}`);
      for (const h of hits) g.other.set(h, (g.other.get(h) ?? 0) + 1);
    }
    groups.set(key, g);
  }
  let n = 0;
  let miss = 0;
  for (const [k, g] of [...groups].sort()) {
    n += g.n;
    miss += g.miss.length;
    console.log(
      `== ${k}: missed ${g.miss.length} of ${g.n}${g.other.size ? ' (other classes: ' + [...g.other].map(([c, x]) => `${c} ${x}`).join(', ') + ')' : ''}`,
    );
    for (const m of g.miss.slice(0, show)) console.log('   ' + m);
  }
  console.log(`all: detected ${n - miss} of ${n} (${((100 * (n - miss)) / n).toFixed(2)} %)`);
}

main();
