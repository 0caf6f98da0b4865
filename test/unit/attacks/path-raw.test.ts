/**
 * Attacks written into the path unencoded (docs/detection.md "Request points", branch
 * i18-pathraw): a value with raw `/` spans segments, and a server hands the rest of the path after
 * a script name or a catch-all route to the application as one text. The path's tail (from its
 * first segment that is no plain name) is read whole for SQL, shell, server code and markup, and an
 * absolute system path glued after a route (`//etc/fstab`, `/C:/inetpub/...`) is traversal. Each
 * example beside real paths that stay quiet.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import { extractTarget, pathTailStart } from '../../../node/analysis/attacks/points/target';
import { HOST, RELAXED, tx } from './helpers';

const detector = new AttackDetector(RELAXED);
const hits = (target: string): string[] =>
  detector.detect(tx({ target, headers: [HOST] }))?.hits.map((h) => `${h.class} ${JSON.stringify(h.point)}`) ?? [];

/** Paths of real sites and APIs: names with quotes, parentheses, `+`, SQL and shell words, `..` links. */
const REAL_PATHS = [
  '/docs/c++/operators/and-or',
  "/wiki/Rock_'n'_roll",
  "/wiki/Rock_'n'_roll/edit",
  '/files/2024/select/all',
  '/blog/why-1=1-is-true',
  '/blog/why-1=1-is-true/comments',
  '/api/v1/users/me/or/else',
  '/wiki/Python_(programming_language)/edit',
  '/odata/Products(1)/Supplier/Address',
  "/odata/Users('x')/Orders(1)/Items",
  "/blog/2024/10/what's-new/comments",
  '/files/my%20file%20(1)/download',
  '/images/a%20b/c%20d/e.png',
  '/search/foo%20bar/page/2',
  '/share/x;jsessionid=abc/foo',
  '/p/a=1;b=2/c',
  '/repo/blob/main/src/$lib/app.ts',
  '/docs/select-from-where/union/all',
  '/static//css/app.css',
  '/docs/var/log/syslog',
  '/release/v1.2.3/notes.txt',
];

test('the tail of a path is where it stops being a route: the first segment that is no plain name', () => {
  const tail = (p: string): string | null => {
    const i = pathTailStart(p);
    return i < 0 ? null : p.slice(i);
  };
  assert.equal(tail('/items/1%20/**/union/**/select/view'), '1%20/**/union/**/select/view');
  // A segment opening with `*` is a comment's inside: its `/*` goes with the segment before it.
  assert.equal(tail('/items/1/**/union/**/select'), '1/**/union/**/select');
  assert.equal(tail('/items//*!UNION*/%20SELECT/x'), '/*!UNION*/%20SELECT/x');
  assert.equal(tail('/cgi-bin/x|/usr/bin/id'), 'x|/usr/bin/id');
  // No tail: plain names throughout, or only the last segment is not plain (read as a segment).
  assert.equal(tail('/api/v1/users/42/caf%C3%A9.pdf'), null);
  assert.equal(tail("/index.php/1'%20or%20'1'='1"), null);
  assert.equal(tail('/'), null);
  const seen: string[] = [];
  extractTarget('/items/a;/usr/bin/id/view?x=1', 4, (v) => (seen.push(`${v.kind} ${v.point.join('.')}=${v.value}`), true));
  assert.deepEqual(seen.slice(6, 8), ['path_tail path=a;/usr/bin/id/view', 'path path=/items/a;/usr/bin/id/view']);
});

test('SQL written into the path across its slashes is read as one text', () => {
  for (const target of [
    '/items/1%20/**/union/**/select/view',
    '/index.php/1/**/uNiOn/**/sELeCt/**/1,2,3/**/fRoM/**/jos_users--',
    '/news/-1/**/union/**/select/**/0,1,2,name,password,5/**/from/**/gd_member/*',
    '/items/uni/**/on%20sel/**/ect/view',
    '/items//*!%55NiOn*/%20/*!%53eLEct*/+1,2,3--/view',
  ])
    assert.ok(hits(target).includes('sqli ["path"]'), target);
  // A class a segment shows is not reported again for the tail.
  assert.deepEqual(hits("/index.php/1'%20or%20'1'='1/x"), ['sqli ["path",1]']);
});

test('a command written into the path across its slashes, with or without a route suffix', () => {
  for (const target of [
    '/cgi-bin/x|/usr/bin/id',
    '/items/|/usr/bin/id/view',
    '/items/a)|/usr/bin/id/view',
    '/items/;%20/bin/sleep%2031%20;/view',
    '/items/$;/usr/bin/id/view',
  ])
    assert.ok(hits(target).includes('rce ["path"]'), target);
});

test('an absolute system path glued after a route is traversal', () => {
  for (const target of [
    '/items//etc/fstab/view',
    '/download//var/log/auth.log',
    '/items//.bash_profile/view',
    '/items/C:/inetpub/wwwroot/global.asa/view',
    '/items//apache\\php\\php.ini/view',
  ])
    assert.ok(hits(target).includes('ptrav ["path"]'), target);
  // A program's own file is no file to read (ptrav.ts isWindowsModule), and a route's names are no path.
  assert.deepEqual(hits('/crash/C:/Program%20Files/App/app.exe'), []);
  assert.deepEqual(hits('/crash//C:/Windows/System32/ntdll.dll/x'), []);
  assert.deepEqual(hits('/docs/etc/fstab-format'), []);
});

test('real paths with quotes, parentheses, SQL and shell words stay quiet', () => {
  for (const target of REAL_PATHS) assert.deepEqual(hits(target), [], target);
});
