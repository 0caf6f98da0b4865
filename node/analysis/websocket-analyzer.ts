/**
 * WebSocket messages in analysis (docs/websocket.md "Analysis"): each message's text searched for
 * attacks (client messages; points ["ws", "json", ...] or ["ws", "text"]) with the opening
 * handshake's identity (client, host, route), its JSON shape handed to API discovery (both
 * directions), and the `websocket` record of each connection when it ends.
 */
import type { HttpRequest } from '../http/types';
import type { ConnectionInfo } from '../reassembly/types';
import { flowRef, formatTs } from '../records/format';
import { maskTarget } from '../records/mask';
import { tlsField } from '../records/transaction-record';
import type { AttackRecord, RecordSink, RecordType, WebSocketRecord } from '../records/types';
import type { WebSocketMessage, WebSocketSession, WebSocketSummary } from '../websocket/types';
import type { ApiAnalyzer } from './api-analyzer';
import { isText } from './attacks/points/multipart';
import type { AttackHit, AttackVerdict } from '../records/types';
import type { HeaderList, HttpResponse } from '../http/types';

/** What messages need of attack detection (TransactionAnalyzer's AttackEngine has it). */
export interface AttackEngine {
  inspectMessage(req: HttpRequest, text: string): AttackHit[] | null;
  judge(hits: AttackHit[], response: HttpResponse | null): AttackVerdict;
  maskHeaders(headers: HeaderList): HeaderList;
  maskTarget(target: string): string;
}

/** Who opened a WebSocket, as the transaction analysis works it out for its handshake request. */
export interface WebSocketIdentity {
  readonly clientIp: string;
  readonly host: string;
  /** false: input_filters exclude the handshake (its messages are not analysed either). */
  readonly inspected: boolean;
  readonly application: number;
  readonly mode: string;
}

export interface WebSocketAnalyzerCounters {
  /** Messages analysed (text, or binary that is text). */
  wsMessagesAnalyzed: number;
  /** Binary messages that are not text: not analysed. */
  wsBinarySkipped: number;
  /** Messages of connections whose handshake input_filters exclude. */
  wsBypassed: number;
  wsAttacks: number;
  wsRecords: number;
}

export interface WebSocketAnalyzerOptions {
  produce: ReadonlySet<RecordType>;
  sink: RecordSink;
  attacks: AttackEngine | null;
  api: ApiAnalyzer | null;
  identify(conn: ConnectionInfo, req: HttpRequest): WebSocketIdentity;
  /** Stamps application and node uuid, as every record of the analysis. */
  stamp<T extends AttackRecord | WebSocketRecord>(record: T, application: number): T;
  count(attack: AttackRecord): void;
}

/** The handshake of a connection joined mid-stream is not known: an empty request stands for it. */
const UNKNOWN_HANDSHAKE: HttpRequest = Object.freeze({
  method: '',
  target: '',
  version: '',
  headers: [],
  body: { length: 0, sha256: '', inspect: Buffer.alloc(0), truncated: false, incomplete: false },
  startTs: 0,
  endTs: 0,
}) as HttpRequest;

export class WebSocketAnalyzer {
  readonly counters: WebSocketAnalyzerCounters = {
    wsMessagesAnalyzed: 0,
    wsBinarySkipped: 0,
    wsBypassed: 0,
    wsAttacks: 0,
    wsRecords: 0,
  };
  /** Identity per connection, worked out on its first message (sessions are dropped with their connection). */
  private readonly identities = new WeakMap<WebSocketSession, WebSocketIdentity>();

  /** Whose messages are read: the client's when attacks are searched, both when the inventory is kept. */
  readonly readsMessages: { client: boolean; server: boolean };

  constructor(private readonly o: WebSocketAnalyzerOptions) {
    const inventory = o.api?.recordsEndpoints ?? false;
    this.readsMessages = { client: o.attacks !== null || inventory, server: inventory };
  }

