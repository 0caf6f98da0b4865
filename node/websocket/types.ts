/** What the WebSocket layer tells analysis (docs/websocket.md "Events"). */
import type { HttpRequest, HttpResponse } from '../http/types';
import type { ConnectionInfo, Direction } from '../reassembly/types';

/** One WebSocket connection: how it was opened, and what it negotiated. */
export interface WebSocketSession {
  conn: ConnectionInfo;
  /** The opening handshake's request (HTTP/1.1 GET with Upgrade, or HTTP/2 extended CONNECT); null when joined mid-stream. */
  request: HttpRequest | null;
  /** The handshake's answer (101, or 2xx for extended CONNECT); null when joined mid-stream. */
  response: HttpResponse | null;
  /** HTTP/2 extended CONNECT (RFC 8441): the stream that carries the WebSocket. */
  streamId?: number;
  /** Sec-WebSocket-Protocol of the answer, or null. */
  subprotocol: string | null;
  /** Extensions the answer accepted, as sent (`permessage-deflate; server_no_context_takeover`). */
  extensions: string[];
}

export type MessageOpcode = 'text' | 'binary';

/** One whole data message (its fragments joined, inflated when compressed). */
export interface WebSocketMessage {
  session: WebSocketSession;
  /** 0 client to server, 1 server to client. */
  dir: Direction;
  /** Position among this direction's messages on the connection, from 0 (messages not analysed count too). */
  index: number;
  opcode: MessageOpcode;
  /** The payload (inflated when compressed), at most limits.websocket_message_bytes / websocket_inflate_bytes. */
  data: Buffer;
  /** Payload bytes on the wire (compressed size when compressed). */
  wireLength: number;
  /** True when `data` holds less than the message (size cap, or a gap cut it). */
  truncated: boolean;
  compressed: boolean;
  /** Capture time of the first and last frame, microseconds. */
  startTs: number;
  endTs: number;
}

/** Per direction totals of a connection. */
export interface DirectionTotals {
  messages: number;
  /** Payload bytes of data frames on the wire. */
  bytes: number;
  frames: number;
  pings: number;
  pongs: number;
}

/** A connection's account, when it ends (the `websocket` record, docs/websocket.md). */
export interface WebSocketSummary {
  session: WebSocketSession;
  client: DirectionTotals;
  server: DirectionTotals;
  /** The first close frame: its sender, status code (null when the frame had none) and reason. */
  close: { by: 'client' | 'server'; code: number | null; reason: string } | null;
  /** Compressed messages that could not be inflated (context unknown after a gap or join, or corrupt). */
  compressedSkipped: number;
  /** Messages cut short by a gap. */
  incomplete: number;
  startTs: number;
  endTs: number;
}

export interface WebSocketEvents {
  message(m: WebSocketMessage): void;
  closed(s: WebSocketSummary): void;
}
