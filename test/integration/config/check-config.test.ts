import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliArgs } from '../../support/cli';
import { FIXTURES } from '../../unit/config/helpers';

const root = path.resolve(__dirname, '../../..');

function checkConfig(...args: string[]) {
  return spawnSync(process.execPath, cliArgs('check-config', ...args), {
    encoding: 'utf8',
    cwd: root,
  });
}

function tempConfig(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-config-'));
  const file = path.join(dir, 'go-node.yaml');
  fs.writeFileSync(file, text);
  return file;
}

test('a broken config: every problem as FILE:LINE:COL: message (hint), exit 1', () => {
  const file = tempConfig(
    "version: 4\nmode: tcp-captur\ngoreplay:\n  filter: 'lo:80'\n  extra_args: [-input-raw-vlan, -input-raw-vlan-vidd, 3]\nproxy_headers:\n  - trusted_networks: [10.0.0.0/33]\n",
  );
  try {
    const r = checkConfig(file);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trim().split('\n');
    assert.match(
      lines[0],
      new RegExp(`^${file}:2:7: unknown mode "tcp-captur" \\(did you mean "tcp-capture"\\? modes: tcp-capture\\)$`),
    );
    assert.match(
      lines[1],
      new RegExp(`^${file}:5:33: extra_args: unknown flag -input-raw-vlan-vidd \\(did you mean "-input-raw-vlan-vid"\\?`),
    );
    assert.match(
      lines[2],
      new RegExp(`^${file}:7:24: proxy_headers\\[0\\]\\.trusted_networks\\[0\\]: bad CIDR "10\\.0\\.0\\.0/33"`),
    );
    assert.equal(lines[3], `${file}: 3 problems`);
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true });
  }
});

test('a valid config: exit 0 and one line saying what will be captured', () => {
  const r = checkConfig(path.join(FIXTURES, 'spec-example.yaml'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(
    r.stdout,
    /spec-example\.yaml: OK: engine vxlan; interface eth0 port 80; VXLAN UDP port 4789 VNIs 1(; BPF ".*")?\n$/,
  );
  const lo = tempConfig(
    "mode: tcp-capture\ngoreplay:\n  filter: 'lo:80,8080'\n  extra_args: [-input-raw-vlan, -input-raw-vlan-vid, 42]\n",
  );
  try {
    const v = checkConfig(lo);
    assert.equal(v.status, 0, v.stderr);
    assert.match(v.stdout, /OK: engine libpcap; interface lo ports 80,8080; VLAN 802\.1Q\/QinQ VIDs 42/);
  } finally {
    fs.rmSync(path.dirname(lo), { recursive: true });
  }
});

test('--json: problems and warnings as JSON for the installer', () => {
  const r = checkConfig('--json', path.join(FIXTURES, 'seed-vlan.yaml'));
  assert.equal(r.status, 1);
  const out = JSON.parse(r.stdout);
  assert.equal(out.ok, false);
  assert.deepEqual(
    out.errors.map((e: { line: number; col: number; path: string }) => [e.line, e.col, e.path]),
    [[4, 11, 'goreplay.filter']],
  );
  assert.equal(out.warnings[0].path, 'goreplay.extra_args[1]');
  const missing = checkConfig('/nonexistent/go-node.yaml');
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /^\/nonexistent\/go-node\.yaml:1:1: cannot read the config: no such file/);
  assert.equal(checkConfig().status, 2);
});
