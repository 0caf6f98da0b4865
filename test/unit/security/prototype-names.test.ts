/**
 * Names like Object.prototype members (`__proto__`, `constructor`, `toString`...) in every place a
 * name comes from traffic, replayed through the whole node with every record type on this thread:
 * nothing throws, nothing is written into Object.prototype, every name is kept in the records and
 * the OpenAPI documents (test/support/prototype-names.ts; docs/design.md, "Names from traffic").
 */
import { test } from 'node:test';
import { buildNode } from '../../../node/node-builder';
import { defaultConfig } from '../../../node/config/load';
import { PcapStreamReader } from '../../../node/capture/pcap-reader';
import { formatSummary } from '../../../node/summary';
import { RECORD_TYPES, type NodeRecord } from '../../../node/records/types';
import { checkPrototypeNameRecords, prototypeNamesCapture } from '../../support/prototype-names';

test('names like Object.prototype members, replayed with every record type: nothing throws, every name kept', () => {
  const records: NodeRecord[] = [];
  const node = buildNode(defaultConfig(), new Set(RECORD_TYPES), { write: (r) => records.push(r) });
  const reader = new PcapStreamReader(node.pipeline.onFrame);
  reader.push(prototypeNamesCapture());
  reader.end();
  node.pipeline.finish();
  checkPrototypeNameRecords(records, formatSummary(reader.stats, node));
});
