/**
 * Worker threads from the esbuild bundle the installers ship (the single executable runs the same
 * code from the embedded bundle text): replay --workers 2 gives the records one thread gives.
 * Under tsx the scenario tests cover --workers 2.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundle } from '../../build/bundle';
import { writePcapng } from '../../node/sample/pcap-writer';
import { mixScenario } from '../../node/sample/scenarios';

test('the bundle analyses on 2 worker threads with the same records as on one', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aio-workers-bundle-'));
  try {
    const cjs = path.join(dir, 'native-node.cjs');
    await bundle(cjs);
    const capture = path.join(dir, 'mix.pcapng');
    writeFileSync(capture, writePcapng(mixScenario().packets));
    const records = (workers: number): string[] => {
      const out = path.join(dir, `out-${workers}.jsonl`);
      const r = spawnSync(
        process.execPath,
        [cjs, 'replay', capture, '--emit', 'transaction,attack', '--output', out, '--workers', String(workers)],
        { encoding: 'utf8' },
      );
      assert.equal(r.status, 0, r.stderr);
      return readFileSync(out, 'utf8').split('\n').filter(Boolean).sort();
    };
    const one = records(1);
    assert.ok(one.length > 10, `too few records to compare (${one.length})`);
    assert.deepEqual(records(2), one);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
