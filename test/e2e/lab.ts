/**
 * A mirror lab in network namespaces of its own (docs/e2e.md, "The lab"):
 *
 *   host A --eth0/p-A--[ bridge br0 in "tap" ]--p-B/eth0-- host B ...
 *   tap: tc ingress on every bridge port -> mirred egress mirror ->
 *        span : span0 (veth) -> sensor:mon0, optionally tagged by a tc eBPF vlan-push program
 *        vxlan: one VXLAN device per VNI over under0 10.99.0.1 -> sensor:vxu0 10.99.0.2
 *
 * Every namespace name carries a random suffix so labs never collide; interface names live
 * inside those namespaces, so they can be fixed. destroy() (also run from process exit hooks)
 * kills what runs inside and deletes the namespaces, which takes every link with them.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { compileVlanPush, type VlanTagging } from './vlan-bpf';

export interface LabHost {
  /** Role name, also the namespace suffix: short (the bridge port is `p-<role>`, IFNAMSIZ 15). */
  role: string;
  /** Addresses on eth0 (/24), the first is the main one. */
  ips: string[];
}

export type Mirror =
  /** `mtu`: of the hosts' links (default 1500); the SPAN link gets 100 bytes more for tags. */
  { kind: 'span'; vlan?: VlanTagging; mtu?: number } | { kind: 'vxlan'; vnis: number[]; port: number };

const SENSOR_UNDERLAY_IP = '10.99.0.2';

const live = new Set<Lab>();
let hooked = false;

/** True when this process can create network namespaces (root, iproute2, netns support). */
export function netnsSkipReason(): string | false {
  if (process.getuid?.() !== 0) return 'needs root (creates network namespaces)';
  const name = `e2e-probe-${process.pid}`;
  const add = spawnSync('ip', ['netns', 'add', name], { encoding: 'utf8' });
  if (add.error || add.status !== 0) return `cannot create a network namespace: ${add.error?.message ?? add.stderr.trim()}`;
  spawnSync('ip', ['netns', 'del', name]);
  return false;
}

/** Missing commands among `cmds`, as a skip reason. */
export function missingTools(...cmds: string[]): string | false {
  const missing = cmds.filter((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status !== 0);
  return missing.length ? `needs ${missing.join(', ')} (Debian: see .ci/run)` : false;
}

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const lab of live) lab.destroy();
  });
  for (const [sig, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(sig, () => {
      for (const lab of live) lab.destroy();
      process.exit(code);
    });
  }
}

