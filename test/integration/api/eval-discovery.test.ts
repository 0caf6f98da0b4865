/**
 * Templating against public OpenAPI documents through the real replay (test/eval/discovery,
 * `npm run eval:discovery` measures all 35): a few tuning specs of different styles must keep
 * their endpoints (resources under a version prefix, short opaque ids, user names and project
 * names in consecutive positions, name-keyed nested resources).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { evaluate } from '../../eval/discovery/score';

const dir = mkdtempSync(path.join(tmpdir(), 'aio-eval-discovery-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

for (const api of ['clever.com', 'circleci.com', 'twilio.com_twilio_chat_v2', 'medium.com']) {
  test(`${api}: every operation found, nothing extra, parameters and types kept`, async () => {
    const s = await evaluate(api, dir, 1);
    assert.deepEqual([s.misses, s.extras], [[], []]);
    assert.equal(s.query[0], s.query[1]);
    assert.equal(s.body[0], s.body[1]);
  });
}

// Traffic unlike the default generator's (test/eval/discovery/synth.ts VARIANTS): fewer calls
// from fewer clients, a client writing literal segments in another case and trailing slashes.
for (const [api, variant] of [
  ['clever.com', 'low-traffic'],
  ['medium.com', 'low-traffic'],
  ['clever.com', 'client-quirks'],
  ['twilio.com_twilio_chat_v2', 'client-quirks'],
] as const) {
  test(`${api}, ${variant} traffic: every operation found, nothing extra, parameters kept`, async () => {
    const s = await evaluate(api, dir, 1, variant);
    assert.deepEqual([s.misses, s.extras], [[], []]);
    assert.equal(s.query[0], s.query[1]);
    assert.equal(s.body[0], s.body[1]);
  });
}
