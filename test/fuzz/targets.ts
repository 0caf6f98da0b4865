/**
 * Fuzz targets: each turns arbitrary bytes into calls of one stage of the node and checks the
 * stage's invariants. An exception escaping `run` is a bug, except the declared input errors.
 * Seeds come from the test generators (test/gen), so fuzzing starts from valid traffic.
 */
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaptureFormatError, PcapStreamReader } from '../../node/capture/pcap-reader';
import { PacketDecoder } from '../../node/decode/decoder';
import { StreamReassembler } from '../../node/reassembly/stream-reassembler';
import type { ConnectionInfo, StreamHandler } from '../../node/reassembly/types';
import { createHttpStreamHandlerFactory } from '../../node/http/connection';
import { decodeContent } from '../../node/http/content-decoding';
import type { HttpTransaction } from '../../node/http/types';
import type { Limits } from '../../node/config/types';
import { loadConfigText } from '../../node/config/load';
import { AttackDetector } from '../../node/analysis/attacks/detector';
import { Budget, DEFAULT_ATTACK_LIMITS } from '../../node/analysis/attacks/budget';
import { decodeVariants } from '../../node/analysis/attacks/decode/variants';
import { percentDecode } from '../../node/analysis/attacks/decode/percent';
import { decodeEntities } from '../../node/analysis/attacks/decode/entities';
import { decodeJsEscapes } from '../../node/analysis/attacks/decode/escapes';
import { decodeBase64Text } from '../../node/analysis/attacks/decode/base64';
import { TcpConversation } from '../../node/sample/conversation';
import {
  ACK,
  ETH_IPV4,
  FIN,
  PSH,
  RST,
  SYN,
  ethernetFrame,
  ipPacket,
  parseIp,
  PROTO_TCP,
  tcpSegment,
  type Encapsulation,
} from '../../node/sample/frames';
import { renderExchange, lorem } from '../../node/sample/http-exchange';
import { writePcap, writePcapng } from '../../node/sample/pcap-writer';
import { Rng } from '../../node/sample/rng';
import { KeyStore } from '../../node/tls/keylog';
import { TlsProtocol } from '../../node/tls/protocol';
import { Tls13Session } from '../gen/tls-records';
import * as H2 from '../gen/h2';
import { HpackEncoder } from '../gen/h2';
import { Http2Protocol } from '../../node/http2/protocol';
import { KEEP_ALL_BODIES } from '../../node/http/connection';
import { grpcMessages, type GrpcContentType } from '../../node/grpc/messages';
import { decodeProto, type ProtoField } from '../../node/grpc/protobuf';
import { WebSocketConnection } from '../../node/websocket/connection';
import { createWebSocketCounters } from '../../node/websocket/counters';
import { CLIENT_MASK, MessageDeflater, clientText, closeFrame, fragments, frame, serverText } from '../gen/websocket';
import { GraphqlReader, nestingDepth } from '../../node/graphql/document';
import { DEFAULT_GRAPHQL_SETTINGS, type GraphqlSettings } from '../../node/graphql/settings';
import { tx } from '../unit/attacks/helpers';

export interface FuzzTarget {
  name: string;
  /** What the target exercises, for `npm run fuzz -- --list`. */
  about: string;
  maxLength: number;
  dictionary: string[];
  seeds(): Buffer[];
  run(data: Buffer): void;
}

/** Small caps, so that fuzzing reaches every limit path quickly. */
const SMALL_LIMITS: Limits = {
  maxFlows: 4,
  streamBufferBytes: 4096,
  totalBufferBytes: 8192,
  headerBytes: 1024,
  bodyInspectBytes: 2048,
  decompressBytes: 16384,
  http2MaxStreams: 8,
  http2HeaderTableBytes: 256,
  http2ConnectionBodyBytes: 4096,
  websocketMessageBytes: 4096,
  websocketMessagesPerConnection: 64,
  websocketInflateBytes: 8192,
  idleTimeoutSec: 30,
  reorderWaitSec: 1,
  ipReassemblyBytes: 16384,
  ipReassemblyTimeoutSec: 1,
  attackMillisPerRequest: 100,
};

/**
 * Names that are Object.prototype members: as a header, parameter, JSON key, GraphQL name or config
 * key they must be ordinary names (docs/design.md, "Names from traffic").
 */
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

const HTTP_WORDS = [
  ...PROTOTYPE_NAMES,
  '\r\n',
  '\r\n\r\n',
  ' HTTP/1.1\r\n',
  'HTTP/1.1 200 OK\r\n',
  'HTTP/1.0 ',
  'GET / ',
  'POST /a?b=c ',
  'CONNECT h:443 ',
  'Content-Length: ',
  'Transfer-Encoding: chunked\r\n',
  'Content-Encoding: gzip\r\n',
  'Connection: close\r\n',
  'Upgrade: websocket\r\n',
  'Expect: 100-continue\r\n',
  'HTTP/1.1 101 Switching\r\n',
  'HTTP/1.1 100 Continue\r\n\r\n',
  '0\r\n\r\n',
  'ffffffffffffffff\r\n',
  ';ext=1',
  '\n',
  ': ',
  '\t',
];

function invariant(ok: boolean, what: string): void {
  if (!ok) throw new Error(`invariant broken: ${what}`);
}

