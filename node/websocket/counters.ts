/** WebSocket counters (docs/websocket.md "Counters"); summed over worker threads like every counter. */
export interface WebSocketCounters {
  /** Connections read as WebSocket: after a 101, an HTTP/2 extended CONNECT, or joined mid-stream. */
  connections: number;
  upgrades: number;
  extendedConnects: number;
  midstream: number;
  frames: number;
  messages: number;
  /** Messages handed to analysis. */
  messagesInspected: number;
  /** Messages past limits.websocket_messages_per_connection: counted, not analysed. */
  messagesNotInspected: number;
  /** Messages longer than limits.websocket_message_bytes: the rest was not kept. */
  messagesTruncated: number;
  /** Messages a gap cut (their bytes are partly lost). */
  messagesIncomplete: number;
  compressedMessages: number;
  /** Compressed messages not analysed: the compression context was unknown (gap, join) or the data corrupt. */
  compressedSkipped: number;
  /** Compressed messages that would inflate past limits.websocket_inflate_bytes: not analysed. */
  inflateCapHits: number;
  /** Continuation frames without the start of their message (joined mid-stream, after a gap). */
  fragmentsWithoutStart: number;
  /** A new data frame while a fragmented message was still open: the open one ends incomplete. */
  messagesInterrupted: number;
  controlFrames: number;
  closes: number;
  /** Headers that cannot start a frame where one had to start: the reader hunts for the next boundary. */
  badFrames: number;
  /** Frames whose masking is the other direction's (a server frame masked, a client frame not). */
  maskErrors: number;
  gaps: number;
  resyncs: number;
  resyncSkippedBytes: number;
  roleSwaps: number;
}

export function createWebSocketCounters(): WebSocketCounters {
  return {
    connections: 0,
    upgrades: 0,
    extendedConnects: 0,
    midstream: 0,
    frames: 0,
    messages: 0,
    messagesInspected: 0,
    messagesNotInspected: 0,
    messagesTruncated: 0,
    messagesIncomplete: 0,
    compressedMessages: 0,
    compressedSkipped: 0,
    inflateCapHits: 0,
    fragmentsWithoutStart: 0,
    messagesInterrupted: 0,
    controlFrames: 0,
    closes: 0,
    badFrames: 0,
    maskErrors: 0,
    gaps: 0,
    resyncs: 0,
    resyncSkippedBytes: 0,
    roleSwaps: 0,
  };
}
