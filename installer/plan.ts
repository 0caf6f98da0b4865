/**
 * The resolved inputs of one install: from options and environment in batch mode (here), or from
 * the questions in interactive.ts. What is required depends on what is already installed: an
 * existing registration is reused, an existing config is kept unless --preserve=false.
 */
import fs from 'node:fs';
import path from 'node:path';
import { usageError } from './errors';
import type { Installed } from './installed';
import { formatLabels, parseLabels, type InstallerOptions, type Mode } from './options';

export interface Plan {
  mode: Mode;
  /** Config file to install; null keeps the installed one. */
  configFile: string | null;
  /** The config was written by the guided questions (shown in full in the summary). */
  guided: boolean;
  /** Registration to perform; null reuses the installed node.yaml. */
  registration: { token: string; host: string | null; labels: string } | null;
  preserve: boolean;
  reinstall: boolean;
  /** Things the user asked for that this run deliberately does not do, and why. */
  notes: string[];
}

export const TOKEN_FIX =
  'add --token=<API_TOKEN> (Wallarm Console: Settings > API tokens, usage type "Node deployment/Deployment")';
export const HOST_FIX = 'add --host us1.api.wallarm.com (US cloud) or --host api.wallarm.com (EU cloud)';
export const GROUP_FIX =
  "set WALLARM_LABELS='group=<GROUP>' in the installer's environment (sudo env WALLARM_LABELS='group=<GROUP>' ./aio-native-...sh -- ...)";

export function needsConfig(installed: Installed, preserve: boolean): boolean {
  return !installed.hasConfig || !preserve;
}

export function needsRegistration(installed: Installed, preserve: boolean): boolean {
  return !installed.registered || !preserve;
}

export function existingConfigFile(file: string, option = '--go-node-config'): string {
  const abs = path.resolve(file);
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch {
    throw usageError(`${option} ${file}: no such file; give the path of your go-node.yaml`);
  }
  if (!st.isFile()) throw usageError(`${option} ${file}: not a regular file; give the path of your go-node.yaml`);
  return abs;
}

export function batchPlan(opts: InstallerOptions, installed: Installed, env: NodeJS.ProcessEnv = process.env): Plan {
  const notes: string[] = [];
  // A reinstall or an upgrade keeps the installed node's mode unless --mode says otherwise.
  const mode = opts.mode ?? (installed.version !== null ? installed.mode : null);
  if (mode === null) throw usageError('--mode is required with --batch: add --mode=tcp-capture or --mode=tcp-capture-v2');
  if (opts.mode === null) notes.push(`mode ${mode}: the installed node's (--mode changes it)`);
  const labels = parseLabels(env.WALLARM_LABELS);

  let configFile: string | null = null;
  if (needsConfig(installed, opts.preserve)) {
    if (opts.goNodeConfig === null)
      throw usageError(
        '--go-node-config is required: add --go-node-config=<PATH_TO_CONFIG> (see docs/installer.md for an example)',
      );
    configFile = existingConfigFile(opts.goNodeConfig);
  } else if (opts.goNodeConfig !== null) {
    existingConfigFile(opts.goNodeConfig);
    notes.push(
      `keeping the installed config; --go-node-config ${opts.goNodeConfig} is not used (--preserve=false replaces the config)`,
    );
  }

  let registration: Plan['registration'] = null;
  if (needsRegistration(installed, opts.preserve)) {
    if (opts.token === null) throw usageError(`--token is required to register the node: ${TOKEN_FIX}`);
    const host = opts.host ?? null;
    if (host === null && !env.WALLARM_API_HOST) throw usageError(`--host is required to register the node: ${HOST_FIX}`);
    if (!labels.has('group')) throw usageError(`WALLARM_LABELS has no group, which registration requires: ${GROUP_FIX}`);
    registration = { token: opts.token, host, labels: formatLabels(labels) };
  } else if (opts.token !== null) {
    notes.push('already registered: --token is not used (--preserve=false registers again)');
  }
  return { mode, configFile, guided: false, registration, preserve: opts.preserve, reinstall: opts.reinstall, notes };
}
