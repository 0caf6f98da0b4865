/**
 * WebSocket as the assembly plugs it in (docs/websocket.md "How a connection becomes WebSocket"):
 * the HTTP/1.x upgrade hook (a 101 answering `Upgrade: websocket`), the HTTP/2 tunnel hook (an
 * extended CONNECT with `:protocol websocket` answered 2xx, RFC 8441), and an app-layer protocol
 * that claims connections joined mid-stream whose first bytes are chained WebSocket frames.
 */
import { Probe, type AppProtocol } from '../app-layer';
import { headerTokens } from '../http/framing';
import { headerValue } from '../http/headers';
import type { HttpRequest, HttpResponse } from '../http/types';
import type { ConnectionInfo, Direction, StreamHandler } from '../reassembly/types';
import { WebSocketConnection, type WebSocketContext, type WebSocketOptions } from './connection';
import { createWebSocketCounters, type WebSocketCounters } from './counters';
import { chainsFromStart } from './frames';
import type { WebSocketEvents, WebSocketSession } from './types';

/** First bytes a mid-stream probe looks at: a frame header and, for short frames, the next one. */
const PROBE_BYTES = 2048;

export class WebSocketProtocol implements AppProtocol {
  readonly name = 'websocket';
  readonly probeBytes = PROBE_BYTES;
  readonly counters: WebSocketCounters = createWebSocketCounters();
  private readonly ctx: WebSocketContext;

  constructor(events: WebSocketEvents, options: WebSocketOptions) {
    this.ctx = { events, options, counters: this.counters };
  }

  /**
   * Only connections joined mid-stream are probed (a handshake seen is HTTP's to read): the first
   * bytes must be a WebSocket frame header that chains to another one or ends where the bytes do.
   * A first byte of 0 (a continuation frame, or an HTTP/2 frame's length) is not taken. A masked
   * text or binary frame longer than the probe is taken on its header (clients mask: a strong sign).
   */
  probe(_dir: Direction, data: Buffer, conn: ConnectionInfo): Probe {
    if (!conn.midstream || (data.length > 0 && data[0] === 0)) return Probe.No;
    const r = chainsFromStart(data, { masked: null, rsv1: true });
    if (r !== 'more') return r === 'yes' ? Probe.Yes : Probe.No;
    // A client frame longer than the probe: a masked data frame's header is taken on its own.
    const masked = data.length >= 2 && (data[1] & 0x80) !== 0 && ((data[0] & 0x0f) === 1 || (data[0] & 0x0f) === 2);
    return data.length >= PROBE_BYTES && masked ? Probe.Yes : Probe.NeedMore;
  }

  create(conn: ConnectionInfo): StreamHandler {
    return new WebSocketConnection(
      { conn: { ...conn }, request: null, response: null, subprotocol: null, extensions: [] },
      this.ctx,
      true,
    );
  }

  /** The HTTP/1.x upgrade hook: a 101 answering `Upgrade: websocket` hands the connection over. */
  upgrade(conn: ConnectionInfo, request: HttpRequest, response: HttpResponse): StreamHandler | null {
    if (response.status !== 101 || !headerTokens(response.headers, 'upgrade').includes('websocket')) return null;
    this.counters.upgrades++;
    return new WebSocketConnection(session(conn, request, response), this.ctx, false);
  }

  /** The HTTP/2 tunnel hook: an extended CONNECT for `websocket` answered 2xx carries frames in its stream's DATA. */
  tunnel(conn: ConnectionInfo, streamId: number, request: HttpRequest, response: HttpResponse): StreamHandler | null {
    if (request.protocol?.toLowerCase() !== 'websocket' || response.status < 200 || response.status > 299) return null;
    this.counters.extendedConnects++;
    return new WebSocketConnection({ ...session(conn, request, response), streamId }, this.ctx, false);
  }
}

function session(conn: ConnectionInfo, request: HttpRequest, response: HttpResponse): WebSocketSession {
  const extensions: string[] = [];
  for (const [n, v] of response.headers) {
    if (n.toLowerCase() !== 'sec-websocket-extensions') continue;
    for (const e of v.split(',')) if (e.trim() !== '') extensions.push(e.trim());
  }
  return { conn, request, response, subprotocol: headerValue(response.headers, 'sec-websocket-protocol'), extensions };
}
