/**
 * `native-node installer`: what the aio-native archive runs after unpacking (startup.sh passes
 * --payload-dir and everything after `--`). Order: options (exit 1), host checks (exit 2), inputs
 * from options or questions (exit 1), config and disk checks (exit 2), registration (exit 3),
 * install with rollback (exit 4). See docs/installer.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { VERSION } from '../node/version';
import { EXIT, InstallerError, preflightError, usageError } from './errors';
import { install } from './install';
import { modeOf, readInstalled } from './installed';
import { confirmInstall, confirmUninstall, askPlan } from './interactive';
import { Layout, SERVICE, SYSTEM_PATHS } from './layout';
import { HELP, parseOptions } from './options';
import { checkConfig, readPayload, type Payload } from './payload';
import { batchPlan, type Plan } from './plan';
import { checkDisk, checkHost, checkSystemd, currentHost } from './preflight';
import { Progress } from './progress';
import { readySettings } from './ready';
import { createSystem } from './system';
import { uninstall } from './uninstall';

export async function run(argv: string[]): Promise<number> {
  const progress = new Progress();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aio-installer-work-'));
  try {
    await runInstaller(argv, progress, workDir);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof InstallerError) {
      progress.error(err.message, err.details);
      return err.code;
    }
    if (err instanceof Error && err.name === 'ExitPromptError') {
      progress.error('cancelled; nothing was changed');
      return EXIT.usage;
    }
    throw err;
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

async function runInstaller(argv: string[], progress: Progress, workDir: string): Promise<void> {
  const opts = parseOptions(argv);
  if (opts.help) {
    process.stdout.write(HELP);
    return;
  }
  if (opts.version) {
    const version = opts.payloadDir ? readPayload(opts.payloadDir).version : VERSION;
    process.stdout.write(`aio-native installer ${version}\n`);
    return;
  }
  if (opts.payloadDir === null) {
    throw usageError('--payload-dir is missing: run the installer archive (./aio-native-<VERSION>.<ARCH>.sh), which passes it');
  }
  const interactive = !opts.batch;
  if (interactive && !process.stdin.isTTY) {
    throw usageError('no terminal to ask questions on: add --batch and give the inputs as options (see --help)');
  }
  const layout = new Layout(opts.root ?? '');
  const system = createSystem(layout.root);
  const payload = readPayload(opts.payloadDir);

  progress.step(`Checking this machine for aio-native ${payload.version} (${payload.arch})`);
  checkHost(currentHost(), payload, layout);
  checkSystemd(system);
  if (layout.root !== '')
    progress.info(`testing mode: installing under ${layout.root}, system calls recorded in ${layout.root}/.fake-system/`);

  if (opts.uninstall) {
    if (interactive && !(await confirmUninstall(opts.purge))) throw usageError('cancelled; nothing was changed');
    await uninstall(layout, system, progress, opts.purge);
    return;
  }

  const installed = readInstalled(layout);
  if (installed.version !== null) progress.info(`installed: ${installed.version}; this installer: ${payload.version}`);
  const plan = interactive ? await askPlan(opts, installed, payload, workDir) : batchPlan(opts, installed);
  for (const note of plan.notes) progress.info(note);

  const config = plan.configFile ?? layout.path('config');
  const check = await checkConfig(payload, config);
  if (!check.ok) throw preflightError(`the config ${config} is not valid; fix it and run again:`, check.lines);
  const configMode = modeOf(config);
  if (configMode !== null && configMode !== plan.mode) {
    throw preflightError(`the config ${config} has mode: ${configMode}, but this install is --mode ${plan.mode}:`, [
      `give --mode=${configMode}, or a config written for ${plan.mode} (docs/configuration.md maps tcp-capture keys to tcp-capture-v2)`,
    ]);
  }
  progress.info(`config ${config} is valid`);
  if (check.summary) progress.info(check.summary);
  for (const line of check.lines) progress.info(line);
  checkDisk(layout, payload);

  if (interactive) {
    process.stdout.write(summary(plan, payload));
    if (!(await confirmInstall())) throw usageError('cancelled; nothing was changed');
  }
  await install({ plan, payload, layout, system, progress, installed, ready: readySettings() });
  process.stdout.write(finished(payload));
}

function summary(plan: Plan, payload: Payload): string {
  const reg = plan.registration;
  const lines = [
    `Summary:`,
    `  version       ${payload.version} (${payload.arch})`,
    `  mode          ${plan.mode}`,
    `  registration  ${reg === null ? 'reuse the existing credentials' : `host ${reg.host ?? process.env.WALLARM_API_HOST}, labels ${reg.labels}, token ${'*'.repeat(8)}`}`,
    `  config        ${plan.configFile === null ? `keep ${SYSTEM_PATHS.config}` : `${plan.guided ? 'guided config' : plan.configFile} -> ${SYSTEM_PATHS.config}`}`,
    `  service       ${SERVICE}, user wallarm, ${SYSTEM_PATHS.base}`,
  ];
  if (plan.guided && plan.configFile !== null) {
    lines.push(
      '  guided config:',
      ...fs
        .readFileSync(plan.configFile, 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => `    ${l}`),
    );
  }
  return lines.join('\n') + '\n';
}

function finished(payload: Payload): string {
  return `
aio-native ${payload.version} is installed and running as ${SERVICE}.
  config       ${SYSTEM_PATHS.config} (after editing: sudo systemctl restart wallarm)
  credentials  ${SYSTEM_PATHS.nodeYaml}
  node log     ${SYSTEM_PATHS.log}
  other logs   ${SYSTEM_PATHS.logDir}/
  status       systemctl status wallarm
Test it: send the test attack through the mirrored path, then look for it in the node log:
  curl http://<MIRROR_SOURCE_ADDRESS>/etc/passwd
`;
}
