/**
 * Interactive mode through a real pseudo-terminal: the installer runs in a tmux session, the test
 * types into it (send-keys) and reads the screen (capture-pane), as a user would.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CLI, makePayload, payloadCalls, tempDir, writeConfig } from './helpers';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
/**
 * Guided configs keep the default health address (:8080); in a network namespace of its own the
 * installer's readiness probe cannot meet whatever else listens there on this host.
 */
const isolate = process.getuid?.() === 0 && spawnSync('unshare', ['-n', 'true']).status === 0 ? 'unshare -n ' : '';

class Terminal {
  private static n = 0;
  readonly name = `aio-installer-test-${process.pid}-${Terminal.n++}`;

  constructor(args: string[], env: Record<string, string>) {
    const envArgs = Object.entries({ WALLARM_INSTALLER_READY_TIMEOUT: '2', ...env }).map(([k, v]) => `${k}=${shq(v)}`);
    const cmd = `${isolate}env ${envArgs.join(' ')} ${[process.execPath, ...CLI, 'installer', ...args].map(shq).join(' ')}; echo "EXIT=$?"; sleep 600`;
    execFileSync('tmux', ['new-session', '-d', '-s', this.name, '-x', '200', '-y', '80', cmd]);
  }

  screen(): string {
    return execFileSync('tmux', ['capture-pane', '-p', '-J', '-S', '-', '-t', this.name], { encoding: 'utf8' });
  }

