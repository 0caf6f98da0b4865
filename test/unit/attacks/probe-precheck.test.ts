/**
 * The probe-path pre-check is exact (docs/performance.md "Attack stage: exact pre-checks"): a path
 * of letters, digits and `/` with none of PLAIN_PROBE_WORDS is settled as no probe without the
 * patterns, and that answer is always the patterns' own. Pinned by comparing isProbePath with the
 * searched reference (probePathSearched) on paths made of the patterns' words and random text, and
 * by showing that each word is needed: without it, a probe path is missed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isProbePath, PLAIN_PROBE_WORDS, probePathSearched } from '../../../node/analysis/attacks/detectors/scanner';

/** Probe paths that match only through a letters-and-digits alternative, as the patterns write them (any case). */
const PLAIN_PROBES: Array<{ path: string; toolAgent: boolean }> = [
  { path: '/CFIDE/adminapi/', toolAgent: false },
  { path: '/x/invoker/readonly', toolAgent: false },
  { path: '/manager/html', toolAgent: false },
  { path: '/solr/admin/', toolAgent: false },
  { path: '/app/actuator/env', toolAgent: false },
  { path: '/jolokia/list', toolAgent: false },
  { path: '/system/console/css/x', toolAgent: false },
  { path: '/lib/vendor/phpunit/src', toolAgent: false },
  { path: '/HNAP1', toolAgent: false },
  { path: '/debug/pprof/', toolAgent: false },
  { path: '/telescope/requests', toolAgent: false },
  { path: '/heapdump', toolAgent: false },
  { path: '/phpinfo', toolAgent: false },
  { path: '/installer/', toolAgent: false },
  { path: '/examples/jsp/', toolAgent: false },
  // Branch i18-scanner2: version-control, build metadata and consoles spelled with letters only.
  { path: '/CVS/Entries', toolAgent: false },
  { path: '/app/Gemfile', toolAgent: false },
  { path: '/Pipfile', toolAgent: false },
  { path: '/Dockerfile', toolAgent: false },
  { path: '/Vagrantfile', toolAgent: false },
  { path: '/Jenkinsfile', toolAgent: false },
  { path: '/Makefile', toolAgent: false },
  { path: '/jenkins/script', toolAgent: false },
  { path: '/hudson/script', toolAgent: false },
  { path: '/scriptText', toolAgent: false },
  { path: '/admingui/version/serverTasksGeneral', toolAgent: false },
  { path: '/crx/de/index', toolAgent: false },
  { path: '/uddiexplorer/', toolAgent: false },
  { path: '/hawtio/', toolAgent: false },
  { path: '/phpmyadmin/', toolAgent: true },
  { path: '/pma/', toolAgent: true },
  { path: '/administrator/', toolAgent: true },
  { path: '/console/', toolAgent: true },
  { path: '/actuator/', toolAgent: true },
  { path: '/solr/admin', toolAgent: true },
  { path: '/manager/html', toolAgent: true },
];

/** Words and punctuation of the probe patterns (scanner.ts), so that random paths come near them. */
const FRAGMENTS = [
  // Written out rather than read from PLAIN_PROBE_WORDS, so that a word left out there is still generated here.
  ...'cfide invoker manager solr actuator jolokia console phpunit hnap1 debug telescope heapdump phpinfo'.split(' '),
  ...'installer examples phpmyadmin pma administrator adminapi componentutils jmxinvokerservlet'.split(' '),
  ...'admin html text status jmxproxy readonly env gateway mappings flyway pprof vars requests css scripts ajax wizards'.split(
    ' ',
  ),
  ...'wp-content wp-includes wp-admin wp-login.php .git config head .env .svn .ssh jmx-console web-console host-manager'.split(
    ' ',
  ),
  ...'axis2 axis2-admin _ignition _profiler _async wls-wsat nifi-api server-status server-info _debugbar __debug__ druid'.split(
    ' ',
  ),
  ...'web-inf meta-inf cgi-bin id_rsa uploads vendor node_modules includes backup dump db site www x.php a.bak b~ #c#'.split(' '),
  ...'index.jsp.bak .ds_store info.php elmah.axd setup.php install.php database.yml app.log self.key jsp servlets'.split(' '),
  ...'cvs entries root gemfile pipfile dockerfile vagrantfile jenkinsfile makefile jenkins hudson script scripttext .git .hg _darcs'.split(
    ' ',
  ),
  ...'composer.json package.json @1.0 yarn.lock web.config global.asa appsettings.json data.sql backup.dat shell.php'.split(' '),
  ...'_profiler app_dev.php php_info.php setup blob main admingui ibm system crx de uddiexplorer hawtio __asadmin'.split(' '),
];

const segment = fc.oneof(
  fc.constantFrom(...FRAGMENTS),
  fc.stringMatching(/^[A-Za-z0-9]{0,8}$/),
  fc.stringMatching(/^[A-Za-z0-9._~#;?%-]{0,6}$/),
  fc.constantFrom(...FRAGMENTS).map((f) => f.toUpperCase()),
);
const probeLikePath = fc
  .tuple(fc.array(segment, { minLength: 0, maxLength: 6 }), fc.boolean(), fc.boolean())
  .map(([segs, lead, trail]) => (lead ? '/' : '') + segs.join('/') + (trail ? '/' : ''));

test('the pre-checked probe-path answer is the searched one on paths made of the patterns words and random text', () => {
  fc.assert(
    fc.property(probeLikePath, fc.boolean(), (path, toolAgent) => {
      assert.equal(isProbePath(path, { toolAgent }), probePathSearched(path, { toolAgent }), path);
    }),
    { numRuns: 20000 },
  );
});

test('the probes reached only through letters-only alternatives are found, with and without the pre-check', () => {
  for (const { path, toolAgent } of PLAIN_PROBES) {
    assert.equal(probePathSearched(path, { toolAgent }), true, `reference: ${path}`);
    assert.equal(isProbePath(path, { toolAgent }), true, path);
  }
  // A plain path without the words is settled by the pre-check and is no probe to the patterns either.
  for (const path of ['/api/v1/users/123/orders', '/login', '/catalog/407/items', '/', ''])
    assert.equal(probePathSearched(path, { toolAgent: true }), false, path);
});

test('every pre-check word is needed: without it a probe path would be settled as no probe', () => {
  const words = PLAIN_PROBE_WORDS.source.split('|');
  const plain = /^[A-Za-z0-9/]*$/;
  for (const word of words) {
    const without = new RegExp(words.filter((w) => w !== word).join('|'), 'i');
    const missed = PLAIN_PROBES.filter(
      ({ path, toolAgent }) => plain.test(path) && !without.test(path) && probePathSearched(path, { toolAgent }),
    );
    assert.ok(missed.length > 0, `no probe path needs '${word}'`);
  }
});