/** The one connection the stream-level targets feed. */
const FUZZ_CONN: ConnectionInfo = {
  id: 1,
  client: { ip: '10.0.0.2', port: 4000 },
  server: { ip: '10.0.0.1', port: 80 },
  vlan: [],
  vni: null,
  midstream: false,
  firstTs: 0,
};

/**
 * Feeds a connection's two directions to a handler `step` bytes at a time, alternating, with a
 * gap every `gapEvery * 3` delivery pairs (0: none); `every16` runs when the pair count is a
 * multiple of 16 (pairs are counted only with gaps on, so without gaps it runs after every pair).
 * Returns the next capture time.
 */
function feedInterleaved(
  h: StreamHandler,
  client: Buffer,
  server: Buffer,
  step: number,
  gapEvery: number,
  every16?: (ts: number) => void,
): number {
  let ts = 1;
  let n = 0;
  for (let a = 0, b = 0; a < client.length || b < server.length; a += step, b += step) {
    if (a < client.length) h.onData(0, client, a, Math.min(step, client.length - a), ts++);
    if (b < server.length) h.onData(1, server, b, Math.min(step, server.length - b), ts++);
    if (gapEvery > 0 && ++n % (gapEvery * 3) === 0) h.onGap((n & 1) as 0 | 1, step, ts++);
    if (every16 !== undefined && n % 16 === 0) every16(ts);
  }
  return ts;
}

const ENCAPS: Encapsulation[] = [
  { kind: 'ethernet' },
  { kind: 'ethernet', vlan: [{ vid: 10 }, { vid: 20 }] },
  { kind: 'vxlan', vni: 42 },
  { kind: 'geneve', vni: 7, optionBytes: 8 },
  { kind: 'geneve', vni: 7, payload: 'ip' },
  { kind: 'geneve-vxlan', vni: 7, innerVni: 42, optionBytes: 12 },
  { kind: 'gre', key: 5, sequence: 9, checksum: true },
  { kind: 'gre', payload: 'ip' },
  { kind: 'erspan', type: 1 },
  { kind: 'erspan', type: 2, session: 3 },
  { kind: 'erspan', type: 3, platform: true },
  { kind: 'sll' },
  { kind: 'sll2' },
  { kind: 'raw' },
  { kind: 'null' },
];

function conversationPackets(encap: Encapsulation, v6 = false): Array<{ ts: number; linkType: number; frame: Buffer }> {
  const x = renderExchange({
    method: 'POST',
    target: '/login?u=1',
    requestBody: 'a=1&b=2',
    responseBody: lorem(300),
    responseChunkSize: 100,
  });
  const conv = new TcpConversation(
    v6
      ? { client: '2001:db8::2', server: '2001:db8::1', encap, mss: 200 }
      : { client: '10.0.0.2', server: '10.0.0.1', encap, mss: 200 },
  );
  conv.send('c2s', x.request).send('s2c', x.response!).close('fin');
  return conv.packets();
}

/** pcap and pcapng files, cut into chunks at arbitrary places, down to the TCP decoder. */
const pcap: FuzzTarget = {
  name: 'pcap',
  about: 'PcapStreamReader (pcap and pcapng, both byte orders) feeding PacketDecoder',
  maxLength: 16384,
  dictionary: [
    '\xd4\xc3\xb2\xa1',
    '\xa1\xb2\xc3\xd4',
    '\x4d\x3c\xb2\xa1',
    '\x0a\x0d\x0d\x0a',
    '\x4d\x3c\x2b\x1a',
    '\x06\x00\x00\x00',
    '\x01\x00\x00\x00',
    '\xff\xff\xff\xff',
  ],
  seeds: () => [
    writePcap(conversationPackets({ kind: 'ethernet' })),
    writePcap(conversationPackets({ kind: 'sll' }), { nanosecond: true, bigEndian: true }),
    writePcapng(conversationPackets({ kind: 'vxlan', vni: 7 })),
    writePcapng(conversationPackets({ kind: 'raw' }, true), { bigEndian: true, tsresol: 9 }),
  ],
  run(data) {
    const decoder = new PacketDecoder();
    let frames = 0;
    const reader = new PcapStreamReader(
      (linkType, buf, offset, length, ts) => {
        invariant(offset >= 0 && length >= 0 && offset + length <= buf.length, 'frame inside its buffer');
        frames++;
        decoder.decode(linkType, buf, offset, length, ts);
      },
      { maxPacketBytes: 4096, maxBlockBytes: 8192 },
    );
    // The first byte picks the read size: record boundaries must not depend on chunking.
    const step = 1 + (data.length > 0 ? data[0] % 97 : 0);
    try {
      for (let off = 0; off < data.length; off += step) reader.push(data.subarray(off, off + step));
      reader.end();
    } catch (err) {
      if (!(err instanceof CaptureFormatError)) throw err;
    }
    invariant(reader.stats.packets >= frames || frames === 0, 'frames counted');
  },
};

const LINK_TYPES = [1, 0, 101, 113, 276, 12, 14, 108, 228, 229, 0x8000];

const fuzzDecoder = new PacketDecoder({ vxlanPorts: [4789, 8472], vniExclude: [99] });

