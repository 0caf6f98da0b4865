/** PostgreSQL for installations that outgrow one machine: `--database postgres://user:pw@host/db`. */
import { Pool, type PoolClient } from 'pg';
import { numberPlaceholders, type RunResult, type SqlDatabase, type SqlValue } from './sql';

type Queryable = Pool | PoolClient;

class PgDatabase implements SqlDatabase {
  readonly dialect = 'postgres' as const;
  constructor(
    private readonly q: Queryable,
    readonly where: string,
    private readonly pool: Pool | null,
  ) {}

  async exec(sql: string): Promise<void> {
    await this.q.query(sql);
  }
  async run(sql: string, params: readonly SqlValue[] = []): Promise<RunResult> {
    const r = await this.q.query(numberPlaceholders(sql), params as unknown[]);
    return { changes: r.rowCount ?? 0 };
  }
  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    const r = await this.q.query(numberPlaceholders(sql), params as unknown[]);
    return r.rows as T[];
  }
  async get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }
  async transaction<T>(fn: (tx: SqlDatabase) => Promise<T>): Promise<T> {
    if (this.pool === null) return fn(this);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const out = await fn(new PgDatabase(client, this.where, null));
      await client.query('COMMIT');
      return out;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
  private closed = false;
  async close(): Promise<void> {
    if (this.pool === null || this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

export async function openPostgres(url: string): Promise<SqlDatabase> {
  const u = new URL(url);
  const where = `postgres://${u.host}${u.pathname}`;
  const pool = new Pool({ connectionString: url, max: 8 });
  // An idle connection the server ends (restart, failover, admin shutdown) is an 'error' event of
  // the pool: without a listener it would be an uncaught exception that stops the cloud. The pool
  // drops that client and opens a new one for the next query.
  pool.on('error', (err) => {
    process.stderr.write(`cloud: PostgreSQL at ${where} closed an idle connection (${err.message}); reconnecting on next use\n`);
  });
  // BIGINT columns (counts, times in ms) come back as numbers: every value we store fits 2^53.
  const { types } = await import('pg');
  types.setTypeParser(20, (v: string) => Number(v));
  await pool.query('SELECT 1');
  return new PgDatabase(pool, where, pool);
}
