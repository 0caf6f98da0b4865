/** Where the build reads and writes. build/work/ is a cache (gitignored); build/dist/ is the result. */
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');
export const WORK = path.join(ROOT, 'build/work');
export const DIST = path.join(ROOT, 'build/dist');
export const BUNDLE = path.join(WORK, 'native-node.cjs');

/** The two shipped architectures: the name in file names (uname -m) and node's name. */
export interface Arch {
  /** uname -m, used in archive names: x86_64, aarch64. */
  machine: 'x86_64' | 'aarch64';
  /** process.arch / npm cpu: x64, arm64. */
  node: 'x64' | 'arm64';
  /** GNU triplet prefix for cross tools; empty when building natively on x86_64. */
  cross: string;
}

export const ARCHES: Arch[] = [
  { machine: 'x86_64', node: 'x64', cross: '' },
  { machine: 'aarch64', node: 'arm64', cross: 'aarch64-linux-gnu-' },
];
