import { test } from 'node:test';
import assert from 'node:assert/strict';
import { envFlag, exportTarget, parseHostArg, resolveApiTarget, TargetError } from '../../../node/cloud/cloud-target';
import { LabelsError, parseLabels } from '../../../node/cloud/labels';

test('--host accepts HOST, HOST:PORT, [IPv6]:PORT, bare IPv6 and a pasted URL', () => {
  assert.deepEqual(parseHostArg('us1.api.wallarm.com'), { host: 'us1.api.wallarm.com', useSsl: undefined });
  assert.deepEqual(parseHostArg('127.0.0.1:8443'), { host: '127.0.0.1', port: 8443, useSsl: undefined });
  assert.deepEqual(parseHostArg('[::1]:8443'), { host: '::1', port: 8443, useSsl: undefined });
  assert.deepEqual(parseHostArg('fd00::5'), { host: 'fd00::5', useSsl: undefined });
  assert.deepEqual(parseHostArg('http://lab:8080/'), { host: 'lab', port: 8080, useSsl: false });
  for (const bad of ['', 'h:0', 'h:70000', 'h:x', ':443', 'a b', 'h/p']) {
    assert.throws(() => parseHostArg(bad), TargetError, bad);
  }
});

test('target resolution: --host over WALLARM_API_HOST, port from --host over WALLARM_API_PORT, defaults by scheme', () => {
  assert.deepEqual(resolveApiTarget('api.wallarm.com', {}), { host: 'api.wallarm.com', port: 443, useSsl: true, caVerify: true });
  assert.deepEqual(
    resolveApiTarget(undefined, { WALLARM_API_HOST: 'lab', WALLARM_API_PORT: '8080', WALLARM_API_USE_SSL: 'false' }),
    { host: 'lab', port: 8080, useSsl: false, caVerify: true },
  );
  assert.deepEqual(
    resolveApiTarget('x:9', { WALLARM_API_HOST: 'lab', WALLARM_API_PORT: '8080', WALLARM_API_CA_VERIFY: 'false' }),
    { host: 'x', port: 9, useSsl: true, caVerify: false },
  );
  assert.equal(resolveApiTarget('x', { WALLARM_API_USE_SSL: 'false' }).port, 80);
  assert.throws(() => resolveApiTarget(undefined, {}), /us1\.api\.wallarm\.com.*api\.wallarm\.com/);
});

test('environment flags: true/false spellings; anything else is an error naming the variable', () => {
  assert.equal(envFlag({ F: 'TRUE' }, 'F', false), true);
  assert.equal(envFlag({ F: '0' }, 'F', true), false);
  assert.equal(envFlag({ F: ' ' }, 'F', true), true);
  assert.throws(() => envFlag({ F: 'maybe' }, 'F', true), /F=maybe is not a boolean/);
});

test('export target: node.yaml settings, each overridable from the environment', () => {
  const yaml = { host: 'api.wallarm.com', port: 443, useSsl: true, caVerify: true };
  assert.deepEqual(exportTarget(yaml, {}), yaml);
  assert.deepEqual(exportTarget(yaml, { WALLARM_API_CA_VERIFY: 'false', WALLARM_API_PORT: '8443' }), {
    ...yaml,
    port: 8443,
    caVerify: false,
  });
  assert.deepEqual(exportTarget(yaml, { WALLARM_API_HOST: 'lab:81', WALLARM_API_USE_SSL: 'false' }), {
    host: 'lab',
    port: 81,
    useSsl: false,
    caVerify: true,
  });
});

test('labels: group=G,k=v with whitespace tolerated; malformed or repeated keys are errors', () => {
  assert.deepEqual(parseLabels(' group=edge , env=prod,,', 'WALLARM_LABELS'), { group: 'edge', env: 'prod' });
  assert.deepEqual(parseLabels('', 'WALLARM_LABELS'), {});
  assert.deepEqual(parseLabels('note=a=b', 'x'), { note: 'a=b' });
  assert.throws(() => parseLabels('group', 'WALLARM_LABELS'), /"group" is not key=value; write e\.g\. WALLARM_LABELS=/);
  assert.throws(() => parseLabels('=x', '--labels'), LabelsError);
  assert.throws(() => parseLabels('a=1,a=2', '--labels'), /given twice/);
});
