/** Opens the capture a config names, for `run`: libpcap interfaces, a VXLAN socket, or pcap files. */
import type { Logger } from '../config/logger';
import type { NodeConfig } from '../config/types';
import { LiveCapture, liveSourcesFromPlan } from './live';
import { openCaptureStream, PcapStreamReader } from './pcap-reader';
import type { FrameHandler, LiveCaptureStats } from './types';
import { VxlanSocketCapture } from './vxlan-socket';

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
  /** The UDP port actually bound (vxlan engine). */
  udpPort?: number;
}

/** `pace`, when given, is awaited after each chunk of a pcap_file (backpressure from analysis workers). */
export async function openCapture(config: NodeConfig, handler: FrameHandler, log: Logger, pace?: () => Promise<void>): Promise<OpenCapture> {
  const plan = config.capture;
  const seen = { packets: 0, bytes: 0 };
  // One increment per frame; the kernel-side counters are only read when someone asks.
  const counted: FrameHandler = (linkType, buf, offset, length, ts, origLength) => {
    seen.packets++;
    seen.bytes += origLength;
    handler(linkType, buf, offset, length, ts, origLength);
  };
  const withKernel = (k: LiveCaptureStats | null): CaptureCounters => ({ ...seen, kernelDropped: k?.dropped ?? null, interfaceDropped: k?.ifDropped ?? null });

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
  if (plan.engine === 'vxlan') {
    const socket = new VxlanSocketCapture({ port: plan.vxlanPort, recvBufferBytes: plan.bufferSizeBytes }, counted);
    await socket.start();
    log.info('capture started', { engine: 'vxlan', udp_port: socket.port(), vni_include: plan.vniInclude, vni_exclude: plan.vniExclude });
    let final: LiveCaptureStats | null = null;
    const stop = async (): Promise<void> => {
      await quiet(() => seen.packets);
      final = socket.stats(); // the kernel counters go with the socket
      await socket.stop();
    };
    return { engine: plan.engine, stats: () => withKernel(final ?? socket.stats()), stop, udpPort: socket.port() };
  }
  const { specs, warnings } = liveSourcesFromPlan(plan);
  for (const w of warnings) log.warn(w);
  const live = new LiveCapture(specs, counted);
  live.start();
  for (const s of specs) log.info('capture started', { engine: plan.engine, interface: s.iface, filter: s.filter, snaplen: s.snaplen, buffer_bytes: s.bufferSizeBytes });
  let final: LiveCaptureStats | null = null;
  const stop = async (): Promise<void> => {
    final = live.stats().total; // the kernel counters go with the handles
    live.stop();
  };
  return { engine: plan.engine, stats: () => withKernel(final ?? live.stats().total), stop };
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
