/**
 * Scanner probes as classes (docs/detection.md, "Probes as classes (branch i18-scanner2)"): what is
 * asked for, whatever the product — version-control and build metadata, configuration and
 * secrets by name, dumps, web shells, debug fronts and consoles, an interpreter's command line as
 * the query — each a `scanner` hit whose `rule` names the class (`class:<name>`), beside the
 * look-alikes of ordinary sites that stay quiet. A known-exploit signature names its CVE instead.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import { scannerClass } from '../../../node/analysis/attacks/detectors/scanner';
import { RELAXED, tx } from './helpers';

const detector = new AttackDetector(RELAXED);

function scannerRules(target: string, userAgent = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0'): string[] {
  const r = detector.detect(
    tx({
      target,
      headers: [
        ['Host', 'shop.example'],
        ['User-Agent', userAgent],
      ],
    }),
  );
  return (r?.hits ?? []).filter((h) => h.class === 'scanner').map((h) => h.rule ?? '');
}

/** target -> the class rule of its scanner hit (new in this branch unless marked). */
const PROBES: Array<[string, string]> = [
  // Version-control metadata: anything inside the folders, not only their best-known files.
  ['/.git/refs/heads/master', 'class:vcs-metadata'],
  ['/.git/objects/info/packs', 'class:vcs-metadata'],
  ['/app/.svn/', 'class:vcs-metadata'],
  ['/.svn/text-base/index.php.svn-base', 'class:vcs-metadata'],
  ['/.bzr/branch/branch.conf', 'class:vcs-metadata'],
  ['/CVS/Entries', 'class:vcs-metadata'],
  ['/_darcs/prefs/prefs', 'class:vcs-metadata'],
  // Build and dependency metadata at any depth.
  ['/composer.json', 'class:build-metadata'],
  ['/app/composer.lock', 'class:build-metadata'],
  ['/shop/vendor/composer/installed.json', 'class:build-metadata'],
  ['/package.json', 'class:build-metadata'],
  ['/yarn.lock', 'class:build-metadata'],
  ['/Gemfile.lock', 'class:build-metadata'],
  ['/Dockerfile', 'class:build-metadata'],
  ['/pom.xml', 'class:build-metadata'],
  ['/phpunit.xml.dist', 'class:build-metadata'],
  // Configuration and secrets by their name.
  ['/web.config', 'class:config-file'],
  ['/App_Data/Web.config', 'class:config-file'],
  ['/global.asa', 'class:config-file'],
  ['/appsettings.Production.json', 'class:config-file'],
  ['/phpmyadmin/config.inc.php', 'class:config-file'],
  ['/wiki/LocalSettings.php', 'class:config-file'],
  ['/sites/default/settings.php', 'class:config-file'],
  ['/local_settings.py', 'class:config-file'],
  ['/conf/tomcat-users.xml', 'class:config-file'],
  ['/error_log', 'class:config-file'],
  ['/.ssh/id_ed25519.pub', 'class:config-file'],
  ['/_vti_pvt/service.pwd', 'class:secrets'],
  // Dumps and backups as data.
  ['/users.sql', 'class:data-dump'],
  ['/db/shop.sql.gz', 'class:data-dump'],
  ['/cfg/nightly-backup.dat', 'class:data-dump'],
  ['/Backup.bin', 'class:data-dump'],
  ['/www_2023.tar.gz', 'class:data-dump'],
  ['/files/site-backup.zip', 'class:data-dump'],
  // Backup copies with a dash (the underscore form was read before).
  ['/shop/cart.jsp-old', 'class:backup-file'],
  ['/shop/cart.php-bak', 'class:backup-file'],
  // Web shells by their kits' names, and a script hidden behind a dot.
  ['/c99.php', 'class:webshell'],
  ['/images/r57.php', 'class:webshell'],
  ['/cmd.jsp', 'class:webshell'],
  ['/shell.aspx', 'class:webshell'],
  ['/.antproxy.php', 'class:webshell'],
  // Include fragments, debug fronts and consoles.
  ['/includes/db.inc', 'class:included-code'],
  ['/_profiler/latest', 'class:debug-endpoint'],
  ['/app_dev.php/_configurator/', 'class:debug-endpoint'],
  ['/php_info.php', 'class:debug-endpoint'],
  ['/scriptText', 'class:admin-console'],
  ['/jenkins/script', 'class:admin-console'],
  ['/computer/(built-in)/script', 'class:admin-console'],
  ['/phpMyAdmin-4.9/setup/index.php', 'class:admin-console'],
  ['/SetupWizard.aspx/x', 'class:installer'],
  ['/admingui/version/serverTasksGeneral', 'class:admin-console'],
  ['/ibm/console/logon.jsp', 'class:admin-console'],
  ['/system/console/bundles', 'class:admin-console'],
  ['/crx/de/index.jsp', 'class:admin-console'],
  ['/bea_wls_internal/', 'class:admin-console'],
  ['/uddiexplorer/', 'class:admin-console'],
  ['/hawtio/', 'class:admin-console'],
  // An interpreter's command line as the query (PHP as CGI), and a static folder as the query.
  ['/index.php?-s', 'class:cgi-option'],
  ['/cgi-bin/php5?%2dd+allow_url_include%3don', 'class:cgi-option'],
  ['/index.php?%ADd+allow_url_include%3d1+%ADd+auto_prepend_file%3dphp://input', 'class:cgi-option'],
  ['/index.php?-d+allow_url_include=on', 'class:cgi-option'],
  ['/GponForm/diag_Form?images/', 'class:static-disguise'],
  // A control character after a script's extension, an encoded `?` before a script's suffix.
  ['/upload/x.php%0A', 'class:auth-bypass-path'],
  ['/status.htm%00.jsp', 'class:auth-bypass-path'],
  ['/admin%3Fx.php', 'class:auth-bypass-path'],
  // Classes read before this branch, now named in the hit.
  ['/shop/cart.jsp.Bak', 'class:backup-file'],
  ['/.env.production', 'class:secrets'],
  ['/CFIDE/administrator/', 'class:admin-console'],
  ['/actuator/env', 'class:admin-console'],
  ['/?u=http://x.dnslog.pw', 'class:oast-host'],
];

