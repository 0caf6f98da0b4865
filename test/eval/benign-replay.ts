/**
 * npm run eval:benign-replay — false positives of parameter profiles on benign traffic replayed as
 * one stream (docs/detection.md "Parameter profiles"). eval:detection scores each case with a
 * detector that has seen the cases before it too, but its cases are independent requests of many
 * sites spread over few endpoints; here each benign source is replayed in order through one
 * AttackDetector, as `native-node replay` with one worker would, so that profiles establish on
 * the endpoints that recur and judge what follows:
 *  - `webtraffic` and `openapi-heldout` (test/eval/benign-requests.ts): whole requests of browsers,
 *    apps and API clients (webtraffic is the source false positives were read from while tuning;
 *    openapi-heldout is measured only),
 *  - `site-traffic` (test/eval/site-traffic.ts): developer sites, CMS saves, shops, mail, SSO and
 *    payment callbacks, telemetry, GraphQL and many scripts, as one site receives them in order,
 *  - `readme-prose` and the corpora's benign values (libinjection and http-params false
 *    positives), each posted to one comment form and one search query of one site: free text
 *    learned and judged on the same parameter.
 * Reported: requests, flagged with profiles off and on, FPR, and the `anomaly` hits.
 *   --show N     print N flagged requests (their anomaly rules) per source (webtraffic only); for
 *                site-traffic (ours, written for tuning) every flagged request, profiles off, by its
 *                name with each hit's class, point and the value that fired
 *   --source a,b only these sources (e.g. `webtraffic,readme-prose` while tuning: openapi-heldout is
 *                read once per change, as a measure, not as a gate to tune to)
 *   --classes    print, per source, how many flagged requests (profiles on) each kind of hit has:
 *                class, point kind and the anomaly rule with its numbers as N, without the requests
 *                themselves (so a measured-only source's false positives are read by class only)
 */
import { parseArgs } from 'node:util';
import { AttackDetector } from '../../node/analysis/attacks';
import type { AttackHit } from '../../node/records/types';
import { tx } from '../unit/attacks/helpers';
import { readmeProse } from './benign';
import { benignRequests } from './benign-requests';
import { loadCorpora } from './learn';
import { siteTraffic } from './site-traffic';

interface Req {
  method: string;
  target: string;
  headers: Array<[string, string]>;
  body: string | Buffer;
  /** site-traffic's name of the request (printed by --show). */
  name?: string;
}

function valueStream(values: string[]): Req[] {
  const headers: Array<[string, string]> = [
    ['Host', 'forum.example'],
    ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0'],
  ];
  const out: Req[] = [];
  for (const v of values) {
    out.push({ method: 'GET', target: `/search?q=${encodeURIComponent(v)}&page=1`, headers, body: '' });
    out.push({
      method: 'POST',
      target: '/comments',
      headers: [...headers, ['Content-Type', 'application/x-www-form-urlencoded']],
      body: `topic=42&text=${encodeURIComponent(v)}`,
    });
  }
  return out;
}

/** A hit's point as its kind: `query`, `json`, `header user-agent`..., never the value. */
function pointKind(point: ReadonlyArray<string | number>): string {
  const [kind, name] = point;
  return kind === 'header' || kind === 'cookie' ? `${kind} ${String(name).toLowerCase()}` : String(kind);
}

/** A flagged site-traffic request as `name: class point rule <- value` per hit (values cut at 200). */
function describeHits(name: string, hits: readonly AttackHit[]): string {
  const lines = hits.map(
    (h) => `    ${h.class} ${JSON.stringify(h.point)} ${h.rule ?? ''} <- ${JSON.stringify((h.value ?? '').slice(0, 200))}`,
  );
  return `  ${name}\n${lines.join('\n')}`;
}

function main(): void {
  const args = parseArgs({
    options: { show: { type: 'string', default: '0' }, source: { type: 'string' }, classes: { type: 'boolean' } },
  });
  const show = Number(args.values.show);
  const only = args.values.source?.split(',') ?? null;
  const streams = new Map<string, Req[]>();
  for (const r of benignRequests()) {
    const family = r.source.split('/')[0];
    let s = streams.get(family);
    if (s === undefined) streams.set(family, (s = []));
    for (const q of r.reqs) s.push(q);
  }
  streams.set(
    'site-traffic',
    siteTraffic().map((r) => ({
      method: r.spec.method ?? 'GET',
      target: r.spec.target,
      headers: r.spec.headers ?? [],
      body: r.spec.body ?? '',
      name: r.name,
    })),
  );
  streams.set('readme-prose', valueStream(readmeProse().map((v) => v.value)));
  streams.set(
    'corpus-benign-values',
    valueStream(
      loadCorpora()
        .values.filter((v) => v.expect === null)
        .map((v) => v.value),
    ),
  );
  console.log(
    '| source (one stream) | requests | flagged, profiles off | flagged, profiles on | FPR on % | anomaly hits |\n|---|---|---|---|---|---|',
  );
  for (const [source, reqs] of streams) {
    if (only !== null && !only.includes(source)) continue;
    const flagged = [0, 0];
    let anomalies = 0;
    const shown: string[] = [];
    const kinds = new Map<string, number>();
    for (const on of [false, true]) {
      const detector = new AttackDetector({ maxMillisPerRequest: Number.POSITIVE_INFINITY, anomaly: { enabled: on } });
      for (const q of reqs) {
        const r = detector.detect(
          tx({ method: q.method, target: q.target, headers: q.headers, body: q.body, response: { status: 200, body: 'ok' } }),
        );
        if (r === null) continue;
        flagged[on ? 1 : 0]++;
        if (!on && q.name !== undefined && shown.length < show) shown.push(describeHits(q.name, r.hits));
        if (on && args.values.classes)
          for (const k of new Set(
            r.hits.map((h) => `${h.class} ${pointKind(h.point)}${h.rule ? ' ' + h.rule.replace(/\d+/g, 'N') : ''}`),
          ))
            kinds.set(k, (kinds.get(k) ?? 0) + 1);
        const a = r.hits.filter((h) => h.class === 'anomaly' || h.rule === 'backup-copy');
        if (on) anomalies += a.length;
        if (on && a.length > 0 && shown.length < show && source !== 'openapi-heldout')
          shown.push(
            `  ${a.map((h) => `${JSON.stringify(h.point)} ${h.rule}`).join('; ')} <- ${q.method} ${q.target.slice(0, 160)}`,
          );
      }
    }
    console.log(
      `| ${source} | ${reqs.length} | ${flagged[0]} | ${flagged[1]} | ${((100 * flagged[1]) / reqs.length).toFixed(2)} | ${anomalies} |`,
    );
    for (const s of shown) console.log(s);
    for (const [k, n] of [...kinds].sort((a, b) => b[1] - a[1])) console.log(`  ${n} ${k}`);
  }
}

main();
