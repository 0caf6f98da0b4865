import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { Exporter, type ExporterOptions } from '../../../node/cloud/exporter';
import type { NodeRecord } from '../../../node/records/types';
import { startCloudExport } from '../../../node/cloud/cloud-link';
import { writeNodeYaml } from '../../../node/cloud/node-yaml';
import { Spool } from '../../../node/cloud/spool';
import { type CloudServer } from '../../../cloud/server';
import { consoleLogin, recordingLogger, registeredNode, startCloud, tempDir, waitFor } from './helpers';

const servers: CloudServer[] = [];
const exporters: Exporter[] = [];
// A failed assertion must not leave an exporter retrying forever (the test file would never exit).
after(async () => {
  await Promise.all(exporters.map((e) => e.close(100)));
  await Promise.all(servers.map((s) => s.close()));
});

async function cloud(opts: Parameters<typeof startCloud>[0] = {}) {
  const s = await startCloud(opts);
  servers.push(s);
  return s;
}

/** An exporter with test-sized timings, registered on `server`. */
async function exporterFor(server: CloudServer, over: Partial<ExporterOptions> = {}, tls = false) {
  const creds = await registeredNode(server, tls);
  const logger = recordingLogger();
  const spoolDir = over.spoolDir ?? path.join(tempDir('state'), 'spool');
  const exporter = new Exporter({
    target: creds,
    credentials: creds,
    spoolDir,
    logger,
    version: '0.1.0',
    configSha256: 'ab'.repeat(32),
    batchMaxRecords: 10,
    batchMaxDelayMs: 30,
    heartbeatIntervalMs: 100,
    retryBaseMs: 10,
    retryMaxMs: 100,
    requestTimeoutMs: 2000,
    ...over,
  });
  exporters.push(exporter);
  return { exporter, logger, creds, spoolDir };
}

function vuln(n: number): NodeRecord {
  return {
    type: 'vulnerability',
    ts: new Date().toISOString(),
    flow: { src: '10.0.0.1:1234', dst: '10.0.0.2:80' },
    client_ip: '10.0.0.1',
    host: 'shop',
    seq: n,
  };
}

function attack(n: number): NodeRecord {
  return {
    type: 'attack',
    ts: new Date().toISOString(),
    flow: { src: '10.0.0.1:1234', dst: '10.0.0.2:80' },
    client_ip: '10.0.0.1',
    host: 'shop',
    request: { method: 'GET', target: '/etc/passwd', headers: [] },
    response: null,
    hits: [{ class: 'ptrav', point: ['path'], value: '/etc/passwd' }],
    verdict: 'attempt',
    seq: n,
  };
}

/** Asserts the cloud holds records seq 0..n-1 of `type`, each exactly once. */
async function assertExactlyOnce(server: CloudServer, type: string, n: number, node?: string): Promise<void> {
  const seqs = (await server.store.events({ type, node })).map((e) => e.seq as number).sort((a, b) => a - b);
  assert.deepEqual(
    seqs,
    Array.from({ length: n }, (_, i) => i),
  );
}

test('records reach the cloud in gzip batches with a batch_id, every record stamped with the node uuid', async () => {
  const s = await cloud();
  const { exporter, creds } = await exporterFor(s);
  for (let i = 0; i < 25; i++) assert.equal(exporter.push(vuln(i)), true);
  assert.equal(exporter.push({ type: 'transaction' } as NodeRecord), false, 'transactions stay local');
  assert.equal(await exporter.flush(15_000), true);
  await assertExactlyOnce(s, 'vulnerability', 25);
  assert.ok((await s.store.events({})).every((e) => e.node_uuid === creds.uuid));
  const batches = await s.store.batches();
  assert.deepEqual(
    batches.map((b) => b.items.length),
    [10, 10, 5],
    'size-bounded batches, the rest time-bounded',
  );
  assert.equal(new Set(batches.map((b) => b.batch_id)).size, 3);
  const c = exporter.counters();
  assert.equal(c.exportedRecords, 25);
  assert.equal(c.exportedBatches, 3);
  assert.equal(c.notExported, 1);
  await exporter.close(1000);
});

test('heartbeats carry version, uptime, counters and the config sha256', async () => {
  const s = await cloud();
  const { exporter, creds } = await exporterFor(s, { extraCounters: () => ({ packets: 42 }) });
  await waitFor('two heartbeats', () => exporter.counters().heartbeats >= 2);
  const hb = (await s.store.nodes()).find((n) => n.uuid === creds.uuid)!.last_heartbeat!;
  assert.equal(hb.version, '0.1.0');
  assert.equal(typeof hb.uptime, 'number');
  assert.equal(hb.config_sha256, 'ab'.repeat(32));
  assert.equal((hb.counters as Record<string, number>).packets, 42);
  assert.equal(typeof (hb.counters as Record<string, number>).exportedRecords, 'number');
  await exporter.close(1000);
});

