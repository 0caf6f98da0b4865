/** HTTP/2 stage counters (docs/http2.md "Counters"): plain numbers shared by every connection. */

export interface Http2Counters {
  /** Connections read as HTTP/2 (prior knowledge, h2c upgrade, ALPN h2). */
  connections: number;
  /** Connections that switched to HTTP/2 with `Upgrade: h2c` (101). */
  upgrades: number;
  /** Extended CONNECT streams (RFC 8441) handed to the tunnel hook (WebSocket over HTTP/2). */
  tunnels: number;
  frames: number;
  /** Streams opened (a request HEADERS or a PUSH_PROMISE seen). */
  streams: number;
  transactions: number;
  transactionsWithoutResponse: number;
  /** Requests emitted with response null because NodeConfig.responseTimeoutSec passed. */
  responseTimeouts: number;
  /** Streams emitted early because a connection had http2_max_streams open (oldest first). */
  streamsEvicted: number;
  /** RST_STREAM frames (the stream is emitted as it is). */
  resets: number;
  goaways: number;
  pushPromises: number;
  /** HEADERS/DATA frames on a stream whose request was never seen (joined mid-stream, lost): dropped. */
  framesWithoutStream: number;
  /** Non-DATA frames longer than limits.header_bytes: skipped. */
  framesTooLarge: number;
  /** Header blocks longer than limits.header_bytes (all frames): not decoded, the table is unknown after. */
  headerBlocksTooLarge: number;
  /** Header blocks cut by a capture gap: not decoded. */
  headerBlocksLost: number;
  /** Malformed header blocks (HPACK errors): the direction's dynamic table is unknown after. */
  hpackErrors: number;
  /** Header fields left out because they referenced a dynamic-table entry not known (never guessed). */
  hpackUnknownRefs: number;
  /** Dynamic-table entries not kept because the table passed limits.http2_header_table_bytes. */
  hpackTableCapEvictions: number;
  /** Header fields dropped because the decoded list passed limits.header_bytes. */
  headerFieldsDropped: number;
  /** Header blocks without the pseudo-header fields a request or response needs. */
  malformedHeaders: number;
  badPadding: number;
  /** Client direction not starting with the connection preface. */
  badPreface: number;
  gaps: number;
  /** Frame boundaries found again after a gap or a mid-stream join. */
  resyncs: number;
  resyncSkippedBytes: number;
  /** Mid-stream connections whose client/server guess was reversed. */
  roleSwaps: number;
  bodiesTruncated: number;
  bodiesIncomplete: number;
  /** Bodies not kept further because the connection's open streams kept limits.http2_connection_body_bytes. */
  connectionBodyCapHits: number;
}

export function createHttp2Counters(): Http2Counters {
  return {
    connections: 0,
    upgrades: 0,
    tunnels: 0,
    frames: 0,
    streams: 0,
    transactions: 0,
    transactionsWithoutResponse: 0,
    responseTimeouts: 0,
    streamsEvicted: 0,
    resets: 0,
    goaways: 0,
    pushPromises: 0,
    framesWithoutStream: 0,
    framesTooLarge: 0,
    headerBlocksTooLarge: 0,
    headerBlocksLost: 0,
    hpackErrors: 0,
    hpackUnknownRefs: 0,
    hpackTableCapEvictions: 0,
    headerFieldsDropped: 0,
    malformedHeaders: 0,
    badPadding: 0,
    badPreface: 0,
    gaps: 0,
    resyncs: 0,
    resyncSkippedBytes: 0,
    roleSwaps: 0,
    bodiesTruncated: 0,
    bodiesIncomplete: 0,
    connectionBodyCapHits: 0,
  };
}
