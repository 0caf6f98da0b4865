import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InstallerError } from '../../../installer/errors';
import type { Installed } from '../../../installer/installed';
import { parseOptions } from '../../../installer/options';
import { batchPlan } from '../../../installer/plan';

const fresh: Installed = { version: null, hasConfig: false, registered: false, hasBase: false, mode: null };
const installed: Installed = { version: '1.0.0', hasConfig: true, registered: true, hasBase: true, mode: 'tcp-capture-v2' };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
const config = path.join(dir, 'c.yaml');
fs.writeFileSync(config, 'version: 4\n');
const full = ['--batch', '--mode=tcp-capture', '--token=T', `--go-node-config=${config}`, '--host=api.wallarm.com'];
const env = { WALLARM_LABELS: 'group=g' };

test('a fresh install needs mode, config, token, host and a group', () => {
  const plan = batchPlan(parseOptions(full), fresh, env);
  assert.equal(plan.configFile, config);
  assert.deepEqual(plan.registration, { token: 'T', host: 'api.wallarm.com', labels: 'group=g' });
  const missing = (drop: string, e: NodeJS.ProcessEnv, re: RegExp) =>
    assert.throws(
      () => batchPlan(parseOptions(full.filter((a) => !a.startsWith(drop))), fresh, e),
      (x: unknown) => x instanceof InstallerError && x.code === 1 && re.test(x.message),
    );
  missing('--mode', env, /--mode is required/);
  missing('--token', env, /--token is required/);
  missing('--go-node-config', env, /--go-node-config is required/);
  missing('--host', env, /--host is required/);
  missing('--none', {}, /WALLARM_LABELS has no group/);
});

test('WALLARM_API_HOST stands in for --host', () => {
  const plan = batchPlan(parseOptions(full.filter((a) => !a.startsWith('--host'))), fresh, {
    ...env,
    WALLARM_API_HOST: 'cloud.local',
  });
  assert.equal(plan.registration?.host, null);
});

test('an upgrade reuses config and credentials; --preserve=false replaces both', () => {
  const keep = batchPlan(parseOptions(['--batch', '--mode=tcp-capture']), installed, {});
  assert.equal(keep.configFile, null);
  assert.equal(keep.registration, null);
  const noted = batchPlan(parseOptions(full), installed, env);
  assert.equal(noted.configFile, null);
  assert.equal(noted.notes.length, 2);
  const replace = batchPlan(parseOptions([...full, '--preserve=false']), installed, env);
  assert.equal(replace.configFile, config);
  assert.equal(replace.registration?.token, 'T');
});

test('a reinstall or upgrade without --mode takes the installed mode; --mode still wins; unknown installed mode needs --mode', () => {
  const reinstall = batchPlan(parseOptions(['--batch', '--reinstall']), installed, {});
  assert.equal(reinstall.mode, 'tcp-capture-v2');
  assert.ok(
    reinstall.notes.some((n) => /mode tcp-capture-v2: the installed node's/.test(n)),
    reinstall.notes.join('; '),
  );
  assert.equal(batchPlan(parseOptions(['--batch']), installed, {}).mode, 'tcp-capture-v2');
  assert.equal(batchPlan(parseOptions(['--batch', '--reinstall', '--mode=tcp-capture']), installed, {}).mode, 'tcp-capture');
  assert.throws(
    () => batchPlan(parseOptions(['--batch', '--reinstall']), { ...installed, mode: null }, {}),
    /--mode is required/,
  );
  assert.equal(
    batchPlan(parseOptions([...full.filter((a) => !a.startsWith('--mode')), '--mode=tcp-capture-v2']), fresh, env).mode,
    'tcp-capture-v2',
  );
});