test('cloud down for a while, then back: every record arrives exactly once', async () => {
  const s = await cloud();
  const { exporter, logger, creds } = await exporterFor(s);
  await s.stopListening();
  for (let i = 0; i < 120; i++) exporter.push(vuln(i));
  await waitFor('retries while down', () => exporter.counters().retries >= 5);
  await waitFor('heartbeats failing while down', () => exporter.counters().heartbeatFailures >= 2);
  assert.equal(
    logger.lines.filter((l) => l.level === 'warn' && l.msg === 'heartbeat failed').length,
    1,
    'one heartbeat warning per outage',
  );
  await waitFor('all 12 batches waiting in the spool', () => exporter.counters().pendingBatches === 12);
  assert.equal((await s.store.events({})).length, 0);
  assert.equal(
    logger.lines.filter((l) => l.msg.startsWith('cloud not accepting batches')).length,
    1,
    'one warning per outage, not one per retry',
  );
  await s.startListening();
  assert.equal(await exporter.flush(15_000), true);
  await assertExactlyOnce(s, 'vulnerability', 120);
  assert.ok(logger.lines.some((l) => l.msg === 'cloud is accepting batches again'));
  assert.ok(!JSON.stringify(logger.lines).includes(creds.secret), 'the node secret is never logged');
  await exporter.close(1000);
});

test('5xx and 429 are retried; a reply lost to a timeout is resent and deduplicated by batch_id', async () => {
  const s = await cloud();
  const { exporter } = await exporterFor(s, { requestTimeoutMs: 150 });
  s.failNext(503, 2, '/v1/node/events');
  s.failNext(429, 1, '/v1/node/events');
  for (let i = 0; i < 30; i++) exporter.push(vuln(i));
  await waitFor('the faults to be used', () => s.stats.injected === 3);
  s.setReplyDelay(400); // stored, but the answer comes after the client gave up
  await waitFor('a duplicate delivery', () => s.stats.duplicates > 0);
  s.setReplyDelay(0);
  assert.equal(await exporter.flush(15_000), true);
  await assertExactlyOnce(s, 'vulnerability', 30);
  assert.equal(s.stats.conflicts, 0, 'a batch_id is never reused for other content');
  assert.ok(exporter.counters().retries >= 4);
  await exporter.close(1000);
});

test('other 4xx park the batch (kept on disk, counted) instead of retrying it forever', async () => {
  const s = await cloud();
  const { exporter, logger, spoolDir, creds } = await exporterFor(s);
  s.failNext(400, 1, '/v1/node/events');
  for (let i = 0; i < 20; i++) exporter.push(vuln(i));
  assert.equal(await exporter.flush(15_000), true);
  const c = exporter.counters();
  assert.equal(c.parkedBatches, 1);
  assert.equal(c.parkedRecords, 10);
  assert.equal(c.exportedRecords, 10);
  assert.equal(s.stats.requests['POST /v1/node/events'], 2, 'the refused batch was not retried');
  const parked = fs.readdirSync(path.join(spoolDir, 'parked'));
  assert.equal(parked.length, 1);
  const body = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(spoolDir, 'parked', parked[0]))).toString());
  assert.deepEqual(
    body.records.map((r: { seq: number }) => r.seq),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
  assert.ok(
    logger.lines.some((l) => l.level === 'error' && l.msg.startsWith('cloud refused a batch') && l.fields?.status === 400),
  );
  assert.ok(!JSON.stringify(logger.lines).includes(creds.secret), 'the node secret is never logged');
  // 409 means the cloud already holds this batch_id: settled as delivered, not parked, not retried.
  s.failNext(409, 1, '/v1/node/events');
  for (let i = 20; i < 30; i++) exporter.push(vuln(i));
  assert.equal(await exporter.flush(15_000), true);
  assert.equal(exporter.counters().parkedBatches, 1);
  assert.equal(exporter.counters().exportedBatches, 2);
  assert.equal(s.stats.requests['POST /v1/node/events'], 3);
  await exporter.close(1000);
});

