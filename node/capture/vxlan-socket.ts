/**
 * The UDP tunnel listeners: GoReplay's `vxlan` engine and tcp-capture-v2's `from_vxlan` and
 * `from_geneve`. The node is the traffic-mirror target and receives VXLAN or GENEVE on an ordinary
 * UDP socket, so no promiscuous capture and no libpcap are involved. Each datagram (VXLAN header +
 * mirrored Ethernet frame; GENEVE header, options and payload) is handed on with the
 * LINKTYPE_VXLAN_PAYLOAD / LINKTYPE_GENEVE_PAYLOAD pseudo link type, so the decoder applies VNI
 * filtering as for captured tunnels. Datagrams of any size up to 64 KiB arrive whole (libuv reads
 * each into a 64 KiB buffer, and the kernel has reassembled IP fragments): 9000-byte jumbo mirrors
 * need no setting.
 */
import dgram from 'node:dgram';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { LINKTYPE_GENEVE_PAYLOAD, LINKTYPE_VXLAN_PAYLOAD } from './linktypes';
import type { FrameHandler, LiveCaptureStats } from './types';

export type TunnelEncapsulation = 'vxlan' | 'geneve';

export interface VxlanSocketOptions {
  port: number;
  /** What the datagrams carry (default vxlan). */
  encapsulation?: TunnelEncapsulation;
  /** Local address to bind; default '::' (IPv6 and IPv4), falling back to '0.0.0.0'. */
  address?: string;
  /** SO_RCVBUF request (the kernel may cap it at net.core.rmem_max). */
  recvBufferBytes?: number;
}

export class UdpTunnelListener {
  private socket: dgram.Socket | null = null;
  private received = 0;

  constructor(
    private readonly opts: VxlanSocketOptions,
    private readonly handler: FrameHandler,
  ) {}

  /** Binds the socket; rejects with a message naming the port and the likely fix. */
  async start(): Promise<void> {
    const address = this.opts.address;
    if (address !== undefined) {
      this.socket = await this.bind(address.includes(':') ? 'udp6' : 'udp4', address);
      return;
    }
    try {
      this.socket = await this.bind('udp6', '::');
    } catch (err) {
      // Kernels without IPv6 refuse the dual-stack socket.
      if ((err as NodeJS.ErrnoException).code !== 'EAFNOSUPPORT' && (err as NodeJS.ErrnoException).code !== 'EADDRNOTAVAIL')
        throw err;
      this.socket = await this.bind('udp4', '0.0.0.0');
    }
  }

  private bind(type: 'udp4' | 'udp6', address: string): Promise<dgram.Socket> {
    const { port, recvBufferBytes } = this.opts;
    const linkType = this.opts.encapsulation === 'geneve' ? LINKTYPE_GENEVE_PAYLOAD : LINKTYPE_VXLAN_PAYLOAD;
    return new Promise((resolve, reject) => {
      const socket = dgram.createSocket({ type, recvBufferSize: recvBufferBytes });
      const onError = (err: NodeJS.ErrnoException): void => {
        socket.close();
        const hint =
          err.code === 'EADDRINUSE'
            ? 'another process (or a kernel VXLAN/GENEVE device) already uses it'
            : err.code === 'EACCES'
              ? 'ports below 1024 need root or CAP_NET_BIND_SERVICE'
              : 'see docs/capture.md';
        const what = this.opts.encapsulation === 'geneve' ? 'GENEVE' : 'VXLAN';
        const e = new Error(
          `cannot receive ${what} on UDP ${address} port ${port}: ${err.message}; ${hint}`,
        ) as NodeJS.ErrnoException;
        e.code = err.code;
        reject(e);
      };
      socket.once('error', onError);
      socket.on('message', (msg) => {
        this.received++;
        this.handler(linkType, msg, 0, msg.length, Math.floor((performance.timeOrigin + performance.now()) * 1000), msg.length);
      });
      socket.bind(port, address, () => {
        socket.off('error', onError);
        resolve(socket);
      });
    });
  }

  /** The bound port (useful when started on port 0). */
  port(): number {
    return this.socket?.address().port ?? 0;
  }

  async stop(): Promise<void> {
    const s = this.socket;
    this.socket = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Datagrams received, and the socket's receive-queue drops from /proc/net/udp{,6}. */
  stats(): LiveCaptureStats {
    return { received: this.received, dropped: this.socket ? socketDrops(this.socket) : null, ifDropped: null };
  }
}

/** The `vxlan` engine's listener (the name it had before GENEVE). */
export const VxlanSocketCapture = UdpTunnelListener;

/** The `drops` column of our socket's row in /proc/net/udp6 or /proc/net/udp, by inode. */
function socketDrops(socket: dgram.Socket): number | null {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync('/proc/self/fd')) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
        if (m) inodes.add(m[1]);
      } catch {
        // The fd closed while we looked.
      }
    }
  } catch {
    return null;
  }
  const port = socket.address().port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/udp6', '/proc/net/udp']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
      if (f.length >= 13 && f[1].endsWith(`:${port}`) && inodes.has(f[9])) return Number(f[12]);
    }
  }
  return null;
}
