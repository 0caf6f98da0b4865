import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';

/**
 * The format check npm test runs (`prettier --check .` with .prettierrc): a file written another
 * way fails it, the same file as Prettier writes it passes, and the tree's own sources pass.
 */
const root = path.resolve(__dirname, '../../..');

async function formatted(code: string, file: string): Promise<boolean> {
  const options = await prettier.resolveConfig(path.join(root, file));
  return prettier.check(code, { ...options, filepath: path.join(root, file) });
}

test('code in another style fails the format check; the same code as Prettier writes it passes', async () => {
  const file = 'node/format-example.ts';
  const other = 'export const f = ( a:number ) => { return a+1 }\n';
  assert.equal(await formatted(other, file), false);
  const options = await prettier.resolveConfig(path.join(root, file));
  const fixed = await prettier.format(other, { ...options, filepath: path.join(root, file) });
  assert.equal(await formatted(fixed, file), true);
  assert.match(fixed, /'|a \+ 1/, 'the project style (.prettierrc) applies');
});

test('the sources of this test and of the pipeline are formatted', async () => {
  for (const file of ['test/unit/tooling/format.test.ts', 'node/pipeline.ts']) {
    assert.equal(await formatted(fs.readFileSync(path.join(root, file), 'utf8'), file), true, file);
  }
});