/** One frame of any link type: every layer down to TCP, with VXLAN, VLAN and IPv6 extensions. */
const decode: FuzzTarget = {
  name: 'decode',
  about:
    'PacketDecoder: link layers, VLAN/QinQ, VXLAN (nested), GENEVE, GRE, ERSPAN I-III, IPv4/IPv6 (extensions, fragments), TCP',
  maxLength: 2048,
  dictionary: [
    '\x08\x00',
    '\x86\xdd',
    '\x81\x00',
    '\x88\xa8',
    '\x12\xb5',
    '\x17\xc1',
    '\x65\x58',
    '\x88\xbe',
    '\x22\xeb',
    '\x2f',
    '\x45\x00',
    '\x60\x00\x00\x00',
    '\x08\x00\x00\x00',
    '\x06',
    '\x11',
    '\x2c',
    '\x00\x50',
  ],
  seeds: () => {
    const out: Buffer[] = [];
    for (const encap of ENCAPS) {
      const p = conversationPackets(encap)[3];
      out.push(Buffer.concat([Buffer.from([LINK_TYPES.indexOf(p.linkType)]), p.frame]));
    }
    const p6 = conversationPackets({ kind: 'ethernet' }, true)[3];
    out.push(Buffer.concat([Buffer.from([0]), p6.frame]));
    // VXLAN inside VXLAN.
    const inner = conversationPackets({ kind: 'vxlan', vni: 1 })[3].frame;
    const outer = conversationPackets({ kind: 'vxlan', vni: 2 })[3].frame;
    out.push(Buffer.concat([Buffer.from([0]), outer.subarray(0, 50), inner]));
    return out;
  },
  run(data) {
    if (data.length === 0) return;
    const frame = Buffer.from(data.subarray(1));
    const p = fuzzDecoder.decode(LINK_TYPES[data[0] % LINK_TYPES.length], frame, 0, frame.length, 1_000_000);
    if (p !== null) {
      invariant(
        p.payloadOffset >= 0 && p.payloadLength >= 0 && p.payloadOffset + p.payloadLength <= p.data.length,
        'payload inside the frame',
      );
    }
  },
};

interface FuzzSegment {
  fromClient: boolean;
  flags: number;
  seqDelta: number;
  payload: Buffer;
}

/** 4-byte header per segment: direction+flags, sequence offset (u16 BE), payload length. */
function parseSegments(data: Buffer): FuzzSegment[] {
  const out: FuzzSegment[] = [];
  let off = 0;
  while (off + 4 <= data.length) {
    const ctrl = data[off];
    const flags = ACK | (ctrl & 0x02 ? SYN : 0) | (ctrl & 0x04 ? FIN : 0) | (ctrl & 0x08 ? RST : 0) | (ctrl & 0x10 ? PSH : 0);
    const seqDelta = data.readUInt16BE(off + 1);
    const len = data[off + 3];
    const payload = data.subarray(off + 4, Math.min(data.length, off + 4 + len));
    out.push({ fromClient: (ctrl & 1) === 0, flags: ctrl & 0x20 ? flags & ~ACK : flags, seqDelta, payload });
    off += 4 + len;
  }
  return out;
}

function encodeSegments(segs: FuzzSegment[]): Buffer {
  const parts: Buffer[] = [];
  for (const s of segs) {
    for (let off = 0; off < Math.max(1, s.payload.length); off += 255) {
      const p = s.payload.subarray(off, off + 255);
      const ctrl =
        (s.fromClient ? 0 : 1) |
        (s.flags & SYN ? 0x02 : 0) |
        (s.flags & FIN ? 0x04 : 0) |
        (s.flags & RST ? 0x08 : 0) |
        (s.flags & ACK ? 0 : 0x20);
      const h = Buffer.alloc(4);
      h[0] = ctrl;
      h.writeUInt16BE((s.seqDelta + off) & 0xffff, 1);
      h[3] = p.length;
      parts.push(h, p);
    }
  }
  return Buffer.concat(parts);
}

const CLIENT = parseIp('10.1.0.2');
const SERVER = parseIp('10.1.0.1');
/** Near 2^32 so that fuzzed streams cross sequence wrap-around. */
const CLIENT_ISN = 0xffffff00;
const SERVER_ISN = 0x7ffffff0;

function exchangeSegments(spec: Parameters<typeof renderExchange>[0], pieces = 3): FuzzSegment[] {
  const x = renderExchange(spec);
  const segs: FuzzSegment[] = [
    { fromClient: true, flags: SYN, seqDelta: 0, payload: Buffer.alloc(0) },
    { fromClient: false, flags: SYN | ACK, seqDelta: 0, payload: Buffer.alloc(0) },
  ];
  const cut = (b: Buffer, fromClient: boolean): void => {
    const size = Math.ceil(b.length / pieces);
    for (let off = 0; off < b.length; off += size)
      segs.push({ fromClient, flags: ACK, seqDelta: 1 + off, payload: b.subarray(off, off + size) });
  };
  cut(x.request, true);
  if (x.response) cut(x.response, false);
  return segs;
}

