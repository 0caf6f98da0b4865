/**
 * The capture node's pipeline, identical for replay and live capture:
 * frames -> PacketDecoder -> StreamReassembler -> app layer (protocol chosen by first bytes) ->
 * HTTP parser/pairing -> TransactionAnalyzer.
 * Sources push frames in through `onFrame`; records leave through the analyzer's sink.
 */
import type { FrameHandler } from './capture/types';
import type { NodeConfig } from './config/types';
import { PacketDecoder } from './decode/decoder';
import { decoderOptionsFromPlan } from './decode/from-plan';
import type { DecodedPacket } from './decode/packet';
import { createAppLayer, type AppLayerFactory } from './app-layer';
import { createHttpStreamHandlerFactory, type HttpStreamHandlerFactory } from './http/connection';
import { Http2Protocol } from './http2/protocol';
import { StreamReassembler } from './reassembly/stream-reassembler';
import type { TransactionAnalyzer } from './analysis/transaction-analyzer';
import { KeyStore } from './tls/keylog';
import { TlsProtocol } from './tls/protocol';
import type { StreamHandlerFactory } from './reassembly/types';
import { NO_CLOCK, Stage, type StageClock } from './stage-clock';
import { WebSocketProtocol } from './websocket/protocol';

/** How often, in capture time, unanswered requests are checked against response_timeout. */
const RESPONSE_SWEEP_US = 1_000_000;

export class NodePipeline {
  readonly decoder: PacketDecoder;
  readonly reassembler: StreamReassembler;
  readonly http: HttpStreamHandlerFactory;
  /** HTTP/2: prior knowledge, h2c upgrade, and `h2` inside TLS (docs/http2.md). */
  readonly http2: Http2Protocol;
  /** WebSocket: after a 101, over HTTP/2 extended CONNECT, or joined mid-stream (docs/websocket.md). */
  readonly websocket: WebSocketProtocol;
  /** Chooses each connection's protocol; HTTP/1.x reads what no other protocol claims. */
  readonly appLayer: AppLayerFactory;
  /** TLS (null when tls.enabled is false); its key store is fed by the key sources (docs/tls.md). */
  readonly tls: TlsProtocol | null;
  private lastTs = 0;
  private lastSweepTs = 0;
  /**
   * The capture time transactions are analysed at: the current frame's, the tick's, +Infinity at
   * the end of input (the order findings are decided in: analysis/vulnerabilities/merge.ts).
   */
  captureTs = 0;
  /**
   * The current frame's place in the input (counted here, or given by the capture thread to a
   * worker: `onDecodedSegment`); +Infinity at the end of input. It orders transactions analysed at
   * one capture time as one thread analyses them (analysis/discovery/evidence.ts compareEvidence).
   */
  frameNo = 0;

  readonly onFrame: FrameHandler = (linkType, buf, offset, length, ts) => {
    this.frameNo++;
    this.frame(linkType, buf, offset, length, ts);
  };

  /**
   * A worker's segment handler: a TCP segment the capture thread decoded (node/workers/batch.ts:
   * the frame is not decoded again here), numbered by the capture thread's count of frames.
   */
  readonly onDecodedSegment = (p: DecodedPacket, frameNo: number): void => {
    this.frameNo = frameNo;
    const ts = p.ts;
    this.lastTs = ts;
    this.captureTs = ts;
    const timed = this.clock.frameStart();
    if (timed) this.clock.enter(Stage.reassembly);
    this.reassembler.process(p, ts);
    this.sweep(ts);
    if (timed) this.clock.frameEnd();
  };

  private frame(linkType: number, buf: Buffer, offset: number, length: number, ts: number): void {
    this.lastTs = ts;
    this.captureTs = ts;
    // A sampled frame is timed stage by stage (docs/operations.md, "Time per stage").
    const timed = this.clock.frameStart();
    const p = this.decoder.decode(linkType, buf, offset, length, ts);
    if (p !== null) {
      if (timed) this.clock.enter(Stage.reassembly);
      this.reassembler.process(p, ts);
    }
    this.sweep(ts);
    if (timed) this.clock.frameEnd();
  }

  /** Unanswered requests checked against response_timeout, once a second of capture time. */
  private sweep(ts: number): void {
    if (ts - this.lastSweepTs >= RESPONSE_SWEEP_US) {
      this.lastSweepTs = ts;
      this.http.expire(ts);
      this.appLayer.expire(ts);
    }
  }

  /**
   * A connection cut by drop_on_overload (node/workers/pool.ts): `buf` is its first frame the
   * capture thread did not send; the connection's state is dropped unreported.
   */
  forget(linkType: number, buf: Buffer, ts: number): void {
    const p = this.decoder.decode(linkType, buf, 0, buf.length, ts);
    if (p !== null) this.reassembler.forget(p, ts);
  }

