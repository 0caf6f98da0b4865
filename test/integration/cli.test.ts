import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cliArgs } from '../support/cli';

const cli = cliArgs();

test('version prints the package version', () => {
  const out = execFileSync(process.execPath, [...cli, 'version'], { encoding: 'utf8' });
  assert.match(out, /^native-node 0\.\d+\.\d+ /);
});

test('an unknown command exits 1 and names the commands', () => {
  const r = spawnSync(process.execPath, [...cli, 'bogus'], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /unknown command "bogus"\. Commands: .*version/);
});
