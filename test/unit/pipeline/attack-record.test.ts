import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAttackEngine } from '../../../node/analysis/attack-engine';
import { TransactionAnalyzer } from '../../../node/analysis/transaction-analyzer';
import { defaultConfig } from '../../../node/config/load';
import type { AttackRecord, NodeRecord } from '../../../node/records/types';
import { tx } from '../attacks/helpers';

test('attack records mask credentials in the target and headers but keep the offending value', () => {
  const config = defaultConfig();
  const records: NodeRecord[] = [];
  const analyzer = new TransactionAnalyzer({
    config,
    produce: new Set(['attack']),
    sink: { write: (r) => records.push(r) },
    attacks: createAttackEngine(config),
  });
  analyzer.analyze(
    tx({
      method: 'GET',
      target: "/login?user=admin&password=hunter2&q=1'%20OR%20'1'='1'--",
      headers: [
        ['Host', 'shop.test'],
        ['Authorization', 'Basic YWxhZGRpbjpvcGVuc2VzYW1l'],
      ],
    }),
  );
  assert.equal(records.length, 1);
  const a = records[0] as AttackRecord;
  assert.equal(a.type, 'attack');
  assert.doesNotMatch(a.request.target, /hunter2/);
  assert.match(a.request.target, /user=admin/);
  assert.doesNotMatch(JSON.stringify(a.request.headers), /YWxhZGRpbjpvcGVuc2VzYW1l/);
  assert.ok(a.hits.some((h) => h.class === 'sqli' && h.point.join('.') === 'query.q' && h.value.includes("' OR '1'='1'")));
});

test('a 3xx that sends the client to the host a redirect parameter named is an open redirect record, succeeded', () => {
  const config = defaultConfig();
  const records: NodeRecord[] = [];
  const analyzer = new TransactionAnalyzer({
    config,
    produce: new Set(['attack']),
    sink: { write: (r) => records.push(r) },
    attacks: createAttackEngine(config),
  });
  const away = { status: 302, headers: [['Location', 'https://evil.example.net/']] as Array<[string, string]> };
  analyzer.analyze(tx({ target: '/login?next=https://evil.example.net/', headers: [['Host', 'shop.test']], response: away }));
  analyzer.analyze(
    tx({ target: '/login?next=https://partner.example.org/', headers: [['Host', 'shop.test']], response: { status: 200 } }),
  );
  assert.equal(records.length, 1);
  const a = records[0] as AttackRecord;
  assert.deepEqual(a.hits, [{ class: 'redir', point: ['query', 'next'], value: 'https://evil.example.net/' }]);
  assert.equal(a.verdict, 'succeeded');
});
