import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { mayTraverse, traverses } from '../../../node/analysis/attacks/detectors/ptrav';

test('path traversal: the prefilter never refuses what the full test finds', () => {
  const fragments = [
    '..',
    '.',
    '/',
    '//',
    '\\',
    ':',
    '$',
    ';',
    '?',
    ' ',
    'x',
    'users',
    'api',
    '1',
    'c:',
    'C:',
    '0x2e',
    '0X2F',
    '0x5c',
    '%2e',
    '0x2e0x2e0x2f',
    '0X2E0x2E0x5C',
    'etc',
    'ETC',
    'passwd',
    'shadow',
    'proc',
    'self',
    'environ',
    'windows',
    'Win',
    'winnt',
    'win.ini',
    'boot.ini',
    'system32',
    'drivers',
    'config/sam',
    'web-inf',
    'web.xml',
    '.ssh',
    'id_rsa',
    '.htpasswd',
    'ntuser.dat',
    'var',
    'log',
    'nginx',
    'file:',
    'php://filter',
    'zip://',
    '//srv/c$',
    'İ',
    '\u212a',
    'global.asa',
    '....',
    'etcpasswd',
    // Whole sensitive paths, so that every word of the prefilter is met where it matters.
    'etc/passwd',
    'proc/1/cmdline',
    'windows/system32/',
    'winnt/win.ini',
    'boot.ini',
    'system32/config/sam',
    'web-inf/web.xml',
    '.ssh/authorized_keys',
    '.htpasswd',
    'users/bob/ntuser.dat',
    'var/log/nginx/',
    'ETC/SHADOW',
    'Var/Log/Apache2/',
  ];
  const value = fc.array(fc.constantFrom(...fragments), { maxLength: 10 }).map((a) => a.join(''));
  fc.assert(
    fc.property(value, fc.constantFrom('path' as const, 'query' as const), (v, kind) => {
      if (traverses(v, kind)) assert.ok(mayTraverse(v), JSON.stringify([v, kind]));
    }),
    { numRuns: 20000 },
  );
  // Found by the full test and refused by the prefilter would be a miss: the generator does reach traversals.
  assert.ok(
    traverses('/..//etc/passwd', 'query') && traverses('etc0x2fpasswd', 'path') && !mayTraverse('/api/v1/users/7/orders'),
  );
});
