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

let loaded: CapModule | undefined;

export function loadCap(): CapModule {
  loaded ??= isPackagedBinary() ? loadAddonFile(path.join(path.dirname(process.execPath), PACKAGED_ADDON_PATH), 'Reinstall with the installer for this architecture.') : loadFromNodeModules();
  return loaded;
}

function loadFromNodeModules(): CapModule {
  // node_modules/cap/lib/Cap.js -> the directory holding node_modules.
  const checkout = path.resolve(path.dirname(require.resolve('cap')), '../../..');
  const dev = path.join(checkout, DEV_ADDON_DIR, 'build/Release/cap.node');
  if (existsSync(dev)) return loadAddonFile(dev, 'Run "npm ci" again to rebuild it.');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('cap') as CapModule;
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
