import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { aptArchiveUris, debianMirror } from '../../../build/debian-mirror';

function aptDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'apt-'));
  mkdirSync(path.join(dir, 'sources.list.d'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

test('the Debian archive comes from deb822 sources, skipping the security archive', () => {
  const dir = aptDir({
    'sources.list.d/a-security.sources': 'Types: deb\nURIs: http://mirror.test/debian-security\nSuites: bookworm-security\n',
    'sources.list.d/debian.sources': 'Types: deb\n# a comment\nURIs: http://mirror.test/debian/\nSuites: bookworm\n',
  });
  try {
    assert.deepEqual(aptArchiveUris(dir), ['http://mirror.test/debian-security', 'http://mirror.test/debian/']);
    assert.equal(debianMirror(dir), 'http://mirror.test/debian');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('one-line sources with options, and a clear error without any archive', () => {
  const dir = aptDir({
    'sources.list': '# deb http://old.test/debian bookworm main\ndeb [arch=amd64] http://one.test/debian bookworm main\n',
  });
  try {
    assert.equal(debianMirror(dir), 'http://one.test/debian');
    writeFileSync(path.join(dir, 'sources.list'), '');
    assert.throws(() => debianMirror(dir), /no Debian archive found/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
