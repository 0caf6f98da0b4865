import { test } from 'node:test';
import assert from 'node:assert/strict';
import { invalid, onlyProblem, valid } from './helpers';
import { FLAGS, parseCaptureAddress } from '../../../node/config/capture-plan';

const HEAD = 'version: 4\nmode: tcp-capture\n';

/** A config whose extra_args are `args`, one list item per line (item i is on line 6 + i). */
function withArgs(args: Array<string | number>, filter = "'eth0:80'"): string {
  return `${HEAD}goreplay:\n  filter: ${filter}\n  extra_args:\n${args.map((a) => `    - ${typeof a === 'string' ? JSON.stringify(a) : a}`).join('\n')}\n`;
}

function plan(args: Array<string | number>, filter?: string) {
  return valid(withArgs(args, filter)).config.capture;
}

test('filter forms: iface:port, several ports, all ports, all interfaces, everything', () => {
  assert.deepEqual(parseCaptureAddress('eth0:80', 'libpcap'), { iface: 'eth0', ports: [80] });
  assert.deepEqual(parseCaptureAddress('eth0:80,8080,80', 'libpcap'), { iface: 'eth0', ports: [80, 8080] });
  assert.deepEqual(parseCaptureAddress('eth0:', 'libpcap'), { iface: 'eth0', ports: [] });
  assert.deepEqual(parseCaptureAddress(':80', 'libpcap'), { iface: '', ports: [80] });
  assert.deepEqual(parseCaptureAddress(':', 'af_packet'), { iface: '', ports: [] });
  assert.deepEqual(parseCaptureAddress('/var/tmp/a:b.pcap:8080', 'pcap_file'), { iface: '/var/tmp/a:b.pcap', ports: [8080] });
});

test('bad filters say what is wrong', () => {
  const cases: Array<[string, RegExp]> = [
    ['eth0', /has no ":" between interface and port/],
    ['eth0:http', /port "http" is not an integer/],
    ['eth0:0', /port 0 is out of range 1\.\.65535 \(leave the port empty for every port\)/],
    ['eth0:70000', /out of range/],
    ['eth0@if5:80', /drop the "@\.\.\." part/],
    ['10.0.0.1:80', /is an address; capture is by interface name/],
    ['averyveryverylongname:80', /not a valid interface name/],
    ['<iface>:80', /placeholder/],
  ];
  for (const [text, message] of cases) {
    const r = parseCaptureAddress(text, 'libpcap');
    assert.equal(typeof r, 'string', text);
    assert.match(r as string, message, text);
  }
  assert.match(parseCaptureAddress(':80', 'pcap_file') as string, /needs the capture file/);
  onlyProblem(
    `${HEAD}goreplay:\n  filter: 'eth0:http'\n`,
    4,
    11,
    /^goreplay\.filter: port "http" is not an integer$/,
    /'eth0:' \(all ports\)/,
  );
});

test('-flag value, -flag=value and --flag read the same; YAML numbers are values too', () => {
  const expected = plan(['-input-raw-engine', 'vxlan', '-input-raw-vxlan-port', 4790]);
  assert.equal(expected.engine, 'vxlan');
  assert.equal(expected.vxlanPort, 4790);
  assert.deepEqual(plan(['-input-raw-engine=vxlan', '--input-raw-vxlan-port=4790']), expected);
  assert.deepEqual(plan(['--input-raw-engine', 'vxlan', '-input-raw-vxlan-port', '4790']), expected);
});