/** Whole TCP connections: frames through PacketDecoder, StreamReassembler and the HTTP parser. */
const stream: FuzzTarget = {
  name: 'stream',
  about: 'TCP segments (any order, overlap, wrap, flags) -> PacketDecoder -> StreamReassembler -> HTTP',
  maxLength: 8192,
  dictionary: HTTP_WORDS,
  seeds: () => [
    encodeSegments(exchangeSegments({ target: '/a' })),
    encodeSegments(
      exchangeSegments(
        { method: 'POST', target: '/p', requestBody: lorem(500), responseChunkSize: 50, responseBody: lorem(400) },
        5,
      ),
    ),
    encodeSegments(exchangeSegments({ target: '/g', responseGzip: true, responseBody: lorem(600) }).reverse()),
  ],
  run(data) {
    const decoder = new PacketDecoder();
    let transactions = 0;
    const http = createHttpStreamHandlerFactory({ transaction: () => void transactions++, error: () => {} }, SMALL_LIMITS);
    const reassembler = new StreamReassembler(SMALL_LIMITS, http, new Set([80]));
    let ts = 1_700_000_000_000_000;
    let i = 0;
    for (const s of parseSegments(data)) {
      // The connection number comes from the segment index: a few connections interleave.
      const port = 40000 + ((i++ * 7) % 5);
      const seq = ((s.fromClient ? CLIENT_ISN : SERVER_ISN) + s.seqDelta) >>> 0;
      const seg = tcpSegment(
        {
          srcPort: s.fromClient ? port : 80,
          dstPort: s.fromClient ? 80 : port,
          seq,
          ack: s.fromClient ? SERVER_ISN + 1 : CLIENT_ISN + 1,
          flags: s.flags,
          payload: s.payload,
        },
        s.fromClient ? CLIENT : SERVER,
        s.fromClient ? SERVER : CLIENT,
      );
      const frame = ethernetFrame({
        etherType: ETH_IPV4,
        payload: ipPacket(s.fromClient ? CLIENT : SERVER, s.fromClient ? SERVER : CLIENT, PROTO_TCP, seg),
      });
      ts += s.seqDelta & 0x3ff ? 100 : 2_000_000;
      const p = decoder.decode(1, frame, 0, frame.length, ts);
      if (p !== null) reassembler.process(p);
      invariant(reassembler.activeFlows <= SMALL_LIMITS.maxFlows, 'flows within max_flows');
      invariant(reassembler.bufferedBytes <= SMALL_LIMITS.totalBufferBytes, 'buffered bytes within total_buffer_bytes');
    }
    reassembler.flush(ts);
    invariant(http.open === 0, 'every HTTP connection closed at flush');
  },
};

/** Both directions of one connection, as the reassembler delivers them, with gaps. */
const http: FuzzTarget = {
  name: 'http',
  about: 'HttpConnection: request and response parsers, pairing, chunked, trailers, 1xx, upgrades, gaps',
  maxLength: 8192,
  dictionary: HTTP_WORDS,
  seeds: () => {
    const specs = [
      { target: '/' },
      { method: 'POST', target: '/f', requestBody: 'x=1', requestChunkSize: 2, responseBody: lorem(200), responseChunkSize: 64 },
      { target: '/z', responseGzip: true, responseBody: lorem(300) },
      { method: 'HEAD', target: '/h', responseBody: '' },
    ];
    return specs.map((s) => {
      const x = renderExchange(s);
      const req = Buffer.concat([x.request, x.request]);
      const res = Buffer.concat([x.response!, x.response!]);
      const h = Buffer.alloc(3);
      h.writeUInt16BE(req.length, 0);
      h[2] = 17;
      return Buffer.concat([h, req, res]);
    });
  },
  run(data) {
    if (data.length < 3) return;
    const reqLen = Math.min(data.readUInt16BE(0), data.length - 3);
    const step = 1 + (data[2] & 0x3f);
    const gapEvery = data[2] >> 6;
    const req = data.subarray(3, 3 + reqLen);
    const res = data.subarray(3 + reqLen);
    const txs: HttpTransaction[] = [];
    const factory = createHttpStreamHandlerFactory({ transaction: (tx) => void txs.push(tx), error: () => {} }, SMALL_LIMITS, {
      responseTimeoutSec: 5,
    });
    const h = factory(FUZZ_CONN);
    const ts = feedInterleaved(h, req, res, step, gapEvery, (t) => factory.expire(t + 10_000_000));
    h.onClose('fin', ts);
    for (const tx of txs) {
      invariant(tx.request.body.inspect.length <= SMALL_LIMITS.bodyInspectBytes, 'request inspect within body_inspect_bytes');
      invariant(
        tx.response === null || tx.response.body.inspect.length <= SMALL_LIMITS.bodyInspectBytes,
        'response inspect within body_inspect_bytes',
      );
    }
  },
};

const CODINGS = ['gzip', 'deflate', 'br', 'identity', 'x-gzip', 'compress', 'gzip, gzip', 'deflate, br'];

/** Content-Encoding chains over arbitrary bodies (gzip/deflate/raw deflate/brotli, stacked). */
const content: FuzzTarget = {
  name: 'content',
  about: 'decodeContent: Content-Encoding chains, truncated and bomb-like streams, decompress_bytes cap',
  maxLength: 8192,
  dictionary: ['\x1f\x8b\x08\x00', '\x78\x9c', '\x78\xda', '\x03\x00'],
  seeds: () => {
    const text = lorem(2000);
    return [
      Buffer.concat([Buffer.from([0]), gzipSync(text)]),
      Buffer.concat([Buffer.from([1]), deflateSync(text)]),
      Buffer.concat([Buffer.from([1]), deflateRawSync(text)]),
      Buffer.concat([Buffer.from([2]), brotliCompressSync(text)]),
      Buffer.concat([Buffer.from([6]), gzipSync(gzipSync(Buffer.alloc(100_000)))]),
      Buffer.concat([Buffer.from([7]), deflateSync(brotliCompressSync(text))]),
    ];
  },
  run(data) {
    if (data.length === 0) return;
    const codings = CODINGS[data[0] % CODINGS.length];
    const inspect = data.subarray(1);
    const out = decodeContent(
      { length: inspect.length, sha256: '', inspect, truncated: false, incomplete: (data[0] & 0x80) !== 0 },
      [['Content-Encoding', codings]],
      SMALL_LIMITS,
    );
    invariant(out.data.length <= Math.max(SMALL_LIMITS.decompressBytes, inspect.length), 'decoded within decompress_bytes');
  },
};

