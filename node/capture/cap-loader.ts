/**
 * The one place that loads the `cap` libpcap addon. Every caller goes through loadCap().
 *
 * In the repository (tsx, or the esbuild bundle run by a plain node) this is `require('cap')`.
 * In the shipped single-executable binary there is no node_modules and a SEA cannot dlopen from
 * inside its own blob, so the installer puts the addon, built for that binary's node, at
 * `<install dir>/lib/cap.node` next to `<install dir>/bin/native-node` (docs/build.md), and we
 * dlopen it from there and apply what cap's own lib/Cap.js does to the raw addon.
 */
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** A capture handle (cap's `Cap`): emits 'packet' (nbytes, truncated) into the buffer given to open(). */
export interface CapHandle extends EventEmitter {
  /** Opens a live device; returns the link type, e.g. 'ETHERNET'. */
  open(device: string, filter: string, bufSize: number, buffer: Buffer): string;
  close(): void;
  send(buffer: Buffer, length?: number): void;
  setMinBytes?(bytes: number): void;
  on(event: 'packet', listener: (nbytes: number, truncated: boolean) => void): this;
  /** The project's addon with open() option {batch: true}: `count` frames packed into the buffer's first `used` bytes (live.ts). */
  on(event: 'packets', listener: (count: number, used: number) => void): this;
}

export interface CapDevice {
  name: string;
  description?: string;
  addresses?: Array<{ addr?: string; netmask?: string; broadaddr?: string }>;
  flags?: string;
}

export interface CapModule {
  Cap: {
    new (): CapHandle;
    deviceList(): CapDevice[];
    findDevice(ip?: string): string | undefined;
  };
}

/** Where the shipped binary keeps the addon, relative to the binary's own directory. */
export const PACKAGED_ADDON_PATH = '../lib/cap.node';

/**
 * In a checkout: the patched addon `npm ci` builds (build/dev-addon.ts), relative to the
 * directory that holds node_modules.
 */
export const DEV_ADDON_DIR = 'node_modules/.aio-native/cap';

/**
 * The same addon built for another node ABI (process.versions.modules) than the installing
 * node's, e.g. the installers' pinned runtime running the bundle from a checkout (`npm run
 * bench:live`; build/dev-addon.ts devAddonFor). Preferred when it exists for the running ABI.
 */
export function devAddonDirForAbi(abi: string): string {
  return `${DEV_ADDON_DIR}-abi${abi}`;
}

let loaded: CapModule | undefined;

export function loadCap(): CapModule {
  loaded ??= isPackagedBinary()
    ? loadAddonFile(
        path.join(path.dirname(process.execPath), PACKAGED_ADDON_PATH),
        'Reinstall with the installer for this architecture.',
      )
    : loadFromNodeModules();
  return loaded;
}

/**
 * What to do when a checkout has no working addon. `cap` is an optional dependency: it compiles
 * against libpcap's headers when installed, and `npm ci` goes on without it on a machine that has
 * none, so that replay, demo and the tests that do not capture live work anyway (README.md).
 */
export const ADDON_MISSING_FIX =
  'install libpcap-dev (apt-get install libpcap-dev g++ make python3) and run "npm ci" again in the checkout (README.md, docs/capture.md)';

/** Live capture was asked for, but the libpcap addon is not there or does not load. */
export class CaptureAddonMissing extends Error {
  constructor(why: string) {
    super(`live capture needs the libpcap addon (npm package cap), which ${why}: ${ADDON_MISSING_FIX}`);
    this.name = 'CaptureAddonMissing';
  }
}

/** In a checkout: the patched addon if postinstall built it, else cap's own; `req` resolves from the checkout. */
export function loadFromNodeModules(req: NodeJS.Require = require): CapModule {
  let capMain: string;
  try {
    capMain = req.resolve('cap');
  } catch {
    throw new CaptureAddonMissing('is not installed (npm ci skips it when it cannot be compiled)');
  }
  // node_modules/cap/lib/Cap.js -> the directory holding node_modules.
  const checkout = path.resolve(path.dirname(capMain), '../../..');
  const forAbi = path.join(checkout, devAddonDirForAbi(process.versions.modules), 'build/Release/cap.node');
  if (existsSync(forAbi)) return loadAddonFile(forAbi, 'Delete its directory to build it again (npm run bench:live builds it).');
  const dev = path.join(checkout, DEV_ADDON_DIR, 'build/Release/cap.node');
  if (existsSync(dev)) return loadAddonFile(dev, 'Run "npm ci" again to rebuild it.');
  try {
    return req('cap') as CapModule;
  } catch (err) {
    throw new CaptureAddonMissing(`does not load (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
  }
}

function loadAddonFile(file: string, fix: string): CapModule {
  const mod = { exports: {} as Record<string, unknown> };
  try {
    process.dlopen(mod, file);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`cannot load the libpcap addon ${file}: ${why}. ${fix}`);
  }
  // The same wiring as cap's lib/Cap.js (which cannot be required here: no node_modules).
  const addon = mod.exports as {
    Cap: { prototype: object } & Record<string, unknown>;
    findDevice: unknown;
    deviceList: unknown;
  };
  Object.setPrototypeOf(addon.Cap.prototype, EventEmitter.prototype);
  addon.Cap.findDevice = addon.findDevice;
  addon.Cap.deviceList = addon.deviceList;
  return addon as unknown as CapModule;
}

/** True inside the pkg/SEA-built binary, false under tsx or a plain node running the bundle. */
function isPackagedBinary(): boolean {
  if ((process as { pkg?: unknown }).pkg !== undefined) return true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('node:sea') as { isSea(): boolean }).isSea();
}