test('WALLARM_APID_ONLY: no attack leaves the host; discovery, vulnerabilities and sessions do', async () => {
  const s = await cloud();
  const { exporter, logger } = await exporterFor(s, { apidOnly: true });
  assert.equal(logger.lines.filter((l) => /attack export is disabled/.test(l.msg)).length, 1);
  for (let i = 0; i < 5; i++) assert.equal(exporter.push(attack(i)), false);
  exporter.push(vuln(0));
  exporter.push({ type: 'session', ts: '', flow: { src: '', dst: '' }, client_ip: '', host: '', requests: [] });
  exporter.pushDiscovery({ host: 'shop', method: 'GET', template: '/api/users/{id}', count: 3 });
  exporter.push({
    type: 'api_endpoint',
    ts: '',
    flow: { src: '', dst: '' },
    client_ip: '',
    host: 'shop',
    method: 'POST',
    template: '/api/login',
    count: 1,
  });
  assert.equal(await exporter.flush(15_000), true);
  assert.equal((await s.store.events({ type: 'attack' })).length, 0);
  assert.equal((await s.store.events({ type: 'vulnerability' })).length, 1);
  assert.equal((await s.store.events({ type: 'session' })).length, 1);
  const eps = (await s.store.endpoints()) as Array<Record<string, unknown>>;
  assert.deepEqual(eps.map((e) => e.template).sort(), ['/api/login', '/api/users/{id}']);
  assert.equal(exporter.counters().apidOnlySkipped, 5);
  await exporter.close(1000);

  const normal = await exporterFor(s);
  assert.ok(!normal.logger.lines.some((l) => /attack export is disabled/.test(l.msg)));
  normal.exporter.push(attack(0));
  await normal.exporter.flush(15_000);
  assert.equal((await s.store.events({ type: 'attack' })).length, 1);
  await normal.exporter.close(1000);
});

test('spool cap while the cloud is down: oldest batches dropped and counted, the rest delivered once', async () => {
  const s = await cloud();
  const { exporter, logger } = await exporterFor(s, { spoolMaxBytes: 16 * 1024 });
  await s.stopListening();
  for (let i = 0; i < 400; i++) exporter.push({ ...vuln(i), pad: `${i}`.repeat(40) + Math.random() });
  await exporter.flush(1); // seals the last partial batch
  await waitFor('every batch to reach the spool', () => exporter.counters().spooledRecords === 400);
  const c = exporter.counters();
  assert.ok(c.droppedRecords > 0, 'records were dropped');
  assert.ok(c.spoolBytes <= 16 * 1024);
  assert.ok(logger.lines.some((l) => l.msg.startsWith('spool full')));
  await s.startListening();
  assert.equal(await exporter.flush(15_000), true);
  const seqs = (await s.store.events({})).map((e) => e.seq as number);
  assert.equal(seqs.length + c.droppedRecords, 400, 'delivered + dropped = pushed');
  assert.deepEqual(
    seqs,
    Array.from({ length: seqs.length }, (_, i) => 400 - seqs.length + i),
    'the newest survive, in order',
  );
  await exporter.close(1000);
});

test('TLS with verification off and plain HTTP each log their warning at start', async () => {
  const tls = await cloud({ tls: true });
  const a = await exporterFor(tls, {}, true);
  a.exporter.push(vuln(0));
  assert.equal(await a.exporter.flush(15_000), true);
  assert.ok(a.logger.lines.some((l) => l.level === 'warn' && l.msg.startsWith('WALLARM_API_CA_VERIFY=false')));
  await a.exporter.close(1000);
  const plain = await cloud();
  const b = await exporterFor(plain);
  assert.ok(b.logger.lines.some((l) => l.level === 'warn' && l.msg.startsWith('WALLARM_API_USE_SSL=false')));
  await b.exporter.close(1000);
});

test('close() drains within its deadline; what is left is sent by the next exporter on the same spool', async () => {
  const s = await cloud();
  const first = await exporterFor(s);
  await s.stopListening();
  for (let i = 0; i < 30; i++) first.exporter.push(vuln(i));
  const closed = await first.exporter.close(200);
  assert.deepEqual(closed, { delivered: false, pendingBatches: 3 });
  assert.equal(first.exporter.push(vuln(99)), false, 'closed exporters take nothing');
  await s.startListening();
  const second = new Exporter({
    target: first.creds,
    credentials: first.creds,
    spoolDir: first.spoolDir,
    logger: recordingLogger(),
    version: '0.1.0',
    configSha256: '',
    retryBaseMs: 10,
    retryMaxMs: 100,
    heartbeatIntervalMs: 60_000,
  });
  exporters.push(second);
  assert.equal(await second.flush(15_000), true);
  await assertExactlyOnce(s, 'vulnerability', 30);
  await second.close(1000);
});

