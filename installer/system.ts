/**
 * Every call the installer makes into the operating system besides plain file writes: systemd and
 * user management. The real implementation runs systemctl/useradd; the fake one (selected by
 * --root, a testing aid) keeps unit and user state in ROOT/.fake-system/state.json, appends every
 * call to ROOT/.fake-system/calls.log, and fails a call whose text is a line of
 * ROOT/.fake-system/fail (`no-systemd` makes systemd look absent, `crash UNIT` makes the unit die
 * right after every start, `crash UNIT VERSION` only while that version is installed).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface Account {
  uid: number;
  gid: number;
}

export interface System {
  /** Why systemd cannot be used, or null when it can. */
  systemdProblem(): string | null;
  daemonReload(): Promise<void>;
  enable(unit: string): Promise<void>;
  disable(unit: string): Promise<void>;
  start(unit: string): Promise<void>;
  stop(unit: string): Promise<void>;
  restart(unit: string): Promise<void>;
  isActive(unit: string): Promise<boolean>;
  isEnabled(unit: string): Promise<boolean>;
  findUser(name: string): Promise<Account | null>;
  createSystemUser(name: string, home: string): Promise<Account>;
  deleteUser(name: string): Promise<void>;
  chown(file: string, account: Account): Promise<void>;
}

export function createSystem(root: string): System {
  return root === '' ? new RealSystem() : new FakeSystem(root);
}

function run(cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { encoding: 'utf8', timeout: 120_000 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') {
        reject(new Error(`${cmd} ${args.join(' ')}: ${err.message}`));
        return;
      }
      resolve({ code: err ? Number(err.code) : 0, stdout, stderr });
    });
  });
}

async function mustRun(cmd: string, args: string[]): Promise<string> {
  const r = await run(cmd, args);
  if (r.code !== 0) {
    const why = (r.stderr.trim() || r.stdout.trim()).split('\n')[0] || `exit status ${r.code}`;
    throw new Error(`${cmd} ${args.join(' ')} failed: ${why}`);
  }
  return r.stdout;
}

class RealSystem implements System {
  systemdProblem(): string | null {
    // sd_booted(3): systemd is the running init exactly when this directory exists.
    return fs.existsSync('/run/systemd/system')
      ? null
      : 'systemd is not the running init system (/run/systemd/system is missing)';
  }
  async daemonReload(): Promise<void> {
    await mustRun('systemctl', ['daemon-reload']);
  }
  async enable(unit: string): Promise<void> {
    await mustRun('systemctl', ['enable', '--quiet', unit]);
  }
  async disable(unit: string): Promise<void> {
    await mustRun('systemctl', ['disable', '--quiet', unit]);
  }
  async start(unit: string): Promise<void> {
    await mustRun('systemctl', ['start', unit]);
  }
  async stop(unit: string): Promise<void> {
    await mustRun('systemctl', ['stop', unit]);
  }
  async restart(unit: string): Promise<void> {
    await mustRun('systemctl', ['restart', unit]);
  }
  async isActive(unit: string): Promise<boolean> {
    return (await run('systemctl', ['is-active', '--quiet', unit])).code === 0;
  }
  async isEnabled(unit: string): Promise<boolean> {
    return (await run('systemctl', ['is-enabled', '--quiet', unit])).code === 0;
  }
  async findUser(name: string): Promise<Account | null> {
    const r = await run('getent', ['passwd', name]);
    if (r.code !== 0) return null;
    const fields = r.stdout.trim().split(':');
    return { uid: Number(fields[2]), gid: Number(fields[3]) };
  }
  async createSystemUser(name: string, home: string): Promise<Account> {
    await mustRun('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--home-dir',
      home,
      '--shell',
      '/usr/sbin/nologin',
      name,
    ]);
    const account = await this.findUser(name);
    if (!account) throw new Error(`useradd reported success but user ${name} does not exist`);
    return account;
  }
  async deleteUser(name: string): Promise<void> {
    await mustRun('userdel', [name]);
  }
  async chown(file: string, account: Account): Promise<void> {
    await fs.promises.chown(file, account.uid, account.gid);
  }
}

