/**
 * Every benign value of the corpora (libinjection and http-params false positives, gotestwaf's
 * false-pos texts are requests and not here; the synthetic look-alikes and README prose) placed in
 * every request point, not only the one the evaluation's rotation gives it: which classes flag
 * which values. For checking a new detector against benign text without depending on where the
 * rotation puts each value (adding cases to a corpus shifts it). docs/detection.md, Evaluation.
 *
 *   npx tsx test/eval/benign-all-points.ts [--classes xpathi,overflow] [--show 20] [--spellings]
 *
 * --spellings  also the other spellings of each point (SPELLED_POINTS of requests.ts: `+` for
 *              space, raw query and path, escaped JSON, raw cookies, folded headers, CDATA ...)
 */
import { parseArgs } from 'node:util';
import { AttackDetector } from '../../node/analysis/attacks';
import { readmeProse } from './benign';
import { loadCorpora } from './learn';
import { classesAt, SPELLED_POINTS, VALUE_POINTS, type AnyPoint } from './requests';

const { values } = parseArgs({
  options: { classes: { type: 'string' }, show: { type: 'string' }, spellings: { type: 'boolean' } },
});
const points: readonly AnyPoint[] = values.spellings ? [...VALUE_POINTS, ...SPELLED_POINTS] : VALUE_POINTS;
const only = values.classes ? new Set(values.classes.split(',')) : null;
const show = Number(values.show ?? 20);
const detector = new AttackDetector({ maxMillisPerRequest: 60_000, anomaly: { enabled: false } });
const benign = [...loadCorpora().values, ...readmeProse()].filter((v) => v.expect === null);
const flagged = new Map<string, Set<string>>();
let n = 0;
for (const v of benign) {
  for (const point of points) {
    const classes = classesAt(detector, point, v.value);
    if (classes === null) continue;
    n++;
    for (const cls of classes) {
      if (only !== null && !only.has(cls)) continue;
      const key = `${cls} ${v.source}`;
      let set = flagged.get(key);
      if (set === undefined) flagged.set(key, (set = new Set()));
      set.add(`${point}: ${JSON.stringify(v.value.slice(0, 160))}`);
    }
  }
}
console.log(`${benign.length} benign values, ${n} requests`);
for (const [key, set] of [...flagged].sort()) console.log(`== ${key} (${set.size})\n${[...set].slice(0, show).join('\n')}`);
