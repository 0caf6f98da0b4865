import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ESLint } from 'eslint';

/**
 * The lint check npm test runs (eslint.config.mjs) fails on each rule it exists for: the same
 * ESLint the `lint` script runs, on sources that break one rule each, as if they were in node/.
 */
const root = path.resolve(__dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function ruleIds(code: string, file = 'node/lint-example.ts'): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.severity === 2).map((m) => m.ruleId ?? m.message);
}

const VIOLATIONS: Array<[rule: string, code: string]> = [
  ['@typescript-eslint/no-unused-vars', 'const unused = 1;\nexport const x = 2;\n'],
  [
    '@typescript-eslint/consistent-type-imports',
    "import { HttpRequest } from './http/types';\nexport const r: HttpRequest | null = null;\n",
  ],
  ['@typescript-eslint/no-explicit-any', 'export const f = (v: any): number => v;\n'],
  ['@typescript-eslint/no-require-imports', "export const fs = require('node:fs');\n"],
  ['eqeqeq', 'export const same = (a: number, b: number): boolean => a == b;\n'],
  ['prefer-const', 'export function f(): number {\n  let n = 1;\n  return n;\n}\n'],
];

for (const [rule, code] of VIOLATIONS) {
  test(`lint fails on ${rule}`, async () => {
    assert.deepEqual(await ruleIds(code), [rule]);
  });
}

test('lint passes clean code, and `!= null` (null or undefined) is allowed', async () => {
  const clean =
    "import type { HttpRequest } from './http/types';\nexport const has = (r: HttpRequest | undefined): boolean => r != null;\n";
  assert.deepEqual(await ruleIds(clean), []);
});

test('tests may use any (a warning, not a failure)', async () => {
  assert.deepEqual(await ruleIds('export const f = (v: any): number => v;\n', 'test/unit/lint-example.test.ts'), []);
});