  message(m: WebSocketMessage): void {
    const who = this.identityOf(m.session);
    if (!who.inspected) {
      this.counters.wsBypassed++;
      return;
    }
    const text = messageText(m);
    if (text === null) {
      this.counters.wsBinarySkipped++;
      return;
    }
    this.counters.wsMessagesAnalyzed++;
    const { attacks, produce } = this.o;
    const req = m.session.request ?? UNKNOWN_HANDSHAKE;
    // Attacks come from clients; a server's messages (often a client's words broadcast back) describe the API only.
    if (m.dir === 0 && attacks !== null && who.mode !== 'off') {
      const hits = attacks.inspectMessage(req, text);
      if (hits !== null) {
        const verdict = attacks.judge(hits, null);
        if (produce.has('attack')) {
          const record = this.o.stamp(attackRecord(m, who, req, hits, verdict, attacks), who.application);
          this.counters.wsAttacks++;
          this.o.count(record);
          this.o.sink.write(record);
        }
      }
    }
    if (m.session.request !== null) this.o.api?.observeWebSocketMessage(who.host, m.session.request.target, m, text);
  }

  closed(s: WebSocketSummary): void {
    if (!this.o.produce.has('websocket')) return;
    const who = this.identityOf(s.session);
    if (!who.inspected) return;
    this.counters.wsRecords++;
    this.o.sink.write(this.o.stamp(websocketRecord(s, who), who.application));
  }

  private identityOf(session: WebSocketSession): WebSocketIdentity {
    let who = this.identities.get(session);
    if (who === undefined) {
      who = this.o.identify(session.conn, session.request ?? UNKNOWN_HANDSHAKE);
      this.identities.set(session, who);
    }
    return who;
  }
}

/**
 * A message's text: text messages as UTF-8; binary ones only when they are text (UTF-8 without
 * control bytes, the test JSON bodies get), else null.
 */
export function messageText(m: WebSocketMessage): string | null {
  const text = m.data.toString('utf8');
  if (m.opcode === 'text') return text;
  return m.data.length > 0 && isText(text) ? text : null;
}

function attackRecord(
  m: WebSocketMessage,
  who: WebSocketIdentity,
  req: HttpRequest,
  hits: AttackRecord['hits'],
  verdict: AttackRecord['verdict'],
  engine: AttackEngine,
): AttackRecord {
  const s = m.session;
  const record: AttackRecord = {
    type: 'attack',
    ts: formatTs(m.startTs),
    flow: flowRef(s.conn),
    client_ip: who.clientIp,
    host: who.host,
    request: { method: req.method, target: engine.maskTarget(req.target), headers: engine.maskHeaders(req.headers) },
    response: s.response && { status: s.response.status },
    hits,
    verdict,
    websocket: { direction: m.dir === 0 ? 'client' : 'server', index: m.index, opcode: m.opcode },
  };
  if (s.conn.tls !== undefined) record.tls = tlsField(s.conn.tls);
  if (s.streamId !== undefined) {
    record.http_version = '2';
    record.stream_id = s.streamId;
  }
  return record;
}

function websocketRecord(s: WebSocketSummary, who: WebSocketIdentity): WebSocketRecord {
  const session = s.session;
  const req = session.request;
  const side = (t: WebSocketSummary['client']) => ({ messages: t.messages, bytes: t.bytes, frames: t.frames });
  const record: WebSocketRecord = {
    type: 'websocket',
    ts: formatTs(req?.startTs ?? s.startTs),
    flow: flowRef(session.conn),
    client_ip: who.clientIp,
    host: who.host,
    request: req && { method: req.method, target: maskTarget(req.target) },
    subprotocol: session.subprotocol,
    extensions: session.extensions,
    client: side(s.client),
    server: side(s.server),
    close: s.close,
    compressed_skipped: s.compressedSkipped,
    incomplete: s.incomplete,
    first_seen: formatTs(s.startTs),
    last_seen: formatTs(s.endTs),
  };
  if (session.conn.tls !== undefined) record.tls = tlsField(session.conn.tls);
  if (session.streamId !== undefined) {
    record.http_version = '2';
    record.stream_id = session.streamId;
  }
  return record;
}
