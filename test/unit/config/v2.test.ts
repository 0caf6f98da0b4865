/**
 * tcp-capture-v2 configuration (docs/configuration.md): the upstream's documented form validates,
 * every key lands in the plan, keys of the other mode are errors at their line and column naming
 * their counterpart, and listener filters and ignore_ips act on decoded packets.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigText } from '../../../node/config/load';
import { parseListenerFilter } from '../../../node/config/listener-filter';
import { formatProblem } from '../../../node/config/source';
import { PacketDecoder } from '../../../node/decode/decoder';
import { decoderOptionsFromPlan } from '../../../node/decode/from-plan';
import { LINKTYPE_GENEVE_PAYLOAD, LINKTYPE_VXLAN_PAYLOAD } from '../../../node/capture/linktypes';
import { buildBpfFilter } from '../../../node/capture/bpf';
import {
  ACK,
  ETH_IPV4,
  PROTO_TCP,
  PROTO_TEB,
  ethernetFrame,
  geneveHeader,
  ipPacket,
  parseIp,
  tcpSegment,
  vxlanHeader,
} from '../../../node/sample/frames';

function valid(text: string) {
  const r = loadConfigText(text, 'go-node.yaml');
  assert.ok('config' in r, 'errors' in r ? r.errors.map(formatProblem).join('\n') : '');
  return r;
}

function problems(text: string): string[] {
  const r = loadConfigText(text, 'go-node.yaml');
  assert.ok('errors' in r, 'expected errors');
  return r.errors.map(formatProblem);
}

// The upstream's "Basic settings" example for tcp-capture-v2, as users paste it.
const UPSTREAM_BASIC = `version: 4

mode: tcp-capture-v2

tcp_stream:
  from_interface:
    enabled: true
    # Network interface to capture traffic from
    interface: "enp7s0"
    snap_len: 65535
    promiscuous: true
    filter: "vlan and port 80"

route_config:
  wallarm_application: 10
  routes:
    - route: /example/api/v1
      wallarm_mode: off
    - route: /example/extra_api
      wallarm_application: 2

http_inspector:
  real_ip_header: "X-Real-IP"

log:
  pretty: true
  level: debug
  log_file: stderr
  access_log:
    enabled: true
    verbose: true
    log_file: stderr
`;

test('the upstream basic tcp-capture-v2 example validates: interface, BPF, real_ip_header as a last proxy rule', () => {
  const { config } = valid(UPSTREAM_BASIC);
  assert.equal(config.mode, 'tcp-capture-v2');
  assert.equal(config.capture.engine, 'libpcap');
  assert.deepEqual(config.capture.sources, [{ iface: 'enp7s0', ports: [] }]);
  assert.equal(config.capture.bpfOverride, 'vlan and port 80');
  assert.equal(config.capture.snaplen, 65535);
  assert.deepEqual(config.capture.listeners, []);
  assert.deepEqual(config.proxyHeaders.at(-1), {
    trustedNetworks: null,
    trustedRanges: null,
    originalHost: [],
    realIp: ['X-Real-IP'],
  });
});

const FULL = `version: 4
mode: tcp-capture-v2
tcp_stream:
  from_interface:
    enabled: true
    interface: [eth1, eth2]
  from_vxlan:
    enabled: true
    listen_addr: "10.0.0.5:4790"
    vni_filter: [1, 2]
  from_geneve:
    enabled: true
    listen_addr: ":6081"
    vni_filter: [100]
    inner_vni_filter: [7]
    filter: "tcp port 80 or (src net 10.0.0.0/8 and not dst host 10.0.0.5)"
  ignore_ips:
    subnets: [10.99.0.0/16, "2001:db8:99::/48"]
    match_type: src_and_dst
tcp_reassembler:
  parse_responses: false
  response_timeout: 12s
metrics:
  namespace: mirror
  per_host_stats: true
  legacy_status: "127.0.0.1:10555"
input_filters:
  bypass:
    - ip_addresses: [192.0.2.0/24]
`;

test('every tcp-capture-v2 key lands in the plan and the config', () => {
  const { config } = valid(FULL);
  const plan = config.capture;
  assert.deepEqual(plan.sources, [
    { iface: 'eth1', ports: [] },
    { iface: 'eth2', ports: [] },
  ]);
  assert.deepEqual(
    plan.listeners.map((l) => [l.encapsulation, l.address, l.port, l.filter !== null]),
    [
      ['vxlan', '10.0.0.5', 4790, false],
      ['geneve', null, 6081, true],
    ],
  );
  assert.deepEqual([plan.vniInclude, plan.geneveVniInclude, plan.innerVniInclude], [[1, 2], [100], [7]]);
  assert.deepEqual(plan.ignoreIps?.subnets, ['10.99.0.0/16', '2001:db8:99::/48']);
  assert.equal(plan.ignoreIps?.match, 'src_and_dst');
  assert.equal(config.parseResponses, false);
  assert.equal(config.responseTimeoutSec, 12);
  assert.deepEqual(config.metrics, {
    enabled: true,
    listenAddress: ':9000',
    namespace: 'mirror',
    perHostStats: true,
    statusAddress: '127.0.0.1:10555',
  });
  assert.equal(config.inputFilters.bypass[0].networks?.length, 1);
  // The kernel filter leaves out the VXLAN/GENEVE ports the listeners receive: no tunnel twice.
  const bpf = buildBpfFilter(plan, plan.sources[0]);
  assert.ok(!bpf.includes('udp dst port 4790') && !bpf.includes('udp dst port 6081'), bpf);
  assert.ok(bpf.includes('ip proto 47'), bpf);
});

test('listeners alone: engine "listeners", no interface opened', () => {
  const { config } = valid('mode: tcp-capture-v2\ntcp_stream:\n  from_geneve:\n    enabled: true\n');
  assert.equal(config.capture.engine, 'listeners');
  assert.deepEqual(config.capture.sources, []);
  assert.deepEqual(
    config.capture.listeners.map((l) => l.port),
    [6081],
  );
});

test('keys of the other mode are errors at their position, naming the counterpart', () => {
  assert.deepEqual(
    problems(
      "mode: tcp-capture-v2\ngoreplay:\n  filter: 'eth0:80'\n  response_timeout: 3s\ntcp_stream:\n  from_vxlan: {enabled: true}\n",
    ),
    [
      'go-node.yaml:3:3: goreplay.filter belongs to mode tcp-capture; this file has mode: tcp-capture-v2 (in tcp-capture-v2 use tcp_stream.from_interface.interface (the interface) and tcp_stream.from_interface.filter (the ports, as BPF: "port 80 or port 8080"))',
      'go-node.yaml:4:3: goreplay.response_timeout belongs to mode tcp-capture; this file has mode: tcp-capture-v2 (in tcp-capture-v2 use tcp_reassembler.response_timeout)',
    ],
  );
  assert.deepEqual(
    problems(
      "mode: tcp-capture\ngoreplay:\n  filter: 'eth0:80'\ntcp_stream:\n  from_vxlan: {enabled: true}\nmetrics:\n  legacy_status: ':1'\n",
    ),
    [
      'go-node.yaml:4:1: tcp_stream belongs to mode tcp-capture-v2; this file has mode: tcp-capture (set mode: tcp-capture-v2 and convert the goreplay section (docs/configuration.md maps every key), or remove it)',
      'go-node.yaml:7:3: metrics.legacy_status belongs to mode tcp-capture-v2; this file has mode: tcp-capture (set mode: tcp-capture-v2 and convert the goreplay section (docs/configuration.md maps every key), or remove it)',
    ],
  );
});

test('tcp-capture-v2 mistakes: no source, same port twice, bad listener filter, unknown key', () => {
  assert.deepEqual(problems('mode: tcp-capture-v2\ntcp_stream:\n  from_interface:\n    enabled: false\n'), [
    'go-node.yaml:2:1: tcp_stream: no traffic source is enabled (set enabled: true under from_interface, from_vxlan or from_geneve)',
  ]);
  assert.match(
    problems(
      'mode: tcp-capture-v2\ntcp_stream:\n  from_vxlan: {enabled: true, listen_addr: ":6081"}\n  from_geneve: {enabled: true}\n',
    )[0],
    /from_geneve.listen_addr: port 6081 is also from_vxlan's/,
  );
  assert.deepEqual(problems('mode: tcp-capture-v2\ntcp_stream:\n  from_vxlan:\n    enabled: true\n    filter: "udp port 53"\n'), [
    'go-node.yaml:5:13: tcp_stream.from_vxlan.filter: only TCP is analysed: this primitive never matches at "udp" (word 1) (a listener filter is a BPF-like expression of host, net, port, portrange, vlan, tcp, ip, ip6 with and/or/not (docs/configuration.md))',
  ]);
  assert.match(
    problems('mode: tcp-capture-v2\ntcp_stream:\n  from_vxlan:\n    enabld: true\n')[0],
    /^go-node.yaml:4:5: unknown key "enabld" in tcp_stream.from_vxlan \(did you mean "enabled"\?/,
  );
});

test('listener filter expressions', () => {
  const ok = [
    'port 80',
    'tcp dst port 443',
    'src host 10.0.0.1',
    'src 10.0.0.1',
    'net 10.0.0.0/8 && !port 22',
    'vlan 5 or vlan',
    '(ip6 or ip) and portrange 8000-8100',
    'not (src net 2001:db8::/32)',
  ];
  for (const f of ok) assert.equal(typeof parseListenerFilter(f), 'object', f);
  const bad: Array<[string, RegExp]> = [
    ['port', /expected a port/],
    ['port 70000', /expected a port/],
    ['host 10.0.0.300', /not an IP|bad/i],
    ['port 80 port 81', /unexpected word/],
    ['(port 80', /missing "\)"/],
    ['ether host 1:2:3:4:5:6', /expected host/],
    ['portrange 9-1', /port range/],
  ];
  for (const [f, why] of bad) {
    const r = parseListenerFilter(f);
    assert.equal(typeof r, 'string', f);
    assert.match(r as string, why, f);
  }
});

function innerFrame(src: string, dst: string, dstPort: number): Buffer {
  const s = parseIp(src);
  const d = parseIp(dst);
  return ethernetFrame({
    etherType: ETH_IPV4,
    payload: ipPacket(
      s,
      d,
      PROTO_TCP,
      tcpSegment({ srcPort: 40000, dstPort, seq: 1, ack: 1, flags: ACK, payload: Buffer.from('x') }, s, d),
    ),
  });
}

test('a listener filter and ignore_ips act on the decapsulated packets of their listener', () => {
  const { config } = valid(FULL);
  const d = new PacketDecoder(decoderOptionsFromPlan(config.capture, config.limits));
  const geneve = (f: Buffer) => Buffer.concat([geneveHeader(100, PROTO_TEB), f]);
  const vxlan = (f: Buffer) => Buffer.concat([vxlanHeader(1), f]);
  const run = (linkType: number, b: Buffer) => d.decode(linkType, b, 0, b.length, 1) !== null;
  assert.equal(run(LINKTYPE_GENEVE_PAYLOAD, geneve(innerFrame('192.0.2.1', '192.0.2.2', 80))), true, 'tcp port 80');
  assert.equal(
    run(LINKTYPE_GENEVE_PAYLOAD, geneve(innerFrame('10.1.1.1', '192.0.2.2', 8080))),
    true,
    'src net 10/8, dst not 10.0.0.5',
  );
  assert.equal(
    run(LINKTYPE_GENEVE_PAYLOAD, geneve(innerFrame('10.1.1.1', '10.0.0.5', 8080))),
    false,
    'dst host 10.0.0.5 excluded',
  );
  assert.equal(run(LINKTYPE_GENEVE_PAYLOAD, geneve(innerFrame('192.0.2.1', '192.0.2.2', 8080))), false);
  assert.equal(d.counters.listener_filtered, 2);
  // The GENEVE listener's filter does not apply to the VXLAN listener's packets.
  assert.equal(run(LINKTYPE_VXLAN_PAYLOAD, vxlan(innerFrame('192.0.2.1', '192.0.2.2', 8080))), true);
  // ignore_ips src_and_dst: both addresses in the subnets.
  assert.equal(run(LINKTYPE_VXLAN_PAYLOAD, vxlan(innerFrame('10.99.1.1', '10.99.2.2', 80))), false);
  assert.equal(run(LINKTYPE_VXLAN_PAYLOAD, vxlan(innerFrame('10.99.1.1', '192.0.2.2', 80))), true);
  assert.equal(d.counters.ip_ignored, 1);
});

test('ignore_ips match types', () => {
  const cases: Array<[string, boolean[]]> = [
    ['src', [true, false, true]],
    ['dst', [false, true, true]],
    ['src_or_dst', [true, true, true]],
    ['src_and_dst', [false, false, true]],
  ];
  for (const [match, want] of cases) {
    const { config } = valid(
      `mode: tcp-capture-v2\ntcp_stream:\n  from_vxlan: {enabled: true}\n  ignore_ips:\n    subnets: [10.99.0.0/16]\n    match_type: ${match}\n`,
    );
    const d = new PacketDecoder(decoderOptionsFromPlan(config.capture));
    const got = [
      ['10.99.0.1', '192.0.2.1'],
      ['192.0.2.1', '10.99.0.1'],
      ['10.99.0.1', '10.99.0.2'],
    ].map(([s, t]) => {
      const b = Buffer.concat([vxlanHeader(1), innerFrame(s, t, 80)]);
      return d.decode(LINKTYPE_VXLAN_PAYLOAD, b, 0, b.length, 1) === null;
    });
    assert.deepEqual(got, want, match);
  }
});
