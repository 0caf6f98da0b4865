/**
 * What each analysis worker of the live service analyses before it reports ready
 * (node/workers/worker-main.ts warmUp): ordinary web and API traffic of every common kind, so that
 * V8 has compiled and optimised the paths real traffic takes before the first captured frame —
 * HTML pages, JSON reads with a bearer token, JSON and form posts, binary images, a gzip script, on
 * keep-alive connections, plain Ethernet, 802.1Q and QinQ, a few requests carrying classic
 * attacks. The demo capture alone (a handful of exchanges) left the workers compiling for the
 * first second of a mixed stream, when they analysed it two to four times slower and the capture
 * thread shed connections (docs/performance.md "Live capture").
 */
import type { Encapsulation } from './frames';
import { lorem, type HttpExchangeSpec } from './http-exchange';
import { Rng } from './rng';
import { buildScenario, type ConversationPlan, type Scenario } from './scenarios';
import { demoScenario } from './demo';

const CONNECTIONS = 24;
const EXCHANGES_PER_CONNECTION = 4;
/** How much slower than generated the warm-up's mix runs in capture time (~60 ms -> ~6 s). */
const TIME_STRETCH = 100;
/*
 * The attacks, headers and values below marked "paths" are there because without them live traffic
 * took paths the warm-up never had: V8 had optimised the code for what the warm-up showed it and
 * threw it away at the first such value ("insufficient type feedback"), then compiled it again
 * while the traffic waited — an HTML tag's attributes, a shell substitution, a format string, '+'
 * for a space in a query and a form body, a server's version banner, an address as a parameter
 * value, VXLAN-tunnelled frames (docs/performance.md "Compilation, deoptimisation and GC (branch
 * i22-jit)").
 */
const ATTACKS = [
  "1' OR '1'='1' --",
  '<script>alert(document.cookie)</script>',
  '../../../../etc/passwd',
  '; cat /etc/passwd',
  '{{7*7}}',
  // paths: the HTML tokenizer's attributes, the shell's substitutions, printf conversions
  '<img src="x" onerror=\'alert(1)\'>',
  '$(id); echo `whoami`',
  '%n%n%n%n%s%s%s%s',
];
const ENCAPSULATIONS: Array<Encapsulation | undefined> = [
  undefined,
  undefined,
  undefined,
  { kind: 'ethernet', vlan: [{ vid: 100 }] },
  { kind: 'ethernet', vlan: [{ vid: 200, tpid: 0x88a8 }, { vid: 300 }] },
  // paths: a mirror's VXLAN tunnel (the tunnel decoder, connections with a VNI)
  { kind: 'vxlan', vni: 4242 },
];

function exchange(rng: Rng, n: number): HttpExchangeSpec {
  const attack = n % 9 === 4 ? ATTACKS[n % ATTACKS.length] : null;
  const host = `shop${n % 5}.example`;
  const common: Array<[string, string]> = [
    ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36'],
    ['Accept-Language', 'en-US,en;q=0.9'],
    ['Cookie', `session=${(n * 2654435761) >>> 0}; theme=dark`],
  ];
  // paths: '+' for a space (form decoding)
  const q = attack !== null ? encodeURIComponent(attack) : `word${rng.int(1, 50)}+blue`;
  switch (n % 6) {
    case 0:
    case 1:
      return {
        host,
        target: `/catalog/${rng.int(1, 500)}/items?q=${q}&page=${rng.int(1, 20)}`,
        requestHeaders: [...common, ['Accept', 'text/html']],
        // paths: a version banner (the vulnerability checks' response headers)
        responseHeaders: [
          ['Content-Type', 'text/html; charset=utf-8'],
          ['Server', n % 2 === 0 ? 'nginx/1.24.0' : 'Apache/2.4.57 (Debian)'],
        ],
        responseBody: lorem(rng.int(1_000, 30_000), n),
      };
    case 2:
      return {
        host,
        // paths: an address and a time as values (discovery's sensitive kinds)
        target: `/api/v1/users/${rng.int(1, 1e5)}/orders?limit=${rng.int(1, 50)}&filter=${q}&client=10.1.${n % 7}.${(n % 200) + 1}&at=12:${10 + (n % 50)}:00`,
        requestHeaders: [
          ...common,
          ['Accept', 'application/json'],
          ['Authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2ln'],
        ],
        responseHeaders: [
          ['Content-Type', 'application/json'],
          ['X-Powered-By', 'Express'],
        ],
        responseBody: JSON.stringify({
          id: n,
          items: Array.from({ length: rng.int(1, 30) }, (_, i) => ({
            sku: `SKU-${i}`,
            name: `item ${i}`,
            price: rng.int(100, 9999) / 100,
          })),
        }),
      };
    case 3:
      return {
        host,
        method: 'POST',
        target: `/api/v1/cart/${rng.int(1, 1e5)}`,
        requestHeaders: [...common, ['Content-Type', 'application/json']],
        requestBody: JSON.stringify({
          cart: rng.int(1, 1e6),
          comment: attack ?? lorem(rng.int(20, 800), n).toString('latin1'),
          qty: 2,
        }),
        status: 201,
        reason: 'Created',
        responseHeaders: [['Content-Type', 'application/json']],
        responseBody: `{"ok":true,"id":${n}}`,
      };
    case 4:
      return {
        host,
        method: 'POST',
        target: '/login',
        requestHeaders: [...common, ['Content-Type', 'application/x-www-form-urlencoded']],
        requestBody: `username=user${n}&password=${attack !== null ? encodeURIComponent(attack) : 'hunter2'}&remember=1&note=new+user`,
        status: 302,
        reason: 'Found',
        responseHeaders: [
          ['Location', '/home'],
          ['Set-Cookie', `sid=${n}; HttpOnly`],
        ],
      };
    default:
      return n % 12 === 5
        ? {
            host,
            target: `/static/app.${n}.js`,
            requestHeaders: common,
            responseHeaders: [['Content-Type', 'application/javascript']],
            responseBody: lorem(rng.int(5_000, 20_000), n),
            responseGzip: true,
          }
        : {
            host,
            target: `/static/img/${rng.int(1, 3000)}.jpg?v=${q}`,
            requestHeaders: [...common, ['Accept', 'image/avif,image/webp,*/*']],
            responseHeaders: [['Content-Type', 'image/jpeg']],
            responseBody: rng.bytes(rng.int(2_000, 60_000)),
          };
  }
}

