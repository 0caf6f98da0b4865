/**
 * Probes for files a site keeps but never serves (docs/detection.md "Hidden files and copies set
 * aside (branch i18-anomaly)"): copies of server-side files set aside, tools' dotfiles, hidden
 * folders' configuration, reported as `scanner`; ordinary static files and routes stay quiet.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import { classesAt, RELAXED } from './helpers';

const detector = new AttackDetector(RELAXED);

const PROBES: Array<[string, string]> = [
  // Issue 18 item 9, as the scanner had them before this branch (kept as examples).
  ['a backup of a JSP, any case', '/shop/cart.jsp.Bak'],
  ['an old copy', '/shop/cart.jsp.old'],
  ['an editor copy', '/shop/cart.jsp~'],
  ['a patch tool copy', '/shop/cart.jsp.orig'],
  ['a Vim swap file', '/shop/.cart.jsp.swp'],
  ['a git folder', '/.git/'],
  ['an env file', '/.env'],
  ['the ColdFusion administrator', '/CFIDE/administrator/'],
  ['a Java web application descriptor', '/shop/WEB-INF/web.xml'],
  // New shapes: numbered backups, archives and file manager copies of one script.
  ['a numbered backup', '/shop/cart.jsp.bak2'],
  ['a script packed as a zip', '/shop/login.php.zip'],
  ['a script packed as a tarball', '/shop/config.php.tar.gz'],
  ['a file manager copy', '/shop/Copy%20of%20cart.jsp'],
  ['a copy named with underscores', '/shop/copy_of_cart.jsp'],
  ['a Windows copy', '/shop/cart%20-%20Copy.aspx'],
  ['a numbered copy', '/shop/cart%20(2).php'],
  // Tools' dotfiles and hidden folders' configuration.
  ['an ignore list', '/.gitignore'],
  ['an assistant ignore list', '/.aiignore'],
  ['a package manager rc', '/.npmrc'],
  ['a CI configuration', '/.gitlab-ci.yml'],
  ['a linter configuration', '/app/.eslintrc.json'],
  ['a hidden folder configuration without extension', '/.n8n/config'],
];

const QUIET = [
  '/static/app.3f2a.js',
  '/favicon.ico',
  '/static/js/main.js.map',
  '/downloads/tool.tar.gz',
  '/files/report%20(2).pdf',
  '/~alice/',
  '/~alice/papers',
  '/blog/.net-tips',
  '/.well-known/openid-configuration',
  '/api/v1/copy_of_order',
  '/docs/config',
  '/app/.x/view',
  '/shop/cart.jsp',
  // Without an extension, `~` is a copy only of a path the profiles know (profiles.test.ts).
  '/api/invoices~',
];

for (const [name, path] of PROBES) {
  test(`scanner: ${name} (${path})`, () => assert.ok(classesAt(detector, 'path', path).includes('scanner'), path));
}

for (const path of QUIET) {
  test(`benign: ${path}`, () => assert.deepEqual(classesAt(detector, 'path', path), [], path));
}
