/**
 * The console's schema, as an ordered list of migrations applied once each (table
 * schema_migrations). A migration is never edited after it shipped: add the next one.
 * `{id}` is the auto-increment key of each dialect; times are milliseconds since the epoch.
 */
import type { Dialect, SqlDatabase } from './sql';

const ID: Record<Dialect, string> = { sqlite: 'INTEGER PRIMARY KEY AUTOINCREMENT', postgres: 'BIGSERIAL PRIMARY KEY' };

export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'nodes, batches, events, endpoints',
    sql: `
CREATE TABLE nodes (
  uuid TEXT PRIMARY KEY,
  secret_sha256 TEXT NOT NULL,
  hostname TEXT NOT NULL,
  labels TEXT NOT NULL,
  grp TEXT NOT NULL,
  mode TEXT NOT NULL,
  version TEXT NOT NULL,
  arch TEXT NOT NULL,
  registered_ms BIGINT NOT NULL,
  heartbeat TEXT,
  heartbeat_ms BIGINT
);
CREATE TABLE batches (
  id {id},
  node_uuid TEXT NOT NULL,
  batch_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  received_ms BIGINT NOT NULL,
  items INTEGER NOT NULL,
  UNIQUE (node_uuid, batch_id)
);
CREATE TABLE events (
  id {id},
  node_uuid TEXT NOT NULL,
  batch_id TEXT NOT NULL,
  type TEXT NOT NULL,
  ts_ms BIGINT NOT NULL,
  received_ms BIGINT NOT NULL,
  host TEXT NOT NULL,
  client_ip TEXT NOT NULL,
  classes TEXT NOT NULL,
  verdict TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  status INTEGER,
  group_id BIGINT,
  body TEXT NOT NULL
);
CREATE INDEX events_type_ts ON events (type, ts_ms);
CREATE INDEX events_received ON events (received_ms);
CREATE TABLE endpoints (
  key TEXT PRIMARY KEY,
  host TEXT NOT NULL,
  method TEXT NOT NULL,
  template TEXT NOT NULL,
  first_ms BIGINT NOT NULL,
  last_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX endpoints_host ON endpoints (host, template);
`,
  },
  {
    version: 2,
    name: 'users, web sessions, API tokens',
    sql: `
CREATE TABLE users (
  id {id},
  name TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  is_admin INTEGER NOT NULL,
  created_ms BIGINT NOT NULL
);
CREATE TABLE web_sessions (
  id_sha256 TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  expires_ms BIGINT NOT NULL
);
CREATE TABLE api_tokens (
  id {id},
  name TEXT NOT NULL,
  usage TEXT NOT NULL,
  token_sha256 TEXT NOT NULL UNIQUE,
  region TEXT,
  created_ms BIGINT NOT NULL,
  revoked_ms BIGINT,
  last_used_ms BIGINT
);
CREATE TABLE login_failures (
  who TEXT NOT NULL,
  at_ms BIGINT NOT NULL
);
CREATE INDEX login_failures_who ON login_failures (who, at_ms);
`,
  },
  {
    version: 3,
    name: 'attack groups and vulnerabilities for the console',
    sql: `
CREATE TABLE attack_groups (
  id {id},
  gkey TEXT NOT NULL UNIQUE,
  classes TEXT NOT NULL,
  host TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  client_ip TEXT NOT NULL,
  node_uuid TEXT NOT NULL,
  bucket_ms BIGINT NOT NULL,
  first_ms BIGINT NOT NULL,
  last_ms BIGINT NOT NULL,
  hits BIGINT NOT NULL,
  worst_verdict TEXT NOT NULL
);
CREATE INDEX attack_groups_last ON attack_groups (last_ms);
CREATE INDEX attack_groups_classes_last ON attack_groups (classes, last_ms);
CREATE INDEX attack_groups_host_last ON attack_groups (host, last_ms);
CREATE INDEX attack_groups_client_last ON attack_groups (client_ip, last_ms);
CREATE INDEX attack_groups_node_last ON attack_groups (node_uuid, last_ms);
CREATE INDEX events_group ON events (group_id, ts_ms);
CREATE TABLE vulnerabilities (
  id {id},
  vkey TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  detail TEXT NOT NULL,
  host TEXT NOT NULL,
  method TEXT NOT NULL,
  template TEXT NOT NULL,
  first_ms BIGINT NOT NULL,
  last_ms BIGINT NOT NULL,
  reports BIGINT NOT NULL,
  closed_ms BIGINT,
  last_event_id BIGINT NOT NULL
);
CREATE INDEX vulnerabilities_last ON vulnerabilities (last_ms);
CREATE TABLE attack_daily (
  day_ms BIGINT NOT NULL,
  class TEXT NOT NULL,
  hits BIGINT NOT NULL,
  PRIMARY KEY (day_ms, class)
);
`,
  },
  {
    version: 4,
    name: 'sessions merged across nodes',
    sql: `
CREATE TABLE sessions (
  id {id},
  session_id TEXT NOT NULL,
  host TEXT NOT NULL,
  client_ip TEXT NOT NULL,
  first_ms BIGINT NOT NULL,
  last_ms BIGINT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX sessions_session_id ON sessions (session_id);
CREATE INDEX sessions_last ON sessions (last_ms);
CREATE INDEX sessions_host_last ON sessions (host, last_ms);
CREATE INDEX sessions_client_last ON sessions (client_ip, last_ms);
`,
  },
  {
    version: 5,
    name: 'the finding each vulnerability row belongs to, kept as rows and endpoints are written',
    sql: `
ALTER TABLE vulnerabilities ADD COLUMN group_key TEXT;
ALTER TABLE vulnerabilities ADD COLUMN group_template TEXT;
CREATE INDEX vulnerabilities_group ON vulnerabilities (group_key, first_ms, id);
CREATE INDEX vulnerabilities_host_method ON vulnerabilities (host, method);
CREATE INDEX endpoints_host_method ON endpoints (host, method);
`,
  },
  {
    version: 6,
    name: 'one row per finding (its last report, earliest row and open rows), kept as its rows are written',
    sql: `
CREATE TABLE findings (
  group_key TEXT PRIMARY KEY,
  last_ms BIGINT NOT NULL,
  first_id BIGINT NOT NULL,
  open_rows BIGINT NOT NULL
);
CREATE INDEX findings_last ON findings (last_ms, first_id);
INSERT INTO findings (group_key, last_ms, first_id, open_rows)
SELECT group_key, MAX(last_ms), MAX(CASE WHEN rn = 1 THEN id END), SUM(CASE WHEN closed_ms IS NULL THEN 1 ELSE 0 END) FROM (
  SELECT group_key, id, last_ms, closed_ms, ROW_NUMBER() OVER (PARTITION BY group_key ORDER BY first_ms, id) AS rn
  FROM vulnerabilities WHERE group_key IS NOT NULL) v
GROUP BY group_key;
`,
  },
];

/** Applies the migrations this database has not had yet, each in its own transaction. */
export async function migrate(db: SqlDatabase): Promise<number[]> {
  await db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_ms BIGINT NOT NULL)',
  );
  const applied = new Set(
    (await db.all<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)),
  );
  const done: number[] = [];
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue;
    await db.transaction(async (tx) => {
      // Several console instances may start together on one PostgreSQL: the first one migrates.
      if (tx.dialect === 'postgres') await tx.exec('LOCK TABLE schema_migrations IN EXCLUSIVE MODE');
      const again = await tx.get('SELECT version FROM schema_migrations WHERE version = ?', [m.version]);
      if (again !== undefined) return;
      for (const stmt of m.sql
        .replaceAll('{id}', ID[tx.dialect])
        .split(';')
        .map((s) => s.trim())
        .filter((s) => s !== '')) {
        await tx.exec(stmt);
      }
      await tx.run('INSERT INTO schema_migrations (version, name, applied_ms) VALUES (?, ?, ?)', [m.version, m.name, Date.now()]);
      done.push(m.version);
    });
  }
  return done;
}
