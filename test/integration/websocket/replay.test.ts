/**
 * `replay` of a WebSocket capture through the command itself, on one thread and on two analysis
 * workers: the same attack, websocket and api_endpoint records, and the summary's websocket line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run as replay } from '../../../node/cli/commands/replay';
import { TcpConversation, interleave, type GenPacket } from '../../../node/sample/conversation';
import { writePcapng } from '../../../node/sample/pcap-writer';
import { CLIENT_MASK, MessageDeflater, clientText, fragments, handshake, serverText } from '../../gen/websocket';

/** Chat connection `n`: compressed client messages (one injection every third connection), plain server ones. */
function chat(n: number): GenPacket[] {
  const h = handshake({ path: `/rooms/${n % 3}/ws`, extensions: 'permessage-deflate' });
  const c = new TcpConversation({
    client: `192.0.2.${n + 1}`,
    server: '198.51.100.9',
    clientPort: 41000 + n,
    serverPort: 80,
    seed: n,
  });
  c.send('c2s', h.request).send('s2c', h.response);
  const d = new MessageDeflater(true);
  for (let k = 0; k < 4; k++) {
    const text = n % 3 === 0 && k === 2 ? "1' OR '1'='1" : `message ${k} from ${n}`;
    c.send('c2s', fragments(1, d.compress(JSON.stringify({ type: 'say', text, seq: k })), 2, CLIENT_MASK, true));
    c.send('s2c', serverText(JSON.stringify({ type: 'ack', seq: k, user: `u${n}@example.org` })));
  }
  c.send('c2s', clientText('bye'));
  return c.close('fin').packets();
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
  );
}

test('replay of WebSocket chats: one thread and two workers give the same records; the summary has a websocket line', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aio-ws-replay-'));
  try {
    const capture = path.join(dir, 'chat.pcapng');
    writeFileSync(
      capture,
      writePcapng(
        interleave(
          Array.from({ length: 9 }, (_, n) => chat(n)),
          0,
          1_700_000_000_000_000,
          50,
        ),
      ),
    );
    const outputs: string[][] = [];
    let stderr = '';
    const write = process.stderr.write.bind(process.stderr);
    for (const workers of [1, 2]) {
      const out = path.join(dir, `out-${workers}.jsonl`);
      process.stderr.write = ((s: string) => ((stderr += s), true)) as typeof process.stderr.write;
      try {
        assert.equal(
          await replay([capture, '--emit', 'attack,websocket,api_endpoint', '--output', out, '--workers', String(workers)]),
          0,
        );
      } finally {
        process.stderr.write = write;
      }
      // Key order aside (the workers' merged inventory sorts keys), the same records.
      outputs.push(
        readFileSync(out, 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.stringify(canonical(JSON.parse(l))))
          .sort(),
      );
    }
    assert.deepEqual(outputs[1], outputs[0]);
    const records = outputs[0].map((l) => JSON.parse(l) as { type: string; kind?: string; template?: string; hits?: unknown[] });
    assert.equal(records.filter((r) => r.type === 'attack').length, 3);
    assert.equal(records.filter((r) => r.type === 'websocket').length, 9);
    assert.deepEqual(
      records.filter((r) => r.type === 'api_endpoint').map((r) => `${r.kind} ${r.template}`),
      ['websocket /rooms/{id}/ws'],
    );
    assert.match(stderr, /websocket: connections=9 upgrades=9 .*compressedMessages=36/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