const fuzzDetector = new AttackDetector({ maxMillisPerRequest: 60_000 });

/** The attack-detection value decoders and every detector, on values at each kind of point. */
const values: FuzzTarget = {
  name: 'values',
  about: 'attack value decoders (percent, entities, JS escapes, base64, variants) and AttackDetector on query/body/header/cookie',
  maxLength: 4096,
  dictionary: [
    ...PROTOTYPE_NAMES,
    '%25',
    '%u0027',
    '&#x3c;',
    '&lt;',
    '\\u003c',
    '\\x27',
    "' OR 1=1--",
    '<script>',
    '{{7*7}}',
    '../',
    '${jndi:',
    'PHNjcmlwdD4=',
    '\x00',
    '＜',
  ],
  seeds: () =>
    [
      'id=1%27%20OR%201%3D1--',
      'q=%253Cscript%253Ealert(1)%253C%252Fscript%253E',
      '{"a":{"b":["<img src=x onerror=alert(1)>"]}}',
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
      'f=..%2f..%2fetc%2fpasswd&u=http://169.254.169.254/',
      'c=PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==&d=&#x3c;svg&#x3e;',
    ].map((s, i) => Buffer.concat([Buffer.from([i]), Buffer.from(s)])),
  run(data) {
    if (data.length === 0) return;
    const text = data.subarray(1).toString('latin1');
    percentDecode(text, true);
    decodeEntities(text);
    decodeJsEscapes(text);
    decodeBase64Text(text);
    const variants = decodeVariants(text, new Budget({ ...DEFAULT_ATTACK_LIMITS, maxMillisPerRequest: 60_000 }));
    invariant(variants.length <= DEFAULT_ATTACK_LIMITS.maxDecodeDepth + 3, 'decode depth bounded');
    const kinds = [
      'application/x-www-form-urlencoded',
      'application/json',
      'text/xml',
      'multipart/form-data; boundary=b',
      'text/plain',
    ];
    const body = data.subarray(1);
    fuzzDetector.detect({
      conn: FUZZ_CONN,
      index: 0,
      request: {
        method: 'POST',
        target: `/p/${encodeURIComponent(text.slice(0, 200))}?${text.slice(0, 500)}`,
        version: 'HTTP/1.1',
        headers: [
          ['Host', 'shop.test'],
          ['Content-Type', kinds[data[0] % kinds.length]],
          ['Cookie', `s=${text.slice(0, 300)}`],
          ['X-Data', text.slice(0, 300)],
        ],
        body: { length: body.length, sha256: '', inspect: body, truncated: false, incomplete: false },
        startTs: 0,
        endTs: 0,
      },
      response: null,
      interim: [],
    });
    invariant(fuzzDetector.counters.internalErrors === 0, 'no exception inside detection');
  },
};

const CONFIG_FIXTURES = join(__dirname, '../unit/config/fixtures');

/** go-node.yaml text: YAML, schema validation, units, CIDRs, regexes, routes, cross-field checks. */
const config: FuzzTarget = {
  name: 'config',
  about: 'loadConfigText: YAML parsing, schema, sizes/durations, CIDRs, filters, routes',
  maxLength: 8192,
  dictionary: [
    ...PROTOTYPE_NAMES,
    'mode: tcp-capture\n',
    'limits:\n  ',
    'max_flows: ',
    '1GiB',
    '10s',
    '0.0.0.0/0',
    '::/0',
    '~*',
    '- ',
    ': ',
    '\n  ',
    '&a ',
    '*a',
    '!!binary ',
    '[',
    '{',
    '"',
    "'",
  ],
  seeds: () =>
    readdirSync(CONFIG_FIXTURES)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => readFileSync(join(CONFIG_FIXTURES, f))),
  run(data) {
    const result = loadConfigText(data.toString('utf8'), 'fuzz.yaml');
    if ('config' in result)
      invariant(
        result.config.limits.streamBufferBytes <= result.config.limits.totalBufferBytes,
        'validated limits are consistent',
      );
    else invariant(result.errors.length > 0, 'a rejected config says why');
  },
};

/** One TLS 1.3 session of test/gen/tls-records.ts whose keys every run knows (so fuzzing mutates decryptable records too). */
function tlsSeedSession(): { keylog: string; client: Buffer; server: Buffer } {
  const rng = new Rng(3);
  const s = new Tls13Session(rng, 'fuzz.example');
  const x = renderExchange({
    method: 'POST',
    target: '/t?a=1',
    requestBody: 'k=v',
    responseBody: lorem(300),
    responseChunkSize: 100,
  });
  return {
    keylog: s.keylog(),
    client: Buffer.concat([s.clientHello(), s.data('c2s', x.request), s.data('c2s', x.request)]),
    server: Buffer.concat([s.serverHello(rng), s.data('s2c', x.response!), s.data('s2c', x.response!)]),
  };
}
const TLS_SEED = tlsSeedSession();

