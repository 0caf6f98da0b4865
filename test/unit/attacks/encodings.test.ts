import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import { RELAXED, tx } from './helpers';

const classesOf = (target: string) => new AttackDetector(RELAXED).detect(tx({ target }))?.hits.map((h) => h.class) ?? [];

test('nested encodings are undone before detection', () => {
  const cases: Array<[string, string]> = [
    ['double percent', '/s?q=%253Cscript%253Ealert(1)%253C%252Fscript%253E'],
    ['%u (IIS)', '/s?q=%u003Cscript%u003Ealert(1)%u003C/script%u003E'],
    ['base64', `/s?q=${encodeURIComponent(Buffer.from('<script>alert(1)</script>').toString('base64'))}`],
    ['base64 without padding', `/s?q=${Buffer.from('<svg onload=alert(1)>').toString('base64').replace(/=+$/, '')}`],
    ['JSON unicode', `/s?q=${encodeURIComponent('\\u003cscript\\u003ealert(1)\\u003c/script\\u003e')}`],
    ['HTML entities', `/s?q=${encodeURIComponent('&lt;script&gt;alert(1)&lt;/script&gt;')}`],
    [
      'numeric entities without ;',
      `/s?q=${encodeURIComponent('<a href="&#106&#97&#118&#97&#115&#99&#114&#105&#112&#116&#58alert(1)">x</a>')}`,
    ],
  ];
  for (const [name, target] of cases) assert.ok(classesOf(target).includes('xss'), name);
});

test('overlong UTF-8 dots and slashes are traversal', () => {
  assert.ok(classesOf('/d?f=%C0%AE%C0%AE%C0%AF%C0%AE%C0%AE%C0%AFetc%C0%AFpasswd').includes('ptrav'));
});

test('NUL bytes inside keywords are removed', () => {
  assert.ok(classesOf('/s?q=%3Cscr%00ipt%3Ealert(1)%3C/script%3E').includes('xss'));
});
