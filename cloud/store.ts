/**
 * The reference cloud's storage: three append-only JSON-lines files in the data directory, each
 * line fsync'd before the request is answered, replayed into memory at start.
 *   nodes.jsonl       one registered node per line (the secret only as its sha256)
 *   batches.jsonl     one accepted batch per line, with its records or endpoints
 *   heartbeats.jsonl  one heartbeat per line
 * A torn last line (crash mid-append) is cut off at start.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Inventory } from './merge';

export interface NodeEntry {
  uuid: string;
  secret_sha256: string;
  hostname: string;
  labels: Record<string, string>;
  mode: string;
  version: string;
  arch: string;
  registered_at: string;
  last_heartbeat?: Record<string, unknown> & { received_at: string };
}

export type BatchKind = 'events' | 'api-discovery';

interface BatchLine {
  batch_id: string;
  node_uuid: string;
  kind: BatchKind;
  sha256: string;
  received_at: string;
  items: Array<Record<string, unknown>>;
}

export type BatchOutcome = 'stored' | 'duplicate' | 'conflict';

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

export class CloudStore {
  private readonly nodesById = new Map<string, NodeEntry>();
  /** node uuid + batch id -> sha256 of the decoded body. */
  private readonly batchDigests = new Map<string, string>();
  private readonly eventList: Array<Record<string, unknown>> = [];
  private readonly inventory = new Inventory();
  private readonly files: Record<'nodes' | 'batches' | 'heartbeats', string>;

  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.files = {
      nodes: path.join(dir, 'nodes.jsonl'),
      batches: path.join(dir, 'batches.jsonl'),
      heartbeats: path.join(dir, 'heartbeats.jsonl'),
    };
    for (const n of readLines<NodeEntry>(this.files.nodes)) this.nodesById.set(n.uuid, n);
    for (const b of readLines<BatchLine>(this.files.batches)) this.index(b);
    for (const h of readLines<{ node_uuid: string } & NodeEntry['last_heartbeat']>(this.files.heartbeats)) {
      const node = this.nodesById.get(h.node_uuid);
      if (node) node.last_heartbeat = h;
    }
  }

  register(info: Pick<NodeEntry, 'hostname' | 'labels' | 'mode' | 'version' | 'arch'>): { uuid: string; secret: string } {
    const uuid = randomUUID();
    const secret = randomBytes(32).toString('hex');
    const entry: NodeEntry = { uuid, secret_sha256: sha256(secret), ...info, registered_at: new Date().toISOString() };
    appendLine(this.files.nodes, entry);
    this.nodesById.set(uuid, entry);
    return { uuid, secret };
  }

  authenticate(uuid: string | undefined, secret: string | undefined): NodeEntry | null {
    const node = uuid ? this.nodesById.get(uuid) : undefined;
    if (!node || !secret) return null;
    const want = Buffer.from(node.secret_sha256, 'hex');
    return timingSafeEqual(want, createHash('sha256').update(secret).digest()) ? node : null;
  }

  /** Stores a batch once per (node, batch_id); the same id with other content is a conflict. */
  acceptBatch(node: NodeEntry, kind: BatchKind, batchId: string, body: Buffer, items: Array<Record<string, unknown>>): BatchOutcome {
    const key = `${node.uuid}/${batchId}`;
    const digest = sha256(body);
    const seen = this.batchDigests.get(key);
    if (seen !== undefined) return seen === digest ? 'duplicate' : 'conflict';
    const line: BatchLine = { batch_id: batchId, node_uuid: node.uuid, kind, sha256: digest, received_at: new Date().toISOString(), items };
    appendLine(this.files.batches, line);
    this.index(line);
    return 'stored';
  }

  heartbeat(node: NodeEntry, body: Record<string, unknown>): void {
    const h = { ...body, node_uuid: node.uuid, received_at: new Date().toISOString() };
    appendLine(this.files.heartbeats, h);
    node.last_heartbeat = h;
  }

  events(filter: { type?: string; node?: string; limit?: number }): Array<Record<string, unknown>> {
    const out = this.eventList.filter((e) => (!filter.type || e.type === filter.type) && (!filter.node || e.node_uuid === filter.node));
    return filter.limit !== undefined ? out.slice(-filter.limit) : out;
  }

  endpoints(): unknown[] {
    return this.inventory.list();
  }

  nodes(): Array<Omit<NodeEntry, 'secret_sha256'>> {
    return [...this.nodesById.values()].map(({ secret_sha256: _omit, ...pub }) => pub);
  }

  private index(b: BatchLine): void {
    this.batchDigests.set(`${b.node_uuid}/${b.batch_id}`, b.sha256);
    for (const item of b.items) {
      if (b.kind === 'events') this.eventList.push(item);
      else this.inventory.add(item);
    }
  }
}

function appendLine(file: string, value: unknown): void {
  const fd = fs.openSync(file, 'a', 0o600);
  try {
    fs.writeSync(fd, JSON.stringify(value) + '\n');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function readLines<T>(file: string): T[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const complete = text.lastIndexOf('\n') + 1;
  if (complete < text.length) fs.truncateSync(file, Buffer.byteLength(text.slice(0, complete)));
  return text.slice(0, complete).split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as T);
}
