/**
 * The install proper: register (exit 3 on failure, nothing changed yet), then every file change
 * through a Journal and every service change noted, so that any failure up to "the node reports
 * ready" puts the previous installation back, restarts it if it was running, and exits 4.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXIT, InstallerError } from './errors';
import type { Installed } from './installed';
import { Journal } from './journal';
import { SERVICE, SERVICE_USER, SYSTEM_PATHS, type Layout } from './layout';
import { register, type Payload } from './payload';
import { GROUP_FIX, HOST_FIX, TOKEN_FIX, type Plan } from './plan';
import type { Progress } from './progress';
import { readyUrl, waitReady, type ReadySettings } from './ready';
import type { Account, System } from './system';
import { logrotateFile, unitFile } from './unit-file';

export interface InstallContext {
  plan: Plan;
  payload: Payload;
  layout: Layout;
  system: System;
  progress: Progress;
  installed: Installed;
  ready: ReadySettings;
}

export async function install(ctx: InstallContext): Promise<void> {
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'aio-installer-'));
  try {
    const nodeYaml = await registerStep(ctx, path.join(staging, 'node.yaml'));
    await transaction(ctx, nodeYaml);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Returns the file holding new credentials, or null when the installed ones are reused. */
async function registerStep(ctx: InstallContext, staged: string): Promise<string | null> {
  const { plan, progress } = ctx;
  progress.step('Registering the node with the cloud');
  if (plan.registration === null) {
    progress.info(`already registered, reusing ${SYSTEM_PATHS.nodeYaml}`);
    return null;
  }
  const problem = await register(ctx.payload, { ...plan.registration, nodeYaml: staged, mode: plan.mode });
  if (problem !== null) {
    const text = problem.join('\n');
    const last = problem[problem.length - 1].replace(/^native-node register: /, '').replace(/^registration failed: /, '');
    throw new InstallerError(EXIT.registration, `registration failed: ${last}`, [
      ...problem.slice(0, -1),
      registrationHint(text, plan.registration.host),
      'Nothing was changed on this machine.',
    ]);
  }
  progress.info(`registered (labels ${plan.registration.labels}); credentials go to ${SYSTEM_PATHS.nodeYaml}`);
  return staged;
}

