import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfigText, type ConfigProblem, type LoadResult } from '../../../node/config/load';
import type { NodeConfig } from '../../../node/config/types';

export const FIXTURES = path.join(__dirname, 'fixtures');

export function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

/** Loads YAML text that must be valid; fails the test with the problems otherwise. */
export function valid(text: string, file = 'go-node.yaml'): { config: NodeConfig; warnings: ConfigProblem[] } {
  const r = loadConfigText(text, file);
  if ('errors' in r)
    assert.fail(`expected a valid config, got:\n${r.errors.map((e) => `${e.line}:${e.col}: ${e.message}`).join('\n')}`);
  return r;
}

/** Loads YAML text that must be invalid; returns its problems. */
export function invalid(text: string, file = 'go-node.yaml'): ConfigProblem[] {
  const r: LoadResult = loadConfigText(text, file);
  if (!('errors' in r)) assert.fail('expected problems, the config validated');
  assert.ok(r.errors.length > 0);
  return r.errors;
}

/** Exactly one problem, at LINE:COL, whose message and hint match. */
export function onlyProblem(text: string, line: number, col: number, message: RegExp, hint?: RegExp): ConfigProblem {
  const problems = invalid(text);
  assert.equal(
    problems.length,
    1,
    `expected one problem, got:\n${problems.map((p) => `${p.line}:${p.col}: ${p.message}`).join('\n')}`,
  );
  const [p] = problems;
  assert.equal(p.file, 'go-node.yaml');
  assert.deepEqual([p.line, p.col], [line, col], `position of "${p.message}"`);
  assert.match(p.message, message);
  if (hint) assert.match(p.hint, hint);
  return p;
}
