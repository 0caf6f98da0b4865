/**
 * A userspace tunnel endpoint for the live tests (this kernel has VXLAN devices but no GENEVE, GRE
 * or ERSPAN ones): reads mirrored frames from an interface with libpcap and sends each on to the
 * node as
 *   geneve        GENEVE over UDP (a kernel socket: the kernel fragments datagrams over the path MTU)
 *   geneve-gwlb   GENEVE with vendor options whose payload is the mirror's IPv4/UDP/VXLAN packet
 *   gre, erspan1, erspan2, erspan3
 *                 GRE / ERSPAN in an outer IPv4 packet written whole onto the link with libpcap
 *                 (IP fragments of the path MTU built here, as a router's raw IP output would)
 *
 * Run inside the encapsulating namespace:
 *   node --import tsx test/e2e/encapsulator.ts MODE --in IFACE --to IP [--via IFACE --src IP
 *     --dst-mac MAC --mtu N] [--vni N] [--filter BPF]
 * It prints "ready" once capturing and "forwarded N" on SIGTERM.
 */
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadCap } from '../../node/capture/cap-loader';
import {
  ETH_IPV4,
  PROTO_GRE,
  PROTO_TEB,
  PROTO_UDP,
  erspan2Header,
  erspan3Header,
  ethernetFrame,
  fragmentIpv4,
  geneveHeader,
  greHeader,
  ipv4Packet,
  parseIp,
  udpDatagram,
  vxlanHeader,
} from '../../node/sample/frames';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    in: { type: 'string' },
    to: { type: 'string' },
    via: { type: 'string' },
    src: { type: 'string' },
    'dst-mac': { type: 'string' },
    mtu: { type: 'string', default: '1500' },
    vni: { type: 'string', default: '21' },
    filter: { type: 'string', default: '' },
  },
});
const mode = positionals[0];
const vni = Number(values.vni);
const to = values.to!;
const cap = loadCap();

function mac(text: string): Buffer {
  return Buffer.from(text.split(':').map((h) => parseInt(h, 16)));
}

let forwarded = 0;
let sequence = 0;
let ipId = 0;
let send: (frame: Buffer) => void;

if (mode === 'geneve' || mode === 'geneve-gwlb') {
  const socket = dgram.createSocket('udp4');
  send = (frame) => {
    let body: Buffer;
    if (mode === 'geneve') {
      body = Buffer.concat([geneveHeader(vni, PROTO_TEB, 8), frame]);
    } else {
      // The mirror session's packet as the mirrored host's ENI sends it to a gateway load balancer.
      const s = parseIp('172.31.0.10');
      const d = parseIp('172.31.0.20');
      const mirror = ipv4Packet({
        src: s,
        dst: d,
        protocol: PROTO_UDP,
        payload: udpDatagram(65000, 4789, Buffer.concat([vxlanHeader(vni), frame]), s, d),
        id: ipId++,
      });
      body = Buffer.concat([geneveHeader(vni + 1000, ETH_IPV4, 24), mirror]);
    }
    socket.send(body, 6081, to);
  };
} else {
  const out = new cap.Cap();
  const outBuf = Buffer.alloc(65535);
  // Opened to send only: the filter matches nothing this side cares about.
  out.open(values.via!, 'ether proto 0x88b5', 1 << 20, outBuf);
  const src = parseIp(values.src!);
  const dst = parseIp(to);
  const srcMac = mac(readFileSync(`/sys/class/net/${values.via}/address`, 'utf8').trim());
  const dstMac = mac(values['dst-mac']!);
  const mtu = Number(values.mtu);
  send = (frame) => {
    let header: Buffer = Buffer.alloc(0);
    let gre: Parameters<typeof greHeader>[0];
    if (mode === 'gre') gre = { protocol: PROTO_TEB, key: vni };
    else if (mode === 'erspan1') gre = { protocol: 0x88be };
    else if (mode === 'erspan2') {
      header = erspan2Header(vni);
      gre = { protocol: 0x88be, sequence: sequence++ };
    } else {
      header = erspan3Header(vni, 0, true);
      gre = { protocol: 0x22eb, sequence: sequence++ };
    }
    const body = Buffer.concat([header, frame]);
    const packet = ipv4Packet({
      src,
      dst,
      protocol: PROTO_GRE,
      payload: Buffer.concat([greHeader(gre, body), body]),
      id: ipId++ & 0xffff,
    });
    for (const ip of packet.length > mtu ? fragmentIpv4(packet, mtu - 20) : [packet]) {
      const eth = ethernetFrame({ etherType: ETH_IPV4, payload: ip, dstMac, srcMac });
      out.send(eth, eth.length);
    }
  };
}

const input = new cap.Cap();
const inBuf = Buffer.alloc(65535);
input.open(values.in!, values.filter!, 16 << 20, inBuf);
input.on('packet', (nbytes: number) => {
  forwarded++;
  send(Buffer.from(inBuf.subarray(0, nbytes)));
});
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  process.stdout.write(`forwarded ${forwarded}\n`);
  process.exit(0);
});
