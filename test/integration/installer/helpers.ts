/**
 * Test scaffolding for the installer: payload directories shaped like the unpacked archive, a
 * runner for `native-node installer` in a child process, and readers for the --root fake system.
 */
import { spawn } from 'node:child_process';
import { buildSync } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO = path.resolve(__dirname, '../../..');
const TSX = path.join(REPO, 'node_modules/tsx/dist/loader.mjs');

/**
 * How to start this repository's CLI: one esbuild bundle per test process (starts in a tenth of
 * the time tsx needs, which matters with dozens of installer runs), or tsx when the tree does not
 * bundle at the moment (another command mid-work). The bundle lives under node_modules so that
 * the external `cap` addon still resolves.
 */
function cliArgs(): string[] {
  const bundle = path.join(REPO, 'node_modules/.cache/aio-installer-tests', `cli-${process.pid}.cjs`);
  try {
    buildSync({
      entryPoints: [path.join(REPO, 'installer/native-node.ts')],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: ['cap'],
      logLevel: 'silent',
    });
  } catch {
    return ['--import', TSX, path.join(REPO, 'installer/native-node.ts')];
  }
  process.on('exit', () => fs.rmSync(bundle, { force: true }));
  return [bundle];
}

export const CLI = cliArgs();

/**
 * A stand-in for the node binary that implements check-config and register to their CLI contract
 * and logs its argv and the token it saw in the environment to PAYLOAD/calls.log.
 * check-config rejects a file containing INVALID; register fails 401 for the token `bad`.
 * `run` (for the systemd end-to-end test) serves /ready on the health port with the node binary
 * given as NODE, and logs a line per start to stdout.
 */
export function scriptedNode(node = process.execPath): string {
  return `#!/bin/sh
log="$(dirname "$0")/../calls.log"
printf 'argv: %s\\n' "$*" >> "$log"
case "$1" in
  check-config)
    if grep -q INVALID "$2"; then echo "$2:2:1: unknown key \\"INVALID\\" (remove it)" >&2; exit 1; fi
    exit 0 ;;
  register)
    printf 'env-token: %s\\n' "\${WALLARM_API_TOKEN:-}" >> "$log"
    if [ "\${WALLARM_API_TOKEN:-}" = bad ]; then echo "native-node register: registration failed: 401 Unauthorized: the API token is not valid" >&2; exit 3; fi
    while [ $# -gt 0 ]; do
      if [ "$1" = --node-yaml ]; then printf 'api:\\n  uuid: fake-uuid\\n  secret: fake-secret\\n' > "$2"; chmod 600 "$2"; fi
      shift
    done
    echo "registered node fake-uuid" ;;
  run)
    echo "fake node $(cat "$(dirname "$0")/../../VERSION") starting: $*"
    exec ${node} -e 'require("http").createServer((q, s) => { s.statusCode = q.url === "/ready" ? 200 : 404; s.end("ok"); }).listen(8080, "127.0.0.1", () => console.log("ready on 127.0.0.1:8080"))' ;;
esac
`;
}

/** A shell script that forwards to this repository's CLI: the real check-config and register. */
export function realNode(): string {
  return `#!/bin/sh\nexec "${process.execPath}" ${CLI.map((a) => `"${a}"`).join(' ')} "$@"\n`;
}

export interface PayloadOptions {
  version?: string;
  arch?: string;
  node?: string;
}

export function makePayload(dir: string, o: PayloadOptions = {}): string {
  fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'lib'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'VERSION'), `${o.version ?? '1.0.0'}\n`);
  fs.writeFileSync(path.join(dir, 'ARCH'), `${o.arch ?? hostArch()}\n`);
  fs.writeFileSync(path.join(dir, 'bin/native-node'), o.node ?? scriptedNode(), { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'lib/cap.node'), `addon for ${o.version ?? '1.0.0'}\n`);
  return dir;
}

export function hostArch(): string {
  const m = os.machine();
  return m === 'arm64' ? 'aarch64' : m;
}

const tempDirs: string[] = [];
process.on('exit', () => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A directory removed when the test process exits. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `aio-installer-test-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}

/** A valid config (the health endpoint off, so readiness is judged by systemd state). */
export function writeConfig(file: string, extra = ''): string {
  fs.writeFileSync(
    file,
    `version: 4\nmode: tcp-capture\ngoreplay:\n  filter: 'lo:80'\nhealth_check:\n  enabled: false\n${extra}`,
  );
  return file;
}

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runInstaller(args: string[], env: NodeJS.ProcessEnv = {}, uid?: number): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, 'installer', ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, WALLARM_INSTALLER_READY_TIMEOUT: '2', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(uid === undefined ? {} : { uid, gid: uid }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function fakeCalls(root: string): string[] {
  try {
    return fs.readFileSync(path.join(root, '.fake-system/calls.log'), 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

export function fakeState(root: string): {
  units: Record<string, { enabled: boolean; active: boolean }>;
  users: Record<string, unknown>;
} {
  return JSON.parse(fs.readFileSync(path.join(root, '.fake-system/state.json'), 'utf8'));
}

export function failFakeCalls(root: string, lines: string[]): void {
  fs.mkdirSync(path.join(root, '.fake-system'), { recursive: true });
  fs.writeFileSync(path.join(root, '.fake-system/fail'), lines.join('\n') + '\n');
}

export function payloadCalls(payload: string): string[] {
  try {
    return fs.readFileSync(path.join(payload, 'calls.log'), 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

/** Every file under dir with its content hash and mtime, for "nothing changed" assertions. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      const st = fs.lstatSync(p);
      if (st.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = `${st.mode.toString(8)} ${st.mtimeMs} ${fs.readFileSync(p).toString('base64')}`;
    }
  };
  walk(dir);
  return out;
}
