/**
 * Analysis workers send the records the capture thread only writes as their ready JSON lines
 * (node/workers/protocol.ts): replay --workers 2 must write, for every record type, byte for byte
 * the lines one thread writes (api_endpoint records: the same content, see below), and a
 * connection's records in the same order.
 *
 * Session and vulnerability records are made on the capture thread from the workers' deltas
 * (test/integration/workers-merge.test.ts): the same lines, but not in line with the connection's
 * transaction records, so the per-connection order is checked for the records workers write.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RECORD_TYPES } from '../../node/records/types';
import { run as replay } from '../../node/cli/commands/replay';
import { TcpConversation, interleave, type GenPacket } from '../../node/sample/conversation';
import { clientText, handshake, serverText } from '../gen/websocket';
import { writePcapng } from '../../node/sample/pcap-writer';
import { renderConversation, type ConversationPlan } from '../../node/sample/scenarios';

/** One connection per client and per shop host: attacks, an SQL error page (a vulnerability), API calls, non-ASCII text. */
function plans(n: number): ConversationPlan[] {
  return Array.from({ length: n }, (_, i) => {
    const host = `shop${i}.example.com`;
    return {
      opts: { client: `192.0.2.${i + 1}`, server: '198.51.100.5', clientPort: 44000 + i, serverPort: 80, seed: i },
      exchanges: [
        {
          target: `/search?q=<script>alert(${i})</script>&city=Köln`,
          host,
          requestHeaders: [['User-Agent', 'Müller-Browser/1.0 ✓']],
          responseBody: '<html>Résultats: “naïve” café ✓</html>',
        },
        {
          target: `/items?id=${i}'%20UNION%20SELECT%20password%20FROM%20users--`,
          host,
          status: 500,
          reason: 'Internal Server Error',
          responseBody: 'You have an error in your SQL syntax near 10.0.0.5',
        },
        {
          method: 'POST',
          target: '/api/notes',
          host,
          requestHeaders: [['Content-Type', 'application/json']],
          requestBody: JSON.stringify({ text: `Grüße ${i} 😀`, tags: ['ü', 'ß'] }),
          status: 201,
          reason: 'Created',
          responseBody: '{"ok":true}',
        },
        // API endpoints (JSON answers) on one host for all: the capture thread merges the workers' inventories.
        {
          target: `/api/users/${100 + i}?fields=name`,
          host: 'api.example.com',
          responseHeaders: [['Content-Type', 'application/json']],
          responseBody: JSON.stringify({ id: 100 + i, name: `user${i}`, city: 'Zürich' }),
        },
        {
          method: 'POST',
          target: '/api/orders',
          host: 'api.example.com',
          requestHeaders: [['Content-Type', 'application/json']],
          requestBody: JSON.stringify({ item: i, qty: 2 }),
          status: 201,
          reason: 'Created',
          responseHeaders: [['Content-Type', 'application/json']],
          responseBody: `{"order":${i}}`,
        },
      ],
    };
  });
}

/** A WebSocket connection per client (websocket records, and an attack in a message). */
function websocket(i: number): GenPacket[] {
  const h = handshake({ host: `chat${i}.example.com` });
  const c = new TcpConversation({
    client: `192.0.2.${100 + i}`,
    server: '198.51.100.6',
    clientPort: 45000 + i,
    serverPort: 80,
    seed: i,
  });
  c.send('c2s', h.request).send('s2c', h.response);
  c.send('c2s', clientText(JSON.stringify({ say: `Grüße ${i}`, q: `${i}' OR '1'='1` }))).send('s2c', serverText('{"ok":true}'));
  return c.close('fin').packets();
}

/** JSON with every object's keys in order. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x !== null && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );
}

test('replay --workers 2 writes the lines of one thread byte for byte, for every record type, in order per connection', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aio-workers-lines-'));
  try {
    const capture = path.join(dir, 'capture.pcapng');
    writeFileSync(
      capture,
      writePcapng(interleave([...plans(24).map((p) => renderConversation(p).packets), ...[0, 1, 2].map(websocket)], 3)),
    );
    const lines = async (workers: number): Promise<string[]> => {
      const out = path.join(dir, `out-${workers}.jsonl`);
      assert.equal(await replay([capture, '--emit', RECORD_TYPES.join(','), '--output', out, '--workers', String(workers)]), 0);
      const text = readFileSync(out, 'utf8');
      assert.ok(text.endsWith('\n'));
      return text.slice(0, -1).split('\n');
    };
    const one = await lines(1);
    const two = await lines(2);
    const ofType = (all: string[], type: string): string[] =>
      all.filter((l) => (JSON.parse(l) as { type: string }).type === type);
    for (const type of RECORD_TYPES) {
      const want = ofType(one, type);
      assert.ok(want.length > 0, `the capture gives no ${type} record to compare`);
      // api_endpoint records are the merge of the workers' inventories (objects, not lines), whose
      // rules order an object's keys (node/analysis/discovery/merge.ts): the same content.
      const form = type === 'api_endpoint' ? (l: string) => canonical(JSON.parse(l)) : (l: string) => l;
      assert.deepEqual(ofType(two, type).map(form).sort(), want.map(form).sort(), `${type} lines differ`);
    }
    assert.equal(two.length, one.length);
    assert.ok(
      one.some((l) => /[^\x00-\x7f]/.test(l)),
      'no line carries non-ASCII text',
    );
    // Records of one connection (api_endpoint records have none: an inventory of many) keep their order.
    const byConnection = (all: string[]): Map<string, string[]> => {
      const m = new Map<string, string[]>();
      for (const l of all) {
        const { flow, type } = JSON.parse(l) as { flow?: unknown; type: string };
        if (flow === undefined || type === 'session' || type === 'vulnerability') continue;
        const key = JSON.stringify(flow);
        m.set(key, [...(m.get(key) ?? []), l]);
      }
      return m;
    };
    const want = byConnection(one);
    assert.ok(want.size >= 24);
    assert.deepEqual(byConnection(two), want);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