/** Both directions of a TLS connection (records, hellos, protected data) with gaps, keys known for the seed. */
const tls: FuzzTarget = {
  name: 'tls',
  about: 'TlsConnection: record framing, hellos, key waits, TLS 1.3 decryption into HTTP, gaps, close',
  maxLength: 8192,
  dictionary: [
    ...PROTOTYPE_NAMES,
    '\x16\x03\x01',
    '\x16\x03\x03',
    '\x17\x03\x03',
    '\x14\x03\x03\x00\x01\x01',
    '\x15\x03\x03\x00\x02',
    '\x13\x01',
    '\x00\x2b',
    '\x03\x04',
  ],
  seeds: () => {
    const h = Buffer.alloc(3);
    h.writeUInt16BE(TLS_SEED.client.length, 0);
    h[2] = 63;
    return [Buffer.concat([h, TLS_SEED.client, TLS_SEED.server])];
  },
  run(data) {
    if (data.length < 3) return;
    const cLen = Math.min(data.readUInt16BE(0), data.length - 3);
    const step = 1 + (data[2] & 0x3f) * 16;
    const gapEvery = data[2] >> 6;
    const c = data.subarray(3, 3 + cLen);
    const s = data.subarray(3 + cLen);
    const store = new KeyStore({ maxEntries: 4, ttlSec: 60 });
    store.addText(TLS_SEED.keylog);
    const proto = new TlsProtocol(store, { keyWaitSec: 1, keyWaitBytes: 4096, maxHandshakeBytes: 2048, maxHosts: 4 });
    const http = createHttpStreamHandlerFactory({ transaction: () => {}, error: () => {} }, SMALL_LIMITS, {
      responseTimeoutSec: 5,
    });
    proto.attach(
      (conn) => http(conn),
      () => true,
    );
    const h = proto.create({ ...FUZZ_CONN, server: { ip: '10.0.0.1', port: 443 } });
    const ts = feedInterleaved(h, c, s, step, gapEvery);
    h.onClose('fin', ts);
    proto.expire(ts + 2_000_000);
    proto.endOfInput();
    const t = proto.counters;
    invariant(
      t.decrypted + Object.values(t.undecrypted).reduce((x, y) => x + y, 0) === t.connections,
      'every connection ends in exactly one bucket',
    );
  },
};

/** One HTTP/2 connection's two directions (frames, HPACK, streams), with gaps, split anywhere. */
const http2: FuzzTarget = {
  name: 'http2',
  about: 'Http2Connection: frame reader, HPACK (Huffman, dynamic table), streams, CONTINUATION, padding, gaps, mid-stream resync',
  maxLength: 8192,
  dictionary: [
    'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
    '\x00\x00\x00\x04\x00\x00\x00\x00\x00',
    '\x01\x05\x00\x00\x00\x01',
    '\x00\x01\x00\x00\x00\x01',
    '\x09\x04',
    '\x82\x86\x84',
    '\x3f\xe1\x1f',
    '\x40',
  ],
  seeds: () => {
    const enc = new HpackEncoder();
    const dec = new HpackEncoder();
    const req = Buffer.concat([
      H2.PREFACE,
      H2.settings([[1, 256]]),
      H2.headers(1, enc.encode(H2.request('POST', '/a?x=1', 'h.test', [['content-type', 'application/json']])), H2.F.END_HEADERS),
      H2.data(1, '{"a":1}'),
      H2.headers(3, enc.encode(H2.request('GET', '/b', 'h.test')), H2.F.END_HEADERS | H2.F.END_STREAM),
    ]);
    const res = Buffer.concat([
      H2.settings(),
      H2.headers(1, dec.encode(H2.response(200, [['content-type', 'text/plain']])), H2.F.END_HEADERS),
      H2.data(1, 'ok'),
      H2.frame(
        H2.T.PUSH_PROMISE,
        H2.F.END_HEADERS,
        3,
        Buffer.concat([Buffer.from([0, 0, 0, 2]), dec.encode(H2.request('GET', '/p', 'h.test'))]),
      ),
      H2.headers(3, dec.encode(H2.response(404)), H2.F.END_HEADERS | H2.F.END_STREAM),
      H2.frame(H2.T.RST_STREAM, 0, 2, Buffer.alloc(4)),
    ]);
    const h = Buffer.alloc(3);
    h.writeUInt16BE(req.length, 0);
    h[2] = 9;
    return [Buffer.concat([h, req, res]), Buffer.concat([Buffer.from([h[0], h[1], 0x80 | 5]), req, res])];
  },
  run(data) {
    if (data.length < 3) return;
    const reqLen = Math.min(data.readUInt16BE(0), data.length - 3);
    const step = 1 + (data[2] & 0x1f);
    const gapEvery = (data[2] >> 5) & 3;
    const midstream = (data[2] & 0x80) !== 0;
    const req = data.subarray(3, 3 + reqLen);
    const res = data.subarray(3 + reqLen);
    const txs: HttpTransaction[] = [];
    const proto = new Http2Protocol(
      { transaction: (tx) => void txs.push(tx) },
      {
        maxStreams: SMALL_LIMITS.http2MaxStreams,
        headerTableBytes: SMALL_LIMITS.http2HeaderTableBytes,
        headerBytes: SMALL_LIMITS.headerBytes,
        bodyInspectBytes: SMALL_LIMITS.bodyInspectBytes,
        connectionBodyBytes: SMALL_LIMITS.http2ConnectionBodyBytes,
        digestBodies: true,
        responseTimeoutSec: 5,
        parseResponses: true,
        bodies: KEEP_ALL_BODIES,
      },
    );
    const h = proto.create({ ...FUZZ_CONN, midstream });
    const ts = feedInterleaved(h, req, res, step, gapEvery, (t) => proto.expire(t + 10_000_000));
    h.onClose('fin', ts);
    invariant(proto.open === 0, 'the connection is closed');
    for (const tx of txs) {
      invariant(tx.request.body.inspect.length <= SMALL_LIMITS.bodyInspectBytes, 'request inspect within body_inspect_bytes');
      invariant(
        tx.response === null || tx.response.body.inspect.length <= SMALL_LIMITS.bodyInspectBytes,
        'response inspect within body_inspect_bytes',
      );
      invariant(tx.streamId !== undefined && tx.streamId > 0, 'every transaction has its stream');
    }
  },
};

