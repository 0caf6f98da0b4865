/**
 * The console's database, behind one small interface with two implementations: SQLite (one file
 * under --data; the default) and PostgreSQL (--database postgres://...; several console instances
 * may share it). SQL is written once with `?` placeholders; the PostgreSQL driver numbers them.
 * Why these drivers: docs/console.md ("Storage").
 */
export type Dialect = 'sqlite' | 'postgres';

export type SqlValue = string | number | bigint | null;

export interface RunResult {
  /** Rows changed by an INSERT/UPDATE/DELETE. */
  changes: number;
}

export interface SqlDatabase {
  readonly dialect: Dialect;
  /** A short description for logs: the file, or the server without credentials. */
  readonly where: string;
  exec(sql: string): Promise<void>;
  run(sql: string, params?: readonly SqlValue[]): Promise<RunResult>;
  all<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** Runs `fn` in one transaction (committed when it resolves, rolled back when it throws). */
  transaction<T>(fn: (tx: SqlDatabase) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** `?` placeholders as PostgreSQL's `$1, $2, ...` (no `?` appears inside our SQL strings). */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
