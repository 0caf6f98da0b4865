import os from 'node:os';
import { parseArgs } from 'node:util';
import { VERSION } from '../../version';
import { resolveApiTarget, TargetError } from '../../cloud/cloud-target';
import { GROUP_HINT, LabelsError, MISSING_GROUP, parseLabels } from '../../cloud/labels';
import { DEFAULT_NODE_YAML, NodeYamlError } from '../../cloud/node-yaml';
import { ensureRegistered, RegistrationError } from '../../cloud/register';

const USAGE = `Usage: native-node register --token TOKEN --host HOST[:PORT] [--labels group=G,k=v...] [--node-yaml PATH] [--mode MODE]

Registers this node with the cloud and writes its credentials to node.yaml (mode 0600).
An existing non-empty node.yaml means already registered: it is reused.

  --token TOKEN      API token ("Node deployment/Deployment"); default: $WALLARM_API_TOKEN
  --host HOST[:PORT] cloud API host: us1.api.wallarm.com (US), api.wallarm.com (EU), or your own;
                     default: $WALLARM_API_HOST / $WALLARM_API_PORT
  --labels LIST      node labels, group required; overrides $WALLARM_LABELS
  --node-yaml PATH   default ${DEFAULT_NODE_YAML}
  --mode MODE        tcp-capture (default) or tcp-capture-v2: told to the cloud and kept in node.yaml

Environment: WALLARM_API_USE_SSL (true), WALLARM_API_CA_VERIFY (true).
Exit codes: 0 registered or already registered, 1 usage error, 3 registration failed.
`;

const ARCH_NAMES: Record<string, string> = { x64: 'x86_64', arm64: 'aarch64' };

export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        token: { type: 'string' },
        host: { type: 'string' },
        labels: { type: 'string' },
        'node-yaml': { type: 'string' },
        mode: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return usageError(`${(err as Error).message.split('\n')[0]}`);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const mode = values.mode ?? 'tcp-capture';
  if (mode !== 'tcp-capture' && mode !== 'tcp-capture-v2')
    return usageError(`--mode "${mode}": use tcp-capture or tcp-capture-v2`);
  const env = process.env;
  const token = values.token ?? env.WALLARM_API_TOKEN ?? '';
  if (token.trim() === '') return usageError('no API token: pass --token TOKEN (or set WALLARM_API_TOKEN)');
  let target;
  let labels;
  try {
    target = resolveApiTarget(values.host, env);
    labels =
      values.labels !== undefined
        ? parseLabels(values.labels, '--labels')
        : parseLabels(env.WALLARM_LABELS ?? '', 'WALLARM_LABELS');
  } catch (err) {
    if (err instanceof TargetError || err instanceof LabelsError) return usageError(err.message);
    throw err;
  }
  const nodeYamlPath = values['node-yaml'] ?? DEFAULT_NODE_YAML;
  try {
    if (!labels.group) {
      // The cloud answers 422 for this; saying so before any request spares a round trip.
      throw new RegistrationError('missing_group', `registration failed: ${MISSING_GROUP}; ${GROUP_HINT}`);
    }
    const { credentials, reused } = await ensureRegistered({
      token: token.trim(),
      ...target,
      labels,
      hostname: os.hostname(),
      version: VERSION,
      arch: ARCH_NAMES[process.arch] ?? process.arch,
      mode,
      nodeYamlPath,
    });
    process.stdout.write(
      reused
        ? `already registered: ${nodeYamlPath} holds node ${credentials.uuid} (cloud ${credentials.host}:${credentials.port}); reusing it (remove the file to register again)\n`
        : `registered node ${credentials.uuid} with ${target.host}:${target.port}; credentials written to ${nodeYamlPath}\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof RegistrationError || err instanceof NodeYamlError) {
      process.stderr.write(`native-node register: ${err.message}\n`);
      return 3;
    }
    const e = err as NodeJS.ErrnoException;
    if (e.code && e.syscall) {
      process.stderr.write(
        `native-node register: cannot write ${nodeYamlPath}: ${e.message}; run as root or choose --node-yaml\n`,
      );
      return 3;
    }
    throw err;
  }
}

function usageError(msg: string): number {
  process.stderr.write(`native-node register: ${msg}\nRun "native-node register --help" for usage.\n`);
  return 1;
}