for (const [target, rule] of PROBES) {
  test(`scanner ${rule}: ${target}`, () => assert.deepEqual(scannerRules(target), [rule]));
}

test('the tool behind a request and a client that is no client are named too', () => {
  assert.deepEqual(scannerRules('/', 'Mozilla/5.0 (compatible; l9scan/2.0.; +https://leakix.net)'), ['class:tool-agent']);
  assert.deepEqual(scannerRules('/', 'Mozilla/5.0 (Windows; U; Windows NT 5.1; en-US) WebScarab'), ['class:tool-agent']);
  const r = detector.detect(
    tx({
      target: '/admin',
      headers: [
        ['Host', 'shop.example'],
        ['X-Forwarded-For', '127.0.0.1'],
      ],
    }),
  );
  assert.deepEqual(
    r?.hits.filter((h) => h.class === 'scanner').map((h) => h.rule),
    ['class:client-address'],
  );
});

test('a known-exploit signature names its CVE, not a class', () => {
  const rules = scannerRules('/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php');
  assert.equal(rules.length, 1);
  assert.match(rules[0], /^CVE-\d{4}-\d+$/);
});

/** Ordinary sites' requests beside each class: admin, config and backup as words, releases, well-known files. */
const QUIET = [
  '/api/admin/users',
  '/api/admin/config',
  '/settings/backup',
  '/account/backup-codes',
  '/api/v1/backup/jobs',
  '/config',
  '/docs/configuration',
  '/downloads/app-1.2.3.zip',
  '/downloads/backup-tool-1.2.zip',
  '/releases/v2.0/myapp-2.0.tar.gz',
  '/wp-content/uploads/2023/05/site-backup.zip',
  '/.well-known/security.txt',
  '/robots.txt',
  '/favicon.ico',
  '/static/js/main.3f9a.js.map',
  '/actuator/health',
  '/healthz',
  '/manifest.json',
  // Package CDNs and code hosts serve a project's own metadata.
  '/npm/react@18.2.0/package.json',
  '/acme/app/blob/main/composer.json',
  '/repos/acme/app/contents/Dockerfile',
  // Words of the classes as routes and pages.
  '/shell',
  '/products/shell-jacket',
  '/images/shell.png',
  '/api/v1/commands/run',
  '/learn/sql/select.html',
  '/docs/dockerfile-best-practices',
  '/makefile-tutorial',
  '/cvs-pharmacy/stores',
  '/git-guide',
  '/jenkins/job/app/42/console',
  '/script',
  '/scripts/main.js',
  '/profiler',
  '/help/web-config',
  '/api/site.json',
  // Query names that start with a dash, and folders that are not static.
  '/search?-date',
  '/list?-1',
  '/api/items?sort=-date',
  '/page?photos/',
  '/console',
  '/shop/system/consoles',
  '/games/console/ps5',
  '/crx',
  '/docs/hawtio-guide',
  '/faq/what%3F',
  '/docs/why-php%3F.html',
];

