/**
 * npm postinstall: builds the same patched libpcap addon the installers ship (pcap_stats for
 * kernel drop counters, kernel timestamps, wire lengths, snaplen/promisc options), linked against
 * this machine's libpcap, into node_modules/.aio-native/cap/. node/capture/cap-loader.ts prefers
 * it, so live capture from a checkout reports kernel drops as the installed node does. A failure
 * here is a warning: capture then falls back to the upstream addon (drops reported as unknown).
 * Without libpcap-dev, npm ci has left out the optional `cap` package: this says how to add it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ADDON_MISSING_FIX, DEV_ADDON_DIR } from '../node/capture/cap-loader';
import { patchedBinding } from './addon';

const ROOT = path.resolve(__dirname, '..');

function main(): number {
  const dir = path.join(ROOT, DEV_ADDON_DIR);
  rmSync(dir, { recursive: true, force: true });
  if (!existsSync(path.join(ROOT, 'node_modules/cap/package.json'))) {
    // cap is optional: npm ci leaves it out when it cannot be compiled (no libpcap-dev).
    process.stderr.write(
      `aio-native: the libpcap addon (npm package cap) is not installed, so live capture is unavailable from this checkout; replay, demo and the tests work without it. To capture live: ${ADDON_MISSING_FIX}.\n`,
    );
    return 0;
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'binding.cc'), patchedBinding());
  const nan = path.dirname(require.resolve('nan/package.json', { paths: [path.join(ROOT, 'node_modules/cap')] }));
  const gyp = {
    targets: [{ target_name: 'cap', sources: ['binding.cc'], include_dirs: [nan], link_settings: { libraries: ['-lpcap'] } }],
  };
  writeFileSync(path.join(dir, 'binding.gyp'), JSON.stringify(gyp, null, 2));
  const nodeGyp =
    process.env.npm_config_node_gyp ??
    path.join(spawnSync('npm', ['root', '-g'], { encoding: 'utf8' }).stdout.trim(), 'npm/node_modules/node-gyp/bin/node-gyp.js');
  const r = spawnSync(process.execPath, [nodeGyp, 'rebuild', '--silent'], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0 || !existsSync(path.join(dir, 'build/Release/cap.node'))) {
    process.stderr.write(
      `aio-native: could not build the patched libpcap addon (live capture from this checkout will not report kernel drops): ${r.stderr || r.error?.message || `exit ${r.status}`}\n`,
    );
    rmSync(dir, { recursive: true, force: true });
    return 0;
  }
  return 0;
}

process.exitCode = main();