test('repeatable flags accumulate; VNIs split into include and exclude; -input-raw adds sources', () => {
  const p = plan([
    '-input-raw-vlan',
    '-input-raw-vlan-vid',
    10,
    '-input-raw-vlan-vid=20',
    '-input-raw-vxlan-vni',
    1,
    '-input-raw-vxlan-vni',
    -7,
    '-input-raw-vxlan-vni=2',
    '-input-raw',
    ':8080',
    '-input-raw',
    'eth1:443,8443',
    '-input-raw-ignore-interface',
    'docker0',
    '-input-raw-ignore-interface',
    'lo',
  ]);
  assert.deepEqual(p.vlanVids, [10, 20]);
  assert.deepEqual(p.vniInclude, [1, 2]);
  assert.deepEqual(p.vniExclude, [7]);
  assert.deepEqual(p.sources, [
    { iface: 'eth0', ports: [80] },
    { iface: '', ports: [8080] },
    { iface: 'eth1', ports: [443, 8443] },
  ]);
  assert.deepEqual(p.ignoreInterfaces, ['docker0', 'lo']);
});

test('every -input-raw* flag of SPEC section 4 maps to a typed plan field', () => {
  assert.deepEqual(Object.keys(FLAGS).sort(), [
    'input-raw',
    'input-raw-allow-incomplete',
    'input-raw-bpf-filter',
    'input-raw-buffer-size',
    'input-raw-engine',
    'input-raw-expire',
    'input-raw-ignore-interface',
    'input-raw-override-snaplen',
    'input-raw-promisc',
    'input-raw-snaplen',
    'input-raw-track-response',
    'input-raw-vlan',
    'input-raw-vlan-vid',
    'input-raw-vxlan-port',
    'input-raw-vxlan-vni',
  ]);
  const p = plan([
    '-input-raw-engine',
    'af_packet',
    '-input-raw-bpf-filter',
    'tcp port 80 and not host 10.0.0.1',
    '-input-raw-snaplen',
    9216,
    '-input-raw-buffer-size',
    '64mb',
    '-input-raw-promisc=false',
    '-input-raw-expire',
    '2m30s',
    '-input-raw-track-response',
    '-input-raw-allow-incomplete',
  ]);
  assert.equal(p.engine, 'af_packet');
  assert.equal(p.bpfOverride, 'tcp port 80 and not host 10.0.0.1');
  assert.equal(p.snaplen, 9216);
  assert.equal(p.bufferSizeBytes, 64 * 2 ** 20);
  assert.equal(p.promisc, false);
  assert.equal(p.expireSec, 150);
  assert.equal(p.allowIncomplete, true);
  assert.equal(plan(['-input-raw-snaplen', 1500, '-input-raw-override-snaplen']).snaplen, 65535);
  for (const engine of ['libpcap', 'raw_socket', 'af_packet', 'vxlan'])
    assert.equal(plan(['-input-raw-engine', engine]).engine, engine);
  assert.equal(plan(['-input-raw-engine', 'pcap_file'], "'/tmp/x.pcap:80'").sources[0].iface, '/tmp/x.pcap');
});

test('booleans take an optional =true/false in every spelling Go accepts', () => {
  for (const t of ['', '=true', '=1', '=t', '=TRUE', '=True'])
    assert.equal(plan([`-input-raw-allow-incomplete${t}`]).allowIncomplete, true, t);
  for (const f of ['=false', '=0', '=f', '=FALSE']) assert.equal(plan([`-input-raw-promisc${f}`]).promisc, false, f);
  onlyProblem(withArgs(['-input-raw-promisc=nope']), 6, 7, /-input-raw-promisc: "nope" is not a boolean/);
  onlyProblem(withArgs(['-input-raw-promisc', 'false']), 7, 7, /"false" is not a flag/, /-input-raw-promisc=false/);
});

test('an unknown flag names the nearest supported flag and lists them all, at its list element', () => {
  const p = onlyProblem(
    withArgs(['-input-raw-vlan', '-input-raw-vlan-vids', 3]),
    7,
    7,
    /^extra_args: unknown flag -input-raw-vlan-vids$/,
    /did you mean "-input-raw-vlan-vid"\? supported flags: -input-raw, -input-raw-engine,.*-input-raw-ignore-interface$/,
  );
  assert.equal(p.path, 'goreplay.extra_args[1]');
  onlyProblem(withArgs(['-output-http', 'http://x']), 6, 7, /unknown flag -output-http/);
});

