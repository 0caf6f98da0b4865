/** `--emit LIST` of replay and run: the record types to produce. */
import { RECORD_TYPES, type RecordType } from '../records/types';

export function parseEmit(list: string): Set<RecordType> | string {
  const out = new Set<RecordType>();
  for (const raw of list.split(',')) {
    const t = raw.trim();
    if (t === '') continue;
    if (!(RECORD_TYPES as readonly string[]).includes(t))
      return `unknown record type "${t}" in --emit; use a comma list of ${RECORD_TYPES.join(', ')}`;
    out.add(t as RecordType);
  }
  return out;
}
