import { test } from 'node:test';
import assert from 'node:assert/strict';
import { invalid, onlyProblem } from './helpers';
import { formatProblem } from '../../../node/config/source';

const HEAD = 'version: 4\nmode: tcp-capture\n';

test('a mistyped key is an error at the key, naming the nearest valid key and listing them', () => {
  const p = onlyProblem(
    `${HEAD}goreplay:\n  filtr: 'eth0:80'\n`,
    4,
    3,
    /^unknown key "filtr" in goreplay$/,
    /did you mean "filter"\? valid keys: filter, extra_args,/,
  );
  assert.equal(p.path, 'goreplay.filtr');
  assert.equal(formatProblem(p).split(' (')[0], 'go-node.yaml:4:3: unknown key "filtr" in goreplay');
});

test('an unknown top-level key lists the sections; a section key at the top level says where it belongs', () => {
  onlyProblem(
    `${HEAD}loggin:\n  level: debug\n`,
    3,
    1,
    /unknown key "loggin" in the top level/,
    /did you mean "log"\?.*goreplay, proxy_headers/,
  );
  onlyProblem(
    `${HEAD}goreplay:\n  filter: 'eth0:'\nextra_args: []\n`,
    5,
    1,
    /unknown key "extra_args"/,
    /belongs under "goreplay:"/,
  );
});

test('wrong types name what was expected and what was found', () => {
  onlyProblem(
    `${HEAD}log:\n  pretty: yes\n`,
    4,
    11,
    /^log\.pretty: expected true or false, got the string "yes"$/,
    /true or false, unquoted/,
  );
  onlyProblem(`${HEAD}limits:\n  max_flows: "many"\n`, 4, 14, /limits\.max_flows: expected an integer, got the string "many"/);
  onlyProblem(`${HEAD}goreplay:\n  extra_args: -input-raw-vlan\n`, 4, 15, /goreplay\.extra_args: expected a list/, /YAML list/);
  onlyProblem(`${HEAD}goreplay: 'eth0:80'\n`, 3, 11, /^goreplay: expected a mapping/);
  onlyProblem(
    `${HEAD}goreplay:\n  extra_args:\n    - -input-raw-vlan-vid: 42\n`,
    5,
    7,
    /goreplay\.extra_args\[0\]: expected a string or a number, got a mapping/,
    /two list items/,
  );
  onlyProblem(`${HEAD}goreplay:\n  filter:\n`, 4, 10, /^goreplay\.filter: expected a string, got an empty value$/);
  onlyProblem(
    `${HEAD}limits:\n  idle_timeout: 300\n`,
    4,
    17,
    /limits\.idle_timeout: expected a string, got number 300/,
    /write "300s"/,
  );
});

test('mode tcp-captur is an unknown mode with a suggestion', () => {
  const p = onlyProblem(
    'version: 4\nmode: tcp-captur\n',
    2,
    7,
    /^unknown mode "tcp-captur"$/,
    /did you mean "tcp-capture"\? modes: tcp-capture/,
  );
  assert.equal(formatProblem(p), 'go-node.yaml:2:7: unknown mode "tcp-captur" (did you mean "tcp-capture"? modes: tcp-capture)');
});

test('upstream-only modes are "not supported by this node" and the hint names the modes that exist', () => {
  for (const mode of ['connector-server', 'envoy-external-filter']) {
    onlyProblem(
      `version: 4\nmode: ${mode}\n`,
      2,
      7,
      new RegExp(`^mode "${mode}" is not supported by this node$`),
      /implements tcp-capture; connector-server and envoy-external-filter are modes of the upstream node/,
    );
  }
});

test('a missing mode and an unknown version are reported', () => {
  onlyProblem('version: 4\n', 1, 1, /missing required key "mode"/, /mode: tcp-capture/);
  onlyProblem('version: 3\nmode: tcp-capture\n', 1, 10, /config version 3 is not supported/, /version: 4/);
  onlyProblem('', 1, 1, /missing required key "mode"/);
});

