/** WebSocket bytes fed to one connection, and generated captures replayed through the real pipeline. */
import { WebSocketConnection, type WebSocketOptions } from '../../../node/websocket/connection';
import { createWebSocketCounters, type WebSocketCounters } from '../../../node/websocket/counters';
import type { WebSocketMessage, WebSocketSummary } from '../../../node/websocket/types';
import type { ConnectionInfo, Direction } from '../../../node/reassembly/types';
import type { HttpResponse } from '../../../node/http/types';
import { buildNode } from '../../../node/node-builder';
import { defaultConfig } from '../../../node/config/load';
import type { NodeConfig } from '../../../node/config/types';
import type { NodeRecord, RecordType } from '../../../node/records/types';
import type { NodeCounters } from '../../../node/summary';
import { countersOf } from '../../../node/summary';
import type { GenPacket } from '../../../node/sample/conversation';

export const CONN: ConnectionInfo = {
  id: 1,
  client: { ip: '10.2.0.2', port: 41000 },
  server: { ip: '10.2.0.1', port: 8080 },
  vlan: [],
  vni: null,
  midstream: false,
  firstTs: 0,
};

export const OPTIONS: WebSocketOptions = {
  messageBytes: 1 << 20,
  messagesPerConnection: 10000,
  inflateBytes: 1 << 20,
  readMessages: { client: true, server: true },
};

/** A fed connection: what it reported, as readable lines. */
export class Fed {
  readonly messages: WebSocketMessage[] = [];
  summary: WebSocketSummary | null = null;
  readonly counters: WebSocketCounters = createWebSocketCounters();
  readonly ws: WebSocketConnection;
  private ts = 1_000_000;

  constructor(opts: { extensions?: string[]; midstream?: boolean; options?: Partial<WebSocketOptions> } = {}) {
    const response: HttpResponse = {
      status: 101,
      reason: 'Switching Protocols',
      version: 'HTTP/1.1',
      headers: [],
      body: { length: 0, sha256: '', inspect: Buffer.alloc(0), truncated: false, incomplete: false },
      startTs: 0,
      endTs: 0,
    };
    this.ws = new WebSocketConnection(
      {
        conn: { ...CONN, midstream: opts.midstream ?? false },
        request: null,
        response: opts.midstream ? null : response,
        subprotocol: null,
        extensions: opts.extensions ?? [],
      },
      {
        events: { message: (m) => this.messages.push(m), closed: (s) => (this.summary = s) },
        options: { ...OPTIONS, ...opts.options },
        counters: this.counters,
      },
      opts.midstream ?? false,
    );
  }

  /** Bytes of one direction (0 client), optionally cut into pieces of `chunk` bytes. */
  feed(dir: Direction, bytes: Buffer, chunk = bytes.length): this {
    for (let o = 0; o < bytes.length; o += chunk)
      this.ws.onData(dir, bytes, o, Math.min(chunk, bytes.length - o), (this.ts += 1000));
    return this;
  }

  gap(dir: Direction, length: number): this {
    this.ws.onGap(dir, length, (this.ts += 1000));
    return this;
  }

  close(): this {
    this.ws.onClose('fin', (this.ts += 1000));
    return this;
  }

  /** `client#0 text "hello"` per message (`…` when cut short, `z` when it was compressed). */
  lines(): string[] {
    return this.messages.map(
      (m) =>
        `${m.dir === 0 ? 'client' : 'server'}#${m.index} ${m.opcode}${m.compressed ? ' z' : ''}${m.truncated ? ' …' : ''} ${JSON.stringify(m.data.toString('utf8'))}`,
    );
  }
}

export interface Replayed {
  records: NodeRecord[];
  counters: NodeCounters;
}

export function replay(packets: GenPacket[], produce: RecordType[], tune?: (c: NodeConfig) => void): Replayed {
  const config = defaultConfig();
  tune?.(config);
  const records: NodeRecord[] = [];
  const node = buildNode(config, new Set(produce), { write: (r) => records.push(r) });
  for (const p of packets) node.pipeline.onFrame(p.linkType, p.frame, 0, p.frame.length, p.ts, p.frame.length);
  node.pipeline.finish();
  return { records, counters: countersOf(node) };
}