/** gRPC message framing (all content types, per-message gzip, base64 text) and protobuf without a schema. */
const grpc: FuzzTarget = {
  name: 'grpc',
  about: 'grpcMessages (length prefixes, compression, gRPC-Web text and trailer frames) and decodeProto (nesting, bounds)',
  maxLength: 8192,
  dictionary: [
    '\x00\x00\x00\x00',
    '\x01\x00\x00\x00',
    '\x80\x00\x00\x00',
    '\x0a',
    '\x12',
    '\x08',
    'grpc-status:',
    '\x1f\x8b\x08\x00',
  ],
  seeds: () => {
    const proto = Buffer.from([0x0a, 3, 0x61, 0x62, 0x63, 0x12, 4, 0x0a, 2, 0x68, 0x69, 0x18, 0x96, 0x01]);
    const frame = (flag: number, p: Buffer) => Buffer.concat([Buffer.from([flag]), Buffer.from([0, 0, 0, p.length]), p]);
    const gz = gzipSync(proto);
    return [
      Buffer.concat([Buffer.from([0]), frame(0, proto), frame(0, proto)]),
      Buffer.concat([Buffer.from([1]), frame(1, gz)]),
      Buffer.concat([
        Buffer.from([2]),
        Buffer.from(Buffer.concat([frame(0, proto), frame(0x80, Buffer.from('grpc-status:0\r\n'))]).toString('base64')),
      ]),
    ];
  },
  run(data) {
    if (data.length === 0) return;
    const types: GrpcContentType[] = [
      { wire: 'grpc', codec: 'proto' },
      { wire: 'grpc', codec: 'proto' },
      { wire: 'grpc-web-text', codec: 'proto' },
      { wire: 'grpc-web', codec: 'json' },
    ];
    const type = types[data[0] & 3];
    const limits = { maxMessageBytes: SMALL_LIMITS.decompressBytes, maxMessages: 8 };
    const out = grpcMessages(data.subarray(1), type, (data[0] & 4) !== 0 ? 'gzip' : 'deflate', limits);
    invariant(out.messages.length <= limits.maxMessages, 'messages within maxMessages');
    for (const m of out.messages) {
      invariant(m.length <= limits.maxMessageBytes, 'a message within maxMessageBytes');
      const fields = decodeProto(m, { maxDepth: 6, maxFields: 64 });
      let count = 0;
      const walk = (fs: ProtoField[], depth: number): void => {
        invariant(depth <= 6, 'nesting within maxDepth');
        for (const f of fs) {
          count++;
          if (f.children) walk(f.children, depth + 1);
        }
      };
      if (fields !== null) walk(fields, 1);
      invariant(count <= 64, 'fields within maxFields');
    }
  },
};

/**
 * WebSocket frames both ways (byte 0-1: client bytes; byte 2: piece size, gaps, mid-stream,
 * permessage-deflate with or without context takeover): messages stay within the limits.
 */
