/**
 * SQLite for the console without a compiler on the machine: Node's built-in `node:sqlite` where
 * the running Node has it (22.5 and later, so the runtime the installers ship), else the
 * WebAssembly build `node-sqlite3-wasm` (Node 20). docs/console.md says why and what differs
 * (WAL needs shared memory, which the WebAssembly build has not: it uses a rollback journal).
 */
import type { RunResult, SqlDatabase, SqlValue } from './sql';

interface SyncDb {
  exec(sql: string): void;
  run(sql: string, params: readonly SqlValue[]): RunResult;
  all(sql: string, params: readonly SqlValue[]): Array<Record<string, unknown>>;
  close(): void;
  readonly engine: string;
}

function hasNodeSqlite(): boolean {
  const [major, minor] = process.versions.node.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 13);
}

function openNodeSqlite(file: string): SyncDb {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DatabaseSync } = require('node:sqlite') as {
    DatabaseSync: new (f: string) => {
      exec(s: string): void;
      prepare(s: string): { run(...p: unknown[]): { changes: number | bigint }; all(...p: unknown[]): unknown[] };
      close(): void;
    };
  };
  const db = new DatabaseSync(file);
  const cache = new Map<string, ReturnType<typeof db.prepare>>();
  const stmt = (sql: string) => {
    let s = cache.get(sql);
    if (s === undefined) {
      s = db.prepare(sql);
      if (cache.size < 256) cache.set(sql, s);
    }
    return s;
  };
  return {
    engine: 'node:sqlite',
    exec: (sql) => db.exec(sql),
    run: (sql, params) => ({ changes: Number(stmt(sql).run(...params).changes) }),
    all: (sql, params) => stmt(sql).all(...params) as Array<Record<string, unknown>>,
    close: () => db.close(),
  };
}

function openWasmSqlite(file: string): SyncDb {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Database } = require('node-sqlite3-wasm') as {
    Database: new (f: string) => {
      exec(s: string): void;
      run(s: string, v?: unknown[]): { changes: number };
      all(s: string, v?: unknown[]): Array<Record<string, unknown>>;
      close(): void;
    };
  };
  const db = new Database(file);
  return {
    engine: 'node-sqlite3-wasm',
    exec: (sql) => db.exec(sql),
    run: (sql, params) => ({ changes: db.run(sql, params as unknown[]).changes }),
    all: (sql, params) => db.all(sql, params as unknown[]),
    close: () => db.close(),
  };
}

class SqliteDatabase implements SqlDatabase {
  readonly dialect = 'sqlite' as const;
  private depth = 0;
  constructor(
    private readonly db: SyncDb,
    readonly where: string,
  ) {}

  async exec(sql: string): Promise<void> {
    this.db.exec(sql);
  }
  async run(sql: string, params: readonly SqlValue[] = []): Promise<RunResult> {
    return this.db.run(sql, params);
  }
  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.db.all(sql, params) as T[];
  }
  async get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return this.db.all(sql, params)[0] as T | undefined;
  }
  /**
   * SQLite is one connection used by one event loop: statements of other requests could run
   * between the awaits of `fn`, so transactions are serialised by a queue.
   */
  private queue: Promise<unknown> = Promise.resolve();
  transaction<T>(fn: (tx: SqlDatabase) => Promise<T>): Promise<T> {
    if (this.depth > 0) return fn(this);
    const next = this.queue.then(async () => {
      this.depth++;
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const out = await fn(this);
        this.db.exec('COMMIT');
        return out;
      } catch (err) {
        this.db.exec('ROLLBACK');
        throw err;
      } finally {
        this.depth--;
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
  private closed = false;
  async close(): Promise<void> {
    await this.queue;
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
  get engine(): string {
    return this.db.engine;
  }
}

export function openSqlite(file: string): SqlDatabase & { readonly engine: string } {
  const db = hasNodeSqlite() ? openNodeSqlite(file) : openWasmSqlite(file);
  const out = new SqliteDatabase(db, file);
  if (db.engine === 'node:sqlite') {
    // One writer, many readers without blocking them; fsync at checkpoints (docs/console.md).
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
  } else {
    db.exec('PRAGMA journal_mode = TRUNCATE');
  }
  db.exec('PRAGMA foreign_keys = ON');
  db.exec('PRAGMA busy_timeout = 5000');
  return out;
}
