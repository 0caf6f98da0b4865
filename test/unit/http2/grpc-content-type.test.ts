/**
 * grpcContentType (node/grpc/messages.ts) with its pre-test against the function it was before
 * (docs/performance.md "Allocation and GC per transaction (branch i22-gc)"): the pre-test only
 * answers null where the essence and its pattern would have. Content types built from the pieces
 * that matter: blanks trim() removes (Unicode ones included), any case, letters that lower-case
 * to ASCII (the Kelvin sign, dotted capital I), parameters, suffixes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { grpcContentType, grpcEssenceType, type GrpcContentType } from '../../../node/grpc/messages';
import { mediaTypeEssence } from '../../../node/http/request';

/** The function before the pre-test: the essence, then its pattern. */
function reference(contentType: string | null): GrpcContentType | null {
  return contentType === null ? null : grpcEssenceType(mediaTypeEssence(contentType));
}

const blank = fc.constantFrom('', ' ', '\t', '\n', '\u00a0', '\ufeff', '\u2028', '\u3000', '\u200b');
const word = fc.constantFrom('application', 'APPLICATION', 'Application', 'appl\u0130cation', 'text', 'app');
const sub = fc.constantFrom('grpc', 'GRPC', 'gRPC', 'grpc-web', 'grpc-web-text', 'Grpc-Web-Text', 'grpcx', 'json', 'grp');
const suffix = fc.constantFrom('', '+proto', '+json', '+JSON', '+xml', '+', '+\u212aey');
const params = fc.constantFrom('', ';', '; charset=utf-8', ' ;q=1', ';a=b;c');

test('grpcContentType with its pre-test answers as the essence and pattern alone', () => {
  fc.assert(
    fc.property(blank, word, fc.constantFrom('/', '//', ' /'), sub, suffix, blank, params, (b1, w, slash, s, x, b2, p) => {
      const text = `${b1}${w}${slash}${s}${x}${b2}${p}`;
      assert.deepEqual(grpcContentType(text), reference(text), JSON.stringify(text));
    }),
    { numRuns: 5000 },
  );
  fc.assert(
    fc.property(fc.string({ maxLength: 30 }), (text) => {
      assert.deepEqual(grpcContentType(text), reference(text));
    }),
  );
});

test('grpcContentType: examples (gRPC types in any case and blanks; look-alikes are not)', () => {
  assert.deepEqual(grpcContentType(' \u00a0Application/GRPC-Web+json ; charset=utf-8'), { wire: 'grpc-web', codec: 'json' });
  assert.deepEqual(grpcContentType('application/grpc'), { wire: 'grpc', codec: 'proto' });
  assert.equal(grpcContentType('application/json'), null);
  assert.equal(grpcContentType('application/grpcx'), null);
  assert.equal(grpcContentType('appl\u0130cation/grpc'), null);
  assert.equal(grpcContentType(null), null);
});