for (const target of QUIET) {
  test(`quiet: ${target}`, () => assert.deepEqual(scannerRules(target), []));
}

// The rule is read from the detector's own test (scanner.ts scannerClass, branch review15): each
// class read on the query, its names and the headers is named, and no hit falls through to `class:probe`.
test("Struts' debug mode on an action is named struts-debug", () => {
  assert.deepEqual(scannerRules('/login.action?debug=command&expression=1'), ['class:struts-debug']);
});

test("Xdebug's trigger as a query name is named debugger-trigger", () => {
  assert.deepEqual(scannerRules('/index.php?XDEBUG_SESSION_START=phpstorm'), ['class:debugger-trigger']);
});

test("a common admin path asked by a tool is named apart from the tool's User-Agent", () => {
  assert.deepEqual(scannerRules('/phpmyadmin/', 'sqlmap/1.7'), ['class:admin-path-tool-agent', 'class:tool-agent']);
});

test('look-alikes stay quiet: debug off an action, an admin path from a browser, a dash in a value or a name', () => {
  assert.deepEqual(scannerRules('/search?debug=command'), []);
  assert.deepEqual(scannerRules('/phpmyadmin/'), []);
  assert.deepEqual(scannerRules('/search?q=-s'), []);
  assert.deepEqual(scannerRules('/search?-date'), []);
});

test('scannerClass names what it flags: the bare query pair, a query name, a JSON field', () => {
  const ctx = { toolAgent: false, path: '/index.php' };
  assert.equal(scannerClass('-s', { kind: 'query', name: '-s', point: ['query', '-s'], value: '-s' }, ctx), 'cgi-option');
  assert.equal(scannerClass('-s', { kind: 'key', name: '-s', point: ['query', '-s'], value: '-s' }, ctx), 'cgi-option');
  // The same text as a parameter's value or a JSON key is no command line.
  assert.equal(scannerClass('-s', { kind: 'query', name: 'q', point: ['query', 'q'], value: '-s' }, ctx), '');
  assert.equal(scannerClass('-s', { kind: 'key', name: '-s', point: ['json', '-s'], value: '-s' }, ctx), '');
  assert.equal(
    scannerClass('http://x.oastify.com', { kind: 'json', name: 'u', point: ['json', 'u'], value: 'http://x.oastify.com' }, ctx),
    'oast-host',
  );
});

test('no scanner hit of the class rules falls through to class:probe', () => {
  const targets = [
    '/.git/config',
    '/index.php?-s',
    '/GponForm/diag_Form?images/',
    '/login.action?debug=browser',
    '/?XDEBUG_PROFILE=1',
    '/?u=http://x.dnslog.pw',
    '/actuator/env',
  ];
  for (const target of targets) {
    const rules = scannerRules(target, 'sqlmap/1.7');
    assert.ok(rules.length > 0, target);
    for (const rule of rules) assert.notEqual(rule, 'class:probe', target);
  }
});
