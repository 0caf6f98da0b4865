import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeArchive, type PayloadParts } from '../../../build/archive';
import { ARCHES } from '../../../build/paths';

// The makeself archive with a stand-in binary that reports how startup.sh ran it: the startup
// contract with the installer, makeself's integrity check and reproducibility, in a second.
// (build/deps.sh installs makeself; .ci/run runs it before the tests.)

function fixture(dir: string): PayloadParts {
  const binary = path.join(dir, 'fake-native-node');
  writeFileSync(binary, '#!/bin/sh\nprintf "%s\\n" "$@"\nprintf "VERSION=%s\\n" "$(cat "$3/VERSION")"\n');
  chmodSync(binary, 0o755);
  const addon = path.join(dir, 'cap.node');
  writeFileSync(addon, 'not really an ELF file');
  return { version: '9.8.7', arch: ARCHES[0]!, binary, addon, notices: 'notices\n', epoch: 1_700_000_000 };
}

function sh(file: string, args: string[], cwd: string) {
  return spawnSync(file, args, { cwd, encoding: 'utf8', env: { ...process.env, TMPDIR: cwd } });
}

test('the archive runs bin/native-node installer --payload-dir DIR with every argument after --', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aio-archive-'));
  try {
    const archive = makeArchive(fixture(dir), dir, path.join(dir, 'stage'));
    assert.equal(path.basename(archive), 'aio-native-9.8.7.x86_64.sh');
    const r = sh(archive, ['--quiet', '--', '--batch', '--token', 'two words', '--mode=tcp-capture'], dir);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.deepEqual([lines[0], lines[1]], ['installer', '--payload-dir']);
    assert.ok(path.isAbsolute(lines[2]!), `payload dir ${lines[2]} is absolute`);
    assert.deepEqual(lines.slice(3), ['--batch', '--token', 'two words', '--mode=tcp-capture', 'VERSION=9.8.7']);

    const list = sh(archive, ['--list'], dir);
    assert.equal(list.status, 0, list.stderr);
    const entries = list.stdout
      .split('\n')
      .filter((l) => l.includes(' ./'))
      .map((l) => l.slice(l.indexOf(' ./') + 1));
    assert.deepEqual(entries, [
      './ARCH',
      './THIRD-PARTY-NOTICES',
      './VERSION',
      './bin/native-node',
      './lib/cap.node',
      './startup.sh',
    ]);
    assert.match(list.stdout, /-rwxr-xr-x 0\/0 .* \.\/bin\/native-node/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a changed byte makes the archive refuse to run (exit 2)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aio-archive-'));
  try {
    const archive = makeArchive(fixture(dir), dir, path.join(dir, 'stage'));
    const bytes = readFileSync(archive);
    bytes[bytes.length - 10]! ^= 0xff;
    writeFileSync(archive, bytes);
    assert.equal(sh(archive, ['--check'], dir).status, 2);
    const r = sh(archive, ['--quiet', '--', '--help'], dir);
    assert.equal(r.status, 2);
    assert.doesNotMatch(r.stdout, /installer/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("building twice from the same inputs gives identical bytes, whatever the files' mtimes", () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aio-archive-'));
  try {
    const parts = fixture(dir);
    const first = readFileSync(makeArchive(parts, dir, path.join(dir, 'stage')));
    utimesSync(parts.binary, 1_800_000_000, 1_800_000_000);
    mkdirSync(path.join(dir, 'elsewhere'));
    const second = readFileSync(makeArchive(parts, path.join(dir, 'elsewhere'), path.join(dir, 'other-stage')));
    assert.ok(first.equals(second), 'archives differ');
    const changed = readFileSync(makeArchive({ ...parts, epoch: parts.epoch + 1 }, dir, path.join(dir, 'stage')));
    assert.ok(!first.equals(changed), 'the epoch is in the archive');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
