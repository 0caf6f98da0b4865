/**
 * The console's repository, one suite run on both backends: SQLite (always) and PostgreSQL
 * (a throwaway server from Debian's package; skipped, with the reason, where it cannot start).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../../cloud/db/open';
import { Repository, type NodeEntry, type Vulnerability } from '../../../cloud/repository';
import { groupVulnerabilities, type VulnerabilityRow } from '../../../cloud/vulnerability-groups';
import { isPerHostFinding } from '../../../node/analysis/vulnerabilities/dedupe';
import { postgresUnavailable, startPostgres, type TestPostgres } from '../../support/postgres';

type Open = () => Promise<Repository>;

function suite(name: string, open: Open): void {
  describe(`repository on ${name}`, () => {
    let repo: Repository;
    let node: NodeEntry;
    before(async () => {
      repo = await open();
      const creds = await repo.registerNode({
        hostname: 'sensor-1',
        labels: { group: 'edge' },
        mode: 'tcp-capture',
        version: '0.1.0',
        arch: 'x86_64',
      });
      node = (await repo.authenticateNode(creds.uuid, creds.secret))!;
    });
    after(() => repo.close());

    test('a node authenticates with its secret only', async () => {
      assert.equal(node.hostname, 'sensor-1');
      assert.equal(await repo.authenticateNode(node.uuid, 'wrong'), null);
      assert.deepEqual(
        (await repo.nodes()).map((n) => n.uuid),
        [node.uuid],
      );
    });

    test('a batch is stored once per batch_id; the same id with other content is a conflict', async () => {
      const recs = [
        {
          type: 'attack',
          ts: '2026-01-01T00:00:00.000001Z',
          host: 'h',
          client_ip: '10.0.0.1',
          node_uuid: node.uuid,
          hits: [{ class: 'sqli' }],
          verdict: 'attempt',
          request: { method: 'GET', target: '/a?x=1' },
        },
      ];
      const body = Buffer.from(JSON.stringify(recs));
      assert.equal(await repo.acceptBatch(node, 'events', 'b1', body, recs), 'stored');
      assert.equal(await repo.acceptBatch(node, 'events', 'b1', body, recs), 'duplicate');
      assert.equal(await repo.acceptBatch(node, 'events', 'b1', Buffer.from('other'), recs), 'conflict');
      assert.deepEqual(await repo.events({ type: 'attack' }), recs);
      const [b] = await repo.batches();
      assert.equal(b.batch_id, 'b1');
      assert.deepEqual(b.items, recs);
    });

    test('a value search finds the group of the record holding the value; under the scan bound it reads every record', async () => {
      const ts = new Date().toISOString();
      const rec = (v: string) => ({
        type: 'attack',
        ts,
        host: 'h',
        client_ip: '10.0.0.9',
        node_uuid: node.uuid,
        hits: [{ class: 'xss', point: ['query', 'q'], value: v }],
        verdict: 'attempt',
        request: { method: 'GET', target: '/s' },
      });
      await repo.acceptBatch(node, 'events', 'search1', Buffer.from('search1'), [rec('needle-<b>-42'), rec('other')]);
      const found = await repo.attackGroups({ search: 'needle-<b>' }, 0, 10);
      assert.deepEqual(
        found.map((g) => g.client_ip),
        ['10.0.0.9'],
      );
      assert.deepEqual(await repo.attackGroups({ search: 'needle-<b>-43' }, 0, 10), []);
      assert.equal(await repo.searchCutoff({ search: 'needle' }), null);
      // Bounded to the newest record: the needle (as old as 'other', stored before it) may be past the bound.
      repo.searchScanRecords = 1;
      try {
        const cutoff = await repo.searchCutoff({ search: 'needle' });
        assert.ok(cutoff !== null && cutoff <= Date.parse(ts), 'the search says where it stopped');
        const newest = await repo.attackGroups({ search: 'needle' }, 0, 10);
        const other = await repo.attackGroups({ search: 'other' }, 0, 10);
        assert.equal(newest.length + other.length, 1, 'only one record was read');
      } finally {
        repo.searchScanRecords = 100_000;
      }
    });

    test('the newest events by limit, oldest first', async () => {
      const recs = [1, 2, 3].map((seq) => ({ type: 'vulnerability', seq, node_uuid: node.uuid }));
      await repo.acceptBatch(node, 'events', 'b2', Buffer.from('b2'), recs);
      assert.deepEqual(
        (await repo.events({ type: 'vulnerability', limit: 2 })).map((e) => e.seq),
        [2, 3],
      );
    });

    test('API-discovery deltas merge into one endpoint with the node rules (counts add)', async () => {
      const d = (count: number) => ({
        type: 'api_endpoint',
        host: 'api',
        method: 'get',
        template: '/u/{id}',
        count,
        first_seen: '2026-01-01T00:00:00Z',
        last_seen: '2026-01-02T00:00:00Z',
        node_uuid: node.uuid,
      });
      await repo.acceptBatch(node, 'api-discovery', 'd1', Buffer.from('d1'), [d(2)]);
      await repo.acceptBatch(node, 'api-discovery', 'd2', Buffer.from('d2'), [d(3)]);
      const eps = (await repo.endpoints()) as Array<Record<string, unknown>>;
      assert.equal(eps.length, 1);
      assert.equal(eps[0].count, 5);
      assert.equal(eps[0].method, 'GET');
      assert.equal(eps[0].node_uuid, undefined);
    });

    test('deployment tokens: only the hash is stored; revoked tokens stop working', async () => {
      const { token, id } = await repo.createToken('lab');
      assert.match(token, /^[A-Za-z0-9_][A-Za-z0-9_-]{42}$/, 'base64url of 32 bytes, never dash-led (an installer option)');
      assert.deepEqual(await repo.checkDeploymentToken(token), { region: null });
      assert.equal(await repo.checkDeploymentToken(token + 'x'), null);
      const listed = await repo.tokens();
      assert.ok(!JSON.stringify(listed).includes(token));
      assert.equal(listed.find((t) => t.id === id)?.usage, 'Node deployment');
      assert.equal(await repo.revokeToken(id), true);
      assert.equal(await repo.checkDeploymentToken(token), null);
    });

    test('users: scrypt passwords, web sessions by cookie value', async () => {
      const u = await repo.createUser('admin', 'correct horse', true);
      assert.equal((await repo.verifyPassword('admin', 'correct horse'))?.id, u.id);
      assert.equal(await repo.verifyPassword('admin', 'wrong'), null);
      assert.equal(await repo.verifyPassword('nobody', 'x'), null);
      const s = await repo.createWebSession(u.id, 60_000);
      assert.equal((await repo.webSession(s.id))?.user.name, 'admin');
      await repo.endWebSession(s.id);
      assert.equal(await repo.webSession(s.id), null);
    });

    test('session parts from two nodes merge into the one-node session (the node merge rules)', async () => {
      const other = await repo.registerNode({
        hostname: 'sensor-2',
        labels: { group: 'edge' },
        mode: 'tcp-capture',
        version: '0.1.0',
        arch: 'x86_64',
      });
      const node2 = (await repo.authenticateNode(other.uuid, other.secret))!;
      const req = (ts: string, template: string) => ({ method: 'GET', template, status: 200, ts });
      const base = {
        type: 'session',
        session_id: 'S1',
        key: 'cookie:sid',
        host: 'api',
        flow: { src: '10.0.0.9:1000', dst: '10.0.0.1:80' },
        client_ip: '10.0.0.9',
        context: {},
        closed: 'idle',
      };
      const a = {
        ...base,
        ts: '2026-01-01T00:00:05Z',
        first_seen: '2026-01-01T00:00:01Z',
        last_seen: '2026-01-01T00:00:05Z',
        request_count: 2,
        requests: [req('2026-01-01T00:00:01Z', '/a'), req('2026-01-01T00:00:05Z', '/c')],
        node_uuid: node.uuid,
      };
      const b = {
        ...base,
        ts: '2026-01-01T00:00:03Z',
        first_seen: '2026-01-01T00:00:03Z',
        last_seen: '2026-01-01T00:00:03Z',
        request_count: 1,
        requests: [req('2026-01-01T00:00:03Z', '/b')],
        node_uuid: node2.uuid,
      };
      await repo.acceptBatch(node, 'events', 's-a', Buffer.from('s-a'), [a]);
      await repo.acceptBatch(node2, 'events', 's-b', Buffer.from('s-b'), [b]);
      const sessions = await repo.sessions({}, 0, 10);
      assert.equal(sessions.length, 1, 'one session, not one per node');
      const s = sessions[0].record;
      assert.equal(s.request_count, 3);
      assert.equal(s.first_seen, '2026-01-01T00:00:01Z');
      assert.equal(s.last_seen, '2026-01-01T00:00:05Z');
      assert.deepEqual(
        (s.requests as Array<{ template: string }>).map((r) => r.template),
        ['/a', '/b', '/c'],
      );
      // A part of the same key after more than the idle timeout is a new session.
      const late = {
        ...b,
        ts: '2026-01-01T05:00:00Z',
        first_seen: '2026-01-01T05:00:00Z',
        last_seen: '2026-01-01T05:00:00Z',
        requests: [req('2026-01-01T05:00:00Z', '/d')],
      };
      await repo.acceptBatch(node2, 'events', 's-c', Buffer.from('s-c'), [late]);
      assert.equal((await repo.sessions({}, 0, 10)).length, 2);
    });

    test('vulnerabilities: rows whose templates name one endpoint of the merged inventory are one finding', async () => {
      const other = await repo.registerNode({
        hostname: 'sensor-v',
        labels: {},
        mode: 'tcp-capture',
        version: '0.1.0',
        arch: 'x86_64',
      });
      const node2 = (await repo.authenticateNode(other.uuid, other.secret))!;
      const host = 'statuses.example';
      const vuln = (method: string, template: string, first_seen: string, evidence: string) => ({
        type: 'vulnerability',
        ts: first_seen,
        host,
        kind: 'secret_exposure',
        detail: 'json_secret',
        endpoint: { method, template },
        evidence,
        first_seen,
      });
      // Node 1 reported the leak on a concrete path before it had templated it; node 2 (other
      // half of the traffic) under the template. Node 2's inventory has the template.
      await repo.acceptBatch(node, 'events', 'v-1', Buffer.from('v-1'), [
        { ...vuln('GET', '/api/v1/statuses/blue-sage-714', '2026-02-01T00:00:01Z', 'early'), node_uuid: node.uuid },
        { ...vuln('GET', '/api/v1/statuses/blue-sage-714/pin', '2026-02-01T00:00:02Z', 'pin'), node_uuid: node.uuid },
        { ...vuln('POST', '/api/v1/statuses/blue-sage-714', '2026-02-01T00:00:03Z', 'post'), node_uuid: node.uuid },
      ]);
      await repo.acceptBatch(node2, 'events', 'v-2', Buffer.from('v-2'), [
        { ...vuln('GET', '/api/v1/statuses/{id}', '2026-02-01T00:00:09Z', 'late'), node_uuid: node2.uuid },
      ]);
      const endpoint = (method: string, template: string) => ({
        type: 'api_endpoint',
        host,
        method,
        template,
        first_seen: '2026-02-01T00:00:00Z',
        last_seen: '2026-02-01T00:00:09Z',
        node_uuid: node2.uuid,
      });
      await repo.acceptBatch(node2, 'api-discovery', 'v-e', Buffer.from('v-e'), [
        endpoint('GET', '/api/v1/statuses/{id}'),
        endpoint('GET', '/api/v1/statuses/{id}/pin'),
      ]);
      const mine = async (open: boolean) => (await repo.vulnerabilities(open, 0, 1000)).filter((v) => v.host === host);
      const view = (v: Vulnerability) => `${v.method} ${v.template} ${v.reports}/${v.rows} ${v.record.evidence}`;
      // The GET rows are one finding under the merged template, with the earliest row's first
      // seen and evidence; POST has no merged template and keeps its path.
      assert.deepEqual((await mine(true)).map(view).sort(), [
        'GET /api/v1/statuses/{id} 2/2 early',
        'GET /api/v1/statuses/{id}/pin 1/1 pin',
        'POST /api/v1/statuses/blue-sage-714 1/1 post',
      ]);
      const openBefore = (await repo.overview(0)).totals.open_vulnerabilities;
      assert.equal(openBefore, (await repo.vulnerabilities(true, 0, 1000)).length, 'the overview counts findings, not rows');
      const get = (await mine(true)).find((v) => v.method === 'GET' && v.template === '/api/v1/statuses/{id}')!;
      assert.equal(get.first_ms, Date.parse('2026-02-01T00:00:01Z'));
      assert.equal(get.last_ms, Math.max(...(await mine(true)).map((v) => v.last_ms)));
      // Closing closes the whole finding (both rows); reopening reopens both.
      assert.equal(await repo.setVulnerabilityClosed(get.id, true), true);
      assert.deepEqual((await mine(false)).map(view), ['GET /api/v1/statuses/{id} 2/2 early']);
      assert.equal((await mine(true)).length, 2);
      assert.equal(await repo.setVulnerabilityClosed(get.id, false), true);
      assert.equal((await mine(false)).length, 0);
      // A new report on one of its rows after closing opens the finding again.
      await repo.setVulnerabilityClosed(get.id, true);
      await repo.acceptBatch(node2, 'events', 'v-3', Buffer.from('v-3'), [
        { ...vuln('GET', '/api/v1/statuses/{id}', '2026-02-01T00:00:10Z', 'again'), node_uuid: node2.uuid },
      ]);
      assert.deepEqual((await mine(true)).map(view).sort()[0], 'GET /api/v1/statuses/{id} 3/2 early');
      assert.equal((await mine(false)).length, 0);
      // Paging counts findings, not rows: each finding once across pages.
      const all = await repo.vulnerabilities(true, 0, 1000);
      const paged = [];
      for (let off = 0; off < all.length; off += 2) paged.push(...(await repo.vulnerabilities(true, off, 2)));
      assert.deepEqual(
        paged.map((v) => v.id),
        all.map((v) => v.id),
      );
      assert.equal(await repo.setVulnerabilityClosed(987654321, true), false);
    });

    test('stored findings equal the reference grouping whatever the order of reports, templates and closing; rows without one get it at open', async () => {
      const host = 'groups.example';
      const kinds: Array<[string, string]> = [
        ['secret_exposure', 'json_secret'],
        ['info_exposure', 'server_banner'], // per host: its own key, template mapped for display
      ];
      let seed = 7;
      const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
      const path = () => `/g/${['a', 'b', 'c'][rand(3)]}/${['1', '22', 'x'][rand(3)]}${rand(3) === 0 ? '/pin' : ''}`;
      const templates = ['/g/{p}/{id}', '/g/a/{id}', '/g/{p}/{id}/pin', '/g/b/22', '/{x}/a/1'];
      const reference = async () => {
        const rows = (
          await repo.db.all<Record<string, unknown>>(
            'SELECT id, vkey, kind, detail, host, method, template, first_ms, last_ms, reports FROM vulnerabilities WHERE host = ?',
            [host],
          )
        ).map((r) => ({
          ...r,
          id: Number(r.id),
          first_ms: Number(r.first_ms),
          last_ms: Number(r.last_ms),
          reports: Number(r.reports),
        }));
        const endpoints = new Map<string, Map<string, string[]>>([[host, new Map()]]);
        for (const e of await repo.db.all<{ method: string; template: string }>(
          'SELECT method, template FROM endpoints WHERE host = ?',
          [host],
        ))
          endpoints.get(host)!.set(e.method, [...(endpoints.get(host)!.get(e.method) ?? []), e.template]);
        return groupVulnerabilities(rows as unknown as VulnerabilityRow[], endpoints, (r) => isPerHostFinding(r))
          .map(
            (g) =>
              `${g.rows[0].id} ${g.rows[0].method} ${g.template} ${g.rows.length} ${g.rows.reduce((n, r) => n + r.reports, 0)}`,
          )
          .sort();
      };
      // The page's order and open/closed split, aggregated from every row (what the page read before table findings).
      const pageReference = async (open: boolean) =>
        (
          await repo.db.all<{ first_id: unknown }>(
            `SELECT MAX(last_ms) AS last, MAX(CASE WHEN rn = 1 THEN id END) AS first_id FROM (
               SELECT group_key, id, last_ms, closed_ms, ROW_NUMBER() OVER (PARTITION BY group_key ORDER BY first_ms, id) AS rn
               FROM vulnerabilities) v
             GROUP BY group_key HAVING SUM(CASE WHEN closed_ms IS NULL THEN 1 ELSE 0 END) ${open ? '>' : '='} 0
             ORDER BY last DESC, first_id DESC`,
          )
        ).map((r) => Number(r.first_id));
      const pages = async (open: boolean) => (await repo.vulnerabilities(open, 0, 100_000)).map((v) => v.id);
      const listed = async () =>
        [...(await repo.vulnerabilities(true, 0, 100_000)), ...(await repo.vulnerabilities(false, 0, 100_000))]
          .filter((v) => v.host === host)
          .map((v) => `${v.id} ${v.method} ${v.template} ${v.rows} ${v.reports}`)
          .sort();
      for (let round = 0; round < 12; round++) {
        if (rand(3) === 0) {
          const t = templates[rand(templates.length)];
          await repo.acceptBatch(node, 'api-discovery', `grp-e${round}`, Buffer.from(`grp-e${round}`), [
            {
              type: 'api_endpoint',
              host,
              method: rand(2) ? 'GET' : 'POST',
              template: t,
              first_seen: '2026-03-01T00:00:00Z',
              node_uuid: node.uuid,
            },
          ]);
        } else {
          const items = Array.from({ length: 1 + rand(4) }, (_, k) => {
            const [kind, detail] = kinds[rand(kinds.length)];
            const first = `2026-03-01T00:00:${String(10 + rand(40)).padStart(2, '0')}Z`;
            return {
              type: 'vulnerability',
              ts: first,
              host,
              kind,
              detail,
              endpoint: { method: rand(2) ? 'GET' : 'POST', template: path() },
              evidence: `e${round}.${k}`,
              first_seen: first,
              node_uuid: node.uuid,
            };
          });
          await repo.acceptBatch(node, 'events', `grp-v${round}`, Buffer.from(`grp-v${round}`), items);
        }
        assert.deepEqual(await listed(), await reference(), `round ${round}`);
        // Closing or reopening a finding now and then: the page's order and split follow every row.
        const some = (await repo.vulnerabilities(rand(2) === 0, 0, 100_000)).filter((v) => v.host === host);
        if (some.length > 0 && rand(2) === 0) await repo.setVulnerabilityClosed(some[rand(some.length)].id, rand(2) === 0);
        for (const open of [true, false]) assert.deepEqual(await pages(open), await pageReference(open), `round ${round}`);
      }
      const open = (await repo.overview(0)).totals.open_vulnerabilities;
      assert.equal(open, (await repo.vulnerabilities(true, 0, 100_000)).length);
      // A database written before findings were stored (migration 5): they are made at open.
      await repo.db.run('UPDATE vulnerabilities SET group_key = NULL, group_template = NULL WHERE host = ?', [host]);
      await Repository.open(repo.db);
      assert.deepEqual(await listed(), await reference());
      for (const open of [true, false]) assert.deepEqual(await pages(open), await pageReference(open));
      // A database written before table findings (migration 6): it is filled from the rows when applied.
      await repo.db.exec('DROP TABLE findings');
      await repo.db.run('DELETE FROM schema_migrations WHERE version = ?', [6]);
      await Repository.open(repo.db);
      for (const open of [true, false]) assert.deepEqual(await pages(open), await pageReference(open));
      assert.equal((await repo.overview(0)).totals.open_vulnerabilities, (await pages(true)).length);
    });

    test('retention deletes events received before the window', async () => {
      const before = (await repo.events({})).length;
      assert.equal(await repo.purgeOlderThan(1, Date.now() + 2 * 86_400_000), before);
      assert.equal((await repo.events({})).length, 0);
    });
  });
}

suite('SQLite', async () => Repository.open(await openDatabase(undefined, fs.mkdtempSync(path.join(os.tmpdir(), 'repo-')))));

const pgSkip = postgresUnavailable();
let pg: TestPostgres | null = null;
describe('PostgreSQL', { skip: pgSkip ?? false }, () => {
  before(async () => {
    pg = await startPostgres();
  });
  after(async () => {
    await pg?.stop();
  });
  suite('PostgreSQL', async () => Repository.open(await openDatabase(pg!.url, fs.mkdtempSync(path.join(os.tmpdir(), 'repo-')))));
});

describe('PostgreSQL going away', { skip: pgSkip ?? false }, () => {
  test('an idle connection the server ends is logged, not an uncaught exception; the next query fails cleanly', async () => {
    const server = await startPostgres();
    const repo = await Repository.open(await openDatabase(server.url, fs.mkdtempSync(path.join(os.tmpdir(), 'repo-'))));
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => void uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      await repo.nodes();
      await server.stop(); // fast shutdown: the server terminates the pool's idle connections
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(uncaught, []);
      await assert.rejects(repo.nodes());
    } finally {
      process.off('uncaughtException', onUncaught);
      await repo.close();
    }
  });
});
