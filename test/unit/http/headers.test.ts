import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { headerValue, isNamed } from '../../../node/http/headers';

test('isNamed is n.toLowerCase() === lower, for any spelling', () => {
  const names = ['host', 'x-forwarded-host', 'content-type', 'keep-alive', 'k', ''];
  const spelling = fc
    .constantFrom(...names)
    .chain((name) =>
      fc.tuple(
        fc.constant(name),
        fc.array(fc.constantFrom('lower', 'upper', 'kelvin', 'other'), { minLength: name.length, maxLength: name.length }),
      ),
    )
    .map(
      ([name, how]) =>
        [
          name,
          [...name]
            .map((ch, i) =>
              how[i] === 'upper'
                ? ch.toUpperCase()
                : how[i] === 'kelvin' && ch === 'k'
                  ? '\u212a'
                  : how[i] === 'other'
                    ? String.fromCharCode(ch.charCodeAt(0) ^ 0x20)
                    : ch,
            )
            .join(''),
        ] as const,
    );
  fc.assert(
    fc.property(spelling, fc.constantFrom(...names), fc.string({ maxLength: 3, unit: 'binary' }), ([, n], lower, tail) => {
      assert.equal(isNamed(n, lower), n.toLowerCase() === lower, JSON.stringify([n, lower]));
      assert.equal(isNamed(n + tail, lower), (n + tail).toLowerCase() === lower);
    }),
    { numRuns: 3000 },
  );
});

test('headerValue: the first value of the name, in any case', () => {
  const headers: Array<[string, string]> = [
    ['Accept', '*/*'],
    ['HOST', 'a.example'],
    ['host', 'b.example'],
  ];
  assert.equal(headerValue(headers, 'host'), 'a.example');
  assert.equal(headerValue(headers, 'accept'), '*/*');
  assert.equal(headerValue(headers, 'cookie'), null);
});