const websocket: FuzzTarget = {
  name: 'websocket',
  about:
    'WebSocketConnection: frame reader (lengths, masking, hunting after gaps and joins), fragments, control frames, permessage-deflate contexts, limits',
  maxLength: 8192,
  dictionary: [
    ...PROTOTYPE_NAMES,
    '\x81\x05',
    '\x01\x85',
    '\x80',
    '\xc1',
    '\x88\x02\x03\xe8',
    '\x89\x00',
    '\x7e\x01\x00',
    '\x7f',
    '\x00\x00\xff\xff',
  ],
  seeds: () => {
    const d = new MessageDeflater(true);
    const client = Buffer.concat([
      clientText('{"a":"hello"}', 2),
      fragments(1, d.compress('{"a":"hello hello"}'), 2, CLIENT_MASK, true),
      frame(9, 'p', { mask: CLIENT_MASK }),
      closeFrame(1000, 'bye', CLIENT_MASK),
    ]);
    const server = Buffer.concat([serverText('ok'), frame(2, Buffer.alloc(300, 7)), frame(10, 'p'), closeFrame(1000, '', null)]);
    const h = Buffer.alloc(3);
    h.writeUInt16BE(client.length, 0);
    h[2] = 9;
    return [Buffer.concat([h, client, server]), Buffer.concat([Buffer.from([h[0], h[1], 0x80 | 0x40 | 3]), client, server])];
  },
  run(data) {
    if (data.length < 3) return;
    const clientLen = Math.min(data.readUInt16BE(0), data.length - 3);
    const step = 1 + (data[2] & 0x0f);
    const gapEvery = (data[2] >> 4) & 3;
    const deflate = (data[2] & 0x40) !== 0;
    const midstream = (data[2] & 0x80) !== 0;
    const client = data.subarray(3, 3 + clientLen);
    const server = data.subarray(3 + clientLen);
    const options = {
      messageBytes: SMALL_LIMITS.websocketMessageBytes,
      messagesPerConnection: SMALL_LIMITS.websocketMessagesPerConnection,
      inflateBytes: SMALL_LIMITS.websocketInflateBytes,
      readMessages: { client: true, server: true },
    };
    const counters = createWebSocketCounters();
    let closed = 0;
    const ws = new WebSocketConnection(
      {
        conn: { ...FUZZ_CONN, midstream },
        request: null,
        response: null,
        subprotocol: null,
        extensions: deflate
          ? [(data[2] & 0x20) !== 0 ? 'permessage-deflate; client_no_context_takeover' : 'permessage-deflate']
          : [],
      },
      {
        events: {
          message: (m) => {
            invariant(m.data.length <= Math.max(options.messageBytes, options.inflateBytes), 'a message within its limits');
            invariant(m.index >= 0, 'indexes from 0');
          },
          closed: () => void closed++,
        },
        options,
        counters,
      },
      midstream,
    );
    const ts = feedInterleaved(ws, client, server, step, gapEvery);
    ws.onClose('fin', ts);
    invariant(closed === 1, 'one account per connection');
    invariant(counters.messagesInspected <= options.messagesPerConnection, 'messages analysed within the per-connection limit');
  },
};

const GRAPHQL_FUZZ_SETTINGS: GraphqlSettings = { ...DEFAULT_GRAPHQL_SETTINGS, maxTokens: 2000, maxNesting: 24 };
const graphqlReader = new GraphqlReader(GRAPHQL_FUZZ_SETTINGS);
const graphqlDetector = new AttackDetector({ maxMillisPerRequest: Number.POSITIVE_INFINITY, graphql: GRAPHQL_FUZZ_SETTINGS });

/** GraphQL documents (graphql's parse behind our limits, the readings) and GraphQL requests through detection. */
const graphql: FuzzTarget = {
  name: 'graphql',
  about:
    'GraphqlReader.read (nesting, token and size limits, fragments, measures) and GraphQL requests in each transport through AttackDetector',
  maxLength: 4096,
  dictionary: [
    ...PROTOTYPE_NAMES,
    'query',
    'mutation',
    'subscription',
    'fragment',
    ' on ',
    '...',
    '$v',
    '{',
    '}',
    '(',
    ')',
    '[',
    ']',
    ':',
    '"""',
    '@include(if: $v)',
    '__schema',
    '"query"',
    '"variables"',
  ],
  seeds: () => [
    Buffer.from(
      '\x00{"query":"query Q($id: ID!) { user(id: $id) { ...F } } fragment F on User { name posts(first: 2) { id } }","variables":{"id":"1"}}',
    ),
    Buffer.from('\x01query=%7B%20a(x%3A%20%5B1%2C%202%5D)%20%7B%20b%20%7D%20%7D&variables=%7B%7D'),
    Buffer.from('\x02mutation { createUser(input: {email: "a@b.c", tags: ["x"]}) @include(if: true) { id } }'),
    Buffer.from('\x03query { root { ...F0 } } fragment F0 on T { a: x { ...F1 } b: x { ...F1 } } fragment F1 on T { ...F0 id }'),
  ],
  run(data) {
    if (data.length === 0) return;
    const text = data.subarray(1).toString('utf8');
    const mode = data[0] & 3;
    if (mode === 3) {
      const r = graphqlReader.read(text);
      if (!r.ok) return;
      for (const l of r.document.literals) invariant(l.point[0] === 'graphql', 'literal points start with graphql');
      const nesting = nestingDepth(text);
      invariant(nesting <= GRAPHQL_FUZZ_SETTINGS.maxNesting, 'parsed documents within max_nesting');
      // Fragments expand depth and fields beyond the text's nesting, but never to infinity (cycles count once).
      for (const op of r.document.operations)
        invariant(Number.isFinite(op.depth) && Number.isFinite(op.fieldCount), 'finite measures');
      return;
    }
    const headers: Array<[string, string]> = [['Host', 'fuzz.test']];
    const body = mode === 1 ? Buffer.alloc(0) : data.subarray(1);
    if (mode !== 1) headers.push(['Content-Type', mode === 0 ? 'application/json' : 'application/graphql']);
    graphqlDetector.detect(
      tx({
        method: mode === 1 ? 'GET' : 'POST',
        target: mode === 1 ? `/graphql?${text.replace(/[\s#]/g, '+')}` : '/graphql',
        headers,
        body,
      }),
    );
    invariant(graphqlDetector.counters.internalErrors === 0, 'no exception inside detection');
  },
};

export const TARGETS: FuzzTarget[] = [pcap, decode, stream, http, content, values, config, tls, http2, grpc, graphql, websocket];

export function targetByName(name: string): FuzzTarget | undefined {
  return TARGETS.find((t) => t.name === name);
}
