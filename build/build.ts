/**
 * `npm run build`: both installers, aio-native-<VERSION>.{x86_64,aarch64}.sh, and SHA256SUMS in
 * build/dist/. Offline apart from the npm registry (the pinned node runtimes) and Debian apt
 * (build tools, libpcap's source). Slow steps are cached under build/work/. docs/build.md.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildAddon, libpcapSource } from './addon';
import { archiveName, makeArchive } from './archive';
import { bundle } from './bundle';
import { output, run } from './exec';
import { notices } from './notices';
import { ARCHES, BUNDLE, DIST, ROOT, WORK, type Arch } from './paths';
import { fetchRuntime, nodeCommand, type Runtime } from './runtimes';

/** The newest glibc symbol version the addon may need: node 22's own floor. */
const GLIBC_FLOOR = [2, 28];

/** The time every archive entry carries: the commit's, so rebuilding a commit gives the same bytes. */
function sourceDateEpoch(): number {
  const fromEnv = process.env.SOURCE_DATE_EPOCH;
  if (fromEnv !== undefined && /^\d+$/.test(fromEnv)) return Number(fromEnv);
  const r = spawnSync('git', ['log', '-1', '--format=%ct'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status === 0 && /^\d+$/.test(r.stdout.trim())) return Number(r.stdout.trim());
  const fallback = Math.floor(statSync(path.join(ROOT, 'package.json')).mtimeMs / 1000);
  process.stderr.write(`build: not a git checkout and no SOURCE_DATE_EPOCH: dating the archives by package.json (${fallback})\n`);
  return fallback;
}

function step<T>(label: string, fn: () => T): T {
  const started = Date.now();
  const result = fn();
  process.stdout.write(`build: ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  return result;
}

/** The addon must not need a newer glibc than node itself; prints what it links against. */
function inspectAddon(arch: Arch, addon: string): void {
  process.stdout.write(`${output('file', ['-b', addon])}\n`);
  const ldd =
    arch.node === process.arch
      ? output('ldd', [addon])
      : output(`qemu-${arch.machine}-static`, [`/lib/ld-linux-${arch.machine}.so.1`, '--list', addon]);
  process.stdout.write(`ldd ${path.relative(ROOT, addon)}:\n${ldd}\n`);
  if (/libpcap/.test(ldd)) throw new Error(`build: ${addon} links libpcap dynamically; it must be static`);
  const versions = [...output(`${arch.cross}objdump`, ['-T', addon]).matchAll(/\(GLIBC_(\d+)\.(\d+)(?:\.\d+)?\)/g)].map((m) => [
    Number(m[1]),
    Number(m[2]),
  ]);
  const newest = versions.reduce((a, b) => (b[0]! > a[0]! || (b[0] === a[0] && b[1]! > a[1]!) ? b : a), [0, 0]);
  process.stdout.write(`newest glibc symbol: ${newest.join('.')} (floor ${GLIBC_FLOOR.join('.')})\n`);
  if (newest[0]! > GLIBC_FLOOR[0]! || (newest[0] === GLIBC_FLOOR[0] && newest[1]! > GLIBC_FLOOR[1]!)) {
    throw new Error(
      `build: ${addon} needs GLIBC_${newest.join('.')}, newer than node 22's ${GLIBC_FLOOR.join('.')}: see build/addon/glibc-floor.c`,
    );
  }
}

/** The SEA binary, made by pkg running under the pinned x64 node 22 (docs/build.md). */
function seaBinary(arch: Arch, runtime: Runtime, host: Runtime): string {
  const out = path.join(WORK, 'sea', arch.machine, 'native-node');
  rmSync(out, { force: true });
  run(
    path.join(host.dir, 'bin/node'),
    ['--import', 'tsx', path.join(__dirname, 'sea.ts'), BUNDLE, arch.node, runtime.strippedNode, out],
    { cwd: ROOT },
  );
  return out;
}

