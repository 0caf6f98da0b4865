/**
 * Floor benchmark for the capture and decode stages: a bare pcap record walk, then walk + decode,
 * over a generated capture of at least 200 MB (written to the OS temp directory, reused when
 * already there). Prints Gbit/s (captured frame bytes) and packets/s; exports the runner so
 * `npm run bench` can print it beside the full pipeline.
 *
 *   npx tsx test/bench/walk.ts [--mb 200] [--body-max 65536] [--rounds 2] [--file /tmp/x.pcap]
 */
import { closeSync, existsSync, openSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openCaptureStream, readCapture } from '../../node/capture/pcap-reader';
import { PacketDecoder } from '../../node/decode/decoder';
import { TcpConversation } from '../../node/sample/conversation';
import type { Encapsulation } from '../../node/sample/frames';
import { PcapWriter } from '../../node/sample/pcap-writer';
import { Rng } from '../../node/sample/rng';

export interface WalkFigures {
  file: string;
  fileBytes: number;
  packets: number;
  frameBytes: number;
  walk: { seconds: number; gbps: number; pps: number };
  decode: { seconds: number; gbps: number; pps: number; segments: number };
}

const ENCAPS: Encapsulation[] = [
  { kind: 'ethernet' },
  { kind: 'ethernet' },
  { kind: 'ethernet' },
  { kind: 'ethernet' },
  { kind: 'ethernet' },
  { kind: 'ethernet' },
  { kind: 'ethernet', vlan: [{ vid: 100 }] },
  { kind: 'ethernet', vlan: [{ vid: 200, tpid: 0x88a8 }, { vid: 10 }] },
  { kind: 'vxlan', vni: 4242 },
];

/** Writes HTTP keep-alive conversations (bodies 0-bodyMax bytes, MSS 1448) until `bytes` are on disk. */
export function generateBenchCapture(file: string, bytes: number, bodyMax = 65536, seed = 1): void {
  const rng = new Rng(seed);
  const fd = openSync(file, 'w');
  try {
    const writer = new PcapWriter({ linkType: 1 });
    writeSync(fd, writer.header);
    let written = writer.header.length;
    let ts = 1_700_000_000_000_000;
    for (let n = 0; written < bytes; n++) {
      const encap = ENCAPS[n % ENCAPS.length];
      const conv = new TcpConversation({
        client: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
        server: '192.168.1.10',
        clientPort: 1024 + (n % 60000),
        serverPort: 80,
        encap,
        mss: 1448,
        startTs: ts,
        stepUs: 20,
        clientIsn: rng.int(0, 0xffffffff),
        serverIsn: rng.int(0, 0xffffffff),
        seed: n,
      });
      for (let k = rng.int(1, 4); k > 0; k--) {
        const body = rng.bytes(rng.int(0, bodyMax));
        conv.send(
          'c2s',
          `GET /item/${n}/${k}?q=${rng.int(0, 1e6)} HTTP/1.1\r\nHost: shop.example\r\nUser-Agent: bench/1.0\r\nAccept: */*\r\n\r\n`,
        );
        conv.send(
          's2c',
          Buffer.concat([
            Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: ${body.length}\r\n\r\n`),
            body,
          ]),
        );
      }
      conv.close('fin');
      const chunks: Buffer[] = [];
      for (const p of conv.packets()) chunks.push(writer.record(p.ts, p.frame));
      const block = Buffer.concat(chunks);
      writeSync(fd, block);
      written += block.length;
      ts += chunks.length * 20;
    }
  } finally {
    closeSync(fd);
  }
}

async function timed(
  file: string,
  decode: boolean,
): Promise<{ seconds: number; packets: number; frameBytes: number; segments: number }> {
  const decoder = new PacketDecoder({ serverPorts: [80] });
  let packets = 0;
  let frameBytes = 0;
  const start = process.hrtime.bigint();
  await readCapture(
    openCaptureStream(file),
    decode
      ? (linkType, buf, off, len, ts) => {
          packets++;
          frameBytes += len;
          decoder.decode(linkType, buf, off, len, ts);
        }
      : (_linkType, _buf, _off, len) => {
          packets++;
          frameBytes += len;
        },
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { seconds, packets, frameBytes, segments: decoder.counters.segments };
}

/**
 * `bodyMax` shapes the traffic: 65536 (default) gives mostly full-size segments (the Gbit/s
 * figure), a small value gives small packets (the packets/s figure).
 */
export async function runWalkBench(
  opts: { file?: string; minBytes?: number; rounds?: number; bodyMax?: number } = {},
): Promise<WalkFigures> {
  const bodyMax = opts.bodyMax ?? 65536;
  const file = opts.file ?? path.join(tmpdir(), `aio-native-bench-walk-${bodyMax}.pcap`);
  const minBytes = opts.minBytes ?? 200 * 1024 * 1024;
  if (!existsSync(file) || statSync(file).size < minBytes) generateBenchCapture(file, minBytes, bodyMax);
  const rounds = opts.rounds ?? 2;
  let walk = await timed(file, false);
  let dec = await timed(file, true);
  for (let r = 1; r < rounds; r++) {
    const w = await timed(file, false);
    if (w.seconds < walk.seconds) walk = w;
    const d = await timed(file, true);
    if (d.seconds < dec.seconds) dec = d;
  }
  const rate = (t: { seconds: number; packets: number; frameBytes: number }): { seconds: number; gbps: number; pps: number } => ({
    seconds: t.seconds,
    gbps: (t.frameBytes * 8) / t.seconds / 1e9,
    pps: t.packets / t.seconds,
  });
  return {
    file,
    fileBytes: statSync(file).size,
    packets: walk.packets,
    frameBytes: walk.frameBytes,
    walk: rate(walk),
    decode: { ...rate(dec), segments: dec.segments },
  };
}

export function formatWalkFigures(f: WalkFigures): string {
  const line = (name: string, r: { seconds: number; gbps: number; pps: number }): string =>
    `${name.padEnd(14)} ${r.gbps.toFixed(2).padStart(6)} Gbit/s  ${(r.pps / 1e6).toFixed(2).padStart(6)} Mpackets/s  (${r.seconds.toFixed(2)} s)`;
  return [
    `capture: ${f.file}, ${(f.fileBytes / 1e6).toFixed(0)} MB, ${f.packets} packets, ${(f.frameBytes / 1e6).toFixed(0)} MB of frames`,
    line('pcap walk', f.walk),
    line('walk + decode', f.decode),
  ].join('\n');
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      mb: { type: 'string', default: '200' },
      file: { type: 'string' },
      rounds: { type: 'string', default: '2' },
      'body-max': { type: 'string', default: '65536' },
    },
  });
  runWalkBench({
    file: values.file,
    minBytes: Number(values.mb) * 1024 * 1024,
    rounds: Number(values.rounds),
    bodyMax: Number(values['body-max']),
  })
    .then((f) => process.stdout.write(`${formatWalkFigures(f)}\n`))
    .catch((err) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    });
}
