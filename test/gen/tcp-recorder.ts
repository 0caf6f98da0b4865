/**
 * Records what real clients and servers send each other: a loopback TCP relay that keeps every
 * chunk of each accepted connection in arrival order, to be rendered as a capture
 * (TcpConversation). The bytes come from the real implementations (Node's http2 is nghttp2,
 * @grpc/grpc-js); only the TCP/IP framing around them is generated.
 */
import net from 'node:net';
import { TcpConversation, type ConversationOptions, type GenPacket } from '../../node/sample/conversation';

export interface RecordedChunk {
  dir: 'c2s' | 's2c';
  data: Buffer;
}

export class TcpRecorder {
  readonly connections: RecordedChunk[][] = [];
  private server: net.Server | null = null;
  port = 0;

  /** Starts relaying 127.0.0.1:<port> to 127.0.0.1:<target>. */
  async start(target: number): Promise<void> {
    this.server = net.createServer((client) => {
      const chunks: RecordedChunk[] = [];
      this.connections.push(chunks);
      const upstream = net.connect(target, '127.0.0.1');
      client.on('data', (d) => {
        chunks.push({ dir: 'c2s', data: Buffer.from(d) });
        upstream.write(d);
      });
      upstream.on('data', (d) => {
        chunks.push({ dir: 's2c', data: Buffer.from(d) });
        client.write(d);
      });
      client.on('end', () => upstream.end());
      upstream.on('end', () => client.end());
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Every recorded connection as captured packets, one client port each. */
  packets(opts: Partial<ConversationOptions> = {}): GenPacket[] {
    const out: GenPacket[] = [];
    this.connections.forEach((chunks, i) => {
      const c = new TcpConversation({
        client: '10.3.0.2',
        server: '10.3.0.1',
        clientPort: 42000 + i,
        serverPort: 50051,
        seed: 7 + i,
        startTs: 1_700_000_000_000_000 + i * 10_000_000,
        ...opts,
      });
      for (const ch of chunks) c.send(ch.dir, ch.data);
      c.close('fin');
      out.push(...c.packets());
    });
    return out;
  }
}
