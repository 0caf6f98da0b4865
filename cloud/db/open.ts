/** The console's database from the command line: `--database postgres://...`, else SQLite under --data. */
import fs from 'node:fs';
import path from 'node:path';
import { openPostgres } from './postgres';
import type { SqlDatabase } from './sql';
import { openSqlite } from './sqlite';

export const SQLITE_FILE = 'console.db';

export async function openDatabase(url: string | undefined, dataDir: string): Promise<SqlDatabase> {
  if (url !== undefined && url !== '') {
    if (!/^postgres(ql)?:\/\//.test(url))
      throw new Error(
        `--database "${url.replace(/:[^:@/]*@/, ':***@')}" must be a postgres:// URL (SQLite is the default, in --data)`,
      );
    return openPostgres(url);
  }
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return openSqlite(path.join(dataDir, SQLITE_FILE));
}
