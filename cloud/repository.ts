/**
 * Everything the reference cloud and console store, behind one interface over one SQL database
 * (SQLite or PostgreSQL: cloud/db/). The node-facing endpoints (docs/cloud-api.md) and the
 * console's pages (docs/console.md) use only this.
 */
import { createHash, randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { targetPath } from '../node/http/request/target';
import { mergePartialSessions, type SessionMergeOptions } from '../node/analysis/sessions/merge';
import type { SessionRecord } from '../node/records/types';
import { isPerHostFinding } from '../node/analysis/vulnerabilities/dedupe';
import { findingGroupKey, TemplateIndex, type VulnerabilityRow } from './vulnerability-groups';
import { endpointKey, mergeEndpoint, normaliseDelta, type Json } from './merge';
import { migrate } from './db/migrations';
import type { SqlDatabase, SqlValue } from './db/sql';

export interface NodeEntry {
  uuid: string;
  hostname: string;
  labels: Record<string, string>;
  mode: string;
  version: string;
  arch: string;
  registered_at: string;
  last_heartbeat?: Record<string, unknown> & { received_at: string };
}

export type BatchKind = 'events' | 'api-discovery';
export type BatchOutcome = 'stored' | 'duplicate' | 'conflict';

export interface EventFilter {
  type?: string;
  node?: string;
  /** The newest `limit` (in insertion order, oldest first). */
  limit?: number;
}

export interface ApiToken {
  id: number;
  name: string;
  usage: string;
  region: string | null;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface User {
  id: number;
  name: string;
  is_admin: boolean;
}

export const TOKEN_USAGE_DEPLOYMENT = 'Node deployment';
/** Reads the console's JSON API (`Authorization: Bearer TOKEN`). */
export const TOKEN_USAGE_API = 'Console API';
export const TOKEN_USAGES = [TOKEN_USAGE_DEPLOYMENT, TOKEN_USAGE_API] as const;

export interface AttackFilter {
  fromMs?: number;
  toMs?: number;
  class?: string;
  verdict?: string;
  host?: string;
  client?: string;
  node?: string;
  /** A substring of the stored record (values, target, headers). */
  search?: string;
}

export interface AttackGroup {
  id: number;
  classes: string;
  host: string;
  method: string;
  path: string;
  client_ip: string;
  node_uuid: string;
  bucket_ms: number;
  first_ms: number;
  last_ms: number;
  hits: number;
  worst_verdict: string;
}

/** A finding as listed: its earliest stored row's fields (without the node key) and the group's. */
export interface Vulnerability extends Omit<VulnerabilityRow, 'vkey'> {
  /** Stored rows grouped into this finding: one per (node's) template it was reported under (cloud/vulnerability-groups.ts). */
  rows: number;
  closed_ms: number | null;
  record: Record<string, unknown>;
}

interface StoredVulnerabilityRow extends VulnerabilityRow {
  closed_ms: number | null;
  last_event_id: number;
}

const VULNERABILITY_COLUMNS =
  'id, vkey, kind, detail, host, method, template, first_ms, last_ms, reports, closed_ms, last_event_id';

function storedVulnerability(r: Record<string, unknown>): StoredVulnerabilityRow {
  return {
    id: Number(r.id),
    vkey: str(r.vkey),
    kind: str(r.kind),
    detail: str(r.detail),
    host: str(r.host),
    method: str(r.method),
    template: str(r.template),
    first_ms: Number(r.first_ms),
    last_ms: Number(r.last_ms),
    reports: Number(r.reports),
    closed_ms: r.closed_ms === null ? null : Number(r.closed_ms),
    last_event_id: Number(r.last_event_id),
  };
}

function groupFromRow(r: Record<string, unknown>): AttackGroup {
  return {
    id: Number(r.id),
    classes: str(r.classes),
    host: str(r.host),
    method: str(r.method),
    path: str(r.path),
    client_ip: str(r.client_ip),
    node_uuid: str(r.node_uuid),
    bucket_ms: Number(r.bucket_ms),
    first_ms: Number(r.first_ms),
    last_ms: Number(r.last_ms),
    hits: Number(r.hits),
    worst_verdict: str(r.worst_verdict),
  };
}

/** A LIKE pattern's literal part: %, _ and the escape character itself escaped with '\\'. */
function likeEscape(v: string): string {
  return v.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

/**
 * A new API token: `bytes` random bytes in base64url, never beginning with `-`. A dash-led token
 * (one in 64 of plain base64url) is read as an option by command lines (`--token -x…`), so the
 * installer line the console shows would fail for that user; redrawing keeps the token uniform
 * over the other 63 first characters.
 */
export function newToken(bytes = 32): string {
  for (;;) {
    const token = randomBytes(bytes).toString('base64url');
    if (!token.startsWith('-')) return token;
  }
}
const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString());
const scryptAsync = promisify(scrypt) as (pw: string, salt: Buffer, len: number, o: object) => Promise<Buffer>;
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 << 20 };

/** Record time (RFC 3339) in milliseconds; a record without one is filed at its arrival. */
function recordMs(v: unknown, fallback: number): number {
  const ms = typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isFinite(ms) ? ms : fallback;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

/** The columns an event is filtered and grouped by, taken from its record. */
function eventColumns(rec: Record<string, unknown>): {
  host: string;
  client: string;
  classes: string;
  verdict: string;
  method: string;
  path: string;
  status: number | null;
} {
  const req = (rec.request ?? {}) as Record<string, unknown>;
  const res = rec.response as Record<string, unknown> | null | undefined;
  const hits = Array.isArray(rec.hits) ? (rec.hits as Array<Record<string, unknown>>) : [];
  const classes = [...new Set(hits.map((h) => str(h.class)))].sort().join(',');
  const endpoint = (rec.endpoint ?? {}) as Record<string, unknown>;
  const target = str(req.target);
  return {
    host: str(rec.host),
    client: str(rec.client_ip),
    classes: classes !== '' ? classes : str(rec.kind),
    verdict: str(rec.verdict),
    method: str(req.method ?? endpoint.method),
    path: req.target !== undefined ? targetPath(target) : str(endpoint.template),
    status: typeof res?.status === 'number' ? res.status : null,
  };
}

export class Repository {
  /** Attack records a value search reads, newest first (`--search-scan-records`, docs/console.md). */
  searchScanRecords = SEARCH_SCAN_RECORDS;

  private constructor(readonly db: SqlDatabase) {}

  static async open(db: SqlDatabase): Promise<Repository> {
    await migrate(db);
    await groupUngroupedFindings(db);
    return new Repository(db);
  }

  close(): Promise<void> {
    return this.db.close();
  }

  // ------------------------------------------------------------------ nodes

  async registerNode(
    info: Pick<NodeEntry, 'hostname' | 'labels' | 'mode' | 'version' | 'arch'>,
  ): Promise<{ uuid: string; secret: string }> {
    const uuid = randomUUID();
    const secret = randomBytes(32).toString('hex');
    await this.db.run(
      'INSERT INTO nodes (uuid, secret_sha256, hostname, labels, grp, mode, version, arch, registered_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [
        uuid,
        sha256(secret),
        info.hostname,
        JSON.stringify(info.labels),
        info.labels.group ?? '',
        info.mode,
        info.version,
        info.arch,
        Date.now(),
      ],
    );
    return { uuid, secret };
  }

  async authenticateNode(uuid: string | undefined, secret: string | undefined): Promise<NodeEntry | null> {
    if (!uuid || !secret) return null;
    const row = await this.db.get<Record<string, unknown>>('SELECT * FROM nodes WHERE uuid = ?', [uuid]);
    if (row === undefined) return null;
    const want = Buffer.from(String(row.secret_sha256), 'hex');
    return timingSafeEqual(want, createHash('sha256').update(secret).digest()) ? nodeFromRow(row) : null;
  }

  async heartbeat(node: NodeEntry, body: Record<string, unknown>): Promise<void> {
    const now = Date.now();
    const h = { ...body, node_uuid: node.uuid, received_at: new Date(now).toISOString() };
    await this.db.run('UPDATE nodes SET heartbeat = ?, heartbeat_ms = ? WHERE uuid = ?', [JSON.stringify(h), now, node.uuid]);
  }

  async nodes(): Promise<NodeEntry[]> {
    const rows = await this.db.all<Record<string, unknown>>('SELECT * FROM nodes ORDER BY registered_ms, uuid');
    return rows.map(nodeFromRow);
  }

  // ------------------------------------------------------------------ batches

  /** Stores a batch once per (node, batch_id); the same id with other content is a conflict. */
  async acceptBatch(
    node: NodeEntry,
    kind: BatchKind,
    batchId: string,
    body: Buffer,
    items: Array<Record<string, unknown>>,
  ): Promise<BatchOutcome> {
    const digest = sha256(body);
    return this.db.transaction(async (tx) => {
      const seen = await tx.get<{ sha256: string }>('SELECT sha256 FROM batches WHERE node_uuid = ? AND batch_id = ?', [
        node.uuid,
        batchId,
      ]);
      if (seen !== undefined) return seen.sha256 === digest ? 'duplicate' : 'conflict';
      const now = Date.now();
      await tx.run('INSERT INTO batches (node_uuid, batch_id, kind, sha256, received_ms, items) VALUES (?, ?, ?, ?, ?, ?)', [
        node.uuid,
        batchId,
        kind,
        digest,
        now,
        items.length,
      ]);
      if (kind === 'events') await insertEvents(tx, node.uuid, batchId, items, now);
      else {
        // A template new to a host and method may take in findings reported under a concrete path.
        const fresh = new FindingPairs();
        for (const item of items) {
          const added = await storeEndpointDelta(tx, item, now);
          if (added !== null) fresh.add(added.host, added.method);
        }
        await regroupFindings(tx, fresh, null);
      }
      return 'stored';
    });
  }

  async events(filter: EventFilter = {}): Promise<Array<Record<string, unknown>>> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (filter.type) {
      where.push('type = ?');
      params.push(filter.type);
    }
    if (filter.node) {
      where.push('node_uuid = ?');
      params.push(filter.node);
    }
    const cond = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
    const sql =
      filter.limit !== undefined
        ? `SELECT body FROM (SELECT id, body FROM events${cond} ORDER BY id DESC LIMIT ?) t ORDER BY id`
        : `SELECT body FROM events${cond} ORDER BY id`;
    if (filter.limit !== undefined) params.push(filter.limit);
    const rows = await this.db.all<{ body: string }>(sql, params);
    return rows.map((r) => JSON.parse(r.body) as Record<string, unknown>);
  }

  /** The merged inventory, in endpoint-key order (sorted here: collations differ between databases). */
  async endpoints(): Promise<Json[]> {
    const rows = await this.db.all<{ key: string; body: string }>('SELECT key, body FROM endpoints');
    rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return rows.map((r) => JSON.parse(r.body) as Json);
  }

  /** Accepted batches in arrival order; an events batch with its records (as stored). */
  async batches(): Promise<
    Array<{
      batch_id: string;
      node_uuid: string;
      kind: BatchKind;
      sha256: string;
      received_at: string;
      count: number;
      items: Array<Record<string, unknown>>;
    }>
  > {
    const rows = await this.db.all<Record<string, unknown>>('SELECT * FROM batches ORDER BY id');
    const out = [];
    for (const r of rows) {
      const items =
        r.kind === 'events'
          ? (
              await this.db.all<{ body: string }>('SELECT body FROM events WHERE node_uuid = ? AND batch_id = ? ORDER BY id', [
                str(r.node_uuid),
                str(r.batch_id),
              ])
            ).map((e) => JSON.parse(e.body) as Record<string, unknown>)
          : [];
      out.push({
        batch_id: str(r.batch_id),
        node_uuid: str(r.node_uuid),
        kind: r.kind as BatchKind,
        sha256: str(r.sha256),
        received_at: iso(r.received_ms as number)!,
        count: Number(r.items),
        items,
      });
    }
    return out;
  }

  /** Deletes what is older than `days` (events by arrival, groups and daily counts by record time); returns events deleted. */
  async purgeOlderThan(days: number, now = Date.now()): Promise<number> {
    const cutoff = now - days * DAY_MS;
    return this.db.transaction(async (tx) => {
      const r = await tx.run('DELETE FROM events WHERE received_ms < ?', [cutoff]);
      await tx.run('DELETE FROM attack_groups WHERE last_ms < ?', [cutoff]);
      await tx.run('DELETE FROM attack_daily WHERE day_ms < ?', [Math.floor(cutoff / DAY_MS) * DAY_MS]);
      await tx.run('DELETE FROM login_failures WHERE at_ms < ?', [now - DAY_MS]);
      await tx.run('DELETE FROM web_sessions WHERE expires_ms < ?', [now]);
      return r.changes;
    });
  }

  // ------------------------------------------------------------------ console views

  /** Attacks per day and class since `sinceMs`, and the totals of the overview page. */
  async overview(
    sinceMs: number,
  ): Promise<{ daily: Array<{ day_ms: number; class: string; hits: number }>; totals: Record<string, number> }> {
    const daily = (
      await this.db.all<Record<string, unknown>>(
        'SELECT day_ms, class, hits FROM attack_daily WHERE day_ms >= ? ORDER BY day_ms, class',
        [Math.floor(sinceMs / DAY_MS) * DAY_MS],
      )
    ).map((r) => ({ day_ms: Number(r.day_ms), class: str(r.class), hits: Number(r.hits) }));
    const count = async (sql: string, params: SqlValue[] = []) => Number((await this.db.get<{ n: number }>(sql, params))?.n ?? 0);
    const totals = {
      // Findings as the vulnerabilities page lists them (rows grouped through the merged inventory).
      open_vulnerabilities: await count('SELECT COUNT(*) AS n FROM findings WHERE open_rows > 0'),
      endpoints: await count('SELECT COUNT(*) AS n FROM endpoints'),
      nodes: await count('SELECT COUNT(*) AS n FROM nodes'),
    };
    return { daily, totals };
  }

  /** Attack groups, newest first, `limit` of them from `offset` (one more tells there is a next page). */
  async attackGroups(f: AttackFilter, offset: number, limit: number): Promise<AttackGroup[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    const add = (cond: string, v: SqlValue) => {
      where.push(cond);
      params.push(v);
    };
    // last_ms lies within a window of first_ms: bounding it both ways keeps the scan on its index.
    if (f.fromMs !== undefined) add('g.last_ms >= ?', f.fromMs);
    if (f.toMs !== undefined) {
      add('g.last_ms < ?', f.toMs + ATTACK_GROUP_WINDOW_MS);
      add('g.first_ms < ?', f.toMs);
    }
    if (f.class) add("(',' || g.classes || ',') LIKE ? ESCAPE '\\'", `%,${likeEscape(f.class)},%`);
    if (f.verdict) add('g.worst_verdict = ?', f.verdict);
    if (f.host) add('g.host = ?', f.host);
    if (f.client) add('g.client_ip = ?', f.client);
    if (f.node) add('g.node_uuid = ?', f.node);
    if (f.search) {
      // A substring search reads stored records: only those of the chosen days (by default the last SEARCH_DAYS).
      const to = f.toMs ?? Date.now() + DAY_MS;
      const from = f.fromMs ?? to - SEARCH_DAYS * DAY_MS;
      // ... and of those, the newest searchScanRecords (searchCutoff tells where it stopped).
      where.push(`g.id IN (SELECT group_id FROM (SELECT group_id, body FROM events WHERE type = 'attack' AND ts_ms >= ? AND ts_ms < ? ORDER BY ts_ms DESC LIMIT ?) AS recent
        WHERE body LIKE ? ESCAPE '\\')`);
      params.push(from, to, this.searchScanRecords, `%${likeEscape(f.search)}%`);
    }
    const cond = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const rows = await this.db.all<Record<string, unknown>>(
      `SELECT g.* FROM attack_groups g ${cond} ORDER BY g.last_ms DESC, g.id DESC LIMIT ? OFFSET ?`,
      [...params, limit, offset],
    );
    return rows.map(groupFromRow);
  }

  /**
   * Where a value search of this filter stopped reading: the time of the oldest record it read
   * when the chosen days hold more than searchScanRecords attack records, else null.
   */
  async searchCutoff(f: AttackFilter): Promise<number | null> {
    if (!f.search) return null;
    const to = f.toMs ?? Date.now() + DAY_MS;
    const from = f.fromMs ?? to - SEARCH_DAYS * DAY_MS;
    const row = await this.db.get<{ ts_ms: number }>(
      "SELECT ts_ms FROM events WHERE type = 'attack' AND ts_ms >= ? AND ts_ms < ? ORDER BY ts_ms DESC LIMIT 1 OFFSET ?",
      [from, to, this.searchScanRecords],
    );
    return row === undefined ? null : Number(row.ts_ms);
  }

  async attackGroup(
    id: number,
  ): Promise<{ group: AttackGroup; events: Array<{ id: number; record: Record<string, unknown> }> } | null> {
    const row = await this.db.get<Record<string, unknown>>('SELECT * FROM attack_groups WHERE id = ?', [id]);
    if (row === undefined) return null;
    const g = groupFromRow(row);
    const events = await this.db.all<{ id: number; body: string }>(
      'SELECT id, body FROM events WHERE group_id = ? ORDER BY ts_ms DESC, id DESC LIMIT 100',
      [id],
    );
    return { group: g, events: events.map((e) => ({ id: Number(e.id), record: JSON.parse(e.body) as Record<string, unknown> })) };
  }

  async event(id: number): Promise<{ id: number; node_uuid: string; record: Record<string, unknown> } | null> {
    const row = await this.db.get<{ id: number; node_uuid: string; body: string }>(
      'SELECT id, node_uuid, body FROM events WHERE id = ?',
      [id],
    );
    return row === undefined
      ? null
      : { id: Number(row.id), node_uuid: str(row.node_uuid), record: JSON.parse(row.body) as Record<string, unknown> };
  }

  /** Hosts of the inventory with their endpoint counts and newest activity. */
  async inventoryHosts(): Promise<Array<{ host: string; endpoints: number; first_ms: number; last_ms: number }>> {
    const rows = await this.db.all<Record<string, unknown>>(
      'SELECT host, COUNT(*) AS n, MIN(first_ms) AS f, MAX(last_ms) AS l FROM endpoints GROUP BY host ORDER BY host',
    );
    return rows.map((r) => ({ host: str(r.host), endpoints: Number(r.n), first_ms: Number(r.f), last_ms: Number(r.l) }));
  }

  /** A host's endpoints; with `sinceMs`, only those new or changed since then (`status` says which). */
  async inventoryEndpoints(
    host: string,
    sinceMs?: number,
  ): Promise<Array<{ status: 'new' | 'changed' | 'known'; endpoint: Record<string, Json> }>> {
    const rows =
      sinceMs === undefined
        ? await this.db.all<Record<string, unknown>>('SELECT * FROM endpoints WHERE host = ?', [host])
        : await this.db.all<Record<string, unknown>>(
            'SELECT * FROM endpoints WHERE host = ? AND (first_ms >= ? OR updated_ms >= ?)',
            [host, sinceMs, sinceMs],
          );
    rows.sort((a, b) => (str(a.template) + ' ' + str(a.method) < str(b.template) + ' ' + str(b.method) ? -1 : 1));
    return rows.map((r) => ({
      status: sinceMs === undefined ? 'known' : Number(r.first_ms) >= sinceMs ? 'new' : 'changed',
      endpoint: JSON.parse(str(r.body)) as Record<string, Json>,
    }));
  }

  /**
   * Vulnerabilities, newest first: rows whose templates name the same endpoint of the merged
   * inventory are one finding (cloud/vulnerability-groups.ts, docs/api-discovery.md "Sessions and
   * vulnerabilities across nodes"), with the id and evidence of its earliest row, the earliest
   * `first_ms`, the latest `last_ms` and all reports. A finding is open while any of its rows is.
   */
  async vulnerabilities(open: boolean, offset: number, limit: number): Promise<Vulnerability[]> {
    // One row per finding (table findings, kept as rows and endpoints are written): its last
    // report and its earliest row's id order the page (indexed); only the page's rows are read in full.
    const keys = await this.db.all<{ group_key: string }>(
      `SELECT group_key FROM findings WHERE open_rows ${open ? '>' : '='} 0
       ORDER BY last_ms DESC, first_id DESC LIMIT ? OFFSET ?`,
      [limit, offset],
    );
    const rows = new Map<string, StoredVulnerabilityRow[]>(keys.map((k) => [str(k.group_key), []]));
    const template = new Map<string, string>();
    for (let i = 0; i < keys.length; i += 500) {
      const some = keys.slice(i, i + 500).map((k) => str(k.group_key));
      for (const r of await this.db.all<Record<string, unknown>>(
        `SELECT ${VULNERABILITY_COLUMNS}, group_key, group_template FROM vulnerabilities
         WHERE group_key IN (${some.map(() => '?').join(', ')}) ORDER BY first_ms, id`,
        some,
      )) {
        rows.get(str(r.group_key))!.push(storedVulnerability(r));
        template.set(str(r.group_key), str(r.group_template));
      }
    }
    const page = [...rows].map(([key, list]) => ({
      g: { template: template.get(key)!, rows: list },
      last: Math.max(...list.map((r) => r.last_ms)),
    }));
    const eventIds = page.map(({ g }) => g.rows[0].last_event_id);
    const bodies = new Map<number, string>();
    for (let i = 0; i < eventIds.length; i += 500) {
      const ids = eventIds.slice(i, i + 500);
      const rows = await this.db.all<{ id: unknown; body: string }>(
        `SELECT id, body FROM events WHERE id IN (${ids.map(() => '?').join(', ')})`,
        ids,
      );
      for (const r of rows) bodies.set(Number(r.id), r.body);
    }
    return page.map(({ g, last }) => {
      const first = g.rows[0];
      const closed = g.rows.map((r) => r.closed_ms);
      return {
        id: first.id,
        kind: first.kind,
        detail: first.detail,
        host: first.host,
        method: first.method,
        template: g.template,
        first_ms: first.first_ms,
        last_ms: last,
        reports: g.rows.reduce((n, r) => n + r.reports, 0),
        rows: g.rows.length,
        closed_ms: closed.some((c) => c === null) ? null : Math.max(...(closed as number[])),
        record: JSON.parse(bodies.get(first.last_event_id) ?? '{}') as Record<string, unknown>,
      };
    });
  }

  /** Closes (or reopens) a finding: every row of the group the row `id` belongs to. */
  async setVulnerabilityClosed(id: number, closed: boolean): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const row = await tx.get<{ group_key: string | null }>('SELECT group_key FROM vulnerabilities WHERE id = ?', [id]);
      if (row?.group_key == null) return false;
      const r = await tx.run('UPDATE vulnerabilities SET closed_ms = ? WHERE group_key = ?', [
        closed ? Date.now() : null,
        row.group_key,
      ]);
      await refreshFindings(tx, [row.group_key]);
      return r.changes > 0;
    });
  }

  /** Sessions merged across nodes (see mergeSession), newest first, optionally of one host or client. */
  async sessions(
    f: { host?: string; client?: string },
    offset: number,
    limit: number,
  ): Promise<Array<{ id: number; record: Record<string, unknown> }>> {
    const where = ['1 = 1'];
    const params: SqlValue[] = [];
    if (f.host) {
      where.push('host = ?');
      params.push(f.host);
    }
    if (f.client) {
      where.push('client_ip = ?');
      params.push(f.client);
    }
    const rows = await this.db.all<{ id: number; body: string }>(
      `SELECT id, body FROM sessions WHERE ${where.join(' AND ')} ORDER BY last_ms DESC, id DESC LIMIT ? OFFSET ?`,
      [...params, limit, offset],
    );
    return rows.map((r) => ({ id: Number(r.id), record: JSON.parse(r.body) as Record<string, unknown> }));
  }

  // ------------------------------------------------------------------ API tokens

  /** A new token; only its SHA-256 is stored, so the caller must show it now or never. */
  async createToken(
    name: string,
    usage = TOKEN_USAGE_DEPLOYMENT,
    region: string | null = null,
  ): Promise<{ token: string; id: number }> {
    const token = newToken();
    await this.db.run('INSERT INTO api_tokens (name, usage, token_sha256, region, created_ms) VALUES (?, ?, ?, ?, ?)', [
      name,
      usage,
      sha256(token),
      region,
      Date.now(),
    ]);
    const row = await this.db.get<{ id: number }>('SELECT id FROM api_tokens WHERE token_sha256 = ?', [sha256(token)]);
    return { token, id: Number(row!.id) };
  }

  async tokens(): Promise<ApiToken[]> {
    const rows = await this.db.all<Record<string, unknown>>('SELECT * FROM api_tokens ORDER BY id');
    return rows.map((r) => ({
      id: Number(r.id),
      name: str(r.name),
      usage: str(r.usage),
      region: r.region === null ? null : str(r.region),
      created_at: iso(r.created_ms as number)!,
      revoked_at: iso(r.revoked_ms as number | null),
      last_used_at: iso(r.last_used_ms as number | null),
    }));
  }

  async revokeToken(id: number): Promise<boolean> {
    const r = await this.db.run('UPDATE api_tokens SET revoked_ms = ? WHERE id = ? AND revoked_ms IS NULL', [Date.now(), id]);
    return r.changes > 0;
  }

  /** A deployment token that exists and is not revoked: its region binding (null: any region). */
  checkDeploymentToken(token: string): Promise<{ region: string | null } | null> {
    return this.checkToken(token, TOKEN_USAGE_DEPLOYMENT);
  }

  /** A token of this usage that exists and is not revoked (its use is remembered). */
  async checkToken(token: string, usage: string): Promise<{ region: string | null } | null> {
    const row = await this.db.get<Record<string, unknown>>(
      'SELECT id, region FROM api_tokens WHERE token_sha256 = ? AND usage = ? AND revoked_ms IS NULL',
      [sha256(token), usage],
    );
    if (row === undefined) return null;
    await this.db.run('UPDATE api_tokens SET last_used_ms = ? WHERE id = ?', [Date.now(), Number(row.id)]);
    return { region: row.region === null ? null : str(row.region) };
  }

  // ------------------------------------------------------------------ users

  async userCount(): Promise<number> {
    const row = await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM users');
    return Number(row?.n ?? 0);
  }

  async createUser(name: string, password: string, isAdmin: boolean): Promise<User> {
    const salt = randomBytes(16);
    const hash = await scryptAsync(password, salt, 32, SCRYPT);
    const stored = `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
    await this.db.run('INSERT INTO users (name, password_hash, is_admin, created_ms) VALUES (?, ?, ?, ?)', [
      name,
      stored,
      isAdmin ? 1 : 0,
      Date.now(),
    ]);
    return (await this.userByName(name))!;
  }

  async userByName(name: string): Promise<User | undefined> {
    const row = await this.db.get<Record<string, unknown>>('SELECT id, name, is_admin FROM users WHERE name = ?', [name]);
    return row === undefined ? undefined : { id: Number(row.id), name: str(row.name), is_admin: Number(row.is_admin) === 1 };
  }

  /** The user when the password matches (constant time in the hash comparison). */
  async verifyPassword(name: string, password: string): Promise<User | null> {
    const row = await this.db.get<Record<string, unknown>>('SELECT id, name, is_admin, password_hash FROM users WHERE name = ?', [
      name,
    ]);
    // Hash anyway for an unknown user, so timing does not tell which names exist.
    const [, n, r, p, salt, hash] =
      row === undefined ? ['', '32768', '8', '1', 'AAAAAAAAAAAAAAAAAAAAAA==', ''] : str(row.password_hash).split('$');
    const want = Buffer.from(hash, 'base64');
    const got = await scryptAsync(password, Buffer.from(salt, 'base64'), 32, {
      N: Number(n),
      r: Number(r),
      p: Number(p),
      maxmem: SCRYPT.maxmem,
    });
    if (row === undefined || want.length !== got.length || !timingSafeEqual(want, got)) return null;
    return { id: Number(row.id), name: str(row.name), is_admin: Number(row.is_admin) === 1 };
  }

  /** Login attempts that failed for `who` (a user name or client address) since `sinceMs`. */
  async loginFailures(who: string, sinceMs: number): Promise<number> {
    const row = await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM login_failures WHERE who = ? AND at_ms >= ?', [
      who,
      sinceMs,
    ]);
    return Number(row?.n ?? 0);
  }

  async recordLoginFailure(who: string): Promise<void> {
    await this.db.run('INSERT INTO login_failures (who, at_ms) VALUES (?, ?)', [who, Date.now()]);
  }

  /** A new web session: the cookie value (kept only as its SHA-256) and its CSRF token. */
  async createWebSession(userId: number, ttlMs: number): Promise<{ id: string; csrf: string }> {
    const id = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    const now = Date.now();
    await this.db.run('INSERT INTO web_sessions (id_sha256, user_id, csrf, created_ms, expires_ms) VALUES (?, ?, ?, ?, ?)', [
      sha256(id),
      userId,
      csrf,
      now,
      now + ttlMs,
    ]);
    return { id, csrf };
  }

  async webSession(id: string): Promise<{ user: User; csrf: string } | null> {
    const row = await this.db.get<Record<string, unknown>>(
      'SELECT u.id, u.name, u.is_admin, s.csrf FROM web_sessions s JOIN users u ON u.id = s.user_id WHERE s.id_sha256 = ? AND s.expires_ms > ?',
      [sha256(id), Date.now()],
    );
    if (row === undefined) return null;
    return { user: { id: Number(row.id), name: str(row.name), is_admin: Number(row.is_admin) === 1 }, csrf: str(row.csrf) };
  }

  async endWebSession(id: string): Promise<void> {
    await this.db.run('DELETE FROM web_sessions WHERE id_sha256 = ?', [sha256(id)]);
  }
}

function nodeFromRow(row: Record<string, unknown>): NodeEntry {
  const n: NodeEntry = {
    uuid: str(row.uuid),
    hostname: str(row.hostname),
    labels: JSON.parse(str(row.labels)) as Record<string, string>,
    mode: str(row.mode),
    version: str(row.version),
    arch: str(row.arch),
    registered_at: iso(row.registered_ms as number)!,
  };
  if (row.heartbeat !== null && row.heartbeat !== undefined)
    n.last_heartbeat = JSON.parse(str(row.heartbeat)) as NodeEntry['last_heartbeat'];
  return n;
}

/** Attacks of one class set, endpoint and source within this window form one group in Attacks. */
export const ATTACK_GROUP_WINDOW_MS = 3_600_000;
/** The node's defaults (api_discovery.sessions.max_requests, idle_timeout): the cloud merges parts by them. */
const SESSION_MERGE: SessionMergeOptions = { maxRequests: 50, idleTimeoutUs: 30 * 60 * 1_000_000 };
/** Days a value search covers when the filter names none. */
export const SEARCH_DAYS = 7;
/**
 * Attack records a value search reads by default, newest first, within its days: a substring of attacker
 * text has no index, so this bounds the page's time (docs/console.md, "Scale"); the page says
 * where the search stopped so the user can narrow the days.
 */
export const SEARCH_SCAN_RECORDS = 100_000;
const DAY_MS = 86_400_000;
const VERDICT_RANK: Record<string, number> = { attempt: 0, blocked: 1, succeeded: 2 };

async function insertEvents(
  tx: SqlDatabase,
  nodeUuid: string,
  batchId: string,
  items: Array<Record<string, unknown>>,
  now: number,
): Promise<void> {
  const rows = items.map((rec) => ({ rec, c: eventColumns(rec), type: str(rec.type), ts: recordMs(rec.ts, now) }));
  const groupIds = await upsertAttackGroups(
    tx,
    nodeUuid,
    rows.filter((r) => r.type === 'attack'),
  );
  const daily = new Map<string, number>();
  const findings = new FindingPairs();
  for (const { rec, c, type, ts } of rows) {
    const gid = type === 'attack' ? groupIds.get(groupKey(c, ts))! : null;
    const row = await tx.get<{ id: number }>(
      'INSERT INTO events (node_uuid, batch_id, type, ts_ms, received_ms, host, client_ip, classes, verdict, method, path, status, group_id, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
      [
        nodeUuid,
        batchId,
        type,
        ts,
        now,
        c.host,
        c.client,
        c.classes,
        c.verdict,
        c.method,
        c.path,
        c.status,
        gid,
        JSON.stringify(rec),
      ],
    );
    if (type === 'attack') {
      const day = Math.floor(ts / DAY_MS) * DAY_MS;
      for (const cls of c.classes.split(',')) daily.set(`${day} ${cls}`, (daily.get(`${day} ${cls}`) ?? 0) + 1);
    } else if (type === 'vulnerability') {
      const stored = await indexVulnerability(tx, rec, c, ts, Number(row!.id));
      findings.add(stored.host, stored.method, stored.id);
    } else if (type === 'session') await mergeSession(tx, rec as unknown as SessionRecord);
  }
  await regroupFindings(tx, findings, findings.ids);
  for (const [key, hits] of daily) {
    const [day, cls] = [Number(key.slice(0, key.indexOf(' '))), key.slice(key.indexOf(' ') + 1)];
    await tx.run(
      'INSERT INTO attack_daily (day_ms, class, hits) VALUES (?, ?, ?) ON CONFLICT (day_ms, class) DO UPDATE SET hits = attack_daily.hits + excluded.hits',
      [day, cls, hits],
    );
  }
}

function groupKey(c: ReturnType<typeof eventColumns>, ts: number): string {
  return JSON.stringify([
    c.classes,
    c.host,
    c.method,
    c.path,
    c.client,
    Math.floor(ts / ATTACK_GROUP_WINDOW_MS) * ATTACK_GROUP_WINDOW_MS,
  ]);
}

/** One upsert per distinct group of the batch (not per attack); their ids by group key. */
async function upsertAttackGroups(
  tx: SqlDatabase,
  nodeUuid: string,
  attacks: Array<{ c: ReturnType<typeof eventColumns>; ts: number }>,
): Promise<Map<string, number>> {
  const groups = new Map<
    string,
    { c: ReturnType<typeof eventColumns>; first: number; last: number; hits: number; worst: string }
  >();
  for (const { c, ts } of attacks) {
    const key = groupKey(c, ts);
    const verdict = c.verdict in VERDICT_RANK ? c.verdict : 'attempt';
    const g = groups.get(key);
    if (g === undefined) groups.set(key, { c, first: ts, last: ts, hits: 1, worst: verdict });
    else {
      g.first = Math.min(g.first, ts);
      g.last = Math.max(g.last, ts);
      g.hits++;
      if (VERDICT_RANK[verdict] > VERDICT_RANK[g.worst]) g.worst = verdict;
    }
  }
  const ids = new Map<string, number>();
  for (const [key, g] of groups) {
    const bucket = Math.floor(g.first / ATTACK_GROUP_WINDOW_MS) * ATTACK_GROUP_WINDOW_MS;
    const row = await tx.get<{ id: number }>(
      `INSERT INTO attack_groups (gkey, classes, host, method, path, client_ip, node_uuid, bucket_ms, first_ms, last_ms, hits, worst_verdict)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (gkey) DO UPDATE SET
         first_ms = CASE WHEN excluded.first_ms < attack_groups.first_ms THEN excluded.first_ms ELSE attack_groups.first_ms END,
         last_ms = CASE WHEN excluded.last_ms > attack_groups.last_ms THEN excluded.last_ms ELSE attack_groups.last_ms END,
         hits = attack_groups.hits + excluded.hits,
         worst_verdict = CASE WHEN excluded.worst_verdict = 'succeeded' OR attack_groups.worst_verdict = 'succeeded' THEN 'succeeded'
                              WHEN excluded.worst_verdict = 'blocked' OR attack_groups.worst_verdict = 'blocked' THEN 'blocked' ELSE 'attempt' END
       RETURNING id`,
      [key, g.c.classes, g.c.host, g.c.method, g.c.path, g.c.client, nodeUuid, bucket, g.first, g.last, g.hits, g.worst],
    );
    ids.set(key, Number(row!.id));
  }
  return ids;
}

/**
 * Session parts from several nodes (or export periods) under one session_id become one session
 * with the node's own merge rules (node/analysis/sessions/merge.ts; docs/api-discovery.md,
 * "Sessions across nodes"); parts further apart than the idle timeout stay separate sessions.
 */
async function mergeSession(tx: SqlDatabase, rec: SessionRecord): Promise<void> {
  if (typeof rec.session_id !== 'string' || rec.session_id === '') return;
  const rows = await tx.all<{ id: number; body: string }>('SELECT id, body FROM sessions WHERE session_id = ?', [rec.session_id]);
  const parts = [...rows.map((r) => JSON.parse(r.body) as SessionRecord), rec];
  const merged = mergePartialSessions(parts, SESSION_MERGE);
  for (const r of rows) await tx.run('DELETE FROM sessions WHERE id = ?', [Number(r.id)]);
  for (const m of merged) {
    await tx.run('INSERT INTO sessions (session_id, host, client_ip, first_ms, last_ms, body) VALUES (?, ?, ?, ?, ?, ?)', [
      m.session_id,
      str(m.host),
      str(m.client_ip),
      recordMs(m.first_seen, 0),
      recordMs(m.last_seen, 0),
      JSON.stringify(m),
    ]);
  }
}

async function indexVulnerability(
  tx: SqlDatabase,
  rec: Record<string, unknown>,
  c: ReturnType<typeof eventColumns>,
  ts: number,
  id: number,
): Promise<{ id: number; host: string; method: string }> {
  const kind = str(rec.kind);
  const detail = str(rec.detail);
  // The node's de-duplication key (node/analysis/vulnerabilities/dedupe.ts): a finding about the
  // server itself is one per host whichever endpoint each node first saw it on; the row names the
  // endpoint of the earliest report, as one node on the whole traffic would (docs/api-discovery.md,
  // "Sessions and vulnerabilities across nodes").
  const perHost = isPerHostFinding({ kind, detail });
  const vkey = JSON.stringify([c.host, kind, detail, perHost ? '' : c.method, perHost ? '' : c.path]);
  const earlier = `excluded.first_ms < vulnerabilities.first_ms OR (excluded.first_ms = vulnerabilities.first_ms
       AND (excluded.method < vulnerabilities.method OR (excluded.method = vulnerabilities.method AND excluded.template < vulnerabilities.template)))`;
  // A report after it was closed opens it again: the leak is back.
  const row = await tx.get<{ id: unknown; host: unknown; method: unknown }>(
    `INSERT INTO vulnerabilities (vkey, kind, detail, host, method, template, first_ms, last_ms, reports, closed_ms, last_event_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, NULL, ?)
     ON CONFLICT (vkey) DO UPDATE SET
       method = CASE WHEN ${earlier} THEN excluded.method ELSE vulnerabilities.method END,
       template = CASE WHEN ${earlier} THEN excluded.template ELSE vulnerabilities.template END,
       first_ms = CASE WHEN excluded.first_ms < vulnerabilities.first_ms THEN excluded.first_ms ELSE vulnerabilities.first_ms END,
       last_ms = CASE WHEN excluded.last_ms > vulnerabilities.last_ms THEN excluded.last_ms ELSE vulnerabilities.last_ms END,
       reports = vulnerabilities.reports + 1, closed_ms = NULL, last_event_id = excluded.last_event_id
     RETURNING id, host, method`,
    [vkey, kind, detail, c.host, c.method, c.path, recordMs(rec.first_seen, ts), ts, id],
  );
  return { id: Number(row!.id), host: str(row!.host), method: str(row!.method) };
}

/** The (host, method) pairs whose findings a write may regroup, and (events) the rows it wrote. */
class FindingPairs {
  readonly pairs = new Map<string, [string, string]>();
  readonly ids = new Set<number>();

  add(host: string, method: string, id?: number): void {
    this.pairs.set(JSON.stringify([host, method]), [host, method]);
    if (id !== undefined) this.ids.add(id);
  }
}

/**
 * Stores the finding each vulnerability row belongs to (group_key, group_template: its template
 * mapped through the merged inventory's templates of its host and method, cloud/vulnerability-groups.ts),
 * so that listing, counting and closing findings read groups, not every row and endpoint. For the
 * rows `only` names (rows just reported: their pair's templates did not change), else every row
 * of each pair (a template new to the pair). On PostgreSQL a transaction lock per pair, taken in
 * sorted order, orders this against another instance writing rows or templates of the same pair:
 * whichever commits second reads what the first wrote.
 */
async function regroupFindings(tx: SqlDatabase, findings: FindingPairs, only: ReadonlySet<number> | null): Promise<void> {
  const columns = 'id, vkey, kind, detail, template, group_key, group_template';
  // The rows just reported, read by id and sorted into their pairs (a pair may hold many more rows).
  const byPair = new Map<string, Array<Record<string, unknown>>>();
  if (only !== null) {
    const ids = [...only];
    for (let i = 0; i < ids.length; i += 500) {
      const some = ids.slice(i, i + 500);
      for (const r of await tx.all<Record<string, unknown>>(
        `SELECT ${columns}, host, method FROM vulnerabilities WHERE id IN (${some.map(() => '?').join(', ')})`,
        some,
      )) {
        const key = JSON.stringify([str(r.host), str(r.method)]);
        byPair.set(key, [...(byPair.get(key) ?? []), r]);
      }
    }
  }
  // The findings whose rows change: a row's old and new group.
  const touched = new Set<string>();
  for (const key of [...findings.pairs.keys()].sort()) {
    const [host, method] = findings.pairs.get(key)!;
    if (tx.dialect === 'postgres') await tx.get('SELECT pg_advisory_xact_lock(hashtext(?))', [key]);
    const rows =
      only !== null
        ? (byPair.get(key) ?? [])
        : await tx.all<Record<string, unknown>>(`SELECT ${columns} FROM vulnerabilities WHERE host = ? AND method = ?`, [
            host,
            method,
          ]);
    if (rows.length === 0) continue;
    const templates = await tx.all<{ template: unknown }>('SELECT template FROM endpoints WHERE host = ? AND method = ?', [
      host,
      method,
    ]);
    const index = new TemplateIndex(templates.map((t) => str(t.template)));
    for (const r of rows) {
      const [kind, detail] = [str(r.kind), str(r.detail)];
      const template = index.map(str(r.template));
      const group = findingGroupKey(
        { vkey: str(r.vkey), host, kind, detail, method },
        template,
        isPerHostFinding({ kind, detail }),
      );
      // A row just reported changed its finding's last report or open rows even where its group stays.
      if (only !== null || group !== r.group_key) touched.add(group);
      if (r.group_key !== null && group !== r.group_key) touched.add(str(r.group_key));
      if (group !== r.group_key || template !== r.group_template)
        await tx.run('UPDATE vulnerabilities SET group_key = ?, group_template = ? WHERE id = ?', [
          group,
          template,
          Number(r.id),
        ]);
    }
  }
  await refreshFindings(tx, touched);
}

/**
 * Writes the row of table findings of each group in `keys` from its vulnerability rows (index
 * vulnerabilities_group), or deletes it where no row is left: the last report, the earliest row's
 * id (by first_ms, id) and how many rows are open, which the vulnerabilities page orders and
 * filters by and the overview counts. On PostgreSQL a transaction lock per finding, taken in sorted
 * order after every pair lock, orders two instances writing rows of one finding (a per-host
 * finding spans methods, so pairs).
 */
async function refreshFindings(tx: SqlDatabase, keys: Iterable<string>): Promise<void> {
  for (const key of [...keys].sort()) {
    if (tx.dialect === 'postgres') await tx.get('SELECT pg_advisory_xact_lock(hashtext(?))', [`finding ${key}`]);
    const g = await tx.get<{ last: unknown; open_rows: unknown; first_id: unknown }>(
      `SELECT MAX(last_ms) AS last, SUM(CASE WHEN closed_ms IS NULL THEN 1 ELSE 0 END) AS open_rows,
         (SELECT id FROM vulnerabilities WHERE group_key = ? ORDER BY first_ms, id LIMIT 1) AS first_id
       FROM vulnerabilities WHERE group_key = ?`,
      [key, key],
    );
    if (g?.first_id == null) await tx.run('DELETE FROM findings WHERE group_key = ?', [key]);
    else
      await tx.run(
        `INSERT INTO findings (group_key, last_ms, first_id, open_rows) VALUES (?, ?, ?, ?)
         ON CONFLICT (group_key) DO UPDATE SET last_ms = excluded.last_ms, first_id = excluded.first_id, open_rows = excluded.open_rows`,
        [key, Number(g.last), Number(g.first_id), Number(g.open_rows)],
      );
  }
}

/** Rows stored before findings were grouped on write (migration 5) get their finding. */
async function groupUngroupedFindings(db: SqlDatabase): Promise<void> {
  const pairs = await db.all<{ host: unknown; method: unknown }>(
    'SELECT DISTINCT host, method FROM vulnerabilities WHERE group_key IS NULL',
  );
  if (pairs.length === 0) return;
  const findings = new FindingPairs();
  for (const p of pairs) findings.add(str(p.host), str(p.method));
  await db.transaction((tx) => regroupFindings(tx, findings, null));
}

/** Merges one API-discovery delta into its endpoint with the node's own rules (cloud/merge.ts). */
async function storeEndpointDelta(
  tx: SqlDatabase,
  item: Record<string, unknown>,
  now: number,
): Promise<{ host: string; method: string } | null> {
  const key = endpointKey(item);
  const old = await tx.get<{ body: string }>('SELECT body FROM endpoints WHERE key = ?', [key]);
  const merged = mergeEndpoint(old === undefined ? undefined : (JSON.parse(old.body) as Json), normaliseDelta(item)) as Record<
    string,
    Json
  >;
  const first = recordMs(merged.first_seen, now);
  const last = recordMs(merged.last_seen ?? merged.ts, now);
  const body = JSON.stringify(merged);
  if (old === undefined) {
    await tx.run(
      'INSERT INTO endpoints (key, host, method, template, first_ms, last_ms, updated_ms, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [
        key,
        str(merged.host),
        str(merged.method),
        str(merged.template ?? merged.path_template ?? merged.path),
        first,
        last,
        now,
        body,
      ],
    );
    return { host: str(merged.host), method: str(merged.method) };
  }
  await tx.run('UPDATE endpoints SET first_ms = ?, last_ms = ?, updated_ms = ?, body = ? WHERE key = ?', [
    first,
    last,
    now,
    body,
    key,
  ]);
  return null;
}
