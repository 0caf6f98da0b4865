import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { extractTarget } from '../../../node/analysis/attacks/points/target';
import type { RequestValue } from '../../../node/analysis/attacks/points/types';
import { targetPath } from '../../../node/http/request';
import { exploitPath, exploitPathSimply } from '../../../node/analysis/attacks/detector';

/**
 * The attack stage makes a request's path once (targetPath, detector.ts's pathAsSent) and hands
 * it to extractTarget, so that the profiles' endpoint lookup and the value memory hash one string.
 * The values read from the target are then exactly those extractTarget reads alone, for targets of
 * every form: origin, absolute with and without a path, asterisk, authority, with `?` and `#` in
 * either order, empty segments and parts.
 */
function values(target: string, path: string | null): RequestValue[] {
  const out: RequestValue[] = [];
  extractTarget(target, 8, (v) => (out.push(v), true), null, path);
  return out;
}

const partArb = fc.constantFrom(
  '/',
  '/',
  'a',
  'api',
  'v1',
  '2234',
  '?',
  '?',
  '#',
  '&',
  '=',
  'x=1',
  '%2f',
  '..',
  ':',
  '//',
  'http://h',
  'HTTP://h:8',
  '*',
  'é',
  ' ',
);
const targetArb = fc.array(partArb, { maxLength: 12 }).map((ps) => ps.join(''));

test('the path made once gives the values extractTarget reads alone', () => {
  fc.assert(
    fc.property(targetArb, (target) => {
      assert.deepEqual(values(target, targetPath(target)), values(target, null), JSON.stringify(target));
    }),
    { numRuns: 20000 },
  );
});

test('examples: segments, the whole path and the query, with the path given', () => {
  const read = (t: string): string[] => values(t, targetPath(t)).map((v) => `${v.kind}:${v.value}`);
  assert.deepEqual(read('/api/v1/users/2234?x=1#f'), [
    'path_segment:api',
    'path_segment:v1',
    'path_segment:users',
    'path_segment:2234',
    'path:/api/v1/users/2234',
    'key:x',
    'query:1',
  ]);
  // An absolute-form target is also one value up to its query (branch i18-points2).
  assert.deepEqual(read('http://h'), ['target:http://h', 'path:/']);
  assert.deepEqual(read('http://h/a#b?c=1'), ['target:http://h/a', 'path_segment:a', 'path:/a']);
  assert.deepEqual(read('/a?b#c?d'), ['path_segment:a', 'path:/a', 'query:b']);
});

test('the known-exploit lookup takes that path only where it is the target up to `?`', () => {
  fc.assert(
    fc.property(targetArb, (target) => {
      assert.equal(
        exploitPath(target, { pathAsSent: () => targetPath(target) }),
        exploitPathSimply(target),
        JSON.stringify(target),
      );
    }),
    { numRuns: 20000 },
  );
  const shared = { pathAsSent: () => targetPath('/a/b?c') };
  assert.equal(exploitPath('/a/b?c', shared), '/a/b');
  assert.equal(exploitPath('/a#b?c', { pathAsSent: () => targetPath('/a#b?c') }), '/a#b');
  assert.equal(exploitPath('http://h/x?y', { pathAsSent: () => targetPath('http://h/x?y') }), '/x');
});
