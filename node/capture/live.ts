/**
 * Live capture through libpcap (the `cap` addon), one handle per interface. Also serves the
 * `raw_socket` and `af_packet` engines: on Linux, libpcap is an AF_PACKET socket with a ring.
 *
 * Upstream cap 0.2.1 fixes snaplen at 65535 (frames are cut to our snaplen-sized buffer),
 * always opens in promiscuous mode, passes neither timestamps nor wire lengths (frames are
 * stamped on arrival) and has no pcap_stats() (ring drops unknown: interface drops are read from
 * sysfs as libpcap does, rx_missed_errors + rx_fifo_errors since open). The addon the project
 * builds itself (cap-binding-patch.ts) lifts all of these; it is recognised by its stats().
 */
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadCap, type CapHandle, type CapModule } from './cap-loader';
import { buildBpfFilter } from './bpf';
import type { FrameHandler, LiveCaptureStats } from './types';
import type { CapturePlan } from '../config/types';
import { linkTypeFromCapName } from './linktypes';

export interface LiveSourceSpec {
  /** Interface name; 'any' = every interface. */
  iface: string;
  filter: string;
  snaplen: number;
  bufferSizeBytes: number;
  promisc: boolean;
}

export interface LiveSourceStats extends LiveCaptureStats {
  iface: string;
  linkType: number;
}

/** pcap_stats() as the patched addon exposes it (cap-binding-patch.ts). */
interface PcapStats {
  ps_recv: number;
  ps_drop: number;
  ps_ifdrop: number;
}

export class LiveCaptureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LiveCaptureError';
  }
}

const SYSFS_NET = '/sys/class/net';
/**
 * The project's addon packs the frames libpcap has ready into the open() buffer and hands them
 * over in one 'packets' event (cap-binding-patch.ts): this much room besides one snaplen frame.
 * One call into JavaScript per run of frames instead of one per frame (docs/performance.md "Live
 * capture").
 */
const BATCH_BUFFER_BYTES = 4 << 20;
/** Per packed frame: u32 captured length, u32 wire length, f64 timestamp (µs), little-endian. */
const PACKED_HEADER = 16;
/** Upstream cap never captures more than this per packet (its fixed libpcap snaplen). */
const CAP_MAX_SNAPLEN = 65535;

/** The project's own build of the addon (cap-binding-patch.ts) has stats() and open() options. */
export function addonIsPatched(cap: CapModule): boolean {
  return typeof (cap.Cap.prototype as { stats?: unknown }).stats === 'function';
}

function readCounter(iface: string, name: string): number {
  try {
    return Number(readFileSync(`${SYSFS_NET}/${iface}/statistics/${name}`, 'utf8').trim()) || 0;
  } catch {
    return 0;
  }
}

/** Interface-level drops as libpcap counts them on Linux; 'any' sums every interface. */
function interfaceDrops(iface: string): number {
  const names = iface === 'any' ? listNetdevs() : [iface];
  let sum = 0;
  for (const n of names) sum += readCounter(n, 'rx_missed_errors') + readCounter(n, 'rx_fifo_errors');
  return sum;
}

function listNetdevs(): string[] {
  try {
    return readdirSync(SYSFS_NET);
  } catch {
    return [];
  }
}

/** True when the interface is administratively up (IFF_UP). */
function isUp(iface: string): boolean {
  try {
    return (parseInt(readFileSync(`${SYSFS_NET}/${iface}/flags`, 'utf8').trim(), 16) & 1) === 1;
  } catch {
    return false;
  }
}

