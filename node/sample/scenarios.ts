/**
 * Captures with known answers: every scenario of SPEC section 7, each as packets plus the
 * transactions a correct node must report (exactly once each).
 */
import { TcpConversation, interleave, type ConversationOptions, type GenPacket } from './conversation';
import { lorem, renderExchange, type ExpectedTransaction, type HttpExchangeSpec } from './http-exchange';

export interface ExpectedFlowTransaction extends ExpectedTransaction {
  /** Client endpoint as records print it: ip:port or [ipv6]:port. */
  src: string;
}

export interface Scenario {
  name: string;
  packets: GenPacket[];
  /** go-node.yaml to replay with; undefined = the built-in defaults. */
  config?: string;
  expected: ExpectedFlowTransaction[];
}

export interface ConversationPlan {
  opts: ConversationOptions;
  exchanges: HttpExchangeSpec[];
  /** Send every request before the first response (HTTP pipelining). */
  pipelined?: boolean;
  /** Impairments applied to the segment list before rendering. */
  impair?: (c: TcpConversation) => void;
  close?: 'fin' | 'rst' | 'none';
  /** The node is not expected to report this conversation (filtered out by config). */
  filtered?: boolean;
  /** A one-way mirror: only client-to-server segments are captured; requests are reported without responses. */
  oneWay?: boolean;
}

