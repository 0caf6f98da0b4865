import { test } from 'node:test';
import assert from 'node:assert/strict';
import YAML from 'yaml';
import { guidedConfig, parseNumberList, VID_RANGE, VNI_RANGE } from '../../../installer/guided-config';

test('guided configs follow the seed examples for SPAN, VLAN and VXLAN', () => {
  const span = YAML.parse(guidedConfig({ iface: 'eth0', ports: [80, 8080], encapsulation: { kind: 'none' } }));
  assert.deepEqual(span, { version: 4, mode: 'tcp-capture', goreplay: { filter: 'eth0:80,8080' }, log: { level: 'info' } });
  const vlan = YAML.parse(guidedConfig({ iface: 'eth1', ports: [], encapsulation: { kind: 'vlan', vids: [42, 43] } }));
  assert.equal(vlan.goreplay.filter, 'eth1:');
  assert.deepEqual(vlan.goreplay.extra_args, ['-input-raw-vlan', '-input-raw-vlan-vid', '42', '-input-raw-vlan-vid', '43']);
  const vxlan = YAML.parse(guidedConfig({ iface: '', ports: [80], encapsulation: { kind: 'vxlan', port: 4790, vnis: [1, -7] } }));
  assert.equal(vxlan.goreplay.filter, ':80');
  assert.deepEqual(vxlan.goreplay.extra_args, [
    '-input-raw-engine',
    'vxlan',
    '-input-raw-vxlan-port',
    '4790',
    '-input-raw-vxlan-vni',
    '1',
    '-input-raw-vxlan-vni',
    '-7',
  ]);
});

test('number lists: empty means all, each bad item is named', () => {
  assert.deepEqual(parseNumberList('', 1, 65535, 'port'), []);
  assert.deepEqual(parseNumberList(' 80, 443 ,', 1, 65535, 'port'), [80, 443]);
  assert.equal(parseNumberList('80,http', 1, 65535, 'port'), '"http" is not a port (1-65535); separate several with commas');
  assert.match(parseNumberList('4095', ...VID_RANGE, 'VLAN ID') as string, /"4095" is not a VLAN ID \(1-4094\)/);
  assert.deepEqual(parseNumberList('-5,16777215', ...VNI_RANGE, 'VNI'), [-5, 16777215]);
  assert.match(parseNumberList('1.5', 1, 10, 'x') as string, /"1\.5"/);
});

test('tcp-capture-v2 guided configs: interface with ports/VIDs as BPF, tunnels as UDP listeners; each validates', async () => {
  const { loadConfigText } = await import('../../../node/config/load');
  const cases: Array<[Parameters<typeof guidedConfig>[0], Record<string, unknown>]> = [
    [
      { iface: 'eth0', ports: [80, 8080], encapsulation: { kind: 'none' }, mode: 'tcp-capture-v2' },
      { from_interface: { enabled: true, interface: 'eth0', filter: 'port 80 or port 8080' } },
    ],
    [
      { iface: '', ports: [], encapsulation: { kind: 'vlan', vids: [42] }, mode: 'tcp-capture-v2' },
      { from_interface: { enabled: true, interface: 'any', filter: 'vlan 42' } },
    ],
    [
      { iface: 'eth1', ports: [80], encapsulation: { kind: 'vlan', vids: [] }, mode: 'tcp-capture-v2' },
      { from_interface: { enabled: true, interface: 'eth1', filter: '(vlan) and (port 80)' } },
    ],
    [
      { iface: 'eth0', ports: [80], encapsulation: { kind: 'vxlan', port: 4789, vnis: [7] }, mode: 'tcp-capture-v2' },
      { from_vxlan: { enabled: true, listen_addr: ':4789', vni_filter: [7], filter: 'port 80' } },
    ],
    [
      { iface: 'eth0', ports: [], encapsulation: { kind: 'geneve', port: 6081, vnis: [] }, mode: 'tcp-capture-v2' },
      { from_geneve: { enabled: true, listen_addr: ':6081' } },
    ],
  ];
  for (const [answers, tcpStream] of cases) {
    const text = guidedConfig(answers);
    const doc = YAML.parse(text);
    assert.equal(doc.mode, 'tcp-capture-v2');
    assert.deepEqual(doc.tcp_stream, tcpStream);
    const loaded = loadConfigText(text, 'guided.yaml');
    assert.ok('config' in loaded, JSON.stringify(loaded));
  }
});