  /** `digestBodies`: only the transaction record carries body digests (see BodyAccumulator). */
  constructor(
    readonly config: NodeConfig,
    readonly analyzer: TransactionAnalyzer,
    digestBodies = true,
    /** Time per stage (shared with the analyzer, which times the analyses and the output). */
    readonly clock: StageClock = NO_CLOCK,
  ) {
    this.decoder = new PacketDecoder(decoderOptionsFromPlan(config.capture, config.limits));
    const limits = config.limits;
    this.websocket = new WebSocketProtocol(
      { message: (m) => analyzer.websocket.message(m), closed: (s) => analyzer.websocket.closed(s) },
      {
        messageBytes: limits.websocketMessageBytes,
        messagesPerConnection: limits.websocketMessagesPerConnection,
        inflateBytes: limits.websocketInflateBytes,
        readMessages: analyzer.websocket.readsMessages,
      },
    );
    const websocket = this.websocket;
    this.http2 = new Http2Protocol(
      { transaction: (tx) => analyzer.analyze(tx) },
      {
        maxStreams: limits.http2MaxStreams,
        headerTableBytes: limits.http2HeaderTableBytes,
        headerBytes: limits.headerBytes,
        bodyInspectBytes: limits.bodyInspectBytes,
        connectionBodyBytes: limits.http2ConnectionBodyBytes,
        digestBodies,
        responseTimeoutSec: config.responseTimeoutSec,
        parseResponses: config.parseResponses,
        bodies: analyzer.bodyPolicy,
        tunnel: (conn, streamId, req, res) => websocket.tunnel(conn, streamId, req, res),
      },
    );
    const http2 = this.http2;
    this.http = createHttpStreamHandlerFactory({ transaction: (tx) => analyzer.analyze(tx), error: () => {} }, limits, {
      responseTimeoutSec: config.responseTimeoutSec,
      parseResponses: config.parseResponses,
      digestBodies,
      bodies: analyzer.bodyPolicy,
      upgrade: (conn, req, res) => {
        const handler = http2.upgrade(conn, req, res);
        if (handler !== null) return { handler, replacesTransaction: true };
        // The 101 exchange stays a transaction of its own: it is the WebSocket's handshake.
        const ws = websocket.upgrade(conn, req, res);
        return ws === null ? null : { handler: ws, replacesTransaction: false };
      },
    });
    // Configured ports also name the server of a connection seen without its handshake.
    const knownServerPorts = new Set(config.capture.sources.flatMap((s) => s.ports));
    // Other protocols (TLS, HTTP/2) register here, each in its own folder (docs/design.md).
    const t = config.tls;
    this.tls = t.enabled
      ? new TlsProtocol(new KeyStore({ maxEntries: t.keysMax, ttlSec: t.keysTtlSec }), {
          keyWaitSec: t.keyWaitSec,
          keyWaitBytes: t.keyWaitBytes,
          maxHandshakeBytes: t.maxHandshakeBytes,
          maxHosts: t.maxHosts,
        })
      : null;
    // TLS first: its probe needs 3 bytes, HTTP/2's preface 24 (docs/design.md, app layer).
    // WebSocket last: it claims only connections joined mid-stream whose first bytes chain as frames.
    const protocols = this.tls === null ? [this.http2, this.websocket] : [this.tls, this.http2, this.websocket];
    this.appLayer = createAppLayer(this.http, protocols, { h2: this.http2 });
    this.tls?.attach(this.appLayer.plaintext, this.appLayer.readsAlpn);
    this.reassembler = new StreamReassembler(
      config.limits,
      clock.enabled ? timedHandlers(this.appLayer, clock) : this.appLayer,
      knownServerPorts,
    );
  }

  /** Live capture: lets idle connections and unanswered requests expire while no packets arrive. */
  tick(nowTs: number): void {
    const ts = Math.max(nowTs, this.lastTs);
    this.captureTs = ts;
    this.reassembler.expire(ts);
    this.http.expire(ts);
    this.appLayer.expire(ts);
    this.analyzer.tick(ts);
  }

  /** End of input: every connection is closed and every pending transaction emitted. */
  finish(): void {
    this.captureTs = Infinity;
    this.frameNo = Infinity;
    this.reassembler.flush(this.lastTs);
    // Connections still waiting for keys will not get them from this input.
    this.tls?.endOfInput();
    this.analyzer.finish();
  }
}

/** The app layer's handlers, each call timed as the `http` stage (protocol parsing: HTTP/1, HTTP/2, TLS). */
function timedHandlers(factory: StreamHandlerFactory, clock: StageClock): StreamHandlerFactory {
  return (conn) => {
    const h = factory(conn);
    return {
      onData(dir, buf, offset, length, ts) {
        const prev = clock.enter(Stage.http);
        h.onData(dir, buf, offset, length, ts);
        clock.leave(prev);
      },
      onGap(dir, length, ts) {
        const prev = clock.enter(Stage.http);
        h.onGap(dir, length, ts);
        clock.leave(prev);
      },
      onClose(reason, ts) {
        const prev = clock.enter(Stage.http);
        h.onClose(reason, ts);
        clock.leave(prev);
      },
    };
  };
}