  async waitFor(re: RegExp, timeoutMs = 20_000): Promise<string> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const s = this.screen();
      if (re.test(s)) return s;
      if (Date.now() > until) throw new Error(`timed out waiting for ${re} on the screen:\n${s}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Keys by tmux name (Enter, Down, ...). */
  keys(...keys: string[]): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, ...keys]);
  }

  type(text: string): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, '-l', text]);
  }

  /** Waits for the question, then answers it with text (if any) and Enter. */
  async answer(question: RegExp, text = '', ...keysBefore: string[]): Promise<void> {
    await this.waitFor(new RegExp(`\\? ${question.source}`));
    if (keysBefore.length > 0) this.keys(...keysBefore);
    if (text !== '') this.type(text);
    await new Promise((r) => setTimeout(r, 150));
    this.keys('Enter');
    await this.waitFor(new RegExp(`✔ ${question.source}`));
  }

  close(): void {
    spawnSync('tmux', ['kill-session', '-t', this.name]);
  }
}

function shq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

test(
  'interactive install: mode, EU cloud, hidden token, group, guided VXLAN config, summary, confirm',
  { skip: !hasTmux && 'tmux is not installed' },
  async () => {
    const work = tempDir('tty');
    const payload = makePayload(path.join(work, 'payload'));
    const root = path.join(work, 'root');
    const term = new Terminal(['--payload-dir', payload, '--root', root], {});
    try {
      await term.answer(/Node mode/);
      await term.answer(/Wallarm cloud/, '', 'Down');
      await term.answer(/API token/, 'tty-secret-token');
      await term.answer(/Node group/, 'grp');
      await term.answer(/Node config/);
      await term.answer(/Interface that receives the mirrored traffic/);
      await term.answer(/TCP port\(s\)/, '80,8080');
      await term.answer(/Encapsulation/, '', 'Down', 'Down');
      await term.answer(/VXLAN UDP port/);
      await term.answer(/VNIs/, '7');
      const summary = await term.waitFor(/Install with these settings\?/);
      assert.match(summary, /registration +host api\.wallarm\.com, labels group=grp, token \*{8}/);
      assert.match(summary, /config +guided config -> \/opt\/wallarm\/etc\/wallarm\/go-node\.yaml/);
      assert.match(summary, /-input-raw-engine/);
      assert.ok(!fs.existsSync(path.join(root, 'opt')), 'changed something before the confirmation');
      term.keys('Enter');
      const end = await term.waitFor(/EXIT=\d+/);
      assert.match(end, /EXIT=0/);
      assert.ok(!end.includes('tty-secret-token'), 'the token was shown on the terminal');
      const installed = fs.readFileSync(path.join(root, 'opt/wallarm/etc/wallarm/go-node.yaml'), 'utf8');
      assert.match(installed, /filter: .*:80,8080/);
      assert.match(installed, /- vxlan\n\s+- -input-raw-vxlan-port\n\s+- "4789"\n\s+- -input-raw-vxlan-vni\n\s+- "7"/);
      const calls = payloadCalls(payload);
      assert.ok(
        calls.some((l) => /^argv: register .*--host api\.wallarm\.com --labels group=grp --mode tcp-capture$/.test(l)),
        calls.join('\n'),
      );
      assert.ok(calls.includes('env-token: tty-secret-token'));
    } finally {
      term.close();
    }
  },
);

test(
  'interactive: a custom host, an invalid config file asked again, and declining changes nothing',
  { skip: !hasTmux && 'tmux is not installed' },
  async () => {
    const work = tempDir('tty2');
    const payload = makePayload(path.join(work, 'payload'));
    const root = path.join(work, 'root');
    const bad = path.join(work, 'bad.yaml');
    fs.writeFileSync(bad, 'version: 4\nINVALID: true\n');
    const good = writeConfig(path.join(work, 'good.yaml'));
    const term = new Terminal(['--payload-dir', payload, '--root', root, '--mode=tcp-capture'], { WALLARM_LABELS: 'group=g2' });
    try {
      await term.answer(/Wallarm cloud/, '', 'Down', 'Down');
      await term.answer(/API host/, 'cloud.example.net:8443');
      await term.answer(/API token/, 'tok');
      await term.answer(/Node config/, '', 'Down');
      await term.answer(/Path of the config file/, bad);
      const screen = await term.waitFor(/bad\.yaml:2:1: unknown key "INVALID"[\s\S]*\? Node config/);
      assert.match(screen, /The config has problems/);
      await term.answer(/Node config/, '', 'Down');
      await term.answer(/Path of the config file/, good);
      await term.waitFor(/Install with these settings\?/);
      term.type('n');
      term.keys('Enter');
      const end = await term.waitFor(/EXIT=\d+/);
      assert.match(end, /installer: error: cancelled; nothing was changed/);
      assert.match(end, /EXIT=1/);
      assert.ok(!fs.existsSync(root) || fs.readdirSync(root).length === 0);
      assert.ok(!payloadCalls(payload).some((l) => l.startsWith('argv: register')), 'registered before the confirmation');
    } finally {
      term.close();
    }
  },
);

/** A first install in batch mode (tcp-capture, a token, `config`), before an interactive upgrade or uninstall. */
function batchInstall(payload: string, root: string, config: string): void {
  const r = spawnSync(
    process.execPath,
    [
      ...CLI,
      'installer',
      '--payload-dir',
      payload,
      '--root',
      root,
      '--batch',
      '--mode=tcp-capture',
      '--token=t',
      `--go-node-config=${config}`,
      '--host=api.wallarm.com',
    ],
    {
      env: { ...process.env, WALLARM_LABELS: 'group=g', WALLARM_INSTALLER_READY_TIMEOUT: '2' },
      encoding: 'utf8',
    },
  );
  assert.equal(r.status, 0, r.stderr);
}

test(
  'interactive upgrade asks no token and keeps the installed config by default',
  { skip: !hasTmux && 'tmux is not installed' },
  async () => {
    const work = tempDir('tty3');
    const root = path.join(work, 'root');
    const v1 = makePayload(path.join(work, 'v1'));
    const config = writeConfig(path.join(work, 'c.yaml'));
    batchInstall(v1, root, config);
    const v2 = makePayload(path.join(work, 'v2'), { version: '2.0.0' });
    const term = new Terminal(['--payload-dir', v2, '--root', root], {});
    try {
      await term.answer(/Node mode/);
      await term.answer(/Keep the installed config/);
      const summary = await term.waitFor(/Install with these settings\?/);
      assert.doesNotMatch(summary, /API token/);
      assert.match(summary, /registration +reuse the existing credentials/);
      term.keys('Enter');
      const end = await term.waitFor(/EXIT=\d+/);
      assert.match(end, /Upgrading 1\.0\.0 -> 2\.0\.0/);
      assert.match(end, /EXIT=0/);
      assert.equal(fs.readFileSync(path.join(root, 'opt/wallarm/VERSION'), 'utf8'), '2.0.0\n');
    } finally {
      term.close();
    }
  },
);

test(
  'interactive uninstall asks first; Ctrl-C at a question cancels without changes',
  { skip: !hasTmux && 'tmux is not installed' },
  async () => {
    const work = tempDir('tty4');
    const root = path.join(work, 'root');
    const payload = makePayload(path.join(work, 'p'));
    const config = writeConfig(path.join(work, 'c.yaml'));
    batchInstall(payload, root, config);

    const cancelled = new Terminal(['--payload-dir', payload, '--root', root, '--preserve=false'], {});
    try {
      await cancelled.waitFor(/\? Node mode/);
      cancelled.keys('C-c');
      const end = await cancelled.waitFor(/EXIT=\d+/);
      assert.match(end, /cancelled; nothing was changed/);
      assert.match(end, /EXIT=1/);
    } finally {
      cancelled.close();
    }

    const term = new Terminal(['--payload-dir', payload, '--root', root, '--uninstall'], {});
    try {
      await term.waitFor(/\? Remove the service and binaries \(config, credentials and logs are kept\)\?/);
      assert.ok(fs.existsSync(path.join(root, 'opt/wallarm/usr/bin/native-node')));
      term.type('y');
      term.keys('Enter');
      const end = await term.waitFor(/EXIT=\d+/);
      assert.match(end, /EXIT=0/);
      assert.ok(!fs.existsSync(path.join(root, 'opt/wallarm/usr')));
      assert.ok(fs.existsSync(path.join(root, 'opt/wallarm/etc/wallarm/node.yaml')));
    } finally {
      term.close();
    }
  },
);
