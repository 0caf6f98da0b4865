/**
 * HTTP/2 as an app-layer protocol (node/app-layer.ts): claims connections that start with the
 * client connection preface (prior knowledge, any port), connections joined mid-stream whose
 * first bytes are a chain of well-formed frame headers, and, through the HTTP/1.x upgrade hook,
 * connections that switch with `Upgrade: h2c` (docs/http2.md "How a connection becomes HTTP/2").
 */
import { Probe, type AppProtocol } from '../app-layer';
import type { ConnectionInfo, Direction, StreamHandler } from '../reassembly/types';
import { headerTokens } from '../http/framing';
import { headerValue } from '../http/headers';
import type { HttpRequest, HttpResponse } from '../http/types';
import { createHttp2Counters, type Http2Counters } from './counters';
import { Http2Connection, type Http2Context, type Http2Events, type Http2Options } from './connection';
import { CONNECTION_PREFACE, FRAME_HEADER_BYTES, FrameType, plausibleFrameHeader } from './frames';

/** Default frame size (SETTINGS_MAX_FRAME_SIZE's initial value): a mid-stream probe sees a whole frame and the next header. */
const MIDSTREAM_PROBE_BYTES = 16384 + 2 * FRAME_HEADER_BYTES;

export class Http2Protocol implements AppProtocol {
  readonly name = 'http2';
  readonly probeBytes = MIDSTREAM_PROBE_BYTES;
  readonly counters: Http2Counters = createHttp2Counters();
  private readonly ctx: Http2Context;

  constructor(events: Http2Events, options: Http2Options) {
    this.ctx = { events, options, counters: this.counters, live: new Set() };
  }

  probe(dir: Direction, data: Buffer, conn: ConnectionInfo): Probe {
    if (conn.midstream) return probeFrames(data, this.ctx.options.headerBytes);
    if (dir === 1) {
      // A server may send its SETTINGS before the client's preface arrives: wait for the client.
      if (data.length < FRAME_HEADER_BYTES) return data[0] === 0 ? Probe.NeedMore : Probe.No;
      return data[3] === FrameType.Settings && data.readUInt32BE(5) === 0 ? Probe.NeedMore : Probe.No;
    }
    const n = Math.min(data.length, CONNECTION_PREFACE.length);
    if (data.compare(CONNECTION_PREFACE, 0, n, 0, n) !== 0) return Probe.No;
    return n === CONNECTION_PREFACE.length ? Probe.Yes : Probe.NeedMore;
  }

  create(conn: ConnectionInfo): StreamHandler {
    return new Http2Connection(conn, this.ctx);
  }

  /**
   * The HTTP/1.x upgrade hook (HttpOptions.upgrade): a 101 answering `Upgrade: h2c` hands the
   * connection to HTTP/2, with the upgrade request as stream 1's request (RFC 7540 3.2).
   */
  upgrade(conn: ConnectionInfo, request: HttpRequest, response: HttpResponse): StreamHandler | null {
    if (response.status !== 101 || !headerTokens(response.headers, 'upgrade').includes('h2c')) return null;
    const encoded = headerValue(request.headers, 'http2-settings');
    const settings = encoded === null ? null : Buffer.from(encoded.trim(), 'base64url');
    return new Http2Connection(conn, this.ctx, { request, settings });
  }

  expire(nowTs: number): void {
    for (const c of this.ctx.live) c.expire(nowTs);
  }

  get open(): number {
    return this.ctx.live.size;
  }
}

/**
 * A connection joined mid-stream is HTTP/2 when its first bytes are frame headers that chain: two
 * of them, or one whose frame ends exactly where the bytes do (a segment of whole frames).
 */
function probeFrames(data: Buffer, maxFrameBytes: number): Probe {
  let p = 0;
  let headers = 0;
  while (p + FRAME_HEADER_BYTES <= data.length) {
    if (!plausibleFrameHeader(data, p, maxFrameBytes)) return Probe.No;
    headers++;
    p += FRAME_HEADER_BYTES + ((data[p] << 16) | (data[p + 1] << 8) | data[p + 2]);
    if (headers >= 2 || p === data.length) return Probe.Yes;
  }
  // Fewer than 9 bytes, or a frame still arriving: ask again; a non-zero first byte is no frame length here.
  return data.length > 0 && data[0] !== 0 ? Probe.No : Probe.NeedMore;
}
