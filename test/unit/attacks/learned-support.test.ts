import { test } from 'node:test';
import assert from 'node:assert/strict';
import { learnSqliFingerprints, TRAINING_SPLIT, type Corpora } from '../../eval/learn';

/** A corpus of bare values: injections (sqli) and benign values, all in the training split. */
function corpus(injections: string[], benign: string[] = []): Corpora {
  return {
    values: [
      ...injections.map((value) => ({ value, expect: ['sqli' as const], source: 'libinjection/x', split: 'train' as const })),
      ...benign.map((value) => ({ value, expect: null, source: 'synthetic/benign', split: 'train' as const })),
    ],
    gotestwaf: [],
    requests: [],
    templates: [],
  };
}

// A key is learned only from at least two distinct whole fingerprints (docs/detection.md, i18-learn):
// one payload with other numbers is one shape, memorised rather than learned.
test('one payload in two spellings teaches no key', () => {
  assert.deepEqual(learnSqliFingerprints(corpus(['1 union select 1,2--', '5 union select 3,4--']), TRAINING_SPLIT), []);
});

test('a key two different injections share is learned; their own tails are not', () => {
  // `1UE` (number, union, select) opens both; `1UE1,` and `1UEn` belong to one shape each.
  assert.deepEqual(
    learnSqliFingerprints(corpus(['1 union select 1,2--', '7 union select password from users--']), TRAINING_SPLIT),
    ['1UE'],
  );
  assert.deepEqual(
    learnSqliFingerprints(
      corpus(['1 union select 1,2--', '5 union select 3,4--', '7 union select password from users--']),
      TRAINING_SPLIT,
    ),
    ['1UE'],
  );
});

test('a key a benign value produces is never learned', () => {
  assert.deepEqual(
    learnSqliFingerprints(
      corpus(['1 union select 1,2--', '7 union select password from users--'], ['2 union select 3 more']),
      TRAINING_SPLIT,
    ),
    [],
  );
});
