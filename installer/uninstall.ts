/**
 * --uninstall: stop and remove the service and the binaries; config, credentials, state and logs
 * stay so that a later install reuses them. --purge also removes /opt/wallarm and the service user.
 */
import fs from 'node:fs';
import { EXIT, InstallerError } from './errors';
import { SERVICE, SERVICE_USER, SYSTEM_PATHS, type Layout } from './layout';
import type { Progress } from './progress';
import type { System } from './system';

export async function uninstall(layout: Layout, system: System, progress: Progress, purge: boolean): Promise<void> {
  const unitPresent = fs.existsSync(layout.path('unit'));
  if (!unitPresent && !fs.existsSync(layout.path('base'))) {
    progress.step('Nothing to uninstall: no wallarm.service and no /opt/wallarm');
    return;
  }
  let current = '';
  try {
    progress.step(`Stopping and disabling ${SERVICE}`);
    current = 'stopping the service';
    if (await system.isActive(SERVICE)) await system.stop(SERVICE);
    if (await system.isEnabled(SERVICE)) await system.disable(SERVICE);

    progress.step('Removing the service and the binaries');
    current = 'removing files';
    for (const name of ['unit', 'logrotate', 'binDir', 'libDir', 'versionFile', 'archFile'] as const) {
      const target = layout.path(name);
      if (fs.existsSync(target)) {
        fs.rmSync(target, { recursive: true, force: true });
        progress.info(`removed ${SYSTEM_PATHS[name]}`);
      }
    }
    removeIfEmpty(layout.at('/opt/wallarm/usr'));
    if (unitPresent) {
      current = 'reloading systemd';
      await system.daemonReload();
    }

    if (purge) {
      progress.step(`Purging ${SYSTEM_PATHS.base} (config, credentials, state, logs, backups)`);
      current = `removing ${SYSTEM_PATHS.base}`;
      fs.rmSync(layout.path('base'), { recursive: true, force: true });
      current = `removing the user ${SERVICE_USER}`;
      if ((await system.findUser(SERVICE_USER)) !== null) {
        await system.deleteUser(SERVICE_USER);
        progress.info(`removed system user ${SERVICE_USER}`);
      }
      progress.info(`kept ${SYSTEM_PATHS.envList} if present (it is yours)`);
    } else {
      progress.info(`kept ${SYSTEM_PATHS.etcDir} (config, credentials), ${SYSTEM_PATHS.stateDir} and ${SYSTEM_PATHS.logDir}`);
      progress.info('remove them too with --uninstall --purge');
    }
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new InstallerError(EXIT.install, `uninstall failed while ${current}: ${why}`, [
      'fix the cause and run --uninstall again; it continues where it stopped',
    ]);
  }
}

function removeIfEmpty(dir: string): void {
  try {
    fs.rmdirSync(dir);
  } catch {
    // Not empty or absent: either way there is nothing to do.
  }
}