/** The binary must start and say who it is (through qemu-user for aarch64). */
function checkBinary(arch: Arch, binary: string, version: string): void {
  const [cmd, pre] = nodeCommand(arch, binary);
  const said = output(cmd, [...pre, 'version']);
  process.stdout.write(`${said}\n`);
  if (!said.startsWith(`native-node ${version} (linux-${arch.node},`)) throw new Error(`build: ${binary} version said "${said}"`);
}

const mib = (file: string): string => `${(statSync(file).size / 1048576).toFixed(1)} MiB`;

/**
 * The addon is compiled from cap's source in node_modules. cap is an optional dependency: npm ci
 * leaves it out on a machine without libpcap's headers, which build/deps.sh installs only now.
 */
function requireCapSource(): void {
  for (const file of ['node_modules/cap/src/binding.cc', 'node_modules/nan/nan.h']) {
    if (!existsSync(path.join(ROOT, file))) {
      throw new Error(
        `build: ${file} is missing: npm ci leaves out the optional package cap without libpcap's headers; build/deps.sh has installed them now, so run "npm ci" again, then "npm run build" (docs/build.md)`,
      );
    }
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  run(path.join(__dirname, 'deps.sh'), []);
  requireCapSource();
  const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const epoch = sourceDateEpoch();
  const makeselfVersion = output('makeself', ['--version']).replace(/^Makeself version\s*/i, '');

  const bundled = await bundle();
  process.stdout.write(`build: bundled ${path.relative(ROOT, BUNDLE)} (${mib(BUNDLE)}, ${bundled.length} npm packages)\n`);
  // The cross tools (aarch64-linux-gnu-*, qemu-aarch64-static) assume an x86_64 build host.
  const hostArch = ARCHES.find((a) => a.node === process.arch && a.cross === '');
  if (!hostArch || process.platform !== 'linux')
    throw new Error(`build: runs on x86_64 Linux (it cross-builds aarch64), not ${process.platform}-${process.arch}`);
  const hostRuntime = step('node runtime for the host', () => fetchRuntime(hostArch));

  mkdirSync(DIST, { recursive: true });
  for (const name of readdirSync(DIST)) if (/^aio-native-.*\.sh$|^SHA256SUMS$/.test(name)) rmSync(path.join(DIST, name));
  const archives: string[] = [];
  for (const arch of ARCHES) {
    const runtime = step(`${arch.machine}: node runtime`, () => fetchRuntime(arch));
    const addon = step(`${arch.machine}: cap addon`, () => buildAddon(arch, runtime));
    inspectAddon(arch, addon);
    const binary = step(`${arch.machine}: single executable`, () => seaBinary(arch, runtime, hostRuntime));
    checkBinary(arch, binary, version);
    const pcap = libpcapSource();
    const text = notices({
      makeselfVersion,
      runtimeDir: runtime.dir,
      runtimeVersion: runtime.version,
      libpcapDir: pcap.dir,
      libpcapVersion: pcap.version,
      addonPackages: [path.join(ROOT, 'node_modules/cap'), path.join(ROOT, 'node_modules/nan')],
      bundled,
    });
    const archive = step(`${arch.machine}: ${archiveName(version, arch)}`, () =>
      makeArchive({ version, arch, binary, addon, notices: text, epoch }, DIST),
    );
    process.stdout.write(
      `build: ${path.relative(ROOT, archive)}: ${mib(archive)} (binary ${mib(binary)}, addon ${(statSync(addon).size / 1024).toFixed(0)} KiB)\n`,
    );
    archives.push(archive);
  }
  const sums = archives
    .map((a) => `${createHash('sha256').update(readFileSync(a)).digest('hex')}  ${path.basename(a)}\n`)
    .join('');
  writeFileSync(path.join(DIST, 'SHA256SUMS'), sums);
  process.stdout.write(
    `\n${sums}build: done in ${((Date.now() - started) / 1000).toFixed(0)} s; results in ${path.relative(ROOT, DIST)}/\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
