/**
 * The installer's command line end to end (child processes): help and version, every usage error
 * (exit 1, one line, nothing written), and every preflight failure (exit 2, nothing written).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { failFakeCalls, makePayload, runInstaller, tempDir, writeConfig } from './helpers';

const work = tempDir('opts');
const payload = makePayload(path.join(work, 'payload'));
const config = writeConfig(path.join(work, 'go-node.yaml'));
const invalid = path.join(work, 'invalid.yaml');
fs.writeFileSync(invalid, 'version: 4\nINVALID: 1\n');
const base = ['--payload-dir', payload];
const good = ['--batch', '--token', 'T', '--mode=tcp-capture', `--go-node-config=${config}`, '--host', 'us1.api.wallarm.com'];
const labels = { WALLARM_LABELS: 'group=g' };

test('--help and -h list every option, the environment and the US and EU examples', async () => {
  for (const flag of ['--help', '-h']) {
    const r = await runInstaller([flag]);
    assert.equal(r.code, 0);
    for (const opt of [
      '--batch',
      '--token',
      '--mode',
      '--go-node-config',
      '--host',
      '--preserve',
      '--uninstall',
      '--purge',
      '--reinstall',
      '--root',
      '--version',
      '--help',
    ]) {
      assert.ok(r.stdout.includes(opt), `${flag} output lacks ${opt}`);
    }
    for (const env of [
      'WALLARM_LABELS',
      'WALLARM_API_HOST',
      'WALLARM_API_PORT',
      'WALLARM_API_USE_SSL',
      'WALLARM_API_CA_VERIFY',
      'WALLARM_APID_ONLY',
      '/etc/wallarm-override/env.list',
    ]) {
      assert.ok(r.stdout.includes(env), `${flag} output lacks ${env}`);
    }
    assert.match(r.stdout, /--mode=tcp-capture --go-node-config=<PATH_TO_CONFIG> --host us1\.api\.wallarm\.com/);
    assert.match(r.stdout, /--mode=tcp-capture --go-node-config=<PATH_TO_CONFIG> --host api\.wallarm\.com/);
  }
});

test('--version prints the payload version', async () => {
  const r = await runInstaller([...base, '--version']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, 'aio-native installer 1.0.0\n');
});

const usageCases: { name: string; args: string[]; env?: NodeJS.ProcessEnv; error: RegExp }[] = [
  { name: 'unknown option', args: [...base, ...good, '--colour'], error: /unknown option --colour: see --help/ },
  {
    name: 'option without its value',
    args: [...base, '--batch', '--mode', 'tcp-capture', '--token'],
    error: /--token needs a value, e\.g\. --token=VALUE/,
  },
  {
    name: 'value swallowed by the next option',
    args: [...base, '--token', '--batch'],
    error: /--token needs a value before the next option/,
  },
  { name: 'value given to a switch', args: [...base, '--batch=yes'], error: /--batch is a switch and takes no value/ },
  { name: 'positional argument', args: [...base, 'install'], error: /unexpected argument "install"/ },
  { name: 'unknown mode', args: [...base, '--mode=sniff'], error: /--mode "sniff" is not a mode: use --mode=tcp-capture/ },
  {
    name: 'host with a foreign scheme',
    args: [...base, '--host=ftp://api.wallarm.com'],
    error: /only https:\/\/ \(or http:\/\/\) can precede the host/,
  },
  { name: '--purge without --uninstall', args: [...base, '--purge'], error: /--purge only goes with --uninstall/ },
  { name: 'no --payload-dir', args: ['--batch'], error: /--payload-dir is missing: run the installer archive/ },
  { name: 'no terminal and no --batch', args: [...base], error: /no terminal to ask questions on: add --batch/ },
  {
    name: 'batch without --mode',
    args: [...base, '--batch', '--token', 'T'],
    error: /--mode is required with --batch: add --mode=tcp-capture/,
  },
  {
    name: 'batch without --go-node-config',
    args: [...base, '--batch', '--mode=tcp-capture', '--token=T', '--host=api.wallarm.com'],
    error: /--go-node-config is required/,
  },
  {
    name: 'config file missing',
    args: [...base, '--batch', '--mode=tcp-capture', `--go-node-config=${work}/nope.yaml`],
    error: /--go-node-config .*nope\.yaml: no such file/,
  },
  {
    name: 'batch without --token',
    args: [...base, '--batch', '--mode=tcp-capture', `--go-node-config=${config}`, '--host=api.wallarm.com'],
    error: /--token is required to register the node: add --token=<API_TOKEN>/,
  },
  {
    name: 'batch without --host',
    args: [...base, '--batch', '--mode=tcp-capture', `--go-node-config=${config}`, '--token=T'],
    error:
      /--host is required to register the node: add --host us1\.api\.wallarm\.com \(US cloud\) or --host api\.wallarm\.com \(EU cloud\)/,
  },
  {
    name: 'WALLARM_LABELS without group',
    args: [...base, ...good],
    env: { WALLARM_LABELS: 'env=prod' },
    error: /WALLARM_LABELS has no group, which registration requires/,
  },
];

// Value checks of single options are covered in-process by test/unit/installer/options.test.ts.
test('usage errors exit 1 with one line saying what to fix, and write nothing', { concurrency: true }, async (t) => {
  await Promise.all(
    usageCases.map((c) =>
      t.test(c.name, async () => {
        const root = tempDir('usage');
        const r = await runInstaller(['--root', root, ...c.args], { ...labels, ...c.env });
        assert.equal(r.code, 1, r.stderr);
        const lines = r.stderr.trimEnd().split('\n');
        assert.equal(lines.length, 1, r.stderr);
        assert.match(lines[0], /^installer: error: /);
        assert.match(lines[0], c.error);
        assert.deepEqual(fs.readdirSync(root), []);
      }),
    ),
  );
});

test('preflight failures exit 2 before anything is changed', { concurrency: true }, async (t) => {
  const foreign = makePayload(path.join(work, 'payload-foreign'), { arch: hostArchOther() });
  const damaged = path.join(work, 'payload-damaged');
  makePayload(damaged);
  fs.rmSync(path.join(damaged, 'VERSION'));
  const cases: {
    name: string;
    args: string[];
    env?: NodeJS.ProcessEnv;
    setup?: (root: string) => void;
    error: RegExp;
    details?: RegExp;
  }[] = [
    {
      name: 'architecture mismatch',
      args: ['--payload-dir', foreign, ...good],
      error: new RegExp(`built for ${hostArchOther()} but this machine is .*: use aio-native-1\\.0\\.0\\.`),
    },
    { name: 'damaged payload', args: ['--payload-dir', damaged, ...good], error: /has no VERSION file: the archive is damaged/ },
    {
      name: 'no systemd',
      args: [...base, ...good],
      setup: (root) => failFakeCalls(root, ['no-systemd']),
      error: /systemd is not the running init system.*systemd is required/,
    },
    {
      name: 'invalid config',
      args: [
        ...base,
        '--batch',
        '--token',
        'T',
        '--mode=tcp-capture',
        `--go-node-config=${invalid}`,
        '--host',
        'api.wallarm.com',
      ],
      error: /the config .*invalid\.yaml is not valid; fix it and run again/,
      details: /invalid\.yaml:2:1: unknown key "INVALID"/,
    },
    {
      name: 'not enough disk',
      args: [...base, ...good],
      env: { WALLARM_INSTALLER_MIN_FREE_MB: '999999999' },
      error: /not enough free space for \/opt\/wallarm: .* MB free in .*, .* MB needed/,
    },
  ];
  await Promise.all(
    cases.map((c) =>
      t.test(c.name, async () => {
        const root = tempDir('preflight');
        c.setup?.(root);
        const before = fs.readdirSync(root);
        const r = await runInstaller(['--root', root, ...c.args], { ...labels, ...c.env });
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, c.error);
        if (c.details) assert.match(r.stderr, c.details);
        assert.deepEqual(fs.readdirSync(root), before);
      }),
    ),
  );
});

test('without --root the installer requires root', async () => {
  const dir = tempDir('nonroot');
  fs.chmodSync(dir, 0o755);
  const p = makePayload(path.join(dir, 'payload'));
  const r = await runInstaller(['--payload-dir', p, ...good], { ...labels, HOME: dir }, 65534);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /the installer must run as root: run it again with sudo/);
});

function hostArchOther(): string {
  return process.arch === 'arm64' ? 'x86_64' : 'aarch64';
}
