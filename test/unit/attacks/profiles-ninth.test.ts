/**
 * Parameter profiles, ninth round (docs/detection.md "One meaning per name (branch i18-profiles9)"),
 * as readable examples: a host whose endpoints share a parameter name (`name`, names of people at
 * `/teams`, `/users`, `/projects`), then a request to an endpoint never called before, and the
 * `anomaly` hits (point and rule) it gives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type AttackDetector } from '../../../node/analysis/attacks';
import { hitLines, profiled, tx } from './helpers';

const HEADERS: Array<[string, string]> = [
  ['Host', 'crm.example'],
  ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0'],
];
const NAMES = [
  'anna',
  'bruno',
  'carla river',
  'diego',
  'elena',
  'fabio gold',
  'gloria',
  'hugo',
  'ines',
  'jorge maple',
  'karen',
  'luis',
];

function get(d: AttackDetector, path: string, query: string): string[] {
  const r = d.detect(tx({ target: `${path}?${query}`, headers: HEADERS, response: { status: 200, body: 'ok' } }));
  return hitLines(r);
}

/**
 * A detector that has seen `rounds` requests to each of the paths, in turn, with a person's name as
 * `name`: the host-wide profile of `name` is established at its 30th value, and each endpoint's
 * values judged by it after that agree with it (its own profile has fewer than 30 values).
 */
function learned(paths: string[], rounds: number): AttackDetector {
  const d = profiled();
  let i = 0;
  for (let r = 0; r < rounds; r++) for (const p of paths) get(d, p, `name=${encodeURIComponent(NAMES[i++ % NAMES.length])}`);
  return d;
}

const THREE = ['/teams', '/users', '/projects'];

test('one meaning per name: at a new endpoint, the first value of a name three endpoints agree on is judged host-wide', () => {
  // 12 rounds of 3: the host-wide profile established at value 30, each endpoint's last values agreed with it.
  assert.deepEqual(get(learned(THREE, 12), '/groups', 'name=mar;io'), [
    'anomaly ["query","name"] host-wide symbol ;: in 0 of 36 values',
  ]);
  assert.deepEqual(get(learned(THREE, 12), '/groups', 'name=mario7'), [
    'anomaly ["query","name"] host-wide digits: in 0 of 36 values',
  ]);
  // Look-alikes quiet: a new name of the host's alphabet, one of two words, one the host knows.
  assert.deepEqual(get(learned(THREE, 12), '/groups', 'name=mario'), []);
  assert.deepEqual(get(learned(THREE, 12), '/groups', 'name=mario rossi'), []);
  assert.deepEqual(get(learned(THREE, 12), '/groups', 'name=anna'), []);
});

test('one meaning per name: not while fewer than three endpoints agree, nor once one endpoint means another thing by it', () => {
  // Two endpoints agreeing (16 rounds of 2) are not evidence enough.
  assert.deepEqual(get(learned(['/teams', '/users'], 16), '/groups', 'name=mar;io'), []);
  // `/files` calls its file names `name` (digits, `.` and `-` break the host's names twice): the name
  // means two things on this host, and a new endpoint's first value is not judged by it.
  const d = learned(THREE, 12);
  for (const file of ['report-2024.pdf', 'q3-plan.xlsx', 'notes-7.txt']) get(d, '/files', `name=${file}`);
  assert.deepEqual(get(d, '/groups', 'name=mar;io'), []);
});

test("one meaning per name: an endpoint's own values decide once it has two judged, as before", () => {
  const d = learned(THREE, 12);
  // `/groups` keeps the host's names twice: agreed, and judged by the host-wide profile as before.
  assert.deepEqual(get(d, '/groups', 'name=mario'), []);
  assert.deepEqual(get(d, '/groups', 'name=nina'), []);
  assert.deepEqual(get(d, '/groups', 'name=mar;io'), ['anomaly ["query","name"] host-wide symbol ;: in 0 of 38 values']);
});

test('one meaning per name: not a name whose values are sentences (their punctuation is language, another at each endpoint)', () => {
  const QUESTIONS = [
    'how do i reset my password',
    'where is my order',
    'can i change the delivery date',
    'why was my card declined',
  ];
  const d = profiled();
  let i = 0;
  for (let r = 0; r < 12; r++) for (const p of THREE) get(d, p, `q=${encodeURIComponent(QUESTIONS[i++ % QUESTIONS.length])}`);
  // The host's questions have no `=`; a new endpoint's first question with one is not judged by them.
  assert.deepEqual(get(d, '/groups', `q=${encodeURIComponent('what does 1=1 mean here')}`), []);
});
