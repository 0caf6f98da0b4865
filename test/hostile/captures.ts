/**
 * Hostile captures, streamed to disk (a 1 GB header line never exists in memory), each with
 * ordinary conversations mixed in whose transactions a correct node still reports exactly.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { createGzip, gzipSync } from 'node:zlib';
import { TcpConversation, type GenPacket } from '../../node/sample/conversation';
import {
  ACK,
  ETH_IPV4,
  PSH,
  SYN,
  ethernetFrame,
  ipPacket,
  parseIp,
  PROTO_TCP,
  tcpSegment,
  vxlanFrame,
  type IpAddress,
} from '../../node/sample/frames';
import { lorem, renderExchange, type HttpExchangeSpec } from '../../node/sample/http-exchange';
import { PcapWriter } from '../../node/sample/pcap-writer';

export interface OrdinaryTransaction {
  method: string;
  target: string;
  status: number;
}

/** Buffers records and writes them in large blocks, so multi-GB captures stream at disk speed. */
class StreamingPcap {
  private readonly fd: number;
  private readonly writer = new PcapWriter({ linkType: 1 });
  private parts: Buffer[] = [];
  private pending = 0;
  private ts = 1_700_000_000_000_000;
  bytes = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
    this.put(this.writer.header);
  }

  frame(frame: Buffer, caplen = frame.length, origLength = frame.length): void {
    this.ts += 1;
    this.put(this.writer.record(this.ts, frame.subarray(0, caplen), origLength));
  }

  private put(b: Buffer): void {
    this.parts.push(b);
    this.pending += b.length;
    this.bytes += b.length;
    if (this.pending >= 4 << 20) this.flush();
  }

  private flush(): void {
    if (this.pending === 0) return;
    writeSync(this.fd, Buffer.concat(this.parts, this.pending));
    this.parts = [];
    this.pending = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** The well-behaved traffic every hostile capture carries: its packets are spread through it. */
export class Ordinary {
  readonly expected: OrdinaryTransaction[] = [];
  private readonly packets: GenPacket[] = [];
  private next = 0;

  constructor(extra: Array<{ spec: HttpExchangeSpec; frame?: (ipFrame: Buffer) => Buffer }> = []) {
    const specs: Array<{ spec: HttpExchangeSpec; frame?: (f: Buffer) => Buffer }> = [
      { spec: { target: '/ordinary/get?q=1' } },
      { spec: { method: 'POST', target: '/ordinary/post', requestBody: 'name=ann&x=1', status: 201, reason: 'Created' } },
      { spec: { target: '/ordinary/chunked', responseBody: lorem(5000), responseChunkSize: 700 } },
      { spec: { target: '/ordinary/gzip', responseBody: lorem(20000), responseGzip: true } },
      { spec: { method: 'PUT', target: '/ordinary/big', requestBody: lorem(30000, 3), status: 204, reason: 'No Content' } },
      ...extra,
    ];
    specs.forEach(({ spec, frame }, i) => {
      const x = renderExchange(spec);
      const conv = new TcpConversation({ client: `10.9.0.${10 + i}`, server: '10.9.0.1', clientPort: 50000 + i, serverPort: 80 });
      conv.send('c2s', x.request).send('s2c', x.response!).close('fin');
      for (const p of conv.packets()) this.packets.push(frame ? { ...p, frame: frame(p.frame) } : p);
      this.expected.push({ method: x.expected.method, target: x.expected.target, status: x.expected.status! });
    });
  }

  get count(): number {
    return this.packets.length;
  }

  /** Writes the next ordinary packet, if any is left. */
  emit(out: StreamingPcap): void {
    if (this.next < this.packets.length) out.frame(this.packets[this.next++].frame);
  }

  rest(out: StreamingPcap): void {
    while (this.next < this.packets.length) this.emit(out);
  }
}

/**
 * Writes `total` hostile packets (by calling `step(i)`), one ordinary packet every `every` of them
 * (default: spread evenly over the whole capture).
 */
function mix(
  path: string,
  ordinary: Ordinary,
  total: number,
  step: (out: StreamingPcap, i: number) => void,
  every = Math.max(1, Math.floor(total / (ordinary.count + 1))),
): number {
  const out = new StreamingPcap(path);
  for (let i = 0; i < total; i++) {
    if (i % every === 0) ordinary.emit(out);
    step(out, i);
  }
  ordinary.rest(out);
  out.close();
  return out.bytes;
}

const ATTACKER = parseIp('198.51.100.7');
const VICTIM = parseIp('10.9.0.1');

function tcpFrame(
  src: IpAddress,
  dst: IpAddress,
  sport: number,
  dport: number,
  seq: number,
  ack: number,
  flags: number,
  payload?: Buffer,
): Buffer {
  const seg = tcpSegment({ srcPort: sport, dstPort: dport, seq, ack, flags, payload }, src, dst);
  return ethernetFrame({ etherType: ETH_IPV4, payload: ipPacket(src, dst, PROTO_TCP, seg), pad: true });
}

// Offsets in an untagged Ethernet/IPv4 (IHL 5)/TCP frame; nothing in the node checks checksums.
const IP_SRC = 26;
const TCP_SPORT = 34;
const TCP_SEQ = 38;

/**
 * SYNs from `flows` distinct (address, port) pairs: every one a new connection. A flood of new
 * flows evicts the least recently active connection, so an ordinary connection survives while
 * fewer than max_flows new flows arrive between two of its packets: `every` keeps it so.
 */
export function synFlood(path: string, ordinary: Ordinary, flows: number, every?: number): number {
  const tpl = tcpFrame(ATTACKER, VICTIM, 1024, 80, 1, 0, SYN);
  return mix(
    path,
    ordinary,
    flows,
    (out, i) => {
      tpl.writeUInt32BE((0xc6330000 + Math.floor(i / 60000)) >>> 0, IP_SRC);
      tpl.writeUInt16BE(1024 + (i % 60000), TCP_SPORT);
      out.frame(tpl);
    },
    every,
  );
}

/** `conns` connections each sending data past a hole that is never filled. */
export function oooFlood(path: string, ordinary: Ordinary, conns: number, segmentsPerConn: number): number {
  const payload = Buffer.alloc(1400, 0x41);
  return mix(path, ordinary, conns * (segmentsPerConn + 2), (out, i) => {
    const c = i % conns;
    const k = Math.floor(i / conns);
    const sport = 2000 + c;
    if (k === 0) out.frame(tcpFrame(ATTACKER, VICTIM, sport, 80, 1000, 0, SYN));
    else if (k === 1) out.frame(tcpFrame(VICTIM, ATTACKER, 80, sport, 5000, 1001, SYN | ACK));
    // Byte 1001..2000 never comes; everything after it must wait, then be given up.
    else out.frame(tcpFrame(ATTACKER, VICTIM, sport, 80, 1001 + 1000 + (k - 2) * 1400, 5001, ACK, payload));
  });
}

/** One request whose first header line is `lineBytes` long and never ends. */
export function hugeHeaderLine(path: string, ordinary: Ordinary, lineBytes: number): number {
  const mss = 1460;
  const segments = Math.ceil(lineBytes / mss);
  const tpl = tcpFrame(ATTACKER, VICTIM, 3333, 80, 0, 5001, ACK, Buffer.alloc(mss, 0x61));
  Buffer.from('GET /').copy(tpl, 54);
  const head = Buffer.from(tpl);
  tpl.fill(0x61, 54, 54 + 5);
  return mix(path, ordinary, segments + 2, (out, i) => {
    if (i === 0) out.frame(tcpFrame(ATTACKER, VICTIM, 3333, 80, 1000, 0, SYN));
    else if (i === 1) out.frame(tcpFrame(VICTIM, ATTACKER, 80, 3333, 5000, 1001, SYN | ACK));
    else {
      const f = i === 2 ? head : tpl;
      f.writeUInt32BE((1001 + (i - 2) * mss) >>> 0, TCP_SEQ);
      out.frame(f);
    }
  });
}

/** A connection whose payload is the head then `bodyBytes` of `chunk()` pieces, sent in order. */
function streamingBody(path: string, ordinary: Ordinary, head: string, piece: Buffer, bodyBytes: number): number {
  const pieces = Math.ceil(bodyBytes / piece.length);
  let seq = 1001;
  const send = (out: StreamingPcap, payload: Buffer): void => {
    out.frame(tcpFrame(ATTACKER, VICTIM, 4444, 80, seq, 5001, ACK | PSH, payload));
    seq = (seq + payload.length) >>> 0;
  };
  return mix(path, ordinary, pieces + 3, (out, i) => {
    if (i === 0) out.frame(tcpFrame(ATTACKER, VICTIM, 4444, 80, 1000, 0, SYN));
    else if (i === 1) out.frame(tcpFrame(VICTIM, ATTACKER, 80, 4444, 5000, 1001, SYN | ACK));
    else if (i === 2) send(out, Buffer.from(head));
    else send(out, piece);
  });
}

/** A chunked request body that never ends: `bodyBytes` of 1400-byte chunks, no last chunk. */
export function endlessChunked(path: string, ordinary: Ordinary, bodyBytes: number): number {
  const piece = Buffer.concat([Buffer.from('574\r\n'), Buffer.alloc(0x574, 0x62), Buffer.from('\r\n')]);
  return streamingBody(
    path,
    ordinary,
    'POST /upload HTTP/1.1\r\nHost: victim.test\r\nTransfer-Encoding: chunked\r\n\r\n',
    piece,
    bodyBytes,
  );
}

/** Chunk sizes of 2^64-1 and 2^64 (and a 2^53 one) on three requests of one connection. */
export function hugeChunkSizes(path: string, ordinary: Ordinary): number {
  const req = (size: string) =>
    `POST /c HTTP/1.1\r\nHost: victim.test\r\nTransfer-Encoding: chunked\r\n\r\n${size}\r\n${'z'.repeat(3000)}\r\n`;
  const piece = Buffer.from(`${req('ffffffffffffffff')}${req('10000000000000000')}${req('20000000000000')}`);
  return streamingBody(path, ordinary, '', piece, piece.length);
}

/** `zeros` bytes of zeros, gzipped by a stream (never held uncompressed). */
export async function gzipOfZeros(zeros: number): Promise<Buffer> {
  const gz = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gz.on('data', (b: Buffer) => parts.push(b));
  const done = new Promise<void>((resolve, reject) => {
    gz.on('end', resolve);
    gz.on('error', reject);
  });
  const block = Buffer.alloc(1 << 20);
  for (let left = zeros; left > 0; left -= block.length) {
    if (!gz.write(left >= block.length ? block : block.subarray(0, left))) await new Promise((r) => gz.once('drain', r));
  }
  gz.end();
  await done;
  return Buffer.concat(parts);
}

/** A gzip bomb as a request body and as a response body of one transaction. */
export function gzipBomb(path: string, ordinary: Ordinary, bomb: Buffer): number {
  const x = renderExchange({
    method: 'POST',
    target: '/bomb',
    requestHeaders: [
      ['Content-Encoding', 'gzip'],
      ['Content-Type', 'application/json'],
    ],
    requestBody: bomb,
    responseHeaders: [['Content-Encoding', 'gzip']],
    responseBody: bomb,
  });
  return conversationCapture(path, ordinary, x.request, x.response!);
}

/** Content-Encoding: gzip 100 times over, and a query value percent-encoded 100 times. */
export function nestedEncodings(depth: number): HttpExchangeSpec {
  let body = Buffer.from('{"comment":"hello"}');
  for (let i = 0; i < depth; i++) body = gzipSync(body);
  let value = "' OR 1=1--";
  for (let i = 0; i < depth; i++) value = encodeURIComponent(value);
  return {
    method: 'POST',
    target: `/ordinary/nested?q=${value}`,
    requestHeaders: [
      ['Content-Encoding', Array(depth).fill('gzip').join(', ')],
      ['Content-Type', 'application/json'],
    ],
    requestBody: body,
    responseHeaders: [['Content-Encoding', Array(depth).fill('gzip').join(', ')]],
    responseBody: body,
  };
}

function conversationCapture(path: string, ordinary: Ordinary, request: Buffer, response: Buffer): number {
  const conv = new TcpConversation({ client: '198.51.100.7', server: '10.9.0.1', clientPort: 4445, serverPort: 80 });
  conv.send('c2s', request).send('s2c', response).close('fin');
  const packets = conv.packets();
  return mix(path, ordinary, packets.length, (out, i) => out.frame(packets[i].frame));
}

/** `requests` requests with random paths over `conns` keep-alive connections. */
export function randomPaths(path: string, ordinary: Ordinary, requests: number, conns: number): number {
  let rnd = 12345;
  const word = (): string => {
    rnd = (Math.imul(rnd, 1103515245) + 12345) >>> 0;
    return rnd.toString(36);
  };
  const seq = new Array<number>(conns).fill(1001);
  const rseq = new Array<number>(conns).fill(5001);
  const res = Buffer.from('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
  return mix(path, ordinary, requests * 2 + conns * 2, (out, i) => {
    const c = i % conns;
    const sport = 6000 + c;
    const k = Math.floor(i / conns);
    if (k === 0) return out.frame(tcpFrame(ATTACKER, VICTIM, sport, 80, 1000, 0, SYN));
    if (k === 1) return out.frame(tcpFrame(VICTIM, ATTACKER, 80, sport, 5000, 1001, SYN | ACK));
    if (k % 2 === 0) {
      const req = Buffer.from(
        `GET /${word()}/${word()}/${word()}?${word()}=${word()} HTTP/1.1\r\nHost: h${c % 50}.victim.test\r\n\r\n`,
      );
      out.frame(tcpFrame(ATTACKER, VICTIM, sport, 80, seq[c], rseq[c], ACK | PSH, req));
      seq[c] = (seq[c] + req.length) >>> 0;
    } else {
      out.frame(tcpFrame(VICTIM, ATTACKER, 80, sport, rseq[c], seq[c], ACK | PSH, res));
      rseq[c] = (rseq[c] + res.length) >>> 0;
    }
  });
}

/** Wraps an Ethernet frame in `depth` VXLAN tunnels. */
export function inVxlan(frame: Buffer, depth: number): Buffer {
  let f = frame;
  for (let d = 0; d < depth; d++) f = vxlanFrame(f, { vni: 100 + d });
  return f;
}

/** Frames nested 10 deep (past the decoder's limit) and 0-length VXLAN payloads. */
export function deepVxlan(path: string, ordinary: Ordinary, frames: number): number {
  const inner = tcpFrame(ATTACKER, VICTIM, 7777, 80, 1, 0, SYN);
  const deep = inVxlan(inner, 10);
  const empty = vxlanFrame(Buffer.alloc(0), { vni: 5 });
  return mix(path, ordinary, frames, (out, i) => out.frame(i % 2 ? deep : empty));
}

/**
 * Zero-length and truncated records, caplen > origLength, and frames whose IP/TCP length fields
 * lie: total length past the frame or below the header, IHL < 5, TCP data offset < 5 or past the end.
 */
export function malformedFrames(path: string, ordinary: Ordinary, rounds: number): number {
  const good = tcpFrame(ATTACKER, VICTIM, 8888, 80, 1001, 5001, ACK | PSH, Buffer.from('GET /x HTTP/1.1\r\nHost: a\r\n\r\n'));
  const variants: Array<(out: StreamingPcap) => void> = [
    (out) => out.frame(Buffer.alloc(0)),
    (out) => out.frame(good, 0, good.length),
    (out) => out.frame(good, 13),
    (out) => out.frame(good, 20),
    (out) => out.frame(good, 40),
    (out) => out.frame(good, good.length, 1),
    (out) => out.frame(good, 50, 65535),
  ];
  const patch = (fn: (f: Buffer) => void) => (out: StreamingPcap) => {
    const f = Buffer.from(good);
    fn(f);
    out.frame(f);
  };
  variants.push(
    patch((f) => f.writeUInt16BE(65535, 16)),
    patch((f) => f.writeUInt16BE(10, 16)),
    patch((f) => (f[14] = 0x42)),
    patch((f) => (f[14] = 0x4f)),
    patch((f) => (f[46] = 0x00)),
    patch((f) => (f[46] = 0xf0)),
    patch((f) => (f[14] = 0x65)),
    patch((f) => f.writeUInt16BE(0x86dd, 12)),
    patch((f) => f.writeUInt16BE(0x8100, 12)),
  );
  return mix(path, ordinary, rounds * variants.length, (out, i) => variants[i % variants.length](out));
}

/**
 * WebSocket floods after a 101 (docs/websocket.md "Limits and counters"): on one connection a text
 * message of `messageBytes`, then a message of 1-byte fragments (`fragments` of them), then a
 * frame announced as 2^53-1 bytes that the connection's end cuts; on a second one, with
 * permessage-deflate, 32 compressed messages that each inflate to 64 MiB of zeros.
 */
export function websocketFloods(path: string, ordinary: Ordinary, messageBytes: number, fragments: number, bomb: Buffer): number {
  const upgrade = (extensions: string) => ({
    request: Buffer.from(
      `GET /ws HTTP/1.1\r\nHost: victim.test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n${extensions}\r\n`,
    ),
    response: Buffer.from(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n${extensions}\r\n`),
  });
  const deflate = upgrade('Sec-WebSocket-Extensions: permessage-deflate\r\n');
  const bombs = new TcpConversation({ client: '198.51.100.8', server: '10.9.0.1', clientPort: 4446, serverPort: 80 });
  bombs.send('c2s', deflate.request).send('s2c', deflate.response);
  const compressed = bomb.subarray(0, bomb.length - 4);
  const bombFrame = Buffer.concat([wsHeader(0xc1, compressed.length), compressed]);
  for (let i = 0; i < 32; i++) bombs.send('c2s', bombFrame);
  const bombPackets = bombs.close('fin').packets();

  const plain = upgrade('');
  const piece = Buffer.alloc(1400, 0x61);
  const pieces = Math.ceil(messageBytes / piece.length);
  const fragment = Buffer.concat([wsHeader(0x00, 1), Buffer.from([0x62])]);
  const fragmentRun = Buffer.concat(Array.from({ length: 200 }, () => fragment));
  const runs = Math.ceil(fragments / 200);
  let cseq = 1001;
  let sseq = 5001;
  const client = (out: StreamingPcap, payload: Buffer): void => {
    out.frame(tcpFrame(ATTACKER, VICTIM, 4447, 80, cseq, sseq, ACK | PSH, payload));
    cseq = (cseq + payload.length) >>> 0;
  };
  const steps = 8 + pieces + runs;
  return mix(path, ordinary, steps + bombPackets.length, (out, i) => {
    if (i < bombPackets.length) out.frame(bombPackets[i].frame);
    const k = i - bombPackets.length;
    if (k === 0) out.frame(tcpFrame(ATTACKER, VICTIM, 4447, 80, 1000, 0, SYN));
    else if (k === 1) out.frame(tcpFrame(VICTIM, ATTACKER, 80, 4447, 5000, 1001, SYN | ACK));
    else if (k === 2) client(out, plain.request);
    else if (k === 3) {
      out.frame(tcpFrame(VICTIM, ATTACKER, 80, 4447, sseq, cseq, ACK | PSH, plain.response));
      sseq = (sseq + plain.response.length) >>> 0;
    } else if (k === 4) client(out, wsHeader(0x81, pieces * piece.length));
    else if (k > 4 && k <= 4 + pieces) client(out, piece);
    else if (k === 5 + pieces) client(out, Buffer.concat([wsHeader(0x01, 1), Buffer.from('a')]));
    else if (k > 5 + pieces && k <= 5 + pieces + runs) client(out, fragmentRun);
    else if (k === 6 + pieces + runs) client(out, Buffer.concat([wsHeader(0x80, 1), Buffer.from('z')]));
    else if (k === 7 + pieces + runs) client(out, Buffer.concat([wsHeader(0x82, 2 ** 53 - 1), piece]));
  });
}

/** A masked client frame header (key 0: the payload is sent as is) for `length` payload bytes. */
function wsHeader(first: number, length: number): Buffer {
  const len = length < 126 ? [length] : length < 65536 ? [126, length >> 8, length & 0xff] : [127];
  const head = Buffer.from([first, 0x80 | len[0], ...len.slice(1)]);
  const ext = Buffer.alloc(len[0] === 127 ? 8 : 0);
  if (len[0] === 127) {
    ext.writeUInt32BE(Math.floor(length / 2 ** 32), 0);
    ext.writeUInt32BE(length >>> 0, 4);
  }
  return Buffer.concat([head, ext, Buffer.alloc(4)]);
}
