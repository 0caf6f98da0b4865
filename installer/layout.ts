/**
 * Where the installer writes (SPEC section 2). `system` paths are what the installed system sees
 * (they go into the unit file); `at()` maps them under the --root testing directory.
 */
import path from 'node:path';

export const SERVICE = 'wallarm.service';
export const SERVICE_USER = 'wallarm';

export const SYSTEM_PATHS = {
  base: '/opt/wallarm',
  binDir: '/opt/wallarm/usr/bin',
  libDir: '/opt/wallarm/usr/lib',
  binary: '/opt/wallarm/usr/bin/native-node',
  etcDir: '/opt/wallarm/etc/wallarm',
  config: '/opt/wallarm/etc/wallarm/go-node.yaml',
  nodeYaml: '/opt/wallarm/etc/wallarm/node.yaml',
  logDir: '/opt/wallarm/var/log/wallarm',
  log: '/opt/wallarm/var/log/wallarm/go-node.log',
  stateDir: '/opt/wallarm/var/lib/wallarm',
  varDir: '/opt/wallarm/var',
  versionFile: '/opt/wallarm/VERSION',
  archFile: '/opt/wallarm/ARCH',
  backups: '/opt/wallarm/aio-backups',
  unit: '/etc/systemd/system/wallarm.service',
  logrotate: '/etc/logrotate.d/wallarm',
  envList: '/etc/wallarm-override/env.list',
} as const;

export type PathName = keyof typeof SYSTEM_PATHS;

export class Layout {
  /** root '' means the real file system. */
  constructor(readonly root: string) {}

  at(systemPath: string): string {
    return this.root === '' ? systemPath : path.join(this.root, systemPath);
  }

  path(name: PathName): string {
    return this.at(SYSTEM_PATHS[name]);
  }
}
