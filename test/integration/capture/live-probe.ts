/**
 * Runs inside a network namespace made by live.test.ts: captures on `lo` with LiveCapture and
 * receives VXLAN with VxlanSocketCapture while generating traffic on loopback, then prints what
 * the decoder saw as one JSON line. CAP_MODULE=path/to/Cap.js selects another build of the addon.
 */
import net from 'node:net';
import dgram from 'node:dgram';
import { LiveCapture, addonIsPatched, liveSourcesFromPlan } from '../../../node/capture/live';
import { VxlanSocketCapture } from '../../../node/capture/vxlan-socket';
import { PacketDecoder } from '../../../node/decode/decoder';
import type { CapturePlan } from '../../../node/config/types';
import { loadCap, type CapModule } from '../../../node/capture/cap-loader';
import { ETH_IPV4, PROTO_TCP, ethernetFrame, ipPacket, parseIp, tcpSegment, vxlanHeader } from '../../../node/sample/frames';

const [serverPort, otherPort, vxlanPort] = [18080, 18443, 14789];

const plan: CapturePlan = {
  engine: 'libpcap',
  // PROBE_IFACE='' captures on libpcap's any device (Linux cooked frames).
  sources: [{ iface: process.env.PROBE_IFACE ?? 'lo', ports: [serverPort] }],
  vlan: true,
  vlanVids: [],
  vxlanPort,
  vniInclude: [],
  vniExclude: [],
  bpfOverride: null,
  snaplen: 65535,
  bufferSizeBytes: 4 * 1024 * 1024,
  promisc: true,
  expireSec: 60,
  allowIncomplete: false,
  ignoreInterfaces: [],
  listeners: [],
  geneveVniInclude: [],
  innerVniInclude: [],
  ignoreIps: null,
};

async function exchange(port: number, request: string): Promise<void> {
  const server = net.createServer((s) => s.on('data', () => s.end('HTTP/1.1 204 No Content\r\n\r\n')));
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  await new Promise<void>((resolve, reject) => {
    const c = net.connect(port, '127.0.0.1', () => c.write(request));
    c.on('data', () => undefined);
    c.on('end', () => resolve());
    c.on('error', reject);
  });
  await new Promise<void>((r) => server.close(() => r()));
}

async function main(): Promise<void> {
  const live = new PacketDecoder({ serverPorts: [serverPort] });
  let payload = '';
  const { specs } = liveSourcesFromPlan(plan);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a module path given at run time
  const cap = process.env.CAP_MODULE ? (require(process.env.CAP_MODULE) as CapModule) : loadCap();
  const timestamps: number[] = [];
  const capture = new LiveCapture(
    specs,
    (linkType, buf, off, len, ts) => {
      timestamps.push(ts);
      const p = live.decode(linkType, buf, off, len, ts);
      if (p && p.payloadLength > 0) payload += p.data.toString('latin1', p.payloadOffset, p.payloadOffset + p.payloadLength);
    },
    cap,
  );
  const started = Date.now() * 1000;
  capture.start();
  await exchange(serverPort, 'GET /captured HTTP/1.1\r\nHost: a\r\n\r\n');
  // The BPF filter keeps this connection out of the capture entirely.
  await exchange(otherPort, 'GET /filtered HTTP/1.1\r\nHost: a\r\n\r\n');

  const tunnel = new PacketDecoder({ vniInclude: [7] });
  const vnis: number[] = [];
  const vx = new VxlanSocketCapture({ port: vxlanPort }, (linkType, buf, off, len, ts) => {
    const p = tunnel.decode(linkType, buf, off, len, ts);
    if (p) vnis.push(p.vni);
  });
  await vx.start();
  const [c, s] = [parseIp('10.0.0.1'), parseIp('10.0.0.2')];
  const inner = ethernetFrame({
    etherType: ETH_IPV4,
    payload: ipPacket(
      c,
      s,
      PROTO_TCP,
      tcpSegment({ srcPort: 1, dstPort: 80, seq: 1, ack: 1, flags: 0x18, payload: Buffer.from('x') }, c, s),
    ),
  });
  const sender = dgram.createSocket('udp4');
  for (const vni of [7, 8, 7])
    await new Promise<void>((r) => sender.send(Buffer.concat([vxlanHeader(vni), inner]), vxlanPort, '127.0.0.1', () => r()));
  await new Promise((r) => setTimeout(r, 300));
  sender.close();
  const stats = capture.stats();
  const ended = Date.now() * 1000;
  const timestampsInRange = timestamps.every((t) => t >= started - 1000 && t <= ended);
  capture.stop();
  const vxStats = vx.stats();
  await vx.stop();
  process.stdout.write(
    `${JSON.stringify({ patched: addonIsPatched(cap), timestampsInRange, payload, linkTypes: capture.linkTypes(), filter: specs[0].filter, stats, liveCounters: live.counters, vnis, vniFiltered: tunnel.counters.vni_filtered, vxStats })}\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
