/** input_filters and route_config as the analyzer applies them, and the access log line it feeds. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnalysisOutcome } from '../../../node/analysis/transaction-analyzer';
import { buildNode } from '../../../node/node-builder';
import { shouldInspect, type FilterSubject } from '../../../node/analysis/input-filter';
import fs from 'node:fs';
import { createLogger, openLogSink, type LogSink } from '../../../node/config/logger';
import type { HeaderList, HttpTransaction } from '../../../node/http/types';
import { AccessLog } from '../../../node/log/access-log';
import type { NodeRecord } from '../../../node/records/types';
import { onlyProblem, valid } from '../config/helpers';
import { tx } from '../attacks/helpers';

const HEAD = 'version: 4\nmode: tcp-capture\n';

function filters(yaml: string) {
  return valid(`${HEAD}input_filters:\n${yaml}`).config.inputFilters;
}

function subject(path: string, headers: HeaderList = [], clientIp = '10.0.0.2', target = path): FilterSubject {
  return { path, target, headers, clientIp };
}

test('input filter matrix: AND inside a rule, OR across rules, bypass wins, no inspect = everything', () => {
  const f = filters(`  inspect:
    - path: '^/api/'
      headers:
        Content-Type: ['^application/json', '^text/xml']
    - ip_addresses: [192.0.2.0/24, '2001:db8::/32']
  bypass:
    - url: 'debug=1'
    - path: '^/api/health$'
    - headers:
        user-agent: '^kube-probe/'
      ip_addresses: [10.0.0.0/8]
`);
  const json: HeaderList = [['content-type', 'application/json']];
  const cases: Array<[string, FilterSubject, boolean]> = [
    ['path and header match', subject('/api/x', json), true],
    ['path matches, header missing', subject('/api/x'), false],
    ['second pattern of a header list', subject('/api/x', [['Content-Type', 'text/xml']]), true],
    ['header matches, path does not', subject('/web', json), false],
    ['inspected by address (v4)', subject('/web', [], '192.0.2.77'), true],
    ['inspected by address (v6)', subject('/web', [], '2001:db8::5'), true],
    ['neither rule', subject('/web', [], '198.51.100.1'), false],
    ['bypass by url beats inspect', subject('/api/x', json, '10.0.0.2', '/api/x?debug=1'), false],
    ['bypass by path', subject('/api/health', json), false],
    [
      'bypass needs both conditions: probe from 10/8',
      subject('/api/x', [...json, ['User-Agent', 'kube-probe/1.29']], '10.1.2.3'),
      false,
    ],
    [
      'bypass needs both conditions: probe from elsewhere',
      subject('/api/x', [...json, ['User-Agent', 'kube-probe/1.29']], '192.0.2.9'),
      true,
    ],
  ];
  for (const [name, s, expected] of cases) assert.equal(shouldInspect(f, s), expected, name);
  const onlyBypass = filters(`  bypass:\n    - path: '^/static/'\n`);
  assert.equal(shouldInspect(onlyBypass, subject('/x')), true);
  assert.equal(shouldInspect(onlyBypass, subject('/static/a.js')), false);
});

test('a bad filter regex or CIDR is reported at its line', () => {
  onlyProblem(`${HEAD}input_filters:\n  bypass:\n    - path: '^/(a'\n`, 5, 13, /bad regular expression/);
  onlyProblem(`${HEAD}input_filters:\n  inspect:\n    - headers:\n        X-A: ['ok', '(']\n`, 6, 21, /bad regular expression/);
  onlyProblem(`${HEAD}input_filters:\n  inspect:\n    - ip_addresses: [10.0.0.0/33]\n`, 5, 22, /bad CIDR/);
});

function analyzer(yaml: string, observe?: (tx: HttpTransaction, o: AnalysisOutcome) => void) {
  const config = valid(`${HEAD}${yaml}`).config;
  const records: NodeRecord[] = [];
  const a = buildNode(config, new Set(['transaction', 'attack']), { write: (r) => records.push(r) }, undefined, observe).analyzer;
  return { a, records };
}

const ATTACK = '/search?q=1%27%20UNION%20SELECT%20password%20FROM%20users--';

test('bypassed requests yield nothing and are counted; mode off records without attack search; applications stamped', () => {
  const seen: AnalysisOutcome[] = [];
  const { a, records } = analyzer(
    `route_config:
  wallarm_application: 5
  routes:
    - route: /internal/
      wallarm_mode: 'off'
    - host: 'api.*'
      wallarm_application: 7
input_filters:
  bypass:
    - path: '^/health'
`,
    (_tx, o) => seen.push(o),
  );
  a.analyze(tx({ target: '/health' }));
  assert.equal(records.length, 0);
  assert.equal(a.counters.bypassed, 1);
  assert.equal(a.counters.transactions, 0);

  a.analyze(tx({ target: `/internal${ATTACK}` }));
  assert.deepEqual(
    records.map((r) => [r.type, r.application]),
    [['transaction', 5]],
  );
  assert.equal(a.counters.modeOff, 1);
  assert.equal(a.counters.attacks, 0);

  records.length = 0;
  a.analyze(tx({ target: ATTACK, headers: [['Host', 'api.example.com']] }));
  assert.deepEqual(
    records.map((r) => [r.type, r.application]),
    [
      ['transaction', 7],
      ['attack', 7],
    ],
  );
  assert.equal(a.counters.attacks, 1);
  assert.equal(a.counters.attacksByClass.sqli, 1);
  assert.equal(a.counters.attacksByVerdict.attempt, 1);
  assert.deepEqual(
    seen.map((o) => [o.application, o.attackClasses]),
    [
      [5, []],
      [7, ['sqli']],
    ],
  );
});

test('without route_config records carry no application field; proxy headers decide host for routes', () => {
  const plain = analyzer('');
  plain.a.analyze(tx({ target: '/' }));
  assert.equal('application' in plain.records[0], false);
  const proxied = analyzer(`proxy_headers:
  - original_host: [X-Forwarded-Host]
route_config:
  routes:
    - host: shop.example.com
      wallarm_application: 3
`);
  proxied.a.analyze(
    tx({
      target: '/',
      headers: [
        ['Host', 'lb.internal'],
        ['X-Forwarded-Host', 'shop.example.com'],
      ],
    }),
  );
  assert.equal(proxied.records[0].application, 3);
});

class MemorySink implements LogSink {
  lines: string[] = [];
  write(line: string): void {
    this.lines.push(line);
  }
  reopen(): void {}
  close(): void {}
}

test('access log line: fields, timing, masked target; verbose adds masked headers', () => {
  const t = tx({
    target: '/login?user=bob&password=hunter2',
    headers: [
      ['Host', 'shop.example'],
      ['Authorization', 'Bearer abc.def'],
      ['Cookie', 'sid=123'],
    ],
    body: 'x'.repeat(10),
    response: { status: 200, headers: [['Set-Cookie', 'sid=999; HttpOnly']], body: 'hello' },
  });
  t.request.startTs = 1_700_000_000_000_000;
  t.response!.endTs = t.request.startTs + 12_345;
  const outcome: AnalysisOutcome = {
    who: { clientIp: '203.0.113.9', host: 'shop.example' },
    application: 4,
    attackClasses: ['sqli', 'xss'],
  };
  const sink = new MemorySink();
  new AccessLog(sink, false).write(t, outcome);
  const line = JSON.parse(sink.lines[0]);
  assert.deepEqual(line, {
    ts: '2023-11-14T22:13:20.000000Z',
    client_ip: '203.0.113.9',
    host: 'shop.example',
    method: 'GET',
    target: '/login?user=bob&password=***',
    status: 200,
    request_body_bytes: 10,
    response_body_bytes: 5,
    duration_ms: 12.35,
    attacks: ['sqli', 'xss'],
    src: '10.0.0.2:40000',
    dst: '10.0.0.1:80',
    application: 4,
  });
  const verbose = new MemorySink();
  new AccessLog(verbose, true).write(t, outcome);
  const v = JSON.parse(verbose.lines[0]);
  assert.deepEqual(v.request_headers, [
    ['Host', 'shop.example'],
    ['Authorization', 'Bearer ***'],
    ['Cookie', 'sid=***'],
  ]);
  assert.deepEqual(v.response_headers, [['Set-Cookie', 'sid=***; HttpOnly']]);
  assert.doesNotMatch(verbose.lines[0], /hunter2|abc\.def|999/);
});

test('route_config without routes: its own mode and application apply to every request', () => {
  const { a, records } = analyzer(`route_config:\n  wallarm_application: 12\n  wallarm_mode: 'off'\n`);
  a.analyze(tx({ target: ATTACK }));
  assert.deepEqual(
    records.map((r) => [r.type, r.application]),
    [['transaction', 12]],
  );
  assert.equal(a.counters.modeOff, 1);
  assert.equal(a.counters.attacks, 0);
});

test('an access log that cannot be written counts lost lines and never throws', () => {
  let fail = true;
  const sink: LogSink = {
    write: () => {
      if (fail) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    },
    reopen() {},
    close() {},
  };
  const log = new AccessLog(sink, false);
  const outcome: AnalysisOutcome = { who: { clientIp: '203.0.113.9', host: 'h' }, application: -1, attackClasses: [] };
  log.write(tx({ target: '/' }), outcome);
  fail = false;
  log.write(tx({ target: '/' }), outcome);
  assert.deepEqual(log.counters, { lines: 1, writeErrors: 1 });
});

test('a log file on a full disk loses lines without throwing (/dev/full)', { skip: !fs.existsSync('/dev/full') }, () => {
  const log = createLogger({ level: 'info', pretty: false, logFile: '/dev/full' });
  assert.doesNotThrow(() => log.info('attack detected', { target: '/x' }));
  log.close();
  const access = new AccessLog(openLogSink('/dev/full'), false);
  access.write(tx({ target: '/' }), { who: { clientIp: '203.0.113.9', host: 'h' }, application: -1, attackClasses: [] });
  assert.deepEqual(access.counters, { lines: 0, writeErrors: 1 });
  access.close();
});
