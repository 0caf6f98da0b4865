/** Bad input never crashes the loader: arbitrary text and arbitrary documents give problems, not throws. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { loadConfigText } from '../../../node/config/load';

function checkResult(text: string): void {
  const r = loadConfigText(text, 'fuzz.yaml');
  const lines = text.split('\n').length;
  for (const p of 'errors' in r ? r.errors : r.warnings) {
    assert.ok(p.line >= 1 && p.line <= lines + 1 && p.col >= 1, `${p.line}:${p.col} ${p.message}`);
    assert.ok(p.message.length > 0);
  }
}

test('arbitrary text never throws and positions stay inside the file', () => {
  fc.assert(fc.property(fc.string({ maxLength: 300 }), checkResult), { numRuns: 300 });
  const yamlish = fc.array(
    fc.constantFrom(
      'mode: tcp-capture',
      'goreplay:',
      '  filter: ',
      "'eth0:80'",
      '  extra_args:',
      '    - -input-raw-vlan-vid',
      '    - 42',
      '- ',
      '[',
      ']',
      '{',
      ': ',
      '&a',
      '*a',
      '!!binary',
      '"',
      "'",
      '\t',
      '\n',
      '#',
      '---',
      '? ',
    ),
    { maxLength: 40 },
  );
  fc.assert(
    fc.property(yamlish, (parts) => checkResult(parts.join(''))),
    { numRuns: 500 },
  );
});

test('arbitrary documents and extra_args never throw', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 4 }), (doc) => checkResult(stringify({ mode: 'tcp-capture', goreplay: doc }))),
    { numRuns: 300 },
  );
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 3 }), (doc) => checkResult(stringify(doc))),
    { numRuns: 300 },
  );
  const arg = fc.oneof(
    fc.constantFrom(
      '-input-raw-vlan',
      '-input-raw-vlan-vid',
      '-input-raw-vxlan-vni',
      '-input-raw-engine',
      'vxlan',
      '-input-raw',
      ':80',
      '--',
      '-',
      '=',
      '-input-raw-promisc=',
      '-input-raw-expire',
    ),
    fc.string({ maxLength: 8 }),
    fc.integer(),
  );
  fc.assert(
    fc.property(fc.array(arg, { maxLength: 12 }), fc.string({ maxLength: 20 }), (args, filter) =>
      checkResult(stringify({ mode: 'tcp-capture', goreplay: { filter, extra_args: args } })),
    ),
    { numRuns: 500 },
  );
});

test('huge values are refused, not turned into nonsense limits', () => {
  for (const [key, value] of [
    ['max_flows', '1e20'],
    ['total_buffer_bytes', '1e20'],
    ['total_buffer_bytes', '2TiB'],
    ['header_bytes', '99999999999999999999'],
  ]) {
    const r = loadConfigText(`mode: tcp-capture\nlimits:\n  ${key}: ${value}\n`, 'x.yaml');
    assert.ok('errors' in r, `${key}: ${value}`);
    assert.equal(r.errors[0].line, 3);
  }
});
