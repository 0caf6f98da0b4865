/**
 * Checks made before anything is changed (exit 2): platform, privileges, architecture, systemd,
 * free space, and (in main.ts, once inputs are known) the config through the node's validator.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { preflightError } from './errors';
import type { Layout } from './layout';
import type { Payload } from './payload';
import type { System } from './system';

export interface Host {
  platform: string;
  euid: number;
  machine: string;
}

export function currentHost(): Host {
  return { platform: process.platform, euid: process.geteuid?.() ?? -1, machine: os.machine() };
}

/** Kernel names of the architectures we ship (uname -m); Node says arm64 where uname says aarch64. */
export function normaliseArch(machine: string): string {
  if (machine === 'arm64') return 'aarch64';
  if (machine === 'x64' || machine === 'amd64') return 'x86_64';
  return machine;
}

export function checkHost(host: Host, payload: Payload, layout: Layout): void {
  if (host.platform !== 'linux') throw preflightError(`this installer runs on Linux only (this is ${host.platform})`);
  if (layout.root === '' && host.euid !== 0) {
    throw preflightError('the installer must run as root: run it again with sudo');
  }
  const machine = normaliseArch(host.machine);
  if (payload.arch !== machine) {
    throw preflightError(
      `this archive is built for ${payload.arch} but this machine is ${machine}: use aio-native-${payload.version}.${machine}.sh`,
    );
  }
}

export function checkSystemd(system: System): void {
  const problem = system.systemdProblem();
  if (problem !== null) throw preflightError(`${problem}: the node is installed as a systemd service, so systemd is required`);
}

export function minFreeBytes(payload: Payload, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.WALLARM_INSTALLER_MIN_FREE_MB;
  const mb = raw === undefined || raw === '' ? 100 : Number(raw);
  if (!Number.isFinite(mb) || mb < 0) {
    throw preflightError(`WALLARM_INSTALLER_MIN_FREE_MB="${raw}" is not a number of megabytes`);
  }
  // The old binary is kept until the new one runs, so room for two copies of the payload.
  return 2 * payload.size + mb * 1024 * 1024;
}

export function checkDisk(layout: Layout, payload: Payload, env: NodeJS.ProcessEnv = process.env): void {
  let dir = layout.path('base');
  while (!fs.existsSync(dir)) dir = path.dirname(dir);
  const st = fs.statfsSync(dir);
  const free = st.bavail * st.bsize;
  const need = minFreeBytes(payload, env);
  if (free < need) {
    const mb = (n: number) => `${Math.ceil(n / 1024 / 1024)} MB`;
    throw preflightError(
      `not enough free space for /opt/wallarm: ${mb(free)} free in ${dir}, ${mb(need)} needed; free some space and run again`,
    );
  }
}