test('wrong value types point at the value element', () => {
  onlyProblem(
    withArgs(['-input-raw-engine', 'vxlan', '-input-raw-vxlan-port', 'abc']),
    9,
    7,
    /-input-raw-vxlan-port: VXLAN UDP port "abc" is not an integer/,
  );
  onlyProblem(withArgs(['-input-raw-vlan', '-input-raw-vlan-vid', 4095]), 8, 7, /VLAN id 4095 is out of range 1\.\.4094/);
  onlyProblem(withArgs(['-input-raw-vlan-vid=0']), 6, 7, /VLAN id 0 is out of range 1\.\.4094/);
  onlyProblem(withArgs(['-input-raw-vxlan-vni', 16777216]), 7, 7, /VNI 16777216 is out of range/);
  onlyProblem(
    withArgs(['-input-raw-engine', 'pcap']),
    7,
    7,
    /unknown engine "pcap"; did you mean "libpcap"\? engines: libpcap, raw_socket, af_packet, vxlan, pcap_file/,
  );
  onlyProblem(withArgs(['-input-raw-expire', 5]), 7, 7, /"5" is not a positive duration/);
  onlyProblem(withArgs(['-input-raw-buffer-size', 'lots']), 7, 7, /buffer size "lots" is not a positive size/);
  onlyProblem(withArgs(['-input-raw', 'eth0']), 7, 7, /^extra_args: -input-raw: "eth0" has no ":"/);
  onlyProblem(withArgs(['-input-raw-ignore-interface', 'eth 0']), 7, 7, /not a valid interface name/);
});

test('a missing value: an error for single-valued flags, a warning for list flags', () => {
  onlyProblem(
    withArgs(['-input-raw-vxlan-port']),
    6,
    7,
    /-input-raw-vxlan-port has no UDP port after it/,
    /next list item or as -input-raw-vxlan-port=VALUE/,
  );
  onlyProblem(withArgs(['-input-raw-engine', '-input-raw-vlan']), 6, 7, /-input-raw-engine has no engine after it/);
  const { config, warnings } = valid(withArgs(['-input-raw-vxlan-vni', '-input-raw-vlan']));
  assert.equal(config.capture.vlan, true);
  assert.deepEqual(config.capture.vniInclude, []);
  assert.match(warnings[0].message, /-input-raw-vxlan-vni has no VNI after it; it is ignored/);
});

test('a VID without -input-raw-vlan turns VLAN capture on, with a warning', () => {
  const { config, warnings } = valid(withArgs(['-input-raw-vlan-vid', 42]));
  assert.equal(config.capture.vlan, true);
  assert.match(warnings[0].message, /implies -input-raw-vlan/);
});

test('non-flags and stray values are errors naming the element', () => {
  onlyProblem(withArgs(['input-raw-vlan']), 6, 7, /"input-raw-vlan" is not a flag/, /starts with "-"/);
  onlyProblem(withArgs(['---input-raw-vlan']), 6, 7, /"---input-raw-vlan" is not a flag/);
  onlyProblem(withArgs(['-input-raw-vlan', 42]), 7, 7, /"42" is not a flag/);
});

test('pcap_file without a filter is an error; without any filter everything is captured', () => {
  onlyProblem(
    `${HEAD}goreplay:\n  extra_args: [-input-raw-engine, pcap_file]\n`,
    3,
    1,
    /pcap_file engine needs goreplay\.filter: FILE\.pcap:PORT/,
  );
  const { config } = valid(`${HEAD}goreplay:\n  extra_args: ['-input-raw', 'eth0:80']\n`);
  assert.deepEqual(config.capture.sources, [{ iface: 'eth0', ports: [80] }]);
});

test('-input-raw-expire defaults to limits.idle_timeout', () => {
  assert.equal(valid(`${HEAD}limits:\n  idle_timeout: 90s\n`).config.capture.expireSec, 90);
  assert.equal(invalid(withArgs(['-input-raw-vlan-vid', 'x', '-input-raw-vlan-vid', 5000])).length, 2);
});