function registrationHint(text: string, host: string | null): string {
  // Most specific first: a 403 or 422 message may well mention the token too.
  if (/\b403\b|access denied/i.test(text)) return `What to do: the token belongs to the other cloud: ${HOST_FIX}`;
  if (/\b422\b|label "?group/i.test(text)) return `What to do: ${GROUP_FIX}`;
  if (/\b401\b|token/i.test(text)) return `What to do: check the token; ${TOKEN_FIX}`;
  const where = host ?? process.env.WALLARM_API_HOST ?? 'the API host';
  return `What to do: check that this machine reaches https://${where} (outbound HTTPS) and that --host is right`;
}

/** Dotted numeric versions compared field by field; a non-numeric field compares as text. */
export function isOlder(a: string, b: string): boolean {
  const pa = a.split(/[.+-]/);
  const pb = b.split(/[.+-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    if (x === y) continue;
    const nx = Number(x);
    const ny = Number(y);
    return Number.isFinite(nx) && Number.isFinite(ny) ? nx < ny : x < y;
  }
  return false;
}

function timestamp(): string {
  return new Date()
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
}

interface ServiceChanges {
  wasActive: boolean;
  wasEnabled: boolean;
  touched: boolean;
  enabledNow: boolean;
  unitChanged: boolean;
}

async function transaction(ctx: InstallContext, stagedNodeYaml: string | null): Promise<void> {
  const { plan, payload, layout, system, progress: p, installed } = ctx;
  const journal = new Journal();
  const service: ServiceChanges = {
    wasActive: await system.isActive(SERVICE),
    wasEnabled: await system.isEnabled(SERVICE),
    touched: false,
    enabledNow: false,
    unitChanged: false,
  };
  try {
    const upgrade = installed.version !== null && installed.version !== payload.version;
    const replacesConfig = plan.configFile !== null && installed.hasConfig;
    const replacesCredentials = stagedNodeYaml !== null && installed.registered;
    if (installed.hasBase && (upgrade || replacesConfig || replacesCredentials || plan.reinstall)) backup(ctx, journal);

    if (plan.reinstall) {
      p.step('Removing the installed service and binaries (--reinstall)');
      if (service.wasActive) {
        service.touched = true;
        await system.stop(SERVICE);
      }
      for (const name of ['unit', 'logrotate', 'binDir', 'libDir'] as const) journal.remove(layout.path(name));
      service.unitChanged = true;
    }

    const what = !upgrade
      ? `Installing aio-native ${payload.version}`
      : `${isOlder(payload.version, installed.version ?? '') ? 'Downgrading' : 'Upgrading'} ${installed.version} -> ${payload.version}`;
    p.step(`${what} into ${SYSTEM_PATHS.base}`);
    const changed = writeFiles(ctx, journal, stagedNodeYaml);
    await ownership(ctx);

    p.step(`Configuring the systemd service ${SERVICE}`);
    service.unitChanged = journal.writeFile(layout.path('unit'), unitFile(payload.version), 0o644) || service.unitChanged;
    if (service.unitChanged) changed.push('unit');
    if (journal.writeFile(layout.path('logrotate'), logrotateFile(), 0o644)) changed.push('logrotate');
    if (service.unitChanged) await system.daemonReload();
    if (!service.wasEnabled) {
      await system.enable(SERVICE);
      service.enabledNow = true;
      p.info(`enabled ${SERVICE} (starts at boot)`);
    }
    p.info(changed.length > 0 ? `updated: ${changed.join(', ')}` : 'every file is already up to date');

    p.step(`Starting ${SERVICE}`);
    const running = await system.isActive(SERVICE);
    if (changed.length === 0 && running && !plan.reinstall) {
      p.info('already running with these files; nothing changed');
    } else {
      service.touched = true;
      if (running) await system.restart(SERVICE);
      else await system.start(SERVICE);
      const result = await waitReady(system, readyUrl(layout.path('config')), ctx.ready);
      if (!result.ready) throw new Error(`${result.how}${logTail(layout)}`);
      p.info(`ready: ${result.how}`);
    }
    journal.commit();
  } catch (err) {
    throw await rollBack(ctx, journal, service, err);
  }
}

/** The payload, config and credentials into the layout; returns the names of what changed. */
function writeFiles(ctx: InstallContext, journal: Journal, stagedNodeYaml: string | null): string[] {
  const { plan, payload, layout, progress } = ctx;
  for (const dir of ['binDir', 'libDir', 'etcDir', 'logDir', 'stateDir'] as const) journal.ensureDir(layout.path(dir));
  const changed: string[] = [];
  const note = (name: string, didChange: boolean) => didChange && changed.push(name);
  note('binary', journal.copyFile(payload.binary, layout.path('binary'), 0o755));
  note('libraries', journal.copyDir(payload.libDir, layout.path('libDir'), 0o644));
  note('VERSION', journal.writeFile(layout.path('versionFile'), `${payload.version}\n`, 0o644));
  note('ARCH', journal.writeFile(layout.path('archFile'), `${payload.arch}\n`, 0o644));
  if (plan.configFile !== null) note('config', journal.copyFile(plan.configFile, layout.path('config'), 0o640));
  else progress.info(`keeping the installed config ${SYSTEM_PATHS.config}`);
  if (stagedNodeYaml !== null) note('credentials', journal.copyFile(stagedNodeYaml, layout.path('nodeYaml'), 0o600));
  if (!fs.existsSync(layout.path('log'))) journal.writeFile(layout.path('log'), '', 0o640);
  return changed;
}

function backup(ctx: InstallContext, journal: Journal): void {
  const { layout, progress } = ctx;
  let dir = path.join(layout.path('backups'), timestamp());
  for (let i = 1; fs.existsSync(dir); i++) dir = `${path.join(layout.path('backups'), timestamp())}-${i}`;
  progress.step(`Backing up config and credentials to ${SYSTEM_PATHS.backups}/${path.basename(dir)}`);
  journal.ensureDir(layout.path('backups'), 0o700);
  journal.ensureDir(dir, 0o700);
  for (const name of ['config', 'nodeYaml', 'envList'] as const) {
    const src = layout.path(name);
    if (fs.existsSync(src)) {
      journal.copyFile(src, path.join(dir, path.basename(src)), 0o600);
      progress.info(`saved ${SYSTEM_PATHS[name]}`);
    }
  }
}

/** The service user owns what it writes (logs, state) and its credentials; it only reads config. */
async function ownership(ctx: InstallContext): Promise<void> {
  const { system, layout, progress } = ctx;
  let account = await system.findUser(SERVICE_USER);
  if (account === null) {
    account = await system.createSystemUser(SERVICE_USER, SYSTEM_PATHS.stateDir);
    progress.info(`created system user ${SERVICE_USER}`);
  }
  const chown = async (file: string, owner: Account) => {
    if (!fs.existsSync(file)) return;
    const st = fs.statSync(file);
    if (st.uid !== owner.uid || st.gid !== owner.gid) await system.chown(file, owner);
  };
  for (const name of ['logDir', 'stateDir'] as const) {
    fs.chmodSync(layout.path(name), 0o750);
    await chown(layout.path(name), account);
  }
  await chown(layout.path('log'), account);
  await chown(layout.path('nodeYaml'), account);
  const config = layout.path('config');
  if (fs.existsSync(config)) await chown(config, { uid: fs.statSync(config).uid, gid: account.gid });
}

function logTail(layout: Layout): string {
  try {
    const lines = fs.readFileSync(layout.path('log'), 'utf8').trimEnd().split('\n').slice(-10).filter(Boolean);
    return lines.length > 0 ? `\nlast lines of ${SYSTEM_PATHS.log}:\n  ${lines.join('\n  ')}` : '';
  } catch {
    return '';
  }
}

async function rollBack(ctx: InstallContext, journal: Journal, service: ServiceChanges, err: unknown): Promise<InstallerError> {
  const { system, progress } = ctx;
  const cause = err instanceof Error ? err.message : String(err);
  progress.step('Install failed: rolling back to the previous state');
  const problems: string[] = [];
  const attempt = async (what: () => Promise<void>) => {
    try {
      await what();
    } catch (e) {
      problems.push(e instanceof Error ? e.message : String(e));
    }
  };
  if (service.touched && !service.wasActive) await attempt(() => system.stop(SERVICE));
  if (service.enabledNow) await attempt(() => system.disable(SERVICE));
  problems.push(...journal.rollback());
  if (service.unitChanged) await attempt(() => system.daemonReload());
  if (service.wasActive && service.touched) await attempt(() => system.restart(SERVICE));
  const [first, ...rest] = cause.split('\n');
  const details = [...rest];
  if (problems.length > 0) details.push('the rollback was incomplete:', ...problems.map((x) => `  ${x}`));
  else
    details.push(
      service.wasActive
        ? `rolled back: the previous installation is running again`
        : 'rolled back: nothing is left installed by this run',
    );
  return new InstallerError(EXIT.install, `install failed: ${first}`, details);
}
