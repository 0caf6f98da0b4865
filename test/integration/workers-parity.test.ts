/**
 * Workers parity in CI (issue 23): the traffic synthesized from a few OpenAPI documents of the
 * discovery eval's tuning set, replayed with 1, 2 and 4 workers, gives identical api_endpoint,
 * session and vulnerability records (whole records, sorted). Chosen because each differed once
 * for another reason: a response-field cap past which workers kept other fields (hetzner.cloud),
 * templates decided on each worker's part of the evidence (launchdarkly.com,
 * rbaskets.in), findings keyed by a worker's template (mastodon.local), two transactions of one
 * capture time and request start templated by path instead of frame order (jumpseller.com). All specs:
 * `npx tsx test/eval/workers-parity.ts` (docs/api-discovery.md#several-analysis-threads).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { specParity } from '../eval/workers-parity';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aio-i23-parity-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

for (const api of ['hetzner.cloud', 'launchdarkly.com', 'rbaskets.in', 'mastodon.local', 'jumpseller.com']) {
  test(`${api}: replay --workers 2 and 4 give the records of one thread`, async () => {
    for (const p of await specParity(api, dir, [2, 4])) {
      assert.deepEqual(
        { workers: p.workers, ...p.cells, onlyOne: p.onlyOne, onlyMany: p.onlyMany },
        { workers: p.workers, api_endpoint: 'same', session: 'same', vulnerability: 'same', onlyOne: 0, onlyMany: 0 },
      );
    }
  });
}

// HTML answers to GETs that asked for JSON are endpoints (TxFacts.acceptsData): the workers send that with the path evidence.
test('hetzner.cloud, non-json answers: replay --workers 2 gives the records of one thread', async () => {
  for (const p of await specParity('hetzner.cloud', dir, [2], 'non-json')) {
    assert.deepEqual(
      { workers: p.workers, ...p.cells, onlyOne: p.onlyOne, onlyMany: p.onlyMany },
      { workers: p.workers, api_endpoint: 'same', session: 'same', vulnerability: 'same', onlyOne: 0, onlyMany: 0 },
    );
  }
});
