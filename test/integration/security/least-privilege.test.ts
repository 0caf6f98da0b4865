/**
 * The service's privileges (installer/unit-file.ts: an unprivileged user, ambient and bounding
 * capabilities CAP_NET_RAW CAP_NET_ADMIN only) are enough for a live capture: `native-node run`
 * started by setpriv as uid 65534 with just those capabilities, in a network namespace this test
 * creates, reports an HTTP exchange on its loopback. Without the capabilities it cannot capture.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliArgs } from '../../support/cli';
import { readRecords, until } from '../service/harness';
import { installerUnitCaps } from './unit-caps';

const root = path.resolve(__dirname, '../../..');
const UID = 65534;
const CAN_RUN =
  process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0 && spawnSync('ip', ['-V']).status === 0;

function setprivArgs(caps: string[]): string[] {
  const list = caps.map((c) => `+${c}`).join(',');
  const plus = list === '' ? '' : `,${list}`;
  return [
    `--reuid=${UID}`,
    `--regid=${UID}`,
    '--clear-groups',
    `--inh-caps=-all${plus}`,
    `--ambient-caps=-all${plus}`,
    `--bounding-set=-all${plus}`,
  ];
}

const NODE_EXE = fs.realpathSync(process.execPath);

/**
 * The uid and effective capabilities of `pid` once it runs node, else null. Before that the pid
 * is `ip netns exec`, then setpriv, which changes the uid before it sets the ambient set and
 * execs: a read then sees the uid already dropped with capabilities that are not the final ones.
 * The kernel computes the final set at exec, so the exec into node is the readiness signal.
 */
function nodeCaps(pid: number): { uid: number; capEff: bigint } | null {
  try {
    if (fs.readlinkSync(`/proc/${pid}/exe`) !== NODE_EXE) return null;
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return { uid: Number(/^Uid:\s+(\d+)/m.exec(status)![1]), capEff: BigInt(`0x${/^CapEff:\s+([0-9a-f]+)/m.exec(status)![1]}`) };
  } catch {
    return null;
  }
}

async function runCapture(ns: string, dir: string, caps: string[]) {
  const config = path.join(dir, 'go-node.yaml');
  const output = path.join(dir, 'records.jsonl');
  fs.writeFileSync(
    config,
    `version: 4\nmode: tcp-capture\ngoreplay:\n  filter: 'lo:8080'\nmetrics:\n  enabled: false\nhealth_check:\n  enabled: false\n`,
    { mode: 0o644 },
  );
  const child = spawn(
    'ip',
    [
      'netns',
      'exec',
      ns,
      'setpriv',
      ...setprivArgs(caps),
      process.execPath,
      ...cliArgs(
        'run',
        '--config',
        config,
        '--node-yaml',
        path.join(dir, 'absent.yaml'),
        '--state-dir',
        path.join(dir, 'state'),
        '--output',
        output,
        '--emit',
        'transaction',
        '--status-listen',
        'off',
      ),
    ],
    { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, output, exited, stderr: () => stderr };
}

/** The node's own process: setpriv execs it in place of itself, below `ip netns exec`. */
function nodePid(parent: number): number | null {
  for (const p of fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if ((ppid === parent || Number(p) === parent) && fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('node/cli/main.ts'))
        return Number(p);
    } catch {
      // the process went away while being read
    }
  }
  return null;
}

test('the unit file grants exactly CAP_NET_RAW and CAP_NET_ADMIN to an unprivileged user', () => {
  const unit = installerUnitCaps();
  assert.deepEqual(unit.ambient, ['CAP_NET_RAW', 'CAP_NET_ADMIN']);
  assert.deepEqual(unit.bounding, ['CAP_NET_RAW', 'CAP_NET_ADMIN']);
  assert.notEqual(unit.user, 'root');
  assert.equal(unit.noNewPrivileges, true);
});

test(
  'a live capture runs as an unprivileged uid with only net_raw and net_admin',
  { skip: !CAN_RUN && 'needs root, setpriv and ip' },
  async () => {
    const ns = `aio-lp-${process.pid}`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'least-priv-'));
    fs.chmodSync(dir, 0o777);
    execFileSync('ip', ['netns', 'add', ns]);
    try {
      execFileSync('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up']);

      // Control: the same uid without capabilities cannot open the capture.
      const denied = await runCapture(ns, path.join(dir), []);
      // Generous: starting tsx takes seconds on a loaded machine.
      const deniedCode = await Promise.race([
        denied.exited,
        new Promise<'running'>((r) => setTimeout(() => r('running'), 90_000).unref()),
      ]);
      if (deniedCode === 'running') {
        const pid = nodePid(denied.child.pid!);
        if (pid !== null) process.kill(pid, 'SIGKILL');
        denied.child.kill('SIGKILL');
      }
      assert.notEqual(deniedCode, 'running', `capture without capabilities kept running\n${denied.stderr()}`);
      assert.notEqual(deniedCode, 0, 'capture without capabilities must fail');
      assert.match(denied.stderr(), /permi|capabilit|EPERM|not permitted/i);

      const dir2 = fs.mkdtempSync(path.join(os.tmpdir(), 'least-priv-'));
      fs.chmodSync(dir2, 0o777);
      const node = await runCapture(ns, dir2, ['net_raw', 'net_admin']);
      try {
        let seen: { uid: number; capEff: bigint } | null = null;
        await until(
          () => {
            const pid = nodePid(node.child.pid!);
            seen = pid === null ? null : nodeCaps(pid);
            return seen !== null && seen.uid === UID;
          },
          90_000,
          () => `node process not found (or not yet exec'd by setpriv)\n${node.stderr()}`,
        );
        assert.equal(seen!.capEff, (1n << 12n) | (1n << 13n), 'effective capabilities are net_admin + net_raw only');
        // An HTTP exchange on the namespace's loopback, until the node has reported it.
        const client = `require("http").createServer((q,s)=>s.end("hi")).listen(8080,"127.0.0.1",()=>require("http").get("http://127.0.0.1:8080/least-privilege",r=>{r.resume();r.on("end",()=>process.exit(0))}))`;
        await until(
          () => {
            execFileSync('ip', ['netns', 'exec', ns, process.execPath, '-e', client]);
            return readRecords(node.output).some((r) => r.type === 'transaction' && r.request.target === '/least-privilege');
          },
          90_000,
          () => `no transaction reported\n${node.stderr()}`,
        );
      } finally {
        node.child.kill('SIGTERM');
        const pid = nodePid(node.child.pid!);
        if (pid !== null) process.kill(pid, 'SIGTERM');
        await node.exited;
        fs.rmSync(dir2, { recursive: true, force: true });
      }
    } finally {
      spawnSync('ip', ['netns', 'del', ns]);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);
