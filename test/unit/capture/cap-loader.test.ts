import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { CaptureAddonMissing, DEV_ADDON_DIR, devAddonDirForAbi, loadFromNodeModules } from '../../../node/capture/cap-loader';

/**
 * A checkout where npm ci left out the optional `cap` (no libpcap-dev), or where cap is there but
 * its addon was never compiled: live capture says what is missing and how to add it, once.
 */
function checkout(withCap: boolean): { dir: string; req: NodeJS.Require } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aio-cap-loader-'));
  if (withCap) {
    // cap's package without build/Release/cap.node, as `npm ci --ignore-scripts` leaves it.
    mkdirSync(path.join(dir, 'node_modules/cap/lib'), { recursive: true });
    writeFileSync(path.join(dir, 'node_modules/cap/package.json'), JSON.stringify({ name: 'cap', main: 'lib/Cap.js' }));
    writeFileSync(path.join(dir, 'node_modules/cap/lib/Cap.js'), "module.exports = require('../build/Release/cap.node');\n");
  }
  return { dir, req: createRequire(path.join(dir, 'index.js')) };
}

const FIX = /install libpcap-dev \(apt-get install libpcap-dev g\+\+ make python3\) and run "npm ci" again in the checkout/;

test('no cap package: one clear message naming the fix', () => {
  const { dir, req } = checkout(false);
  try {
    assert.throws(
      () => loadFromNodeModules(req),
      (err: Error) => {
        assert.ok(err instanceof CaptureAddonMissing);
        assert.match(
          err.message,
          /^live capture needs the libpcap addon \(npm package cap\), which is not installed \(npm ci skips it when it cannot be compiled\): /,
        );
        assert.match(err.message, FIX);
        return true;
      },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cap without its compiled addon: the same message, with the loader error', () => {
  const { dir, req } = checkout(true);
  try {
    assert.throws(
      () => loadFromNodeModules(req),
      (err: Error) => {
        assert.ok(err instanceof CaptureAddonMissing);
        assert.match(err.message, /which does not load \(Cannot find module '\.\.\/build\/Release\/cap\.node'/);
        assert.match(err.message, FIX);
        return true;
      },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("an addon built for the running ABI (devAddonFor) is preferred to the installing node's", () => {
  const { dir, req } = checkout(true);
  try {
    // Not loadable files: which one the loader tried shows in its error.
    for (const sub of [devAddonDirForAbi(process.versions.modules), DEV_ADDON_DIR]) {
      mkdirSync(path.join(dir, sub, 'build/Release'), { recursive: true });
      writeFileSync(path.join(dir, sub, 'build/Release/cap.node'), 'not an addon');
    }
    assert.throws(
      () => loadFromNodeModules(req),
      (err: Error) => err.message.includes(`${devAddonDirForAbi(process.versions.modules)}/build/Release/cap.node`),
    );
    // Another ABI's is ignored: the installing node's addon is the one tried.
    rmSync(path.join(dir, devAddonDirForAbi(process.versions.modules)), { recursive: true });
    mkdirSync(path.join(dir, devAddonDirForAbi('1'), 'build/Release'), { recursive: true });
    writeFileSync(path.join(dir, devAddonDirForAbi('1'), 'build/Release/cap.node'), 'not an addon');
    assert.throws(
      () => loadFromNodeModules(req),
      (err: Error) => err.message.includes(`${DEV_ADDON_DIR}/build/Release/cap.node`) && !err.message.includes('-abi1'),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