interface FakeState {
  units: Record<string, { enabled: boolean; active: boolean }>;
  users: Record<string, Account>;
}

export const FAKE_DIR = '.fake-system';

class FakeSystem implements System {
  private readonly dir: string;

  constructor(private readonly root: string) {
    this.dir = path.join(root, FAKE_DIR);
  }

  private failures(): string[] {
    try {
      return fs
        .readFileSync(path.join(this.dir, 'fail'), 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
    } catch {
      return [];
    }
  }

  private load(): FakeState {
    try {
      return JSON.parse(fs.readFileSync(path.join(this.dir, 'state.json'), 'utf8')) as FakeState;
    } catch {
      return { units: {}, users: {} };
    }
  }

  private save(state: FakeState): void {
    fs.writeFileSync(path.join(this.dir, 'state.json'), JSON.stringify(state, null, 2) + '\n');
  }

  /** Records the call, fails it if asked to, and applies `change` to the state. */
  private call<T>(text: string, change: (s: FakeState) => T): T {
    fs.mkdirSync(this.dir, { recursive: true });
    fs.appendFileSync(path.join(this.dir, 'calls.log'), text + '\n');
    if (this.failures().includes(text)) throw new Error(`${text} failed: injected by ${FAKE_DIR}/fail`);
    const state = this.load();
    const result = change(state);
    this.save(state);
    return result;
  }

  private unit(s: FakeState, unit: string): { enabled: boolean; active: boolean } {
    return (s.units[unit] ??= { enabled: false, active: false });
  }

  systemdProblem(): string | null {
    return this.failures().includes('no-systemd') ? 'systemd is not the running init system (fake)' : null;
  }
  async daemonReload(): Promise<void> {
    this.call('systemctl daemon-reload', () => undefined);
  }
  async enable(unit: string): Promise<void> {
    this.call(`systemctl enable ${unit}`, (s) => void (this.unit(s, unit).enabled = true));
  }
  async disable(unit: string): Promise<void> {
    this.call(`systemctl disable ${unit}`, (s) => void (this.unit(s, unit).enabled = false));
  }
  async start(unit: string): Promise<void> {
    this.call(`systemctl start ${unit}`, (s) => void (this.unit(s, unit).active = this.survives(unit)));
  }
  async stop(unit: string): Promise<void> {
    this.call(`systemctl stop ${unit}`, (s) => void (this.unit(s, unit).active = false));
  }
  async restart(unit: string): Promise<void> {
    this.call(`systemctl restart ${unit}`, (s) => void (this.unit(s, unit).active = this.survives(unit)));
  }
  /**
   * The fail line `crash UNIT` models a service that starts and dies at once; `crash UNIT VERSION`
   * only while ROOT/opt/wallarm/VERSION says VERSION (a broken release).
   */
  private survives(unit: string): boolean {
    let installed = '';
    try {
      installed = fs.readFileSync(path.join(this.root, 'opt/wallarm/VERSION'), 'utf8').trim();
    } catch {
      installed = '';
    }
    const lines = this.failures();
    return !lines.includes(`crash ${unit}`) && !lines.includes(`crash ${unit} ${installed}`);
  }
  async isActive(unit: string): Promise<boolean> {
    return this.load().units[unit]?.active ?? false;
  }
  async isEnabled(unit: string): Promise<boolean> {
    return this.load().units[unit]?.enabled ?? false;
  }
  async findUser(name: string): Promise<Account | null> {
    return this.load().users[name] ?? null;
  }
  async createSystemUser(name: string): Promise<Account> {
    // The test process owns the fake root, so files stay owned by it.
    const account = { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
    return this.call(`useradd --system ${name}`, (s) => (s.users[name] = account));
  }
  async deleteUser(name: string): Promise<void> {
    this.call(`userdel ${name}`, (s) => void delete s.users[name]);
  }
  async chown(file: string): Promise<void> {
    this.call(`chown ${file}`, () => undefined);
  }
}
