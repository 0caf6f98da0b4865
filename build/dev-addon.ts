/**
 * npm postinstall: builds the same patched libpcap addon the installers ship (pcap_stats for
 * kernel drop counters, kernel timestamps, wire lengths, snaplen/promisc options), linked against
 * this machine's libpcap, into node_modules/.aio-native/cap/. node/capture/cap-loader.ts prefers
 * it, so live capture from a checkout reports kernel drops as the installed node does. A failure
 * here is a warning: capture then falls back to the upstream addon (drops reported as unknown).
 * Without libpcap-dev, npm ci has left out the optional `cap` package: this says how to add it.
 *
 * `devAddonFor(runtime)` builds the same addon for another node (the installers' pinned runtime,
 * whose ABI differs from the installing node's) into node_modules/.aio-native/cap-abi<N>/, which
 * the loader prefers when it runs on that ABI: `npm run bench:live` runs the bundle on the shipped
 * runtime from a checkout (test/e2e/perf-live-rate.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ADDON_MISSING_FIX, DEV_ADDON_DIR, devAddonDirForAbi } from '../node/capture/cap-loader';
import { patchedBinding } from './addon';

const ROOT = path.resolve(__dirname, '..');

/** node-gyp: npm's own copy (npm sets npm_config_node_gyp for scripts), else the global npm's. */
function nodeGyp(): string {
  return (
    process.env.npm_config_node_gyp ??
    path.join(spawnSync('npm', ['root', '-g'], { encoding: 'utf8' }).stdout.trim(), 'npm/node_modules/node-gyp/bin/node-gyp.js')
  );
}

/**
 * Compiles the patched addon into `dir` (relative to the checkout) against `nodedir`'s headers
 * (undefined: the installing node's); returns null or why it failed.
 */
function buildInto(dir: string, nodedir?: string): string | null {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'binding.cc'), patchedBinding());
  const nan = path.dirname(require.resolve('nan/package.json', { paths: [path.join(ROOT, 'node_modules/cap')] }));
  const gyp = {
    targets: [{ target_name: 'cap', sources: ['binding.cc'], include_dirs: [nan], link_settings: { libraries: ['-lpcap'] } }],
  };
  writeFileSync(path.join(dir, 'binding.gyp'), JSON.stringify(gyp, null, 2));
  // A configured nodedir (npm exports its configuration to scripts) would override --nodedir.
  const env = nodedir === undefined ? process.env : { ...process.env, npm_config_nodedir: nodedir };
  const args = [nodeGyp(), 'rebuild', '--silent', ...(nodedir === undefined ? [] : [`--nodedir=${nodedir}`])];
  const r = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', env });
  if (r.status !== 0 || !existsSync(path.join(dir, 'build/Release/cap.node'))) {
    rmSync(dir, { recursive: true, force: true });
    return r.stderr || r.error?.message || `exit ${r.status}`;
  }
  return null;
}

/**
 * The patched addon for the node at `node` whose headers are in `nodedir` (a runtime package:
 * include/node/), built once per ABI and patched source; returns its path. Throws when it cannot
 * be built.
 */
export function devAddonFor(node: string, nodedir: string): string {
  const abi = spawnSync(node, ['-p', 'process.versions.modules'], { encoding: 'utf8' }).stdout.trim();
  if (!/^\d+$/.test(abi)) throw new Error(`cannot read the ABI version of ${node}`);
  const dir = path.join(ROOT, devAddonDirForAbi(abi));
  const addon = path.join(dir, 'build/Release/cap.node');
  // Built from today's patched source already (the patch changes with node/capture): reused.
  const source = path.join(dir, 'binding.cc');
  if (existsSync(addon) && existsSync(source) && readFileSync(source, 'utf8') === patchedBinding()) return addon;
  if (!existsSync(path.join(ROOT, 'node_modules/cap/package.json')))
    throw new Error(`the libpcap addon (npm package cap) is not installed: ${ADDON_MISSING_FIX}`);
  const failed = buildInto(dir, nodedir);
  if (failed !== null) throw new Error(`could not build the libpcap addon for ${node} (ABI ${abi}): ${failed}`);
  return addon;
}

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
  const failed = buildInto(dir);
  if (failed !== null)
    process.stderr.write(
      `aio-native: could not build the patched libpcap addon (live capture from this checkout will not report kernel drops): ${failed}\n`,
    );
  return 0;
}

if (require.main === module) process.exitCode = main();
