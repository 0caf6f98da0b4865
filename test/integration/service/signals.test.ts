/**
 * What systemd and logrotate do to the service: SIGHUP after the log files were renamed (both
 * logs continue in new files), SIGTERM while connections are in flight (every transaction is in
 * the output, unanswered ones with response null, exit 0 within 10 s), a bad config at start (one
 * line naming file:line:col, exit 78, nothing left running).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cliArgs } from '../../support/cli';
import { apiExchanges, type ConversationPlan } from '../../../node/sample/scenarios';
import { writeNodeYaml } from '../../../node/cloud/node-yaml';
import { registeredNode, startCloud, tempDir } from '../cloud/helpers';
import { BURST, readRecords, sendAll, sendPaced, startNode, stopNode, until, vxlanDatagrams } from './harness';

const dirs: string[] = [];
after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
function dir(): string {
  const d = tempDir('aio-sig');
  dirs.push(d);
  return d;
}

function lines(file: string): string[] {
  return fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
    : [];
}

function conversation(i: number, target: string): ConversationPlan {
  return {
    opts: { client: `192.0.2.${10 + i}`, server: '198.51.100.5', clientPort: 42000 + i },
    exchanges: [{ target, responseBody: 'ok' }],
  };
}

test('SIGHUP after logrotate renamed the files: the log and the access log continue in new files', async () => {
  const d = dir();
  const log = path.join(d, 'node.log');
  const access = path.join(d, 'access.log');
  const node = await startNode(d, {
    yaml: `log:\n  log_file: ${log}\n  access_log:\n    enabled: true\n    log_file: ${access}\n`,
  });
  try {
    await sendAll(node.ports.udp, vxlanDatagrams([conversation(0, '/before')]));
    await until(
      () => lines(access).length === 1,
      10_000,
      () => `no access log line:\n${lines(log).join('\n')}`,
    );
    fs.renameSync(log, `${log}.1`);
    fs.renameSync(access, `${access}.1`);
    node.child.kill('SIGHUP');
    await until(
      () => lines(log).some((l) => l.includes('log files reopened (SIGHUP)')),
      10_000,
      () => 'the log was not reopened',
    );
    await sendAll(node.ports.udp, vxlanDatagrams([conversation(1, '/after?token=s3cret')]));
    await until(
      () => lines(access).length === 1,
      10_000,
      () => 'no access log line in the new file',
    );
    assert.equal(JSON.parse(lines(access)[0]).target, '/after?token=***');
    assert.equal((await node.metrics()).get('aio_access_log_lines_total'), 2);
    assert.deepEqual(
      lines(`${access}.1`).map((l) => JSON.parse(l).target),
      ['/before'],
    );
    assert.ok(lines(`${log}.1`).some((l) => l.includes('capture started')));
    assert.ok(!lines(log).some((l) => l.includes('capture started')));
    const { code } = await stopNode(node);
    assert.equal(code, 0);
    assert.ok(lines(log).some((l) => l.includes('capture stopped, draining')));
  } finally {
    node.child.kill('SIGKILL');
  }
});

test('SIGTERM under load: every transaction sent is in the output, open ones emitted without response; exit 0 within 10 s', async (t) => {
  const d = dir();
  const node = await startNode(d, { emit: 'transaction' });
  try {
    const plans: ConversationPlan[] = [];
    for (let i = 0; i < 60; i++) {
      const inFlight = i % 4 === 0;
      plans.push({
        opts: { client: `10.20.${i >> 8}.${i & 255}`, server: '10.30.0.1', clientPort: 30000 + i },
        // In flight at SIGTERM: the last request has no answer yet and the connection stays open.
        exchanges: inFlight ? [...apiExchanges(i).slice(0, 2), { target: `/slow/${i}`, noResponse: true }] : apiExchanges(i),
        close: inFlight ? 'none' : 'fin',
      });
    }
    const datagrams = vxlanDatagrams(plans);
    // Paced, then the last burst is still queued in the kernel when SIGTERM comes.
    await sendPaced(node, datagrams.slice(0, -BURST));
    await sendAll(node.ports.udp, datagrams.slice(-BURST));
    const before = (await node.metrics()).get('aio_capture_packets_total');
    const { code, ms } = await stopNode(node);
    assert.equal(code, 0, node.stderr());
    t.diagnostic(`${datagrams.length} datagrams sent, ${before} read before SIGTERM; exit after ${ms} ms`);
    const stats = node
      .log()
      .split('\n')
      .filter((l) => l.includes('"msg":"stats"'))
      .map((l) => JSON.parse(l))
      .pop();
    assert.equal(stats.kernel_dropped, 0, 'loopback must not drop at this pace; otherwise the comparison below means nothing');
    assert.equal(stats.packets, datagrams.length);
    const got = readRecords(node.output).filter((r) => r.type === 'transaction');
    const expected = plans.reduce((n, p) => n + p.exchanges.length, 0);
    assert.equal(got.length, expected, `records written vs transactions sent (drain took ${ms} ms)`);
    const slow = got.filter((r) => r.request.target.startsWith('/slow/'));
    assert.equal(slow.length, 15);
    assert.ok(slow.every((r) => r.response === null));
    assert.equal(new Set(got.map((r) => `${r.flow.src} ${r.request.target}`)).size, expected, 'each exactly once');
  } finally {
    node.child.kill('SIGKILL');
  }
});

test('SIGTERM right after the traffic: every attack reaches the cloud before exit; metrics agreed with the records', async () => {
  const cloud = await startCloud();
  const d = dir();
  try {
    const nodeYaml = path.join(d, 'node.yaml');
    const creds = await registeredNode(cloud);
    writeNodeYaml(nodeYaml, creds);
    const node = await startNode(d, { nodeYaml, emit: 'attack' });
    try {
      const plans: ConversationPlan[] = [];
      for (let i = 0; i < 20; i++)
        plans.push(conversation(i, `/search?q=1%27%20UNION%20SELECT%20password%20FROM%20users--&n=${i}`));
      await sendPaced(node, vxlanDatagrams(plans));
      await until(
        async () => (await node.metrics()).get('aio_attack_records_total{verdict="attempt"}') === 20,
        10_000,
        () => 'attacks not counted',
      );
      const m = await node.metrics();
      assert.equal(m.get('aio_attacks_total{class="sqli"}'), 20);
      assert.ok(m.has('aio_export_spool_bytes'), 'registered: export series present');
      const { code } = await stopNode(node);
      assert.equal(code, 0, node.stderr());
      const local = readRecords(node.output).filter((r) => r.type === 'attack');
      assert.equal(local.length, 20);
      const remote = await cloud.store.events({ type: 'attack' });
      assert.equal(remote.length, 20);
      assert.deepEqual(
        new Set(remote.map((e) => (e.request as { target: string }).target)),
        new Set(local.map((r) => r.request.target)),
      );
      assert.ok(remote.every((e) => e.node_uuid === creds.uuid));
    } finally {
      node.child.kill('SIGKILL');
    }
  } finally {
    await cloud.close();
  }
});

test('a config error at start: the problem at its line, one summary line, exit 78, nothing keeps running', () => {
  const d = dir();
  const config = path.join(d, 'go-node.yaml');
  fs.writeFileSync(
    config,
    `version: 4\nmode: tcp-capture\ngoreplay:\n  filter: ':80'\nroute_config:\n  routes:\n    - route: '~ (['\n`,
  );
  const r = spawnSync(process.execPath, cliArgs('run', '--config', config, '--status-listen', 'off'), {
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(r.status, 78, r.stderr);
  const out = r.stderr.trim().split('\n');
  assert.match(out[0], new RegExp(`^${config.replace(/[.]/g, '\\.')}:7:14: route "~ \\(\\[": bad regular expression`));
  assert.match(out[out.length - 1], /is not valid \(1 problem\); fix it, then check with "native-node check-config/);
  assert.equal(out.length, 2);
});

test('an --output that cannot be written is one error line; the service runs on and exits 0', async () => {
  const d = dir();
  fs.mkdirSync(path.join(d, 'records.jsonl')); // a directory where the output file should be
  const node = await startNode(d);
  try {
    await sendAll(node.ports.udp, vxlanDatagrams([conversation(0, '/x')]));
    await until(
      async () => (await node.metrics()).get('aio_transactions_analyzed_total') === 1,
      10_000,
      () => 'not analysed',
    );
    const { code } = await stopNode(node);
    assert.equal(code, 0, node.stderr());
    assert.match(node.log(), /"msg":"cannot write --output; records are no longer written there".*EISDIR/);
  } finally {
    node.child.kill('SIGKILL');
  }
});