function endpoint(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

export function renderConversation(plan: ConversationPlan): { packets: GenPacket[]; expected: ExpectedFlowTransaction[] } {
  const c = new TcpConversation(plan.opts);
  const rendered = plan.exchanges.map(renderExchange);
  if (plan.pipelined) {
    for (const r of rendered) c.send('c2s', r.request);
    for (const r of rendered) if (r.response) c.send('s2c', r.response);
  } else {
    for (const r of rendered) {
      c.send('c2s', r.request);
      if (r.response) c.send('s2c', r.response);
    }
  }
  if ((plan.close ?? 'fin') !== 'none') c.close(plan.close === 'rst' ? 'rst' : 'fin');
  plan.impair?.(c);
  if (plan.oneWay) {
    const c2s = c.segments.filter((x) => x.dir === 'c2s');
    c.segments.splice(0, c.segments.length, ...c2s);
  }
  const src = endpoint(plan.opts.client, c.clientPort);
  const expect = (e: ExpectedTransaction): ExpectedFlowTransaction =>
    plan.oneWay ? { ...e, src, status: null, responseSha256: null, responseLength: null } : { ...e, src };
  return {
    packets: c.packets(),
    expected: plan.filtered ? [] : rendered.map((r) => expect(r.expected)),
  };
}

export function buildScenario(name: string, plans: ConversationPlan[], config?: string, seed = 7): Scenario {
  const parts = plans.map(renderConversation);
  return {
    name,
    packets:
      parts.length === 1
        ? parts[0].packets
        : interleave(
            parts.map((p) => p.packets),
            seed,
          ),
    config,
    expected: parts.flatMap((p) => p.expected),
  };
}

/** A small keep-alive API conversation: GET, POST with a JSON body, a page, a 404. */
export function apiExchanges(n = 1): HttpExchangeSpec[] {
  return [
    {
      method: 'GET',
      target: `/api/users/${100 + n}?fields=name,email`,
      responseBody: JSON.stringify({ id: 100 + n, name: `user${n}` }),
      responseHeaders: [['X-Request', String(n)]],
    },
    {
      method: 'POST',
      target: '/api/orders',
      requestHeaders: [['Content-Type', 'application/json']],
      requestBody: JSON.stringify({ item: n, qty: 2, note: 'deliver after 6pm' }),
      status: 201,
      reason: 'Created',
      responseBody: `{"order":${n}}`,
    },
    { method: 'GET', target: `/index.html?page=${n}`, responseBody: lorem(3000 + n * 17, n) },
    { method: 'GET', target: '/missing', status: 404, reason: 'Not Found', responseBody: 'not found' },
  ];
}

const C = '10.10.0.1';
const S = '10.10.0.2';

/** Every scenario of SPEC section 7. */
export function allScenarios(): Scenario[] {
  const base = (port: number, extra: Partial<ConversationOptions> = {}): ConversationOptions => ({
    client: C,
    server: S,
    clientPort: port,
    serverPort: 80,
    seed: port,
    ...extra,
  });
  return [
    buildScenario('plain', [
      { opts: base(40001), exchanges: apiExchanges(1) },
      { opts: base(40002), exchanges: apiExchanges(2) },
    ]),
    buildScenario(
      'vlan',
      [
        { opts: base(40011, { encap: { kind: 'ethernet', vlan: [{ vid: 100 }] } }), exchanges: apiExchanges(3) },
        { opts: base(40012, { encap: { kind: 'ethernet', vlan: [{ vid: 200 }] } }), exchanges: apiExchanges(4), filtered: true },
      ],
      yaml("['-input-raw-vlan', '-input-raw-vlan-vid', '100']"),
    ),
    buildScenario('qinq', [
      {
        opts: base(40021, { encap: { kind: 'ethernet', vlan: [{ vid: 300, tpid: 0x88a8 }, { vid: 100 }] } }),
        exchanges: apiExchanges(5),
      },
    ]),
    buildScenario('vxlan-4789', [{ opts: base(40031, { encap: { kind: 'vxlan', vni: 1 } }), exchanges: apiExchanges(6) }]),
    buildScenario(
      'vxlan-custom-port',
      [{ opts: base(40041, { encap: { kind: 'vxlan', vni: 7, port: 8472 } }), exchanges: apiExchanges(7) }],
      yaml("['-input-raw-engine', 'vxlan', '-input-raw-vxlan-port', '8472']"),
    ),
    buildScenario(
      'vxlan-vni-filter',
      [
        { opts: base(40051, { encap: { kind: 'vxlan', vni: 1 } }), exchanges: apiExchanges(8) },
        { opts: base(40052, { encap: { kind: 'vxlan', vni: 2 } }), exchanges: apiExchanges(9), filtered: true },
      ],
      yaml("['-input-raw-engine', 'vxlan', '-input-raw-vxlan-vni', '1']"),
    ),
    ...tunnelScenarios(base),
    buildScenario('sll', [{ opts: base(40061, { encap: { kind: 'sll' } }), exchanges: apiExchanges(10) }]),
    buildScenario('sll2', [{ opts: base(40062, { encap: { kind: 'sll2' } }), exchanges: apiExchanges(11) }]),
    buildScenario('ipv6', [
      {
        opts: { client: '2001:db8::1', server: '2001:db8::2', clientPort: 40071, serverPort: 80, seed: 71 },
        exchanges: apiExchanges(12),
      },
    ]),
    buildScenario('out-of-order', [
      { opts: base(40081, { mss: 500 }), exchanges: apiExchanges(13), impair: (c) => c.reorder(5) },
    ]),
    buildScenario('retransmitted', [
      { opts: base(40091, { mss: 700 }), exchanges: apiExchanges(14), impair: (c) => c.retransmit(0.4) },
    ]),
    buildScenario('overlapping', [
      {
        opts: base(40101, { mss: 400 }),
        exchanges: apiExchanges(15),
        impair: (c) => {
          c.overlap(3, 'c2s');
          c.overlap(3, 's2c');
        },
      },
    ]),
    buildScenario('seq-wrap', [
      { opts: base(40111, { clientIsn: 0xffffff00, serverIsn: 0xfffff000, mss: 600 }), exchanges: apiExchanges(16) },
    ]),
    buildScenario('pipelined', [{ opts: base(40121), exchanges: apiExchanges(17), pipelined: true }]),
    buildScenario('chunked', [
      {
        opts: base(40131, { mss: 900 }),
        exchanges: [
          {
            method: 'POST',
            target: '/upload',
            requestBody: lorem(20000, 3),
            requestChunkSize: 4096,
            responseBody: lorem(50000, 4),
            responseChunkSize: 8000,
          },
          { method: 'GET', target: '/after-chunked', responseBody: 'ok' },
        ],
      },
    ]),
    buildScenario('gzip', [
      {
        opts: base(40141),
        exchanges: [
          {
            method: 'GET',
            target: '/big.html',
            requestHeaders: [['Accept-Encoding', 'gzip']],
            responseBody: lorem(200000, 5),
            responseGzip: true,
          },
          {
            method: 'GET',
            target: '/big-chunked.html',
            responseBody: lorem(100000, 6),
            responseGzip: true,
            responseChunkSize: 16384,
          },
        ],
      },
    ]),
    buildScenario('mid-stream', [{ opts: base(40151, { handshake: false }), exchanges: apiExchanges(18) }]),
    buildScenario('no-body-responses', [
      {
        opts: base(40161),
        exchanges: [
          { method: 'HEAD', target: '/head', responseBody: 'ignored' },
          { method: 'DELETE', target: '/api/items/5', status: 204, reason: 'No Content' },
          { method: 'GET', target: '/cached', requestHeaders: [['If-None-Match', '"abc"']], status: 304, reason: 'Not Modified' },
          { method: 'GET', target: '/after', responseBody: 'after' },
        ],
      },
    ]),
  ];
}

/**
 * One scenario per tunnel and stacking the node decodes (docs/capture.md): GENEVE, VXLAN in GENEVE,
 * GRE, ERSPAN I/II/III, over IPv4 and IPv6, under VLAN/QinQ, and 9000-byte mirrors whose outer IP
 * is fragmented for a 1500-byte path.
 */
function tunnelScenarios(base: (port: number, extra?: Partial<ConversationOptions>) => ConversationOptions): Scenario[] {
  const qinq = [{ vid: 300, tpid: 0x88a8 }, { vid: 30 }];
  const v6 = { outerSrc: '2001:db8:ffff::1', outerDst: '2001:db8:ffff::2' };
  const jumbo: HttpExchangeSpec[] = [
    {
      method: 'POST',
      target: '/upload/jumbo',
      requestHeaders: [['Content-Type', 'text/plain']],
      requestBody: lorem(30000, 21),
      responseBody: lorem(40000, 22),
    },
    { method: 'GET', target: '/after-jumbo', responseBody: 'ok' },
  ];
  return [
    buildScenario('geneve', [
      { opts: base(40201, { encap: { kind: 'geneve', vni: 11, optionBytes: 16 } }), exchanges: apiExchanges(30) },
    ]),
    buildScenario('geneve-ip-payload-ipv6-outer', [
      { opts: base(40202, { encap: { kind: 'geneve', vni: 12, payload: 'ip', ...v6 } }), exchanges: apiExchanges(31) },
    ]),
    buildScenario('geneve-vxlan-gwlb', [
      {
        opts: base(40203, { encap: { kind: 'geneve-vxlan', vni: 13, innerVni: 14, optionBytes: 24 } }),
        exchanges: apiExchanges(32),
      },
    ]),
    buildScenario('gre-teb-key-seq', [
      { opts: base(40211, { encap: { kind: 'gre', key: 5, sequence: 1, checksum: true } }), exchanges: apiExchanges(33) },
    ]),
    buildScenario('gre-ip-ipv6-outer', [
      { opts: base(40212, { encap: { kind: 'gre', payload: 'ip', ...v6 } }), exchanges: apiExchanges(34) },
    ]),
    buildScenario('erspan-1', [{ opts: base(40221, { encap: { kind: 'erspan', type: 1 } }), exchanges: apiExchanges(35) }]),
    buildScenario('erspan-2-qinq', [
      {
        opts: base(40222, { encap: { kind: 'erspan', type: 2, outerVlan: qinq, innerVlan: [{ vid: 40 }] } }),
        exchanges: apiExchanges(36),
      },
    ]),
    buildScenario('erspan-3-platform-ipv6', [
      {
        opts: {
          client: '2001:db8::1',
          server: '2001:db8::2',
          clientPort: 40223,
          serverPort: 80,
          seed: 223,
          encap: { kind: 'erspan', type: 3, platform: true, ...v6 },
        },
        exchanges: apiExchanges(37),
      },
    ]),
    buildScenario('geneve-vlan-stack', [
      {
        opts: base(40231, { encap: { kind: 'geneve', vni: 15, outerVlan: qinq, innerVlan: [{ vid: 41 }, { vid: 42 }] } }),
        exchanges: apiExchanges(38),
      },
    ]),
    buildScenario('jumbo-vxlan-fragmented', [
      { opts: base(40241, { mss: 8960, encap: { kind: 'vxlan', vni: 16, outerMtu: 1500 } }), exchanges: jumbo },
    ]),
    buildScenario('jumbo-geneve-ipv6-fragmented', [
      { opts: base(40242, { mss: 8960, encap: { kind: 'geneve', vni: 17, outerMtu: 1500, ...v6 } }), exchanges: jumbo },
    ]),
    buildScenario('one-way', [
      { opts: base(40251), exchanges: apiExchanges(39), oneWay: true },
      { opts: base(40252, { handshake: false }), exchanges: apiExchanges(40), oneWay: true },
      { opts: base(40253, { encap: { kind: 'geneve', vni: 18 } }), exchanges: apiExchanges(41), oneWay: true, pipelined: true },
    ]),
    buildScenario('jumbo-erspan-fragmented', [
      {
        opts: base(40243, { mss: 8960, encap: { kind: 'erspan', type: 3, outerMtu: 1500, outerVlan: [{ vid: 9 }] } }),
        exchanges: jumbo,
      },
    ]),
  ];
}

/** Everything above interleaved in one capture, with a filter-free config. */
export function mixScenario(): Scenario {
  const parts = allScenarios().filter((s) => s.config === undefined);
  return {
    name: 'mix',
    packets: interleave(
      parts.map((s) => s.packets),
      11,
    ),
    expected: parts.flatMap((s) => s.expected),
  };
}

function yaml(extraArgs: string): string {
  return `version: 4\nmode: tcp-capture\ngoreplay:\n  filter: ':80'\n  extra_args: ${extraArgs}\n`;
}
