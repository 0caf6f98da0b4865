/**
 * A Debian bookworm container under a real systemd, for the e2e tests that install the node
 * (installer-systemd, console-browser): the rootfs is cached in AIO_E2E_ROOTFS (default
 * /var/cache/aio-native/rootfs-bookworm, built with debootstrap on first use) and booted with
 * systemd-nspawn on a fresh overlay, private network, this checkout and the running node bound
 * read-only. Needs root, debootstrap and systemd-nspawn (`containerSkip` says why not).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { debianMirror } from '../../build/debian-mirror';

export const REPO = path.resolve(__dirname, '../..');
export const NODE = process.execPath;
export const TSX = path.join(REPO, 'node_modules/tsx/dist/loader.mjs');
const ROOTFS = process.env.AIO_E2E_ROOTFS ?? '/var/cache/aio-native/rootfs-bookworm';

const have = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
export const containerSkip: string | false =
  process.geteuid?.() !== 0
    ? 'needs root'
    : !have('systemd-nspawn') || !have('debootstrap')
      ? 'needs systemd-nspawn (systemd-container) and debootstrap'
      : false;

/** libpcap0.8: the repository's `cap` addon links the system libpcap. */
const PACKAGES = 'systemd,systemd-sysv,dbus,iproute2,procps,libpcap0.8';

