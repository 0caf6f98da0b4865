/**
 * The makeself archive for one architecture: stages the payload (docs/build.md "Archive layout")
 * and packs it reproducibly: fixed mtimes (SOURCE_DATE_EPOCH), owner 0:0, fixed modes, entries
 * sorted (makeself sorts), gzip without a name or time stamp, a fixed packaging date.
 */
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { run } from './exec';
import { ROOT, WORK, type Arch } from './paths';

export interface PayloadParts {
  version: string;
  arch: Arch;
  binary: string;
  addon: string;
  notices: string;
  /** Seconds since the epoch given to every file and to the archive's packaging date. */
  epoch: number;
}

export const archiveName = (version: string, arch: Arch): string => `aio-native-${version}.${arch.machine}.sh`;

/** Optional: shipped as etc/go-node.default.yaml when the repository has it. */
const DEFAULT_CONFIG = path.join(ROOT, 'node/config/default.yaml');

function stage(parts: PayloadParts, stagingRoot: string): string {
  const dir = path.join(stagingRoot, `aio-native-${parts.version}.${parts.arch.machine}`);
  rmSync(dir, { recursive: true, force: true });
  const put = (rel: string, from: string | { text: string }, mode: number): void => {
    const to = path.join(dir, rel);
    mkdirSync(path.dirname(to), { recursive: true });
    if (typeof from === 'string') copyFileSync(from, to);
    else writeFileSync(to, from.text);
    chmodSync(to, mode);
  };
  put('bin/native-node', parts.binary, 0o755);
  put('lib/cap.node', parts.addon, 0o644);
  if (existsSync(DEFAULT_CONFIG)) put('etc/go-node.default.yaml', DEFAULT_CONFIG, 0o644);
  put('VERSION', { text: `${parts.version}\n` }, 0o644);
  put('ARCH', { text: `${parts.arch.machine}\n` }, 0o644);
  put('THIRD-PARTY-NOTICES', { text: parts.notices }, 0o644);
  put('startup.sh', path.join(ROOT, 'makeself/startup.sh'), 0o755);
  setTimes(dir, parts.epoch);
  return dir;
}

function setTimes(p: string, epoch: number): void {
  if (statSync(p).isDirectory()) {
    chmodSync(p, 0o755);
    for (const name of readdirSync(p)) setTimes(path.join(p, name), epoch);
  }
  utimesSync(p, epoch, epoch);
}

/** Writes `<outDir>/aio-native-<VERSION>.<ARCH>.sh` and returns its path. */
export function makeArchive(parts: PayloadParts, outDir: string, stagingRoot = path.join(WORK, 'payload')): string {
  const payload = stage(parts, stagingRoot);
  const name = archiveName(parts.version, parts.arch);
  const packagingDate = new Date(parts.epoch * 1000).toUTCString();
  // makeself records its command line in the header (--info): run it next to the payload with
  // bare names so the checkout's path stays out of the archive.
  const cwd = path.dirname(payload);
  rmSync(path.join(cwd, name), { force: true });
  run(
    'makeself',
    [
      '--quiet',
      '--sha256',
      '--nox11',
      '--gzip',
      // makeself evaluates "gzip -c<level>": -n keeps gzip from storing the temporary tar's mtime.
      '--complevel',
      '6 -n',
      '--packaging-date',
      packagingDate,
      '--tar-extra',
      `--mtime=@${parts.epoch} --owner=0 --group=0 --numeric-owner`,
      path.basename(payload),
      name,
      `aio-native ${parts.version} (${parts.arch.machine})`,
      './startup.sh',
    ],
    { cwd },
  );
  const out = path.join(outDir, name);
  copyFileSync(path.join(cwd, name), out);
  rmSync(path.join(cwd, name));
  rmSync(payload, { recursive: true });
  return out;
}
