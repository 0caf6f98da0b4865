/**
 * Parameter profiles, twelfth round (docs/detection.md "Names that mean several things on one host
 * (branch i18-profiles12)"), as readable examples: a host whose `type` means images' kinds at
 * `/images` and address families at `/primary_ips` (its host-wide profile is a mixture: `ipv4`
 * gives it digits), then a young endpoint of `/images` judged by its resource's values of `type`
 * once two of the resource's endpoints sent ten values together.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type AttackDetector } from '../../../node/analysis/attacks';
import { profiled, queryHits } from './helpers';

const KINDS = ['snapshot', 'backup', 'system', 'app'];

/** A host where `type` is an image kind at `/images` (GET, then GET /images/{}) and an address family at `/primary_ips`. */
function mixedHost(): AttackDetector {
  const d = profiled();
  for (let i = 0; i < 40; i++) queryHits(d, 'GET', '/primary_ips', `type=${i % 2 === 0 ? 'ipv4' : 'ipv6'}`);
  for (let i = 0; i < 6; i++) queryHits(d, 'GET', '/images', `type=${KINDS[i % 4]}`);
  for (let i = 0; i < 6; i++) queryHits(d, 'GET', `/images/${100 + i}`, `type=${KINDS[(i + 1) % 4]}`);
  return d;
}

test("a young endpoint's value judged by its resource's values of the name, where the host-wide profile is a mixture", () => {
  assert.deepEqual(queryHits(mixedHost(), 'DELETE', '/images/7', 'type=snapsh222'), [
    'anomaly ["query","type"] resource digits: in 0 of 12 values',
  ]);
  assert.deepEqual(queryHits(mixedHost(), 'DELETE', '/images/7', 'type=snap!shot'), [
    'anomaly ["query","type"] resource symbol !: in 0 of 12 values',
  ]);
  assert.deepEqual(queryHits(mixedHost(), 'DELETE', '/images/7', `type=${'snapshot'.repeat(30)}`), [
    'anomaly ["query","type"] resource length 240 > 32 (most values 8 or shorter)',
  ]);
});

test('look-alikes: known words, new words of the alphabet, another resource, one endpoint only, too few values', () => {
  // A kind the resource knows, and a new kind in its alphabet (a new enum value).
  assert.deepEqual(queryHits(mixedHost(), 'DELETE', '/images/7', 'type=backup'), []);
  assert.deepEqual(queryHits(mixedHost(), 'DELETE', '/images/7', 'type=iso'), []);
  // Another resource means its own thing by the name.
  assert.deepEqual(queryHits(mixedHost(), 'GET', '/volumes/3', 'type=ext4'), []);
  // One endpoint of the resource only: its own young values, no resource agreeing with itself.
  const one = profiled();
  for (let i = 0; i < 40; i++) queryHits(one, 'GET', '/primary_ips', `type=${i % 2 === 0 ? 'ipv4' : 'ipv6'}`);
  for (let i = 0; i < 12; i++) queryHits(one, 'GET', '/images', `type=${KINDS[i % 4]}`);
  assert.deepEqual(queryHits(one, 'DELETE', '/images/7', 'type=snapsh222'), []);
  // Two endpoints, nine values together: too few.
  const few = profiled();
  for (let i = 0; i < 5; i++) queryHits(few, 'GET', '/images', `type=${KINDS[i % 4]}`);
  for (let i = 0; i < 4; i++) queryHits(few, 'GET', `/images/${100 + i}`, `type=${KINDS[i % 4]}`);
  assert.deepEqual(queryHits(few, 'DELETE', '/images/7', 'type=snapsh222'), []);
});

test("the application sending such values: the rule stops once a fifth of the resource's values (of 30 at least) broke it", () => {
  const d = mixedHost();
  for (let i = 0; i < 6; i++)
    assert.deepEqual(queryHits(d, 'DELETE', '/images/7', `type=v${i}a`), [
      'anomaly ["query","type"] resource digits: in 0 of 12 values',
    ]);
  assert.deepEqual(queryHits(d, 'DELETE', '/images/7', 'type=v9a'), []);
});
