import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { libFuzzerDictionary, parseLibFuzzerOutput, runJazzer } from '../../fuzz/jazzer/engine';
import { patchAddon } from '../../fuzz/jazzer/glibc-compat';

describe('Jazzer.js engine', () => {
  it('writes dictionaries in libFuzzer syntax', () => {
    assert.equal(libFuzzerDictionary(['GET / ', 'a"b\\c', '\r\n\x00\xff']), '"GET / "\n"a\\"b\\\\c"\n"\\x0d\\x0a\\x00\\xff"\n');
  });

  it('reads executions, corpus and edges from libFuzzer output', () => {
    const out =
      '#2\tINITED cov: 3 ft: 3 corp: 1/1b exec/s: 0 rss: 160Mb\n#4331\tREDUCE cov: 6 ft: 6 corp: 4/13b lim: 38\nstat::number_of_executed_units: 79122\nstat::average_exec_per_sec:     26374\n';
    assert.deepEqual(parseLibFuzzerOutput(out), { executions: 79122, corpus: 4, edges: 6 });
  });

  it('patches the prebuilt addon once, after which it loads on this glibc', { skip: process.platform !== 'linux' }, () => {
    const addon = path.join(
      path.dirname(require.resolve('@jazzer.js/fuzzer/package.json')),
      'prebuilds',
      `fuzzer-linux-${process.arch}.node`,
    );
    const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jazzer-addon-')), 'fuzzer.node');
    try {
      fs.copyFileSync(addon, copy);
      patchAddon(copy);
      assert.deepEqual(patchAddon(copy), { weakened: [], rebound: [] }, 'a second pass finds nothing to change');
      const loaded = execFileSync(
        process.execPath,
        [
          '-e',
          `const m = { exports: {} }; process.dlopen(m, ${JSON.stringify(copy)}); console.log(typeof m.exports.startFuzzing)`,
        ],
        { encoding: 'utf8' },
      );
      assert.equal(loaded.trim(), 'function');
      assert.throws(() => patchAddon(__filename), /not a 64-bit little-endian ELF file/);
    } finally {
      fs.rmSync(path.dirname(copy), { recursive: true, force: true });
    }
  });

  it('rebinds the aarch64 prebuild to GLIBC_2.17, its base version', () => {
    const prebuild = path.join(
      path.dirname(require.resolve('@jazzer.js/fuzzer/package.json')),
      'prebuilds',
      'fuzzer-linux-arm64.node',
    );
    const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jazzer-addon-')), 'fuzzer.node');
    try {
      fs.copyFileSync(prebuild, copy);
      assert.deepEqual(patchAddon(copy), {
        weakened: ['libc.so.6 GLIBC_2.38', 'libstdc++.so.6 GLIBCXX_3.4.32'],
        rebound: ['__isoc23_strtoul -> strtoul@GLIBC_2.17', '__isoc23_strtol -> strtol@GLIBC_2.17'],
      });
    } finally {
      fs.rmSync(path.dirname(copy), { recursive: true, force: true });
    }
  });

  it('finds a planted bug and saves the input as a regression', { skip: process.platform !== 'linux' }, async () => {
    const regressionsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jazzer-regressions-'));
    try {
      const job = {
        name: 'planted',
        entry: path.join(__dirname, '../../unit/fuzz/fixtures/planted-bug.ts'),
        env: {},
        seeds: [Buffer.from('AAAA')],
        dictionary: [],
        maxLength: 64,
      };
      const r = await runJazzer(job, { seconds: 60, seed: 1, slowMs: 5000, regressionsDir });
      assert.equal(r.failures.length, 1, JSON.stringify(r.failures));
      assert.equal(r.failures[0].kind, 'crash');
      const saved = fs.readdirSync(regressionsDir);
      assert.equal(saved.length, 1);
      assert.match(saved[0], /^planted-[0-9a-f]{12}\.bin$/);
      assert.equal(fs.readFileSync(path.join(regressionsDir, saved[0])).subarray(0, 4).toString('latin1'), 'AIO!');
      assert.ok(r.executions > 0 && r.seconds < 60, `found after ${r.executions} executions in ${r.seconds.toFixed(1)} s`);
    } finally {
      fs.rmSync(regressionsDir, { recursive: true, force: true });
    }
  });

  it('saves an input running longer than --slow-ms as a slow regression', { skip: process.platform !== 'linux' }, async () => {
    const regressionsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jazzer-regressions-'));
    try {
      const job = {
        name: 'hang',
        entry: path.join(__dirname, '../../unit/fuzz/fixtures/planted-hang.ts'),
        env: {},
        seeds: [Buffer.from('AA')],
        dictionary: [],
        maxLength: 16,
      };
      const r = await runJazzer(job, { seconds: 60, seed: 1, slowMs: 1000, regressionsDir });
      assert.deepEqual(
        r.failures.map((f) => f.kind),
        ['slow'],
      );
      const [saved] = fs.readdirSync(regressionsDir);
      assert.equal(fs.readFileSync(path.join(regressionsDir, saved)).subarray(0, 2).toString('latin1'), 'SL');
    } finally {
      fs.rmSync(regressionsDir, { recursive: true, force: true });
    }
  });
});
