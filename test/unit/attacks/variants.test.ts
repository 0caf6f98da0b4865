/**
 * A detected attack re-spelled by the rules of its own language stays detected (branch
 * i18-variants, docs/detection.md; measured by test/eval/variants.ts). SQL's comparison predicates
 * test a value as `=` does: `x BETWEEN a AND b` reads as the comparison `x = a` (an IN list keeps its shape),
 * and a value alone in parentheses as an operand is that value (`(1)=(1)` is `1=1`), so the re-spelled injection
 * has the shape of the plain one, and the score's comparison evidence reads them too. Look-alikes: prose with "in (...)", "between ... and ...", numbered
 * parentheses, and calls and lists whose parentheses must stay.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import { SqlLexer } from '../../../node/analysis/attacks/detectors/sql-tokens';
import { sqliSignals } from '../../../node/analysis/attacks/detectors/sqli';
import type { AttackClass } from '../../../node/records/types';
import { exampleTable, RELAXED } from './helpers';

const lexer = new SqlLexer();

/** [re-spelled, plain]: the same shape. */
const SAME_SHAPE: Array<[string, string]> = [
  ['if(6554 between 1534 and 1534) select 6554', 'if(6554=1534) select 6554'],
  ["1 or 'a' between 'a' and 'b'--", "1 or 'a'='a'--"],
  ['((1589)=(1589))*(1)', '(1589=1589)*1'],
  ['case when (2872)=(2872) then 1 else null end', 'case when 2872=2872 then 1 else null end'],
  ['1 and (5)=(5)', '1 and 5=5'],
];

for (const [variant, plain] of SAME_SHAPE) {
  test(`shape: ${variant}`, () => assert.equal(lexer.shape(variant), lexer.shape(plain)));
}

/** Parentheses that are a call's, an IN list's of more than values, a VALUES list's, or not an operand's stay. */
const KEPT: Array<[string, string]> = [
  ['select ((1))', 'E((1))'],
  ['1 or !(true)', '1&(1)'],
  ['count(1)', 'f(1)'],
  ['x in (select 1)', 'nk(E1)'],
  ['values (1)', 'k(1)'],
  ['foo(1)', 'n(1)'],
];

for (const [value, shape] of KEPT) {
  test(`kept: ${value}`, () => assert.equal(lexer.shape(value), shape));
}

/**
 * The score's evidence of a comparison (`!tautology`, `!number-comparison`) reads the predicates
 * and parenthesised operands too: [value, signals it gives].
 */
const COMPARISON_SIGNALS: Array<[string, string[]]> = [
  ["1'));if(6554 like 1534) select 6554", ['!number-comparison']],
  ['if(6554 in(1534)) select 6554', ['!number-comparison']],
  ['where 6431 in(6431) or 8548 in(5549)--', ['!number-comparison', '!tautology']],
  ['case when 2872 between 2872 and 2872 then 1', ['!number-comparison', '!tautology']],
  ['1) where (5214)=(5214);', ['!number-comparison', '!tautology']],
  // Look-alikes: a range and a list in prose give none.
  ['kids between 5 and 10', []],
  ['count me in (2 seats)', []],
  ['sizes in (S, M, L)', []],
];

for (const [value, signals] of COMPARISON_SIGNALS) {
  test(`signals: ${value}`, () => {
    const comparisons = sqliSignals(value).filter((s) => s === '!tautology' || s === '!number-comparison');
    assert.deepEqual(comparisons.sort(), signals);
  });
}

const detector = new AttackDetector(RELAXED);

const ATTACKS: Array<[AttackClass, string]> = [
  ['sqli', '-7146" where 6431 in(6431) or 8548 in(5549)--'],
  ['sqli', '((1589)=(1589))*(1)'],
];

const LOOK_ALIKES = [
  'count me in (2 seats)',
  'kids between 5 and 10 or older',
  'see chapter (3) and (4)',
  'sizes in (S, M, L)',
  'price between 10 and 20 or less',
  'id in (1,2,3)',
  'I have 2 in (3 boxes)',
];

exampleTable(detector, ATTACKS, LOOK_ALIKES, ['q', 'json'], ['sqli']);
