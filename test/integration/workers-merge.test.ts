/**
 * Issue 23: with any number of analysis workers the node reports the session, vulnerability and
 * api_endpoint records of one thread. The capture has API sessions (a session cookie) spread over
 * many connections, so the connections of one session land on different workers; findings that
 * recur on several connections; paths seen by one worker before its host was known
 * (`/catalog/46/items`); and a second burst after idle_timeout (a second record of each session).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run as replay } from '../../node/cli/commands/replay';
import type { GenPacket } from '../../node/sample/conversation';
import { mergeByTime } from '../../node/sample/conversation';
import { writePcap, writePcapng } from '../../node/sample/pcap-writer';
import { renderConversation, type ConversationPlan } from '../../node/sample/scenarios';
import { SPECS } from '../eval/discovery/score';
import { synthesize } from '../eval/discovery/synth';
import { burst } from '../gen/sessions';
import type { SessionRecord } from '../../node/records/types';
import { openDatabase } from '../../cloud/db/open';
import { Repository } from '../../cloud/repository';
import { generateMixCapture } from '../bench/capture';

function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x !== null && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );
}

interface Run {
  sessions: SessionRecord[];
  vulnerabilities: Array<Record<string, unknown>>;
  endpoints: string[];
  openapi: Map<string, string>;
  /** Every record, for sending to the reference cloud. */
  all: Array<Record<string, unknown>>;
}