test('bad CIDRs in trusted_networks, IPv4 and IPv6, each at its list element', () => {
  const text = `${HEAD}proxy_headers:\n  - trusted_networks:\n      - 10.0.0.0/8\n      - 10.0.0.0/33\n      - 2001:db8::/129\n      - 300.1.1.1/8\n      - 2001:db8:::1/64\n      - 10.0.0.0/0x8\n`;
  const problems = invalid(text);
  assert.deepEqual(
    problems.map((p) => [p.line, p.col, p.path]),
    [
      [6, 9, 'proxy_headers[0].trusted_networks[1]'],
      [7, 9, 'proxy_headers[0].trusted_networks[2]'],
      [8, 9, 'proxy_headers[0].trusted_networks[3]'],
      [9, 9, 'proxy_headers[0].trusted_networks[4]'],
      [10, 9, 'proxy_headers[0].trusted_networks[5]'],
    ],
  );
  assert.match(problems[0].message, /bad CIDR "10\.0\.0\.0\/33": prefix length "\/33" must be 0\.\.32 for an IPv4 network/);
  assert.match(problems[1].message, /bad CIDR "2001:db8::\/129": prefix length "\/129" must be 0\.\.128 for an IPv6 network/);
  assert.match(problems[2].message, /"300\.1\.1\.1" is not an IPv4 or IPv6 address/);
  assert.match(problems[3].message, /"2001:db8:::1" is not an IPv4 or IPv6 address/);
  assert.match(problems[0].hint, /10\.0\.0\.0\/8/);
});

test('YAML syntax errors carry line and column', () => {
  onlyProblem(`${HEAD}goreplay:\n  filter: 'eth0:80\n`, 4, 11, /^YAML syntax error: Missing closing 'quote/);
  const dup = onlyProblem(`${HEAD}log:\n  level: info\n  level: debug\n`, 5, 3, /YAML syntax error: Map keys must be unique/);
  assert.match(dup.hint, /each key may appear once/);
  onlyProblem(`${HEAD}log:\n\tlevel: info\n`, 4, 1, /YAML syntax error/, /spaces, not tabs/);
  onlyProblem(
    `${HEAD}goreplay:\n  filter: eth0:80\n extra_args: []\n`,
    5,
    1,
    /YAML syntax error: All mapping items must start at the same column/,
    /indentation/,
  );
});

test('formats: durations, sizes, listen addresses, workers, header names', () => {
  onlyProblem(`${HEAD}goreplay:\n  response_timeout: 5 seconds\n`, 4, 21, /"5 seconds" is not a duration/, /500ms, 5s, 1m/);
  onlyProblem(
    `${HEAD}limits:\n  header_bytes: 64 kilobytes\n`,
    4,
    17,
    /limits\.header_bytes: "64 kilobytes" is not a size/,
    /64KiB/,
  );
  onlyProblem(`${HEAD}limits:\n  stream_buffer_bytes: 0\n`, 4, 24, /out of range: must be >= 1/);
  onlyProblem(`${HEAD}metrics:\n  listen_address: 9000\n`, 4, 19, /expected a string/);
  onlyProblem(`${HEAD}metrics:\n  listen_address: ':99999'\n`, 4, 19, /port 99999 is outside 1\.\.65535/);
  onlyProblem(`${HEAD}http_inspector:\n  workers: many\n`, 4, 12, /"many" is neither a number nor auto/);
  onlyProblem(`${HEAD}http_inspector:\n  workers: 0\n`, 4, 12, /must be >= 1/);
  onlyProblem(`${HEAD}proxy_headers:\n  - real_ip: ['X-Forwarded-For:']\n`, 4, 15, /is not an HTTP header name/);
  onlyProblem(`${HEAD}log:\n  level: verbose\n`, 4, 10, /log\.level: unknown value "verbose"/, /debug, info, warn, error, fatal/);
});

test('stream_buffer_bytes larger than total_buffer_bytes is refused', () => {
  onlyProblem(
    `${HEAD}limits:\n  stream_buffer_bytes: 1GiB\n`,
    4,
    24,
    /stream_buffer_bytes \(1GiB\) exceeds limits\.total_buffer_bytes \(256MiB\)/,
  );
});

test('route_config and input_filters structure is validated', () => {
  onlyProblem(
    `${HEAD}route_config:\n  routes:\n    - host: example.com\n      rout: /api\n`,
    6,
    7,
    /unknown key "rout" in route_config\.routes\[0\]/,
    /did you mean "route"/,
  );
  onlyProblem(`${HEAD}route_config:\n  wallarm_mode: monitor\n`, 4, 17, /unknown value "monitor"/, /did you mean "monitoring"/);
  onlyProblem(`${HEAD}input_filters:\n  bypass:\n    - path: '^/(health'\n`, 5, 13, /bad regular expression/);
  onlyProblem(
    `${HEAD}input_filters:\n  inspect:\n    - {}\n`,
    5,
    7,
    /empty rule matches nothing/,
    /path, url, headers, ip_addresses/,
  );
});

test('every problem is reported in one run, in reading order', () => {
  const problems = invalid(
    'version: 4\nmode: tcp-captur\ngoreplay:\n  filtr: x\n  extra_args: [-input-raw-vlan-vidd]\nlog:\n  level: loud\n',
  );
  assert.deepEqual(
    problems.map((p) => p.line),
    [2, 4, 5, 7],
  );
});
