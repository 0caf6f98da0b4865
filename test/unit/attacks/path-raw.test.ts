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
  '/items/1950%20or%201960/view',
  '/items/forms%20of%20the%20parsed%20file%20to%20the%20%22Program%22%20(top)%20node%20of%20an%20existing/view',
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
  // A tail is read only where its text runs across a slash: a character no name has beside one,
  // as sent or percent-encoded. A value then a route's next name is no text across segments.
  assert.equal(tail('/items/1950%20or%201960/view'), null);
  assert.equal(tail('/items/x%7C/usr/bin/id'), 'x%7C/usr/bin/id');
  assert.equal(tail('/items/x%7C%2Fusr/view'), null);
  const seen: string[] = [];
  extractTarget('/items/a;/usr/bin/id/view?x=1', 4, (v) => (seen.push(`${v.kind} ${v.point.join('.')}=${v.value}`), true));
  assert.deepEqual(seen.slice(6, 8), ['path_tail path=a;/usr/bin/id/view', 'path path=/items/a;/usr/bin/id/view']);
});

/** pathTailStart's rules written plainly (split, regular expressions), the reference its character loops are pinned to. */
function referenceTailStart(path: string): number {
  const nameChar = (ch: string): boolean => /^[A-Za-z0-9._~-]$/.test(ch) || ch.charCodeAt(0) >= 0x80;
  const escaped = (at: number): string | null => {
    const m = /^%([0-9a-f]{2})/i.exec(path.slice(at));
    return m === null ? null : String.fromCharCode(parseInt(m[1], 16));
  };
  const plain = (seg: string): boolean => /^(?:[A-Za-z0-9._~-]|[^\x00-\x7f]|%[89a-f][0-9a-f])*$/i.test(seg);
  const across = (slash: number): boolean => {
    const before = slash >= 3 ? escaped(slash - 3) : null;
    if (before !== null ? !nameChar(before) : slash > 0 && !nameChar(path[slash - 1])) return true;
    if (slash + 1 >= path.length) return false;
    const after = escaped(slash + 1);
    return after !== null ? !nameChar(after) : !nameChar(path[slash + 1]);
  };
  const first = path.startsWith('/') ? 1 : 0;
  const parts = path.slice(first).split('/');
  let tail = -1;
  for (let k = 0, start = first; k < parts.length - 1; start += parts[k].length + 1, k++) {
    if (tail < 0 && !plain(parts[k])) {
      const prevStart = start - parts[k - 1]?.length - 1;
      tail = !parts[k].startsWith('*') || start === 0 ? start : k > 0 && parts[k - 1] !== '' ? prevStart : start - 1;
    }
    if (tail >= 0 && across(start + parts[k].length)) return tail;
  }
  return -1;
}

test('pathTailStart agrees with its plain reference on random paths', () => {
  const pieces = [
    'a',
    'Z',
    '1',
    '-',
    '.',
    '_',
    '~',
    '/',
    '/',
    '/',
    '*',
    ' ',
    '|',
    "'",
    '(',
    'é',
    '%',
    '%20',
    '%7C',
    '%7c',
    '%C3%A9',
    '%2F',
    '%4',
    '%zz',
    '%2',
  ];
  let seed = 7;
  const next = (n: number): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  for (let i = 0; i < 20000; i++) {
    let path = next(8) === 0 ? '' : '/';
    for (let n = next(14); n > 0; n--) path += pieces[next(pieces.length)];
    assert.equal(pathTailStart(path), referenceTailStart(path), JSON.stringify(path));
  }
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