test('replay --workers 1, 2 and 4: the same sessions, findings, endpoints and OpenAPI documents; two halves merge to one node', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aio-i23-merge-'));
  try {
    const first = burst(0, 1_700_000_000_000_000);
    // 40 minutes later (idle_timeout is 30 minutes): every session starts again.
    const second = burst(1, first[first.length - 1].ts + 40 * 60 * 1_000_000);
    const capture = path.join(dir, 'capture.pcapng');
    writeFileSync(capture, writePcapng([...first, ...second]));
    const run = async (workers: number, file = capture, tag = ''): Promise<Run> => {
      const out = path.join(dir, `out-${workers}${tag}.jsonl`);
      const openapi = path.join(dir, `openapi-${workers}${tag}`);
      assert.equal(
        await replay([
          file,
          '--emit',
          'session,vulnerability,api_endpoint',
          '--output',
          out,
          '--workers',
          String(workers),
          '--openapi',
          openapi,
        ]),
        0,
      );
      const all = readFileSync(out, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      const docs = new Map(
        readdirSync(openapi).map((f) => [f, canonical(JSON.parse(readFileSync(path.join(openapi, f), 'utf8')))]),
      );
      return {
        sessions: all.filter((r) => r.type === 'session') as unknown as SessionRecord[],
        vulnerabilities: all.filter((r) => r.type === 'vulnerability'),
        endpoints: all
          .filter((r) => r.type === 'api_endpoint')
          .map(canonical)
          .sort(),
        openapi: docs,
        all,
      };
    };
    const bySession = (s: SessionRecord[]) => s.map(canonical).sort();
    // Whole records: flow, evidence and first_seen are those of the earliest sighting, whichever worker saw it.
    const findingKeys = (v: Array<Record<string, unknown>>) => v.map(canonical).sort();
    const one = await run(1);
    assert.equal(one.sessions.length, 12, 'six clients, two bursts');
    assert.ok(
      one.sessions.every((s) => s.request_count === 8 * 4 + 1),
      'every connection of a burst in one record',
    );
    assert.ok(
      one.sessions.every((s) => s.requests.every((r) => !/\/catalog\/\d/.test(r.template))),
      'no literal catalog path in a session',
    );
    assert.ok(one.vulnerabilities.length >= 2);
    assert.equal(one.openapi.size, 1);
    for (const workers of [2, 4]) {
      const many = await run(workers);
      assert.deepEqual(bySession(many.sessions), bySession(one.sessions), `sessions on ${workers} workers`);
      assert.deepEqual(findingKeys(many.vulnerabilities), findingKeys(one.vulnerabilities), `findings on ${workers} workers`);
      assert.deepEqual(many.endpoints, one.endpoints, `endpoints on ${workers} workers`);
      assert.deepEqual(many.openapi, one.openapi, `OpenAPI on ${workers} workers`);
    }

    // Two nodes behind a flow-hashing mirror: each gets half of the connections; the reference
    // cloud (SQLite) merges their session parts and api_endpoint deltas.
    const half = (n: number) => {
      const keep = (p: GenPacket) => {
        const f = p.frame;
        // Ethernet + IPv4 (no options): both directions of a connection by the sum of its ports.
        const sport = f.readUInt16BE(14 + 20);
        const dport = f.readUInt16BE(14 + 22);
        return (sport + dport) % 2 === n;
      };
      const file = path.join(dir, `half-${n}.pcapng`);
      writeFileSync(file, writePcapng([...first, ...second].filter(keep)));
      return file;
    };
    const a = await run(1, half(0), 'a');
    const b = await run(1, half(1), 'b');
    const ids = (r: Run) => new Set(r.sessions.map((x) => x.session_id));
    const shared = [...ids(a)].filter((id) => ids(b).has(id));
    assert.ok(shared.length >= 6, 'the halves split sessions: each node has part of them');
    assert.ok(a.sessions.every((x) => x.request_count < 8 * 4 + 1));
    const repo = await Repository.open(await openDatabase(undefined, path.join(dir, 'cloud')));
    try {
      let batch = 0;
      for (const part of [a, b]) {
        const creds = await repo.registerNode({
          hostname: `sensor-${batch}`,
          labels: {},
          mode: 'tcp-capture',
          version: '0',
          arch: 'x86_64',
        });
        const node = (await repo.authenticateNode(creds.uuid, creds.secret))!;
        const send = async (kind: 'events' | 'api-discovery', recs: Array<Record<string, unknown>>) => {
          const body = Buffer.from(JSON.stringify(recs));
          assert.equal(await repo.acceptBatch(node, kind, `b${batch++}`, body, recs), 'stored');
        };
        await send(
          'events',
          part.all.filter((r) => r.type === 'session'),
        );
        await send(
          'api-discovery',
          part.all.filter((r) => r.type === 'api_endpoint'),
        );
      }
      const merged = (await repo.sessions({}, 0, 1000)).map((x) => x.record as unknown as SessionRecord);
      // `context` is each node's earliest value, merged as the smallest; `closed` of the part seen last (docs/api-discovery.md).
      const comparable = (s: SessionRecord[]) => s.map((r) => canonical({ ...r, closed: undefined, context: undefined })).sort();
      assert.deepEqual(comparable(merged), comparable(one.sessions));
      assert.deepEqual((await repo.endpoints()).map(canonical).sort(), one.endpoints);
    } finally {
      await repo.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the bench API capture: replay --workers 1, 2 and 4 give the same session, vulnerability and api_endpoint records', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aio-i23-bench-'));
  try {
    const capture = path.join(dir, 'api.pcap');
    generateMixCapture(capture, 2 * 1024 * 1024, 0.05, 'api');
    const records = async (workers: number): Promise<string[]> => {
      const out = path.join(dir, `out-${workers}.jsonl`);
      assert.equal(
        await replay([capture, '--emit', 'session,vulnerability,api_endpoint', '--output', out, '--workers', String(workers)]),
        0,
      );
      return readFileSync(out, 'utf8')
        .trim()
        .split('\n')
        .map((l) => canonical(JSON.parse(l)))
        .sort();
    };
    const one = await records(1);
    const types = (all: string[]) => new Set(all.map((l) => (JSON.parse(l) as { type: string }).type));
    assert.ok(types(one).has('api_endpoint') && types(one).has('session'));
    for (const workers of [2, 4]) assert.deepEqual(await records(workers), one, `${workers} workers`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('API captures synthesized from OpenAPI documents: replay --workers 1, 2 and 4 give the same records', async () => {
  // Specs of the discovery eval's tuning set (test/eval/discovery/splits.ts) whose templates are
  // decided the same by each worker's share once merged (docs/api-discovery.md, "Several analysis
  // threads", lists the decisions that still differ).
  const dir = mkdtempSync(path.join(tmpdir(), 'aio-i23-specs-'));
  try {
    for (const api of ['twitter.com_legacy', 'twilio.com_twilio_chat_v2', 'crucible.local', 'instagram.com', 'clever.com']) {
      const spec = JSON.parse(readFileSync(path.join(SPECS, `${api}.json`), 'utf8'));
      const traffic = synthesize(api, spec, 1000 + [...api].reduce((a, c) => a + c.charCodeAt(0), 0));
      const capture = path.join(dir, `${api}.pcap`);
      writeFileSync(capture, writePcap(mergeByTime(traffic.plans.map((p) => renderConversation(p).packets))));
      const records = async (workers: number) => {
        const out = path.join(dir, `${api}-${workers}.jsonl`);
        assert.equal(
          await replay([capture, '--emit', 'session,vulnerability,api_endpoint', '--output', out, '--workers', String(workers)]),
          0,
        );
        const all = readFileSync(out, 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { type: string });
        const of = (type: string) =>
          all
            .filter((r) => r.type === type)
            .map(canonical)
            .sort();
        return { session: of('session'), vulnerability: of('vulnerability'), api_endpoint: of('api_endpoint') };
      };
      const one = await records(1);
      assert.ok(one.api_endpoint.length >= 10 && one.session.length > 0, `${api}: ${one.api_endpoint.length} endpoints`);
      for (const workers of [2, 4]) assert.deepEqual(await records(workers), one, `${api} on ${workers} workers`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('findings of transactions flushed at the end of input: the earliest request start is reported, on 1, 2 and 4 workers', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aio-i23-end-'));
  try {
    // Unanswered requests with a password in the URL, on connections left open: analysed at the end
    // of input. Connections opened first send theirs last (slow steps) and go quiet first, so the
    // order connections are flushed in (by opening or by last activity) is not the order their
    // requests started in.
    const T = 1_700_000_000_000_000;
    const plans: ConversationPlan[] = Array.from({ length: 8 }, (_, i) => ({
      opts: {
        client: `192.0.2.${i + 1}`,
        server: '198.51.100.7',
        clientPort: 41000 + i,
        serverPort: 80,
        startTs: T + i * 100,
        stepUs: 2000 - i * 200,
      },
      // Later connections send more requests after it: their last activity is later too.
      exchanges: [
        { target: `/login?user=u${i}&password=pw${i}`, host: 'api.example.com', noResponse: true },
        ...Array.from({ length: 3 * i }, () => ({ target: '/ping', host: 'api.example.com', noResponse: true })),
      ],
      close: 'none',
    }));
    const capture = path.join(dir, 'end.pcap');
    writeFileSync(capture, writePcap(mergeByTime(plans.map((p) => renderConversation(p).packets))));
    const records = async (workers: number) => {
      const out = path.join(dir, `end-${workers}.jsonl`);
      assert.equal(await replay([capture, '--emit', 'vulnerability', '--output', out, '--workers', String(workers)]), 0);
      return readFileSync(out, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { kind: string; client_ip: string; evidence: string });
    };
    const one = await records(1);
    const creds = one.filter((r) => r.kind === 'credentials_in_url');
    assert.equal(creds.length, 1, JSON.stringify(one));
    // The last connection opened has the fastest steps: its request started first.
    assert.equal(creds[0].client_ip, '192.0.2.8');
    for (const workers of [2, 4]) assert.deepEqual((await records(workers)).map(canonical).sort(), one.map(canonical).sort());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
