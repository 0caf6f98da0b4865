/**
 * SQL the sqli rules did not read before branch i18-sqli7 (docs/detection.md, "SQL injection
 * recall, seventh session (branch i18-sqli7)"): a parenthesised SQL expression closed by a line
 * comment, and scanner quote probes (a word glued to a quote in an identifier's parameter, a number
 * glued to a quote in a list parameter such as `cat[]`). Look-alikes with the same marks in text,
 * in other names, or inside words, stay quiet.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AttackDetector } from '../../../node/analysis/attacks';
import { exampleTable, HOST, RELAXED, sqlLanguageOnly, tx } from './helpers';

const detectors = { 'the language only': sqlLanguageOnly(), 'the committed models': new AttackDetector(RELAXED) };

const EXPRESSIONS: Array<['sqli', string]> = [
  // MySQL's BINARY cast and numeric functions nested over a number or a variable, then `--`.
  ['sqli', ' ( BINARY ( 1) )  --'],
  ['sqli', ' ( COS ( BINARY ( @a)) )  --'],
  ['sqli', ' ( BINARY BINARY COS ( 1) )  --'],
  ['sqli', ' (  1 - (SELECT BINARY ( 1)) )  --'],
  // A number nested in parentheses, an arithmetic over a variable.
  ['sqli', ' ( ( 1 ) )  --'],
  ['sqli', ' ( 1 * @a )  --'],
];

const EXPRESSION_LOOK_ALIKES = [
  // Text in parentheses before a dash: words of its own, or one number not nested.
  '(see above) --',
  '(note 1) --',
  '(1) --',
  '(default) --',
  // SQL's words in parentheses without a comment after them, or with text after the dashes.
  '(cos (1))',
  '( ( 1 ) ) -- see footnote',
  // Unbalanced parentheses.
  '( 1 ) ) --',
];

describe('expressions, the language only', () =>
  exampleTable(sqlLanguageOnly(), EXPRESSIONS, EXPRESSION_LOOK_ALIKES, ['q', 'form', 'json'], ['sqli']));
describe('expressions, the committed models', () =>
  exampleTable(new AttackDetector(RELAXED), EXPRESSIONS, EXPRESSION_LOOK_ALIKES, ['q', 'form', 'json'], ['sqli']));

/** Whether a form body of `name=value` pairs (written unencoded here) is reported as sqli. */
function sqliInForm(detector: AttackDetector, pairs: string): boolean {
  const body = pairs
    .split('&')
    .map((p) => p.split('=').map(encodeURIComponent).join('='))
    .join('&');
  const request = tx({
    method: 'POST',
    target: '/index.php',
    headers: [HOST, ['Content-Type', 'application/x-www-form-urlencoded']],
    body,
  });
  return detector.detect(request)?.hits.some((h) => h.class === 'sqli') ?? false;
}

const PROBES = [
  // nuclei's probes: a word, or a word and an escaped quote, in an identifier's field.
  "txtID=uname'&txtPW=passwd",
  "object=displayregion&contenthistid=x\\'&previewid=1",
  "user_id=admin'",
  // A number and a quote in a list of checked options (vBulletin's search).
  "contenttypeid=7&do=process&cat[]=-1'",
  "tags[0]=12'",
];

const QUIET = [
  // A height or length in feet outside an identifier or a list.
  "height=5'&width=3'",
  "cat=5'",
  // A name with an apostrophe inside it; possessive words in prose fields.
  "name=O'Brien",
  "note=the students'",
  // Words and a quote in a list: free text, not a key.
  "tags[]=rock 'n' roll",
  "labels[]=students'",
  // An identifier holding two words and a quote is text, not one token.
  "user_id=my friend's",
];

for (const [label, detector] of Object.entries(detectors)) {
  for (const pairs of PROBES) test(`${label}: sqli: ${pairs}`, () => assert.equal(sqliInForm(detector, pairs), true, pairs));
  for (const pairs of QUIET) test(`${label}: benign: ${pairs}`, () => assert.equal(sqliInForm(detector, pairs), false, pairs));
}
