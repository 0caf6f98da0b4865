import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NodeYamlError, readNodeYaml, writeNodeYaml } from '../../../node/cloud/node-yaml';

const creds = { uuid: 'u-1', secret: 's-2', host: 'api.wallarm.com', port: 443, useSsl: true, caVerify: false };

test('node.yaml round-trips under api:, mode 0600 whatever the umask, no temp file left', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodeyaml-'));
  const file = path.join(dir, 'etc/wallarm/node.yaml');
  const old = process.umask(0);
  try {
    writeNodeYaml(file, creds);
  } finally {
    process.umask(old);
  }
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  assert.deepEqual(readNodeYaml(file), creds);
  assert.equal(
    fs.readFileSync(file, 'utf8'),
    'api:\n  uuid: u-1\n  secret: s-2\n  host: api.wallarm.com\n  port: 443\n  use_ssl: true\n  ca_verify: false\n',
  );
  assert.deepEqual(fs.readdirSync(path.dirname(file)), ['node.yaml']);
  writeNodeYaml(file, { ...creds, uuid: 'u-3' });
  assert.equal(readNodeYaml(file)!.uuid, 'u-3');
});

test('missing or empty node.yaml is "not registered"; a broken one is an error that says to remove it', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodeyaml-'));
  const file = path.join(dir, 'node.yaml');
  assert.equal(readNodeYaml(file), null);
  fs.writeFileSync(file, '  \n');
  assert.equal(readNodeYaml(file), null);
  fs.writeFileSync(file, 'api:\n  uuid: u\n  secret: s\n  host: h\n  port: 99999\n  use_ssl: true\n  ca_verify: true\n');
  assert.throws(
    () => readNodeYaml(file),
    (e: Error) => e instanceof NodeYamlError && /api\.port must be a port number; remove the file/.test(e.message),
  );
  fs.writeFileSync(file, 'api: [\n');
  assert.throws(() => readNodeYaml(file), /not valid YAML/);
});
