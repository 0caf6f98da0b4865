/**
 * The unpacked archive (startup contract with makeself/): bin/native-node (the node and this
 * installer in one binary), lib/ (native addons such as cap.node), VERSION, ARCH and optionally
 * etc/go-node.default.yaml. The installer uses the node's own commands as subprocesses, so the
 * validator and the cloud client are exactly the ones that will run.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { preflightError } from './errors';

export interface Payload {
  dir: string;
  version: string;
  arch: string;
  binary: string;
  libDir: string;
  /** Bytes the payload will occupy once installed. */
  size: number;
}

export function readPayload(dir: string): Payload {
  const read = (name: string): string => {
    try {
      return fs.readFileSync(path.join(dir, name), 'utf8').trim();
    } catch {
      throw preflightError(`the installer payload in ${dir} has no ${name} file: the archive is damaged; download it again`);
    }
  };
  const version = read('VERSION');
  const arch = read('ARCH');
  const binary = path.join(dir, 'bin/native-node');
  if (!isExecutable(binary)) {
    throw preflightError(
      `the installer payload in ${dir} has no executable bin/native-node: the archive is damaged; download it again`,
    );
  }
  const libDir = path.join(dir, 'lib');
  return { dir, version, arch, binary, libDir, size: treeSize(binary) + treeSize(libDir) };
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function treeSize(p: string): number {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.size;
  return fs.readdirSync(p).reduce((sum, name) => sum + treeSize(path.join(p, name)), 0);
}

export interface ChildResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `native-node ARGS` from the payload; never throws for a non-zero exit. */
export function runNode(payload: Payload, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<ChildResult> {
  return new Promise((resolve) => {
    const child = spawn(payload.binary, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (err) => resolve({ code: 127, stdout, stderr: `${payload.binary}: ${err.message}` }));
    child.on('close', (code, signal) =>
      resolve({ code: code ?? 128, stdout, stderr: signal ? `${stderr}killed by ${signal}\n` : stderr }),
    );
  });
}

export interface ConfigCheck {
  ok: boolean;
  /** Its `FILE:LINE:COL: message` lines: the problems, or warnings when ok. */
  lines: string[];
  /** When ok: what will be captured (check-config's `FILE: OK: ...` line without the prefix). */
  summary?: string;
}

/** `native-node check-config FILE`: exit 0 valid (warnings possible), anything else invalid. */
export async function checkConfig(payload: Payload, file: string): Promise<ConfigCheck> {
  const r = await runNode(payload, ['check-config', file]);
  const lines = r.stderr
    .split('\n')
    .map((l) => l.trimEnd())
    .filter(Boolean);
  if (r.code === 0) return { ok: true, lines, summary: /: OK: (.*)$/m.exec(r.stdout)?.[1] };
  if (lines.length === 0) lines.push(...r.stdout.split('\n').filter(Boolean), `check-config exited with status ${r.code}`);
  return { ok: false, lines };
}

export interface Registration {
  token: string;
  host: string | null;
  labels: string;
  nodeYaml: string;
  /** Told to the cloud and kept in node.yaml. */
  mode?: string;
}

/**
 * `native-node register`: the token travels in the child's environment (WALLARM_API_TOKEN), never
 * on its command line, where `ps` would show it. Returns null on success, else the child's message
 * lines (the token masked, should the child ever echo it).
 */
export async function register(payload: Payload, reg: Registration): Promise<string[] | null> {
  const args = ['register', '--node-yaml', reg.nodeYaml];
  if (reg.host !== null) args.push('--host', reg.host);
  if (reg.labels !== '') args.push('--labels', reg.labels);
  if (reg.mode !== undefined) args.push('--mode', reg.mode);
  const r = await runNode(payload, args, { ...process.env, WALLARM_API_TOKEN: reg.token });
  if (r.code === 0) {
    const written = fs.existsSync(reg.nodeYaml) && fs.statSync(reg.nodeYaml).size > 0;
    return written ? null : [`register exited 0 but wrote no credentials to ${reg.nodeYaml}`];
  }
  const lines = (r.stderr.trim() || r.stdout.trim())
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-10);
  if (lines.length === 0) lines.push(`register exited with status ${r.code} without a message`);
  return lines.map((l) => l.split(reg.token).join('<token>'));
}
