/**
 * The records of a batch still being gathered, appended to `open-<kind>-<batch_id>.jsonl` in the
 * spool directory as they arrive: one write per record, no fsync. The kernel keeps what was
 * written when the process dies (kill -9, crash), so a restart can seal those records under the
 * same batch_id instead of losing up to a batch window of findings; only a power loss can take
 * them. The file is removed once its batch is in the spool.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BatchKind } from './spool';

const JOURNAL_NAME = /^open-(events|api-discovery)-([0-9a-f-]{36})\.jsonl$/;

export class BatchJournal {
  private fd = -1;
  readonly file: string;

  constructor(dir: string, kind: BatchKind, id: string) {
    this.file = path.join(dir, `open-${kind}-${id}.jsonl`);
    this.fd = fs.openSync(this.file, 'a', 0o600);
  }

  /** One record, one write: a record is in the journal entirely or not at all. */
  append(json: string): void {
    fs.writeSync(this.fd, json + '\n');
  }

  /** Stops writing; the file stays until remove() (after its batch is spooled). */
  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }

  static remove(file: string): void {
    fs.rmSync(file, { force: true });
  }
}

export interface LeftoverJournal {
  kind: BatchKind;
  id: string;
  file: string;
  /** Complete records only; a torn last line is left out. */
  records: string[];
}

/** Journals a previous process left behind, oldest first. */
export function leftoverJournals(dir: string): LeftoverJournal[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((name) => ({ name, m: JOURNAL_NAME.exec(name) }))
    .filter((e): e is { name: string; m: RegExpExecArray } => e.m !== null)
    .map(({ name, m }) => {
      const file = path.join(dir, name);
      const text = fs.readFileSync(file, 'utf8');
      const records = text
        .slice(0, text.lastIndexOf('\n') + 1)
        .split('\n')
        .filter((line) => isJsonObject(line));
      return { kind: m[1] as BatchKind, id: m[2], file, records, mtime: fs.statSync(file).mtimeMs };
    })
    .sort((a, b) => a.mtime - b.mtime)
    .map(({ kind, id, file, records }) => ({ kind, id, file, records }));
}

function isJsonObject(line: string): boolean {
  if (!line.startsWith('{')) return false;
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}
