/** Opens the capture a config names, for `run`: libpcap interfaces, VXLAN/GENEVE UDP listeners, or pcap files. */
import type { Logger } from '../config/logger';
import type { NodeConfig } from '../config/types';
import { LiveCapture, liveSourcesFromPlan } from './live';
import { openCaptureStream, PcapStreamReader } from './pcap-reader';
import type { FrameHandler, LiveCaptureStats } from './types';
import { UdpTunnelListener } from './vxlan-socket';

export interface CaptureCounters {
  /** Frames handed to the pipeline, and their bytes as on the wire. */
  packets: number;
  bytes: number;
  /** Dropped by the kernel's capture buffer / socket queue; null when not observable. */
  kernelDropped: number | null;
  /** Dropped by the interface or driver; null when not observable. */
  interfaceDropped: number | null;
}

export interface OpenCapture {
  engine: string;
  stats(): CaptureCounters;
  stop(): Promise<void>;
  /** Set for finite inputs (pcap_file): resolves when everything was read. */
  done?: Promise<void>;
  /** The UDP port actually bound by the first UDP listener (vxlan engine, from_vxlan, from_geneve). */
  udpPort?: number;
}

/** `pace`, when given, is awaited after each chunk of a pcap_file (backpressure from analysis workers). */
export async function openCapture(
  config: NodeConfig,
  handler: FrameHandler,
  log: Logger,
  pace?: () => Promise<void>,
): Promise<OpenCapture> {
  const plan = config.capture;
  const seen = { packets: 0, bytes: 0 };
  // One increment per frame; the kernel-side counters are only read when someone asks.
  const counted: FrameHandler = (linkType, buf, offset, length, ts, origLength) => {
    seen.packets++;
    seen.bytes += origLength;
    handler(linkType, buf, offset, length, ts, origLength);
  };
  const withKernel = (k: LiveCaptureStats | null): CaptureCounters => ({
    ...seen,
    kernelDropped: k?.dropped ?? null,
    interfaceDropped: k?.ifDropped ?? null,
  });

  if (plan.engine === 'pcap_file') {
    const files = plan.sources.map((s) => s.iface);
    log.info('capture started', { engine: 'pcap_file', files });
    const done = (async () => {
      for (const file of files) {
        const reader = new PcapStreamReader(counted);
        for await (const chunk of openCaptureStream(file) as AsyncIterable<Buffer>) {
          reader.push(chunk);
          if (pace) await pace();
        }
        const s = reader.end();
        log.info('capture file read', { file, packets: s.packets, bytes: s.bytes });
      }
    })();
    return { engine: plan.engine, stats: () => withKernel(null), stop: async () => {}, done };
  }
  // UDP tunnel listeners (the vxlan engine; tcp-capture-v2's from_vxlan and from_geneve), then
  // libpcap interfaces unless the plan has none: all feed the same handler.
  const parts: Array<{ stats(): LiveCaptureStats; stop(): Promise<void> }> = [];
  let udpPort: number | undefined;
  try {
    for (const l of plan.listeners) {
      const socket = new UdpTunnelListener(
        { port: l.port, address: l.address ?? undefined, encapsulation: l.encapsulation, recvBufferBytes: plan.bufferSizeBytes },
        counted,
      );
      await socket.start();
      udpPort ??= socket.port();
      const filters =
        l.encapsulation === 'vxlan'
          ? { vni_include: plan.vniInclude, vni_exclude: plan.vniExclude }
          : { vni_include: plan.geneveVniInclude, inner_vni_include: plan.innerVniInclude };
      log.info('capture started', {
        engine: plan.engine,
        listener: l.encapsulation,
        key: l.key,
        udp_port: socket.port(),
        ...filters,
      });
      let final: LiveCaptureStats | null = null;
      parts.push({
        stats: () => final ?? socket.stats(),
        stop: async () => {
          await quiet(() => seen.packets);
          final = socket.stats(); // the kernel counters go with the socket
          await socket.stop();
        },
      });
    }
    if (plan.engine !== 'vxlan' && plan.engine !== 'listeners') {
      const { specs, warnings } = liveSourcesFromPlan(plan);
      for (const w of warnings) log.warn(w);
      const live = new LiveCapture(specs, counted);
      live.start();
      for (const s of specs)
        log.info('capture started', {
          engine: plan.engine,
          interface: s.iface,
          filter: s.filter,
          snaplen: s.snaplen,
          buffer_bytes: s.bufferSizeBytes,
        });
      let final: LiveCaptureStats | null = null;
      parts.push({
        stats: () => final ?? live.stats().total,
        stop: async () => {
          final = live.stats().total; // the kernel counters go with the handles
          live.stop();
        },
      });
    }
  } catch (err) {
    for (const p of parts) await p.stop();
    throw err;
  }
  const total = (): LiveCaptureStats => {
    const all = parts.map((p) => p.stats());
    const sum = (pick: (s: LiveCaptureStats) => number | null): number | null =>
      all.every((s) => pick(s) === null) ? null : all.reduce((n, s) => n + (pick(s) ?? 0), 0);
    return {
      received: all.reduce((n, s) => n + s.received, 0),
      dropped: sum((s) => s.dropped),
      ifDropped: sum((s) => s.ifDropped),
    };
  };
  const stop = async (): Promise<void> => {
    for (const p of parts) await p.stop();
  };
  return { engine: plan.engine, stats: () => withKernel(total()), stop, udpPort };
}

/** Datagrams still queued in the socket when SIGTERM came were mirrored before it: read them first. */
const QUIET_MS = 100;
const QUIET_MAX_MS = 2000;

async function quiet(count: () => number): Promise<void> {
  const deadline = Date.now() + QUIET_MAX_MS;
  let last = -1;
  while (count() !== last && Date.now() < deadline) {
    last = count();
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
  }
}
