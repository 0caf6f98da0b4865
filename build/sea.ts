/**
 * One single-executable binary from the bundle with @yao-pkg/pkg's SEA mode and a local node
 * (`nodePath`), no network. Must run under the pinned x64 node 22 itself: pkg insists that the
 * node generating the SEA blob is exactly the target's version. The blob has no code cache and
 * no snapshot, so it is architecture-neutral and the x64 node can make it for arm64 too.
 *
 *   <node22> --import tsx build/sea.ts <bundle.cjs> <x64|arm64> <stripped node> <output>
 *
 * Two of pkg's subprocess calls are adjusted (pkg has no option for either):
 * - for an arm64 target pkg asks `<nodePath> --version`, which this x86_64 machine can only run
 *   through qemu-user (binfmt_misc is not available in a container): routed there;
 * - the SEA blob records the main script's path as given in sea-config.json, and pkg gives the
 *   absolute path of the bundle in this checkout: the blob (and the archive) would differ between
 *   checkouts, and stack traces would show the build machine's paths. The generator gets a copy
 *   named plainly `native-node.cjs` in its working directory (pkg's private temporary one). The
 *   same copy is also embedded as the asset `native-node.cjs`, the script of worker threads.
 */
import childProcess from 'node:child_process';
import { closeSync, copyFileSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import util from 'node:util';

type ExecFileAsync = (file: string, args: string[], opts?: object) => Promise<{ stdout: string; stderr: string }>;

const MAIN_NAME = 'native-node.cjs';

function stabiliseMainPath(configFile: string): void {
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as { main: string; assets?: Record<string, string> };
  copyFileSync(config.main, path.join(process.cwd(), MAIN_NAME));
  config.main = MAIN_NAME;
  // Pipeline worker threads run the bundle's text (node/workers/pool.ts): a SEA has no script file.
  config.assets = { ...config.assets, [MAIN_NAME]: MAIN_NAME };
  writeFileSync(configFile, JSON.stringify(config));
}

function adjustPkgSubprocesses(): void {
  const original = childProcess.execFile;
  const originalAsync = (original as unknown as Record<symbol, ExecFileAsync>)[util.promisify.custom];
  if (!originalAsync) throw new Error('build: child_process.execFile has no promisified form to wrap');
  const qemuFor = (file: string): string | undefined => {
    const header = Buffer.alloc(20);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, header, 0, header.length, 0);
    } finally {
      closeSync(fd);
    }
    // ELF e_machine at offset 18: 0xB7 is AArch64.
    return header.readUInt32BE(0) === 0x7f454c46 && header.readUInt16LE(18) === 0xb7 && process.arch !== 'arm64'
      ? 'qemu-aarch64-static'
      : undefined;
  };
  const wrapped = Object.assign((...args: Parameters<typeof original>) => Reflect.apply(original, childProcess, args), {
    [util.promisify.custom]: (file: string, args: string[] = [], opts?: object) => {
      if (args[0] === '--experimental-sea-config' && args[1]) stabiliseMainPath(path.resolve(args[1]));
      const qemu = qemuFor(file);
      return qemu ? originalAsync(qemu, [file, ...args], opts) : originalAsync(file, args, opts);
    },
  });
  (childProcess as { execFile: unknown }).execFile = wrapped;
}

async function main(): Promise<void> {
  const [entry, arch, nodePath, output] = process.argv.slice(2);
  if (!entry || (arch !== 'x64' && arch !== 'arm64') || !nodePath || !output) {
    throw new Error('usage: sea.ts <bundle.cjs> <x64|arm64> <node binary> <output>');
  }
  adjustPkgSubprocesses();
  // Loaded after the wrapping so pkg's module-level promisify(execFile) picks up the wrapper.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: sea } = require('@yao-pkg/pkg/lib-es5/sea') as {
    default: (entry: string, opts: object) => Promise<void>;
  };
  // pkg changes directory while it works: every path must be absolute.
  await sea(path.resolve(entry), {
    targets: [{ nodeRange: 'node22', platform: 'linux', arch, output: path.resolve(output) }],
    nodePath: path.resolve(nodePath),
    seaConfig: { useCodeCache: false, useSnapshot: false, disableExperimentalSEAWarning: true },
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