function run(argv: string[], input?: string): string {
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', input, timeout: 30_000 });
  if (r.error || r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.error?.message ?? r.stderr.trim()}`);
  return r.stdout;
}

export class Lab {
  readonly id = randomBytes(3).toString('hex');
  private readonly children = new Set<ChildProcess>();
  private readonly namespaces: string[] = [];

  /** `prefix` starts every namespace name (a branch's tests use their own, e.g. `t21`). */
  private constructor(
    readonly hosts: LabHost[],
    readonly prefix = 'e2e',
  ) {}

  /** Builds the topology; on any failure the half-built lab is removed before the error is thrown. */
  static create(hosts: LabHost[], mirror: Mirror, workDir: string, prefix = 'e2e'): Lab {
    hookExit();
    const lab = new Lab(hosts, prefix);
    live.add(lab);
    try {
      lab.build(mirror, workDir);
    } catch (err) {
      lab.destroy();
      throw err;
    }
    return lab;
  }

  /** The namespace of a role ('tap', 'sensor' or a host role). */
  ns(role: string): string {
    return `${this.prefix}-${this.id}-${role}`;
  }

  /** Runs a command inside a role's namespace and returns its stdout; throws on failure. */
  exec(role: string, argv: string[], input?: string): string {
    return run(['ip', 'netns', 'exec', this.ns(role), ...argv], input);
  }

  /** Starts a long-running command inside a role's namespace; killed by destroy() if still alive. */
  spawn(role: string, argv: string[], opts: SpawnOptions = {}): ChildProcess {
    const child = spawn('ip', ['netns', 'exec', this.ns(role), ...argv], { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    this.children.add(child);
    child.on('exit', () => this.children.delete(child));
    return child;
  }

  /** Synchronous on purpose: it also runs from the process 'exit' hook. Idempotent. */
  destroy(): void {
    for (const child of this.children) child.kill('SIGKILL');
    this.children.clear();
    for (const ns of this.namespaces) {
      const pids = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout?.split(/\s+/).filter(Boolean) ?? [];
      for (const pid of pids) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    for (const ns of this.namespaces) spawnSync('ip', ['netns', 'del', ns]);
    this.namespaces.length = 0;
    live.delete(this);
  }

  /** One more namespace (removed by destroy()), e.g. for a node behind a tunnel endpoint. */
  addNamespace(role: string): void {
    this.addNs(role);
  }

  /** A veth pair between two roles' namespaces, offloads off, both ends up. */
  link(aRole: string, aDev: string, bRole: string, bDev: string, mtu = 1500): void {
    this.veth(aRole, aDev, bRole, bDev, mtu);
    run(['ip', '-n', this.ns(aRole), 'link', 'set', aDev, 'up']);
    run(['ip', '-n', this.ns(bRole), 'link', 'set', bDev, 'up']);
  }

  private addNs(role: string): void {
    run(['ip', 'netns', 'add', this.ns(role)]);
    this.namespaces.push(this.ns(role));
    run(['ip', '-n', this.ns(role), 'link', 'set', 'lo', 'up']);
  }

  /** Wire-like frames: no TSO/GSO/GRO super-frames, real checksums. */
  private noOffloads(role: string, dev: string): void {
    spawnSync(
      'ip',
      ['netns', 'exec', this.ns(role), 'ethtool', '-K', dev, 'tso', 'off', 'gso', 'off', 'gro', 'off', 'tx', 'off', 'rx', 'off'],
      { stdio: 'ignore' },
    );
  }

  private veth(aRole: string, aDev: string, bRole: string, bDev: string, mtu = 1500): void {
    run([
      'ip',
      'link',
      'add',
      aDev,
      'netns',
      this.ns(aRole),
      'mtu',
      String(mtu),
      'type',
      'veth',
      'peer',
      'name',
      bDev,
      'netns',
      this.ns(bRole),
      'mtu',
      String(mtu),
    ]);
    this.noOffloads(aRole, aDev);
    this.noOffloads(bRole, bDev);
  }

  private build(mirror: Mirror, workDir: string): void {
    const tap = this.ns('tap');
    const sensor = this.ns('sensor');
    for (const role of ['tap', 'sensor', ...this.hosts.map((h) => h.role)]) this.addNs(role);
    run(['ip', '-n', tap, 'link', 'add', 'br0', 'type', 'bridge']);
    run(['ip', '-n', tap, 'link', 'set', 'br0', 'up']);
    const hostMtu = mirror.kind === 'span' ? (mirror.mtu ?? 1500) : 1500;
    for (const h of this.hosts) {
      const port = `p-${h.role}`;
      this.veth(h.role, 'eth0', 'tap', port, hostMtu);
      for (const ip of h.ips) run(['ip', '-n', this.ns(h.role), 'addr', 'add', `${ip}/24`, 'dev', 'eth0']);
      run(['ip', '-n', this.ns(h.role), 'link', 'set', 'eth0', 'up']);
      run(['ip', '-n', tap, 'link', 'set', port, 'master', 'br0', 'up']);
    }

    const targets: string[] = [];
    if (mirror.kind === 'span') {
      // MTU headroom for the pushed tags.
      this.veth('tap', 'span0', 'sensor', 'mon0', hostMtu + 100);
      run(['ip', '-n', tap, 'link', 'set', 'span0', 'up']);
      run(['ip', '-n', sensor, 'link', 'set', 'mon0', 'up']);
      if (mirror.vlan) {
        const obj = compileVlanPush(mirror.vlan, workDir);
        this.exec('tap', ['tc', 'qdisc', 'add', 'dev', 'span0', 'clsact']);
        this.exec('tap', ['tc', 'filter', 'add', 'dev', 'span0', 'egress', 'bpf', 'da', 'obj', obj, 'sec', 'tc']);
      }
      targets.push('span0');
    } else {
      this.veth('tap', 'under0', 'sensor', 'vxu0', 1600);
      run(['ip', '-n', tap, 'addr', 'add', '10.99.0.1/24', 'dev', 'under0']);
      run(['ip', '-n', sensor, 'addr', 'add', `${SENSOR_UNDERLAY_IP}/24`, 'dev', 'vxu0']);
      run(['ip', '-n', tap, 'link', 'set', 'under0', 'up']);
      run(['ip', '-n', sensor, 'link', 'set', 'vxu0', 'up']);
      for (const vni of mirror.vnis) {
        const dev = `vx${vni}`;
        run([
          'ip',
          '-n',
          tap,
          'link',
          'add',
          dev,
          'type',
          'vxlan',
          'id',
          String(vni),
          'dstport',
          String(mirror.port),
          'local',
          '10.99.0.1',
          'remote',
          SENSOR_UNDERLAY_IP,
          'dev',
          'under0',
        ]);
        run(['ip', '-n', tap, 'link', 'set', dev, 'mtu', '1500', 'up']);
        targets.push(dev);
      }
    }
    const actions = targets.flatMap((t) => ['action', 'mirred', 'egress', 'mirror', 'dev', t]);
    for (const h of this.hosts) {
      const port = `p-${h.role}`;
      this.exec('tap', ['tc', 'qdisc', 'add', 'dev', port, 'clsact']);
      this.exec('tap', [
        'tc',
        'filter',
        'add',
        'dev',
        port,
        'ingress',
        'protocol',
        'all',
        'u32',
        'match',
        'u32',
        '0',
        '0',
        ...actions,
      ]);
    }
  }
}

/** Namespaces left by labs of this process (for the cleanup assertion). */
export function leftoverNamespaces(lab: Lab): string[] {
  const all = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout ?? '';
  return all
    .split('\n')
    .map((l) => l.split(' ')[0])
    .filter((n) => n.startsWith(`${lab.prefix}-${lab.id}-`));
}
