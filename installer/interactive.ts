/**
 * The interactive installer (no --batch, a terminal): asks only what the options and the existing
 * installation leave open, in the seed's order (mode, cloud, token, config), then shows a summary
 * and asks for confirmation before anything is changed.
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { confirm, input, password, select } from '@inquirer/prompts';
import { InstallerError } from './errors';
import { guidedConfig, parseNumberList, PORT_RANGE, VID_RANGE, VNI_RANGE, type Encapsulation } from './guided-config';
import type { Installed } from './installed';
import { SYSTEM_PATHS } from './layout';
import { formatLabels, MODE_EXPLANATIONS, MODES, parseHost, parseLabels, type InstallerOptions, type Mode } from './options';
import { checkConfig, type Payload } from './payload';
import { existingConfigFile, needsConfig, needsRegistration, type Plan } from './plan';

const CLOUDS = [
  { name: 'US cloud (us1.api.wallarm.com)', value: 'us1.api.wallarm.com' },
  { name: 'EU cloud (api.wallarm.com)', value: 'api.wallarm.com' },
  { name: 'Custom host', value: '' },
];

function validHost(v: string): true | string {
  try {
    parseHost(v);
    return true;
  } catch (err) {
    return err instanceof InstallerError ? err.message : String(err);
  }
}

export async function askPlan(
  opts: InstallerOptions,
  installed: Installed,
  payload: Payload,
  workDir: string,
  env = process.env,
): Promise<Plan> {
  const notes: string[] = [];
  const mode: Mode =
    opts.mode ??
    (await select<Mode>({
      message: 'Node mode',
      choices: MODES.map((m) => ({ name: `${m}: ${MODE_EXPLANATIONS[m]}`, value: m })),
      // A reinstall or an upgrade offers the installed node's mode first.
      default: installed.mode ?? 'tcp-capture',
    }));

  let registration: Plan['registration'] = null;
  if (needsRegistration(installed, opts.preserve)) {
    let host = opts.host ?? null;
    if (host === null && !env.WALLARM_API_HOST) {
      host = await select({ message: 'Wallarm cloud', choices: CLOUDS });
      if (host === '') host = await input({ message: 'API host (HOST[:PORT])', validate: validHost });
    }
    const token =
      opts.token ??
      (await password({
        message: 'API token (usage type "Node deployment/Deployment"; input is hidden)',
        validate: (v) => v.trim() !== '' || 'the token is required to register the node',
      }));
    const labels = parseLabels(env.WALLARM_LABELS);
    if (!labels.has('group')) {
      labels.set(
        'group',
        await input({
          message: 'Node group (the "group" label)',
          validate: (v) => /^[^,=\s]+$/.test(v) || 'one word without commas or "="',
        }),
      );
    }
    registration = { token: token.trim(), host, labels: formatLabels(labels) };
  } else {
    notes.push(`already registered: reusing ${SYSTEM_PATHS.nodeYaml}`);
  }

  let config: { file: string; guided: boolean } | null = null;
  let replaceConfig = needsConfig(installed, opts.preserve);
  if (!replaceConfig && opts.goNodeConfig === null) {
    replaceConfig = !(await confirm({ message: `Keep the installed config ${SYSTEM_PATHS.config}?`, default: true }));
  } else if (!replaceConfig) {
    notes.push(
      `keeping the installed config; --go-node-config ${opts.goNodeConfig} is not used (--preserve=false replaces the config)`,
    );
  }
  if (replaceConfig) {
    config =
      opts.goNodeConfig !== null
        ? { file: existingConfigFile(opts.goNodeConfig), guided: false }
        : await askConfig(payload, workDir, mode);
  }
  return {
    mode,
    configFile: config?.file ?? null,
    guided: config?.guided ?? false,
    registration,
    preserve: opts.preserve,
    reinstall: opts.reinstall,
    notes,
  };
}

async function askConfig(payload: Payload, workDir: string, mode: Mode): Promise<{ file: string; guided: boolean }> {
  for (;;) {
    const how = await select({
      message: 'Node config (go-node.yaml)',
      choices: [
        { name: 'Guided: pick the interface, ports and encapsulation', value: 'guided' },
        { name: 'Use an existing file', value: 'path' },
      ],
    });
    const file =
      how === 'path'
        ? path.resolve(await input({ message: 'Path of the config file', validate: (v) => isFile(v) || `${v}: no such file` }))
        : await writeGuided(workDir, mode);
    const check = await checkConfig(payload, file);
    if (check.ok) return { file, guided: how === 'guided' };
    process.stdout.write(`The config has problems:\n${check.lines.map((l) => `  ${l}\n`).join('')}Fix them and choose again.\n`);
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function interfaceChoices(): { name: string; value: string }[] {
  const ifaces = Object.entries(os.networkInterfaces()).map(([name, addrs]) => ({
    name: `${name}  ${(addrs ?? []).map((a) => a.address).join(', ')}`.trimEnd(),
    value: name,
  }));
  return [...ifaces, { name: 'all interfaces', value: '' }];
}

async function listPrompt(message: string, range: readonly [number, number], what: string, def: string): Promise<number[]> {
  const check = (v: string) => parseNumberList(v, range[0], range[1], what);
  const answer = await input({
    message,
    default: def,
    validate: (v) => {
      const r = check(v);
      return typeof r === 'string' ? r : true;
    },
  });
  return check(answer) as number[];
}

async function writeGuided(workDir: string, mode: Mode): Promise<string> {
  const iface = await select({ message: 'Interface that receives the mirrored traffic', choices: interfaceChoices() });
  const ports = await listPrompt(
    'TCP port(s) of the mirrored servers, comma separated (empty: every port)',
    PORT_RANGE,
    'port',
    '80',
  );
  const kind = await select<Encapsulation['kind']>({
    message: 'Encapsulation of the mirrored traffic',
    choices: [
      { name: 'none (SPAN / port mirroring)', value: 'none' },
      { name: 'VLAN (802.1Q, QinQ)', value: 'vlan' },
      { name: 'VXLAN (e.g. cloud traffic mirroring)', value: 'vxlan' },
      ...(mode === 'tcp-capture-v2'
        ? [
            {
              name: 'GENEVE (a gateway load balancer or a cloud mirror sends it; VXLAN inside GENEVE too)',
              value: 'geneve' as const,
            },
          ]
        : []),
    ],
  });
  let encapsulation: Encapsulation = { kind: 'none' };
  if (kind === 'vlan') {
    encapsulation = { kind, vids: await listPrompt('VLAN IDs, comma separated (empty: every VLAN)', VID_RANGE, 'VLAN ID', '') };
  } else if (kind === 'vxlan') {
    const [port] = await listPrompt('VXLAN UDP port', PORT_RANGE, 'port', '4789');
    const vnis =
      mode === 'tcp-capture-v2'
        ? await listPrompt('VNIs, comma separated (empty: every VNI)', [0, 16777215], 'VNI', '')
        : await listPrompt('VNIs, comma separated; a negative VNI excludes it (empty: every VNI)', VNI_RANGE, 'VNI', '');
    encapsulation = { kind, port: port ?? 4789, vnis };
  } else if (kind === 'geneve') {
    const [port] = await listPrompt('GENEVE UDP port', PORT_RANGE, 'port', '6081');
    const vnis = await listPrompt('GENEVE VNIs, comma separated (empty: every VNI)', [0, 16777215], 'VNI', '');
    encapsulation = { kind, port: port ?? 6081, vnis };
  }
  const file = path.join(workDir, 'go-node.yaml');
  fs.writeFileSync(file, guidedConfig({ iface, ports, encapsulation, mode }), { mode: 0o644 });
  return file;
}

export function confirmInstall(): Promise<boolean> {
  return confirm({ message: 'Install with these settings?', default: true });
}

export function confirmUninstall(purge: boolean): Promise<boolean> {
  const what = purge
    ? 'the service, binaries and everything under /opt/wallarm'
    : 'the service and binaries (config, credentials and logs are kept)';
  return confirm({ message: `Remove ${what}?`, default: false });
}