function openHint(message: string, spec: LiveSourceSpec): string {
  if (/permission|not permitted|EPERM|socket: Operation/i.test(message)) {
    return 'capturing needs root or the CAP_NET_RAW and CAP_NET_ADMIN capabilities';
  }
  if (/no such device|doesn't exist|No such/i.test(message))
    return `check the interface name (native-node interfaces lists them)`;
  if (/syntax|parse|filter|expression/i.test(message))
    return `the BPF filter "${spec.filter}" does not compile for this interface; fix -input-raw-bpf-filter`;
  return 'see docs/capture.md';
}

class LiveSource {
  private readonly handle: CapHandle;
  private readonly buffer: Buffer;
  private received = 0;
  private ifDropsAtOpen = 0;
  /** The addon is the project's: frames come packed ('packets'), see BATCH_BUFFER_BYTES. */
  private readonly batch: boolean;
  linkType = -1;

  constructor(
    readonly spec: LiveSourceSpec,
    cap: CapModule,
  ) {
    this.handle = new cap.Cap();
    this.batch = addonIsPatched(cap);
    this.buffer = Buffer.alloc(
      this.batch ? spec.snaplen + PACKED_HEADER + BATCH_BUFFER_BYTES : Math.min(spec.snaplen, CAP_MAX_SNAPLEN),
    );
  }

  open(handler: FrameHandler): void {
    const { spec, buffer } = this;
    let linkName: string;
    try {
      // Upstream cap ignores the options argument.
      const open = this.handle.open as (
        device: string,
        filter: string,
        bufSize: number,
        buffer: Buffer,
        opts: { snaplen: number; promisc: boolean; batch: boolean },
      ) => string;
      linkName = open.call(this.handle, spec.iface, spec.filter, spec.bufferSizeBytes, buffer, {
        snaplen: spec.snaplen,
        promisc: spec.promisc,
        batch: this.batch,
      });
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new LiveCaptureError(`cannot capture on "${spec.iface}": ${why}; ${openHint(why, spec)}`);
    }
    this.linkType = linkTypeFromCapName(linkName);
    this.ifDropsAtOpen = interfaceDrops(spec.iface);
    const linkType = this.linkType;
    // A patched addon built before batch mode ignores the option and emits 'packet' per frame.
    this.handle.on('packet', (nbytes: number, _truncated: boolean, tsUs?: number, wireLength?: number) => {
      this.received++;
      const ts = tsUs ?? Math.floor((performance.timeOrigin + performance.now()) * 1000);
      handler(linkType, buffer, 0, nbytes, ts, wireLength ?? nbytes);
    });
    this.handle.on('packets', (count: number, used: number) => {
      this.received += count;
      for (let at = 0; at < used;) {
        const length = buffer.readUInt32LE(at);
        handler(linkType, buffer, at + PACKED_HEADER, length, buffer.readDoubleLE(at + 8), buffer.readUInt32LE(at + 4));
        at += PACKED_HEADER + length;
      }
    });
  }

  close(): void {
    this.handle.close();
  }

  stats(): LiveSourceStats {
    const kernel = (this.handle as CapHandle & { stats?: () => PcapStats }).stats?.();
    return {
      iface: this.spec.iface,
      linkType: this.linkType,
      received: kernel ? kernel.ps_recv : this.received,
      dropped: kernel ? kernel.ps_drop : null,
      ifDropped: kernel ? kernel.ps_ifdrop : interfaceDrops(this.spec.iface) - this.ifDropsAtOpen,
    };
  }
}

/** Several libpcap sources feeding one handler. */
export class LiveCapture {
  private readonly sources: LiveSource[];
  private started = false;

  constructor(
    specs: LiveSourceSpec[],
    private readonly handler: FrameHandler,
    cap: CapModule = loadCap(),
  ) {
    if (specs.length === 0) throw new LiveCaptureError('no capture source configured (goreplay.filter names none)');
    this.sources = specs.map((s) => new LiveSource(s, cap));
  }

  /** Opens every source; if one fails, those already open are closed and the error is thrown. */
  start(): void {
    if (this.started) return;
    const opened: LiveSource[] = [];
    try {
      for (const s of this.sources) {
        s.open(this.handler);
        opened.push(s);
      }
    } catch (err) {
      for (const s of opened) s.close();
      throw err;
    }
    this.started = true;
  }

  stop(): void {
    if (!this.started) return;
    for (const s of this.sources) s.close();
    this.started = false;
  }

  /** Link type of each source (after start), in the order given. */
  linkTypes(): number[] {
    return this.sources.map((s) => s.linkType);
  }

  stats(): { total: LiveCaptureStats; sources: LiveSourceStats[] } {
    const sources = this.sources.map((s) => s.stats());
    const sum = (pick: (s: LiveSourceStats) => number | null): number | null =>
      sources.some((s) => pick(s) === null) ? null : sources.reduce((n, s) => n + (pick(s) ?? 0), 0);
    return {
      total: {
        received: sources.reduce((n, s) => n + s.received, 0),
        dropped: sum((s) => s.dropped),
        ifDropped: sum((s) => s.ifDropped),
      },
      sources,
    };
  }
}

/** Network interfaces that are up (what 'any' would capture from). */
export function listUpInterfaces(): string[] {
  return listNetdevs().filter(isUp);
}

/**
 * One libpcap source per interface named by the plan. Sources naming the same interface are merged
 * (ports united; no ports = every port). '' means every interface: libpcap's 'any' device, or,
 * when -input-raw-ignore-interface lists some, every other interface that is up.
 * Settings the loaded addon cannot honour (upstream cap: promisc off, snaplen > 65535) are
 * returned as warnings.
 */
export function liveSourcesFromPlan(
  plan: CapturePlan,
  upInterfaces: () => string[] = listUpInterfaces,
  cap: () => CapModule = loadCap,
): { specs: LiveSourceSpec[]; warnings: string[] } {
  const byIface = new Map<string, number[] | null>();
  const add = (iface: string, ports: number[]): void => {
    const prev = byIface.get(iface);
    if (prev === null) return;
    byIface.set(iface, ports.length === 0 ? null : [...(prev ?? []), ...ports]);
  };
  for (const s of plan.sources) {
    if (s.iface !== '') add(s.iface, s.ports);
    else if (plan.ignoreInterfaces.length === 0) add('any', s.ports);
    else for (const n of upInterfaces()) if (!plan.ignoreInterfaces.includes(n)) add(n, s.ports);
  }
  for (const n of plan.ignoreInterfaces) byIface.delete(n);
  const specs = [...byIface].map(([iface, ports]) => ({
    iface,
    filter: buildBpfFilter(plan, { iface: iface === 'any' ? '' : iface, ports: ports ?? [] }),
    snaplen: plan.snaplen,
    bufferSizeBytes: plan.bufferSizeBytes,
    promisc: plan.promisc,
  }));
  const warnings: string[] = [];
  const limited = (!plan.promisc || plan.snaplen > CAP_MAX_SNAPLEN) && !addonIsPatched(cap());
  if (limited && !plan.promisc)
    warnings.push('-input-raw-promisc=false is not honoured: this libpcap addon always opens interfaces in promiscuous mode');
  if (limited && plan.snaplen > CAP_MAX_SNAPLEN)
    warnings.push(`snaplen ${plan.snaplen} is capped at ${CAP_MAX_SNAPLEN} by this libpcap addon`);
  return { specs, warnings };
}
