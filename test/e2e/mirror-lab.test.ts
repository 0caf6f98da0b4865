/** The lab itself: a scenario that fails still leaves no namespace, link or process behind. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { Lab } from './lab';
import { CLIENT, SERVER, skipReason, withLab } from './scenario';

const skip = skipReason();

test('a failing scenario still removes its namespaces, links and processes', { skip, timeout: 30_000 }, async () => {
  let lab: Lab | null = null;
  let exited: Promise<string | null> = Promise.resolve('not started');
  await assert.rejects(
    withLab([CLIENT, SERVER], { kind: 'vxlan', vnis: [5], port: 4789 }, async (l) => {
      lab = l;
      const child = l.spawn('server', ['sleep', '600']);
      exited = new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      assert.match(l.exec('tap', ['ip', '-br', 'link']), /vx5/);
      throw new Error('scenario failed on purpose');
    }),
    /on purpose/,
  );
  const names = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout;
  assert.ok(lab !== null);
  assert.doesNotMatch(names, new RegExp(`e2e-${(lab as Lab).id}-`));
  assert.equal(await exited, 'SIGKILL', 'the process started in the lab was killed');
});
