/**
 * The seed product page's example configs (fixtures/seed-*.yaml, copied with the indentation the
 * page's rendering lost) and the SPEC's example.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import { fixture, invalid, valid } from './helpers';
import { capturePlan } from '../../support/capture-plan';

const PLACEHOLDER = "<your network interface and port, e.g. 'lo:' or 'enp7s0:'>";

test('seed VLAN example: the placeholder filter is refused at its line, with what to write', () => {
  const [p, ...rest] = invalid(fixture('seed-vlan.yaml'));
  assert.equal(rest.length, 0);
  assert.deepEqual([p.line, p.col, p.path], [4, 11, 'goreplay.filter']);
  assert.match(p.message, /is the example's placeholder: put your interface and port there/);
  assert.match(p.hint, /'eth0:80'/);
});

test("seed VLAN example with the page's own 'lo:' validates: VLAN on, any VID, trailing -input-raw-vlan-vid warned about", () => {
  const { config, warnings } = valid(fixture('seed-vlan.yaml').replace(PLACEHOLDER, "'lo:'"));
  assert.deepEqual(config.capture, capturePlan({ sources: [{ iface: 'lo', ports: [] }], vlan: true }));
  assert.equal(warnings.length, 1);
  assert.deepEqual([warnings[0].line, warnings[0].col], [7, 7]);
  assert.match(warnings[0].message, /-input-raw-vlan-vid has no VLAN id after it; it is ignored/);
});

test('seed VLAN example with its commented VID uncommented filters on VID 42', () => {
  const text = fixture('seed-vlan.yaml').replace(PLACEHOLDER, "'enp7s0:'").replace('# - 42', '- 42');
  const { config, warnings } = valid(text);
  assert.deepEqual(config.capture, capturePlan({ sources: [{ iface: 'enp7s0', ports: [] }], vlan: true, vlanVids: [42] }));
  assert.deepEqual(warnings, []);
});

test('seed VXLAN example validates: vxlan engine, port 4789, every VNI; uncommented: port and VNI 1', () => {
  const base = fixture('seed-vxlan.yaml').replace(PLACEHOLDER, "'enp7s0:'");
  const { config, warnings } = valid(base);
  assert.deepEqual(warnings, []);
  assert.deepEqual(
    config.capture,
    capturePlan({
      engine: 'vxlan',
      sources: [{ iface: 'enp7s0', ports: [] }],
      listeners: [{ encapsulation: 'vxlan', address: null, port: 4789, key: 'goreplay', filter: null }],
    }),
  );
  const uncommented = base
    .replace(/# - (-input-raw-vxlan-port|4789|-input-raw-vxlan-vni|1)$/gm, '- $1')
    .replace('- 4789', '- 4790');
  assert.deepEqual(
    valid(uncommented).config.capture,
    capturePlan({
      engine: 'vxlan',
      sources: [{ iface: 'enp7s0', ports: [] }],
      vxlanPort: 4790,
      vniInclude: [1],
      listeners: [{ encapsulation: 'vxlan', address: null, port: 4790, key: 'goreplay', filter: null }],
    }),
  );
});

test('seed proxy_headers example validates verbatim: two rules, CIDRs parsed, every default applied', () => {
  const { config, warnings } = valid(fixture('seed-proxy-headers.yaml'));
  assert.equal(config.proxyHeaders.length, 2);
  assert.deepEqual(config.proxyHeaders[0].trustedNetworks, ['10.0.0.0/8', '192.168.0.0/16']);
  assert.deepEqual(config.proxyHeaders[0].trustedRanges?.[0], { words: [0, 0, 0xffff, 0x0a000000], prefixLength: 104 });
  assert.deepEqual(config.proxyHeaders[1], {
    trustedNetworks: ['203.0.113.0/24'],
    trustedRanges: [{ words: [0, 0, 0xffff, 0xcb007100], prefixLength: 120 }],
    originalHost: ['X-Real-Host'],
    realIp: ['X-Real-IP'],
  });
  // No goreplay section: everything is captured, and the user is told so.
  assert.deepEqual(config.capture.sources, [{ iface: '', ports: [] }]);
  assert.match(warnings[0].message, /no goreplay\.filter: capturing every interface and every port/);
  assert.deepEqual(
    { ...config, capture: undefined, proxyHeaders: undefined, raw: undefined },
    {
      source: 'go-node.yaml',
      version: 4,
      mode: 'tcp-capture',
      capture: undefined,
      parseResponses: true,
      responseTimeoutSec: 5,
      urlNormalize: true,
      proxyHeaders: undefined,
      limits: {
        maxFlows: 100000,
        streamBufferBytes: 4 * 2 ** 20,
        totalBufferBytes: 256 * 2 ** 20,
        headerBytes: 64 * 2 ** 10,
        bodyInspectBytes: 2 ** 20,
        decompressBytes: 8 * 2 ** 20,
        http2MaxStreams: 1000,
        http2HeaderTableBytes: 64 * 2 ** 10,
        http2ConnectionBodyBytes: 32 * 2 ** 20,
        websocketMessageBytes: 2 ** 20,
        websocketMessagesPerConnection: 10000,
        websocketInflateBytes: 2 ** 20,
        idleTimeoutSec: 300,
        reorderWaitSec: 1,
        ipReassemblyBytes: 8 * 1024 * 1024,
        ipReassemblyTimeoutSec: 30,
        attackMillisPerRequest: 100,
      },
      workers: os.availableParallelism(),
      workerQueueBatches: 128,
      workerWarmupMs: 2000,
      workerNice: 5,
      dropOnOverload: 'connections',
      log: { level: 'info', pretty: false, logFile: null, accessLog: { enabled: false, verbose: false, logFile: null } },
      metrics: { enabled: true, listenAddress: ':9000', namespace: 'wallarm_gonode', perHostStats: false, statusAddress: null },
      healthCheck: { enabled: true, listenAddress: ':8080' },
      inputFilters: { inspect: [], bypass: [] },
      routes: { application: -1, mode: 'monitoring', routes: [] },
      tls: {
        enabled: true,
        keylogFiles: [],
        keylogPollMs: 500,
        keylogListen: null,
        keysMax: 100000,
        keysTtlSec: 3600,
        keyWaitSec: 10,
        keyWaitBytes: 1048576,
        maxHandshakeBytes: 65536,
        maxHosts: 10000,
      },
      raw: undefined,
    },
  );
  assert.deepEqual(config.raw.route_config as object, { wallarm_application: -1, wallarm_mode: 'monitoring' });
});

test('SPEC section 1 example validates: eth0 port 80 over VXLAN 4789, VNI 1', () => {
  const { config, warnings } = valid(fixture('spec-example.yaml'));
  assert.deepEqual(warnings, []);
  assert.deepEqual(
    config.capture,
    capturePlan({
      engine: 'vxlan',
      sources: [{ iface: 'eth0', ports: [80] }],
      vniInclude: [1],
      listeners: [{ encapsulation: 'vxlan', address: null, port: 4789, key: 'goreplay', filter: null }],
    }),
  );
  assert.equal(config.log.level, 'info');
});

test('the seed page as rendered (indentation lost) fails with "belongs under goreplay:" hints', () => {
  const flattened = fixture('seed-vlan.yaml').replace(PLACEHOLDER, "'lo:'").replace(/^ +/gm, '');
  const problems = invalid(flattened);
  assert.deepEqual(problems.map((p) => [p.line, p.path]).slice(1, 3), [
    [4, 'filter'],
    [5, 'extra_args'],
  ]);
  assert.match(problems[1].hint, /"filter" belongs under "goreplay:"/);
});