function ensureRootfs(): void {
  if (!fs.existsSync(path.join(ROOTFS, 'usr/lib/systemd/systemd'))) {
    const tmp = `${ROOTFS}.tmp-${process.pid}`;
    fs.mkdirSync(path.dirname(ROOTFS), { recursive: true });
    const r = spawnSync('debootstrap', ['--variant=minbase', `--include=${PACKAGES}`, 'bookworm', tmp, debianMirror()], {
      stdio: 'inherit',
      timeout: 600_000,
    });
    if (r.status !== 0) throw new Error('debootstrap failed');
    try {
      fs.renameSync(tmp, ROOTFS);
    } catch (err) {
      // Another run built the cache at the same time and renamed its copy first: use that one.
      const code = (err as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || !fs.existsSync(path.join(ROOTFS, 'usr/lib/systemd/systemd'))) throw err;
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  // A cache made before libpcap was on the list gets it added in place.
  if (spawnSync('chroot', [ROOTFS, 'dpkg', '-s', 'libpcap0.8'], { stdio: 'ignore' }).status !== 0) {
    fs.copyFileSync('/etc/resolv.conf', path.join(ROOTFS, 'etc/resolv.conf'));
    const r = spawnSync('chroot', [ROOTFS, 'apt-get', 'install', '-y', '-q', 'libpcap0.8'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      timeout: 600_000,
    });
    if (r.status !== 0) throw new Error('apt-get install libpcap0.8 in the cached rootfs failed');
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Container {
  private constructor(
    /** Temp directory holding the overlay (upper, work, merged) and the container's console log. */
    readonly work: string,
    /** The container's root as seen from the host. */
    readonly merged: string,
    private readonly nspawn: ChildProcess,
    readonly machine: string,
    /** The container's systemd (PID 1 inside): `nsenter -t leader` enters its namespaces. */
    readonly leader: number,
  ) {}

  /** Boots a fresh container and waits until systemd reports running (or degraded). */
  static async boot(prefix: string): Promise<Container> {
    ensureRootfs();
    const work = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
    const merged = path.join(work, 'merged');
    for (const d of ['upper', 'work', 'merged']) fs.mkdirSync(path.join(work, d));
    const m = spawnSync('mount', [
      '-t',
      'overlay',
      'overlay',
      '-o',
      `lowerdir=${ROOTFS},upperdir=${work}/upper,workdir=${work}/work`,
      merged,
    ]);
    assert.equal(m.status, 0, String(m.stderr));
    const machine = `${prefix}-${process.pid}`;
    const nspawn = spawn(
      'systemd-nspawn',
      [
        '-D',
        merged,
        '--boot',
        '--register=no',
        '--keep-unit',
        '--console=pipe',
        '--private-network',
        `--bind-ro=${REPO}`,
        `--bind-ro=${NODE}`,
        '-M',
        machine,
      ],
      {
        stdio: ['ignore', fs.openSync(path.join(work, 'console.log'), 'w'), 'inherit'],
      },
    );
    // The container's init is the child of nspawn once it has exec'ed systemd.
    let leader = 0;
    for (const until = Date.now() + 20_000; leader === 0 && Date.now() < until;) {
      await sleep(100);
      const kids = fs
        .readdirSync(`/proc/${nspawn.pid}/task`)
        .flatMap((t) => fs.readFileSync(`/proc/${nspawn.pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean));
      leader = Number(kids.find((k) => fs.readFileSync(`/proc/${k}/comm`, 'utf8').trim() === 'systemd') ?? 0);
    }
    const c = new Container(work, merged, nspawn, machine, leader);
    if (leader === 0) {
      await c.stop();
      assert.fail('the container did not start');
    }
    let boot = { code: -1, out: '' };
    for (const stop = Date.now() + 60_000; !/^(running|degraded)/.test(boot.out) && Date.now() < stop;) {
      boot = c.inside('systemctl is-system-running --wait', {}, 60_000);
      if (!/^(running|degraded)/.test(boot.out)) await sleep(200);
    }
    assert.match(boot.out, /^(running|degraded)/, boot.out);
    return c;
  }

  /** Runs a shell command inside the container with a clean environment. */
  inside(cmd: string, env: Record<string, string> = {}, timeout = 120_000): { code: number; out: string } {
    const vars = Object.entries({ PATH: '/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/root', ...env }).map(([k, v]) => `${k}=${v}`);
    const r = spawnSync('nsenter', ['-t', String(this.leader), '-a', 'env', '-i', ...vars, 'sh', '-c', cmd], {
      encoding: 'utf8',
      timeout,
    });
    return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
  }

  /** Starts a long-running shell command inside the container; it ends with the container. */
  background(cmd: string): void {
    spawn('nsenter', ['-t', String(this.leader), '-a', 'sh', '-c', cmd], { stdio: 'ignore', detached: true }).unref();
  }

  /** A file of the container (path inside it), as text; '' while it does not exist. */
  read(file: string): string {
    const p = path.join(this.merged, file);
    return fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : '';
  }

  /** Waits until a file of the container contains `text`; fails with the file's content. */
  async waitFor(file: string, text: string | RegExp, ms = 20_000): Promise<void> {
    const has = () => (typeof text === 'string' ? this.read(file).includes(text) : text.test(this.read(file)));
    for (const until = Date.now() + ms; !has(); await sleep(200)) {
      if (Date.now() > until) assert.fail(`${file} never showed ${String(text)}:\n${this.read(file)}`);
    }
  }

  /** Powers the container off (killing it if it does not stop), unmounts and removes everything. */
  async stop(): Promise<void> {
    const nspawn = this.nspawn;
    if (this.leader > 0 && nspawn.exitCode === null) this.inside('systemctl poweroff', {}, 10_000);
    const exited = await new Promise<boolean>((resolve) => {
      if (nspawn.exitCode !== null) return resolve(true);
      const timer = setTimeout(() => resolve(false), 20_000);
      nspawn.on('exit', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (!exited) {
      // Killing the container's init ends every process in its PID namespace; nothing is orphaned.
      for (const t of fs.readdirSync(`/proc/${nspawn.pid}/task`)) {
        for (const k of fs.readFileSync(`/proc/${nspawn.pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean))
          process.kill(Number(k), 'SIGKILL');
      }
      nspawn.kill('SIGKILL');
      await sleep(500);
    }
    spawnSync('umount', [this.merged]);
    fs.rmSync(`/run/systemd/nspawn/propagate/${this.machine}`, { recursive: true, force: true });
    fs.rmSync(this.work, { recursive: true, force: true });
    for (const h of ['unified', 'systemd']) {
      for (const g of ['payload', 'supervisor'])
        spawnSync('sh', [
          '-c',
          `[ -d /sys/fs/cgroup/${h}/${g} ] && find /sys/fs/cgroup/${h}/${g} -depth -type d -exec rmdir {} \\; 2>/dev/null; true`,
        ]);
    }
  }

  /**
   * A payload directory inside the container (what an archive unpacks to); `run` is a stand-in
   * node serving /ready, a broken one, or this checkout's own node (`repository`).
   */
  payload(name: string, version: string, flavour: 'stand-in' | 'broken' | 'repository' = 'stand-in'): string {
    const dir = path.join(this.merged, 'root', name);
    fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'lib'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'VERSION'), `${version}\n`);
    fs.writeFileSync(path.join(dir, 'ARCH'), `${os.machine() === 'arm64' ? 'aarch64' : os.machine()}\n`);
    fs.writeFileSync(path.join(dir, 'lib/cap.node'), `addon ${version}\n`);
    const run = {
      broken: `echo "fake node ${version} starting: broken release" ; exit 1`,
      'stand-in': `echo "fake node ${version} starting as $(id -un): $*"
    exec ${NODE} -e 'require("http").createServer((q, s) => { s.statusCode = q.url === "/ready" ? 200 : 404; s.end("ok"); }).listen(8080, "127.0.0.1", () => console.log("ready"))'`,
      repository: `exec ${NODE} --import ${TSX} ${REPO}/node/cli/main.ts "$@"`,
    }[flavour];
    fs.writeFileSync(
      path.join(dir, 'bin/native-node'),
      `#!/bin/sh\ncase "$1" in\n  run)\n    ${run} ;;\nesac\nexec ${NODE} --import ${TSX} ${REPO}/installer/native-node.ts "$@"\n`,
      { mode: 0o755 },
    );
    return `/root/${name}`;
  }
}