test('the reference cloud is durable: restarted on the same data, it still has the records and still deduplicates', async () => {
  const s = await cloud();
  const { exporter, creds } = await exporterFor(s);
  for (let i = 0; i < 10; i++) exporter.push(vuln(i));
  await exporter.flush(15_000);
  await exporter.close(1000);
  await s.close();
  const again = await cloud({ dataDir: s.dataDir });
  await assertExactlyOnce(again, 'vulnerability', 10);
  const line = (await again.store.batches())[0];
  const resend = zlib.gzipSync(JSON.stringify({ batch_id: line.batch_id, records: line.items }));
  const res = await fetch(`${again.url}/v1/node/events`, {
    method: 'POST',
    body: resend,
    headers: { 'Content-Encoding': 'gzip', 'X-WallarmAPI-UUID': creds.uuid, 'X-WallarmAPI-Secret': creds.secret },
  });
  assert.equal(res.status, 200);
  assert.equal(((await res.json()) as { status: string }).status, 'duplicate');
  await assertExactlyOnce(again, 'vulnerability', 10);
  const page = await (await fetch(`${again.url}/attacks`, { headers: { Cookie: await consoleLogin(again.url) } })).text();
  assert.match(page, /<h1>Attacks<\/h1>/);
});

test('startCloudExport: node.yaml + environment (APID-only, CA override) -> a running exporter; unregistered -> null', async () => {
  const s = await cloud({ tls: true });
  const creds = await registeredNode(s, true);
  const dir = tempDir('etc');
  const nodeYamlPath = path.join(dir, 'node.yaml');
  const logger = recordingLogger();
  const base = { nodeYamlPath, stateDir: path.join(dir, 'state'), logger, version: '0.1.0', configSha256: '' };
  assert.equal(startCloudExport({ ...base, env: {} }), null);
  assert.ok(logger.lines.some((l) => l.msg.startsWith('node is not registered')));

  writeNodeYaml(nodeYamlPath, { ...creds, caVerify: true });
  const exporter = startCloudExport({
    ...base,
    env: { WALLARM_APID_ONLY: 'true', WALLARM_API_CA_VERIFY: 'false' },
    tuning: { batchMaxDelayMs: 10, heartbeatIntervalMs: 60_000 },
  })!;
  exporters.push(exporter);
  assert.equal(exporter.push(attack(0)), false);
  exporter.push(vuln(0));
  assert.equal(await exporter.flush(15_000), true, 'the CA override reached the client');
  assert.equal((await s.store.events({ type: 'vulnerability' })).length, 1);
  assert.equal((await s.store.events({ type: 'attack' })).length, 0);
  assert.ok(fs.readdirSync(path.join(dir, 'state/spool')).some((f) => f.startsWith('seg-')));
  await exporter.close(1000);
});

test('journals left by a kill: one whose batch reached the spool is dropped, an unsealed one is sealed under its batch_id', async () => {
  const s = await cloud();
  const first = await exporterFor(s);
  await s.stopListening();
  for (let i = 0; i < 10; i++) first.exporter.push(vuln(i)); // sealed at once (batchMaxRecords = 10)
  await waitFor('the batch in the spool', () => first.exporter.counters().pendingBatches === 1);
  await first.exporter.close(50);
  // Killed between spooling batch X and removing its journal; and with one record gathered, unsealed.
  const spool = Spool.open({ dir: first.spoolDir, maxBytes: 1 << 20, logger: recordingLogger() });
  const sealed = spool.next()!;
  const sealedRecords = JSON.parse(zlib.gunzipSync(spool.readBody(sealed)).toString()).records as object[];
  spool.close();
  const lines = (records: object[]) => records.map((r) => JSON.stringify(r) + '\n').join('');
  fs.writeFileSync(path.join(first.spoolDir, `open-events-${sealed.id}.jsonl`), lines(sealedRecords));
  const unsealedId = '0b1f5a52-1111-4c6e-9d1e-2a3b4c5d6e7f';
  fs.writeFileSync(
    path.join(first.spoolDir, `open-events-${unsealedId}.jsonl`),
    lines([{ ...vuln(10), node_uuid: first.creds.uuid }]),
  );
  await s.startListening();
  const logger = recordingLogger();
  const second = new Exporter({
    target: first.creds,
    credentials: first.creds,
    spoolDir: first.spoolDir,
    logger,
    version: '0.1.0',
    configSha256: '',
    retryBaseMs: 10,
    retryMaxMs: 100,
    heartbeatIntervalMs: 60_000,
  });
  exporters.push(second);
  assert.equal(second.counters().spooledBatches, 1, 'only the unsealed journal became a batch');
  assert.equal(await second.flush(15_000), true);
  await assertExactlyOnce(s, 'vulnerability', 11);
  assert.equal(s.stats.duplicates, 0);
  const batches = await s.store.batches();
  assert.ok(batches.some((b) => b.batch_id === unsealedId && b.items.length === 1));
  assert.deepEqual(
    fs.readdirSync(first.spoolDir).filter((f) => f.startsWith('open-')),
    [],
  );
  assert.ok(logger.lines.some((l) => l.msg.startsWith('recovered records') && l.fields?.records === 1));
});
