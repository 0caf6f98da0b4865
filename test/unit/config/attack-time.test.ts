/** limits.attack_time_per_request: the live per-request time cap of attack detection (docs/configuration.md). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { invalid, valid } from './helpers';

test('attack_time_per_request defaults to 100 ms', () => {
  assert.equal(valid('mode: tcp-capture\n').config.limits.attackMillisPerRequest, 100);
});

test('attack_time_per_request takes a Go duration; 0s turns the time cap off', () => {
  assert.equal(valid('mode: tcp-capture\nlimits:\n  attack_time_per_request: 250ms\n').config.limits.attackMillisPerRequest, 250);
  assert.equal(valid('mode: tcp-capture\nlimits:\n  attack_time_per_request: 2s\n').config.limits.attackMillisPerRequest, 2000);
  assert.equal(valid('mode: tcp-capture\nlimits:\n  attack_time_per_request: 0s\n').config.limits.attackMillisPerRequest, 0);
});

test('attack_time_per_request rejects what is not a duration', () => {
  const problems = invalid('mode: tcp-capture\nlimits:\n  attack_time_per_request: fast\n');
  assert.ok(
    problems.some((p) => /attack_time_per_request/.test(`${p.path ?? ''} ${p.message}`)),
    JSON.stringify(problems),
  );
});
