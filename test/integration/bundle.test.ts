import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundle } from '../../build/bundle';

// The shipped binary runs exactly this bundle: every command must be inside it (the command
// table's dynamic imports included) and it must run on a plain node without tsx.
test('the esbuild bundle runs `version` and `--help` without tsx or the TypeScript sources', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aio-bundle-'));
  try {
    const out = path.join(dir, 'native-node.cjs');
    await bundle(out);
    const { version } = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { version: string };
    const said = execFileSync(process.execPath, [out, 'version'], { encoding: 'utf8', cwd: dir });
    assert.match(said, new RegExp(`^native-node ${version.replace(/\./g, '\\.')} \\(linux-`));
    const help = execFileSync(process.execPath, [out, '--help'], { encoding: 'utf8', cwd: dir });
    assert.match(help, /^Usage: native-node <command>/);
    assert.doesNotMatch(readFileSync(out, 'utf8'), /require\(["'][^"']*\.ts["']\)|import\(["']\.{1,2}\//);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
