import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InstallerError } from '../../../installer/errors';
import { formatLabels, parseHost, parseLabels, parseOptions } from '../../../installer/options';
import { newToken } from '../../../cloud/repository';

const usage = (fn: () => unknown, re: RegExp) =>
  assert.throws(fn, (e: unknown) => e instanceof InstallerError && e.code === 1 && re.test(e.message));

test('both --opt=value and --opt value give the same options', () => {
  const spaced = parseOptions([
    '--batch',
    '--token',
    'T',
    '--mode',
    'tcp-capture',
    '--go-node-config',
    'c.yaml',
    '--host',
    'api.wallarm.com',
    '--preserve',
    'false',
    '--root',
    '/tmp/r',
    '--payload-dir',
    '/p',
  ]);
  const equals = parseOptions([
    '--batch',
    '--token=T',
    '--mode=tcp-capture',
    '--go-node-config=c.yaml',
    '--host=api.wallarm.com',
    '--preserve=false',
    '--root=/tmp/r',
    '--payload-dir=/p',
  ]);
  assert.deepEqual(spaced, equals);
  assert.equal(spaced.token, 'T');
  assert.equal(spaced.preserve, false);
  assert.equal(spaced.root, '/tmp/r');
});

test('defaults: interactive, preserve true, nothing else set', () => {
  const o = parseOptions([]);
  assert.equal(o.batch, false);
  assert.equal(o.preserve, true);
  for (const k of ['token', 'mode', 'goNodeConfig', 'host', 'root', 'payloadDir'] as const) assert.equal(o[k], null);
});

test('-h is --help; a passed-through -- is ignored', () => {
  assert.equal(parseOptions(['-h']).help, true);
  assert.equal(parseOptions(['--payload-dir', '/p', '--', '--batch']).batch, true);
});

test('a value that begins with a dash is a value unless it names one of our options', () => {
  // The console's tokens are base64url: before the fix one in 64 began with `-` and was refused.
  assert.equal(parseOptions(['--batch', '--token', '-Xk9_q', '--mode', 'tcp-capture']).token, '-Xk9_q');
  assert.equal(parseOptions(['--token', '--x7-']).token, '--x7-');
  assert.equal(parseOptions(['--root', '-odd-dir']).root?.endsWith('/-odd-dir'), true);
  usage(() => parseOptions(['--token', '--batch']), /--token needs a value before the next option/);
  usage(() => parseOptions(['--token', '-h']), /--token needs a value before the next option/);
  usage(() => parseOptions(['--token', '--host=x']), /--token needs a value before the next option/);
});

test('bad values name the option and the fix', () => {
  usage(() => parseOptions(['--mode=envoy-external-filter']), /not supported by this node: use --mode=tcp-capture/);
  usage(() => parseOptions(['--preserve=yes']), /must be true or false/);
  usage(() => parseOptions(['--purge']), /only goes with --uninstall/);
  usage(() => parseOptions(['--uninstall', '--host', 'x']), /--host cannot be combined with --uninstall/);
  usage(() => parseOptions(['--token']), /--token needs a value/);
  usage(() => parseOptions(['--nope']), /unknown option --nope/);
  usage(() => parseOptions(['--token=']), /--token is empty: give --token=TOKEN/);
  usage(() => parseOptions(['--token', 'a b']), /--token contains white space/);
  usage(() => parseOptions(['--uninstall', '--reinstall']), /exclude each other/);
  usage(() => parseOptions(['--mode', 'sniff']), /--mode "sniff" is not a mode/);
});

test('hosts: names, ports, IPv6, pasted URLs; the rest is refused', () => {
  for (const ok of [
    'api.wallarm.com',
    'us1.api.wallarm.com:443',
    '127.0.0.1:8443',
    '[::1]:8443',
    '[2001:db8::1]',
    'https://api.wallarm.com/',
    'http://127.0.0.1:80',
  ]) {
    assert.equal(parseHost(ok), ok);
  }
  for (const bad of ['api.wallarm.com:0', 'api.wallarm.com:65536', 'a b', 'ftp://x', '-x.com', 'x:y', '']) {
    assert.throws(() => parseHost(bad), InstallerError, bad);
  }
  assert.equal(parseHost(undefined), null);
});

test('WALLARM_LABELS parses in order and refuses items without a value', () => {
  const l = parseLabels(' group=edge , env=prod,k=a=b');
  assert.deepEqual(
    [...l],
    [
      ['group', 'edge'],
      ['env', 'prod'],
      ['k', 'a=b'],
    ],
  );
  assert.equal(formatLabels(l), 'group=edge,env=prod,k=a=b');
  assert.equal(parseLabels(undefined).size, 0);
  usage(() => parseLabels('group='), /item "group=" is not key=value/);
  usage(() => parseLabels('group=a,,b=c'), /item "" is not key=value/);
});

test('the console never makes a dash-led token (a command line would read it as an option)', () => {
  for (let i = 0; i < 2000; i++) {
    const t = newToken();
    assert.ok(!t.startsWith('-'), t);
    assert.equal(parseOptions(['--token', t]).token, t);
  }
});
