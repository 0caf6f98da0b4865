/**
 * Scanner probes by their language, fourth round (docs/detection.md, "branch i18-scanner4"): a
 * build tool's configuration by the `<tool>.config.js` convention, a PHP script left in an
 * installation folder, a script extension in mixed case, Lucee's administrator, and `phpinfo` as
 * a query name — each a `scanner` hit naming its class rule, beside look-alikes of ordinary sites
 * that stay quiet. The targets are made up in the manner of the probes, not copied from a corpus.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import { RELAXED, tx } from './helpers';

const detector = new AttackDetector(RELAXED);

function scannerRules(target: string): string[] {
  const r = detector.detect(
    tx({
      target,
      headers: [
        ['Host', 'shop.example'],
        ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0'],
      ],
    }),
  );
  return (r?.hits ?? []).filter((h) => h.class === 'scanner').map((h) => h.rule ?? '');
}

/** target -> the class rule of its scanner hit; every one is quiet on main. */
const PROBES: Array<[string, string]> = [
  // A build tool's own configuration, read at build time and never by a page.
  ['/docs/playwright.config.js', 'class:build-metadata'],
  ['/vite.config.ts', 'class:build-metadata'],
  ['/app/webpack.config.js', 'class:build-metadata'],
  ['/tailwind.config.cjs', 'class:build-metadata'],
  ['/tsconfig.json', 'class:build-metadata'],
  ['/frontend/tsconfig.app.json', 'class:build-metadata'],
  // A PHP script an installer unpacked and nobody removed, and WordPress's database repair page.
  ['/shop/setup/temp/admin.php', 'class:installer'],
  ['/install/index.php', 'class:installer'],
  ['/forum/installation/sql.php', 'class:installer'],
  ['/blog/wp-admin/maint/repair.php', 'class:installer'],
  // A server script's extension in mixed case: a case-sensitive upload filter let it through.
  ['/attachment/8812/avatar.phP', 'class:auth-bypass-path'],
  ['/files/x.pHp', 'class:auth-bypass-path'],
  ['/upload/report.jSp', 'class:auth-bypass-path'],
  ['/img/a.aSpx', 'class:auth-bypass-path'],
  // Lucee's (and Railo's) administrator pages, like ColdFusion's CFIDE.
  ['/lucee/admin/index.cfm', 'class:admin-console'],
  ['/railo-context/admin/server.cfm', 'class:admin-console'],
  // phpinfo() asked for by a query name.
  ['/modules/shop/send.php?phpinfo=1', 'class:debug-switch'],
  ['/tools/binfo.php?phpinfo1', 'class:debug-switch'],
  ['/index.php?id=3&PHPINFO=true', 'class:debug-switch'],
];

for (const [target, rule] of PROBES) {
  test(`scanner ${rule}: ${target}`, () => assert.deepEqual(scannerRules(target), [rule]));
}

/** Look-alikes of ordinary sites and APIs that stay quiet. */
const QUIET = [
  // A page's runtime settings by the same convention, a package CDN's file, a doc page about a tool.
  '/app.config.js',
  '/assets/env.config.js',
  '/config.js',
  '/npm/vite@5.0.0/vite.config.js',
  '/docs/playwright-config',
  '/manifest.json',
  '/static/js/main.3f2a.js',
  // Setup as a route, not a script in a folder; an install guide; a script named setup elsewhere.
  '/account/setup',
  '/setup/step/2',
  '/docs/install/linux.html',
  '/api/v1/setup/status',
  '/wp-admin/maint/',
  // Extensions as people and old sites write them.
  '/index.PHP',
  '/Default.Aspx',
  '/Login.ASPX',
  '/photos/cat.PNG',
  '/docs/phpinfo.html',
  '/blog/what-is-a-jSp-page',
  // Lucee's own site and pages named admin.
  '/lucee/docs/tags.html',
  '/admin/index.cfm',
  // phpinfo as a value or a longer name.
  '/search?q=phpinfo',
  '/index.php?page=phpinfo',
  '/index.php?phpinfo_section=modules',
];

for (const target of QUIET) {
  test(`quiet: ${target}`, () => assert.deepEqual(scannerRules(target), []));
}
