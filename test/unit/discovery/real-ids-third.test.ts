/**
 * Value classes of ids and names, third round (docs/api-discovery.md "… (branch i19-ids3)"): generated codes whose
 * letters happen to read as words (`CDVei0`, `BujgNi`, `iDiey3`), judged beside the codes of their position.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeShape } from '../../../node/analysis/discovery/values';
import { inventoryLines } from './inventory-examples';

/** `[METHOD /path, JSON answer]` pairs (GET when no method; an empty answer is a 204): the inventory's `METHOD template` lines. */
const templatesByAnswer = (requests: Array<[string, string]>): string[] => inventoryLines(requests, { emptyIs204: true });

test('codeShape: letters and digits of an id, not the case of a name', () => {
  for (const s of ['CDVei0', 'BujgNi', 'iDiey3', 'KYPhuPWG', '5DW44JZo', '8qndzbfm', 'qZkiKa'])
    assert.equal(codeShape(s), true, s);
  for (const s of ['request', 'getStats', 'GitHub', 'AllTeams', 'oauth2', 'HTTP2', 'Route53', 'users', 'v1.3.2', 'ab12'])
    assert.equal(codeShape(s), false, s);
});

test('a code whose letters read as words, leading where the codes beside it lead, is one of them (/floating-ips/{id}/release)', () => {
  assert.deepEqual(
    templatesByAnswer([
      ['POST /v3/floating-ips/5DW44JZo/release', ''],
      ['POST /v3/floating-ips/CDVei0/release', ''],
      ['POST /v3/floating-ips/KYPhuPWG/release', ''],
      ['POST /v3/floating-ips/RoqVdE/release', ''],
      ['POST /v3/floating-ips/request', '"gold"'],
      ['/v3/floating-ips', '[{"IpAddress":"x"}]'],
    ]),
    ['GET /v3/floating-ips', 'POST /v3/floating-ips/request', 'POST /v3/floating-ips/{id}/release'],
  );
});

test('codes deleted with empty answers: a code whose letters read as words, deleted as they are, is one of them (jEqqLo)', () => {
  assert.deepEqual(
    templatesByAnswer([
      ['DELETE /store/reference/e4GBVF', '{}'],
      ['DELETE /store/reference/JWcFwJW', '{}'],
      ['DELETE /store/reference/jEqqLo', '{}'],
      ['/store/reference/jEqqLo/metadata', '{"md5":"m","arn":"a"}'],
    ]),
    ['DELETE /store/reference/{id}', 'GET /store/reference/{id}/metadata'],
  );
});

test('look-alike: a camelCase name beside codes, leading where they lead, stays literal (getStats)', () => {
  assert.deepEqual(
    templatesByAnswer([
      ['POST /v3/floating-ips/5DW44JZo/release', ''],
      ['POST /v3/floating-ips/KYPhuPWG/release', ''],
      ['POST /v3/floating-ips/RoqVdE/release', ''],
      ['POST /v3/floating-ips/getStats/release', ''],
    ]),
    ['POST /v3/floating-ips/getStats/release', 'POST /v3/floating-ips/{id}/release'],
  );
});

test('look-alike: capitalised words beside codes, leading where they lead, stay literal (GitHub)', () => {
  assert.deepEqual(
    templatesByAnswer([
      ['POST /v3/floating-ips/5DW44JZo/release', ''],
      ['POST /v3/floating-ips/KYPhuPWG/release', ''],
      ['POST /v3/floating-ips/RoqVdE/release', ''],
      ['POST /v3/floating-ips/GitHub/release', ''],
    ]),
    ['POST /v3/floating-ips/GitHub/release', 'POST /v3/floating-ips/{id}/release'],
  );
});

test("look-alike: a word in the codes' alphabet leading elsewhere, far longer, or beside one code only, stays literal", () => {
  assert.deepEqual(
    templatesByAnswer([
      ['POST /v3/floating-ips/5DW44JZo/release', ''],
      ['POST /v3/floating-ips/KYPhuPWG/release', ''],
      ['POST /v3/floating-ips/openAPI/images', ''],
      ['POST /v3/floating-ips/SAMLProviders/release', ''],
      ['POST /v3/keys/KYPhuPWG/rotate', ''],
      // `BudgNiQ` reads as a word by its letters; `BujgNiQ` was here before i19-actions, whose `jg` no word has (values.ts NO_WORD_PAIR).
      ['POST /v3/keys/BudgNiQ/rotate', ''],
    ]),
    [
      'POST /v3/floating-ips/SAMLProviders/release',
      'POST /v3/floating-ips/openAPI/images',
      'POST /v3/floating-ips/{id}/release',
      'POST /v3/keys/BudgNiQ/rotate',
      'POST /v3/keys/{id}/rotate',
    ],
  );
});

test('a lower-case code with a digit inside, read as the codes beside it are with nothing to compare, is one of them (/media/lvs4wqix)', () => {
  assert.deepEqual(
    templatesByAnswer([
      ['/media/SXfnpgKbL', '"delta"'],
      ['DELETE /media/SXfnpgKbL', ''],
      ['DELETE /media/m0YBx3aAQi', ''],
      ['/media/lvs4wqix', '"jade"'],
      ['/media/lvs4wqix', '"lotus"'],
    ]),
    ['DELETE /media/{id}', 'GET /media/{id}'],
  );
});

test('look-alike: a name with its number where names put it, read beside codes with nothing to compare, stays literal (HTTP2Push)', () => {
  assert.deepEqual(
    templatesByAnswer([
      ['/media/SXfnpgKbL', '"delta"'],
      ['DELETE /media/SXfnpgKbL', ''],
      ['DELETE /media/m0YBx3aAQi', ''],
      ['/media/HTTP2Push', '"jade"'],
    ]),
    ['DELETE /media/{id}', 'GET /media/HTTP2Push', 'GET /media/{id}'],
  );
});
