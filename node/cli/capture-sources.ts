/** Opens the capture a config names, for `run`: libpcap interfaces, a VXLAN socket, or pcap files. */
import type { Logger } from '../config/logger';
import type { NodeConfig } from '../config/types';
import { LiveCapture, liveSourcesFromPlan } from '../capture/live';
import { openCaptureStream, PcapStreamReader } from '../capture/pcap-reader';
import type { FrameHandler } from '../capture/types';
import { VxlanSocketCapture } from '../capture/vxlan-socket';

export interface OpenCapture {
  /** Counters for the periodic stats line (null = not known for this engine). */
  stats(): Record<string, number | null>;
  stop(): Promise<void>;
  /** Set for finite inputs (pcap_file): resolves when everything was read. */
  done?: Promise<void>;
}

export async function openCapture(config: NodeConfig, handler: FrameHandler, log: Logger): Promise<OpenCapture> {
  const plan = config.capture;
  if (plan.engine === 'pcap_file') {
    const files = plan.sources.map((s) => s.iface);
    log.info('capture started', { engine: 'pcap_file', files });
    const stats = { packets: 0, bytes: 0 };
    const done = (async () => {
      for (const file of files) {
        const reader = new PcapStreamReader(handler);
        for await (const chunk of openCaptureStream(file) as AsyncIterable<Buffer>) reader.push(chunk);
        const s = reader.end();
        stats.packets += s.packets;
        stats.bytes += s.bytes;
        log.info('capture file read', { file, packets: s.packets, bytes: s.bytes });
      }
    })();
    return { stats: () => ({ ...stats }), stop: async () => {}, done };
  }
  if (plan.engine === 'vxlan') {
    const socket = new VxlanSocketCapture({ port: plan.vxlanPort, recvBufferBytes: plan.bufferSizeBytes }, handler);
    await socket.start();
    log.info('capture started', { engine: 'vxlan', udp_port: socket.port(), vni_include: plan.vniInclude, vni_exclude: plan.vniExclude });
    return {
      stats: () => {
        const s = socket.stats();
        return { received: s.received, kernel_dropped: s.dropped, if_dropped: s.ifDropped };
      },
      stop: () => socket.stop(),
    };
  }
  const { specs, warnings } = liveSourcesFromPlan(plan);
  for (const w of warnings) log.warn(w);
  const live = new LiveCapture(specs, handler);
  live.start();
  for (const s of specs) log.info('capture started', { engine: plan.engine, interface: s.iface, filter: s.filter, snaplen: s.snaplen, buffer_bytes: s.bufferSizeBytes });
  return {
    stats: () => {
      const t = live.stats().total;
      return { received: t.received, kernel_dropped: t.dropped, if_dropped: t.ifDropped };
    },
    stop: async () => live.stop(),
  };
}
