import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ibanValid, luhn, sensitiveKinds } from '../../../node/analysis/discovery/sensitive';
import { classifyText, variableSegment } from '../../../node/analysis/discovery/values';

test('sensitive kinds: checksummed or strict shapes need no context; weak shapes need a context word', () => {
  const cases: Array<[string, string, string[]]> = [
    ['contact', 'jane.doe@example.org', ['email']],
    ['cc', '4111 1111 1111 1111', ['card']],
    ['ref', '4111 1111 1111 1112', []], // Luhn fails
    ['order_no', '1234567812345678', []], // passes no prefix test and no context
    ['card_number', '6011000990139424', ['card']],
    ['account', 'DE89370400440532013000', ['iban']],
    ['account', 'DE89370400440532013001', []], // mod-97 fails
    ['phone', '(555) 123-4567', ['phone']],
    ['quantity', '5551234567', []],
    ['x', '+4915123456789', ['phone']],
    ['ssn', '123-45-6789', ['national_id']],
    ['date', '123-45-6789', []],
    ['password', 'hunter2', ['password']],
    ['api_key', 'k-83jd8s0d7f', ['api_key']],
    ['x', 'AKIAIOSFODNN7EXAMPLE', ['api_key']],
    ['client_token', 'a8f9d0s8f7g6h5j4k3l2', ['secret']],
    ['description', 'a8f9d0s8f7g6h5j4k3l2', []],
    ['origin', '10.1.2.3', ['ip']],
    ['version', '1.2.3', []],
  ];
  for (const [name, value, want] of cases) assert.deepEqual(sensitiveKinds(name, value).sort(), want, `${name}=${value}`);
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.sig';
  assert.deepEqual(sensitiveKinds('t', jwt), ['jwt']);
});

test('checksums: Luhn and IBAN mod-97', () => {
  assert.equal(luhn('79927398713'), true);
  assert.equal(luhn('79927398710'), false);
  assert.equal(ibanValid('GB82WEST12345698765432'), true);
  assert.equal(ibanValid('GB82WEST12345698765433'), false);
});

test('value types and formats; variable path segments by evidence only', () => {
  assert.deepEqual(classifyText('42'), { type: 'integer', format: null });
  assert.deepEqual(classifyText('4.2'), { type: 'number', format: null });
  assert.deepEqual(classifyText('true'), { type: 'boolean', format: null });
  assert.deepEqual(classifyText('2024-02-30T10:00:00Z'), { type: 'string', format: 'date-time' });
  assert.deepEqual(classifyText('7f1c2a4e-1b2c-4d5e-8f90-a1b2c3d4e5f6'), { type: 'string', format: 'uuid' });
  assert.deepEqual(classifyText('hello world'), { type: 'string', format: null });
  const segs: Array<[string, string | null]> = [
    ['123', 'id'],
    ['me', null],
    ['v1', null],
    ['users', null],
    ['2fa', null],
    ['9e107d9d372bb6826bd81d3542a419d6', 'id'],
    ['2024-01-31', 'date'],
    ['2024-13-01', null],
    ['a@b.io', 'email'],
    ['deadbeefdeadbeef', null],
  ];
  for (const [seg, want] of segs) assert.equal(variableSegment(seg), want, seg);
});