/**
 * Initial sequence numbers over the whole 32-bit range, as real stacks pick them, some of them
 * wrapping past 2^32 during the connection. With the generator's small default ISNs (1000, 5000)
 * every sequence number of the warm-up fitted V8's small integers, so the reassembly was compiled
 * for those; the first live segment with a sequence number above 2^30 changed the fields'
 * representation, and the optimised code of the reassembly and what it feeds was thrown away and
 * compiled again in the first seconds of traffic — ~400 optimisations and ~80 deoptimisations
 * after the warm-up, on V8's threads beside the workers (docs/performance.md "Results (branch
 * i22-workers, second session)").
 */
function initialSequenceNumbers(c: number): { clientIsn: number; serverIsn: number } {
  if (c % 6 === 1) return { clientIsn: 2 ** 32 - 3000, serverIsn: 2 ** 32 - 40_000 };
  return { clientIsn: Math.imul(c + 1, 0x9e3779b1) >>> 0, serverIsn: Math.imul(c + 7, 0x85ebca6b) >>> 0 };
}

/** The demo capture's exchanges and CONNECTIONS keep-alive connections of the mix above (~1 MB). */
export function warmupScenario(): Scenario {
  const rng = new Rng(2026);
  const plans: ConversationPlan[] = Array.from({ length: CONNECTIONS }, (_, c) => {
    const encap = ENCAPSULATIONS[c % ENCAPSULATIONS.length];
    return {
      opts: {
        client: `10.77.${c >> 8}.${(c & 255) + 1}`,
        server: `10.78.0.${(c % 4) + 1}`,
        clientPort: 40000 + c,
        serverPort: 80,
        seed: c + 1,
        mss: 1448,
        ...initialSequenceNumbers(c),
        ...(encap ? { encap } : {}),
      },
      exchanges: Array.from({ length: EXCHANGES_PER_CONNECTION }, (_, k) => exchange(rng, c * EXCHANGES_PER_CONNECTION + k)),
    };
  });
  const built = buildScenario('warmup', plans);
  // paths: the mix spread over several seconds of capture time (it takes ~60 ms as generated), so
  // that what runs once per second of traffic (record timestamps' date and time, the sweeps of idle
  // connections) runs during the warm-up too.
  const t0 = built.packets[0].ts;
  const mix = { ...built, packets: built.packets.map((p) => ({ ...p, ts: t0 + (p.ts - t0) * TIME_STRETCH })) };
  // The demo's frames after the mix's, in time order (each round runs on a fresh pipeline).
  const demo = demoScenario().packets;
  const shift = mix.packets[mix.packets.length - 1].ts + 1000 - demo[0].ts;
  return { ...mix, packets: [...mix.packets, ...demo.map((p) => ({ ...p, ts: p.ts + shift }))], expected: [] };
}
