/**
 * Suricata for the benches (`npm run bench` offline, `npm run bench:live` on a veth): installed
 * with apt when missing. Debian 12 carries Suricata only in bookworm-backports, which is added as
 * a source when the plain install finds no candidate.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { debianMirror } from '../../build/debian-mirror';

export function have(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

export function apt(args: string[]): boolean {
  return spawnSync('apt-get', args, { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
}

/** Installs Suricata when missing; returns why it is unavailable, or null. */
export function ensureSuricata(): string | null {
  if (have('suricata')) return null;
  if (!have('apt-get')) return 'suricata is not installed and there is no apt-get';
  process.stderr.write('bench: installing suricata with apt-get...\n');
  if (apt(['install', '-y', '-q', 'suricata'])) return null;
  const backports = '/etc/apt/sources.list.d/aio-bench-backports.sources';
  if (!existsSync(backports)) {
    writeFileSync(
      backports,
      `Types: deb\nURIs: ${debianMirror()}\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n`,
    );
  }
  if (apt(['update', '-q']) && apt(['install', '-y', '-q', '-t', 'bookworm-backports', 'suricata'])) return null;
  return 'apt-get could not install suricata (not root, no network, or no candidate in bookworm-backports)';
}
