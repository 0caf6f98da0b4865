import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { BatchJournal, leftoverJournals } from '../../../node/cloud/batch-journal';

test('a journal left by a killed process yields its complete records; a torn last line is left out', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-'));
  const id = randomUUID();
  const j = new BatchJournal(dir, 'events', id);
  j.append('{"seq":1}');
  j.append('{"seq":2}');
  j.close();
  fs.appendFileSync(j.file, '{"seq":3,"tr'); // killed in the middle of a write
  fs.writeFileSync(path.join(dir, 'seg-000000000001.log'), 'not a journal');
  const [left, ...rest] = leftoverJournals(dir);
  assert.equal(rest.length, 0);
  assert.deepEqual(left, { kind: 'events', id, file: j.file, records: ['{"seq":1}', '{"seq":2}'] });
  BatchJournal.remove(j.file);
  assert.deepEqual(leftoverJournals(dir), []);
});
