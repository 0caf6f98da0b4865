/**
 * TLS 1.3 (TLS_AES_128_GCM_SHA256) records for generated captures, with the key-log lines that
 * decrypt them: the bench's TLS capture (test/bench/capture.ts) wraps each connection of its mix.
 * The hellos carry only what the node reads (random, suite, SNI, ALPN, supported_versions);
 * the handshake is one protected Finished per side. Correctness is checked on captures made by
 * real implementations (test/fixtures/tls); this only has to be realistic in cost per byte.
 */
import { createCipheriv } from 'node:crypto';
import { trafficKeys13, type DirectionKeys } from '../../node/tls/key-schedule';
import { CIPHER_SUITES } from '../../node/tls/suites';
import type { Rng } from '../../node/sample/rng';

const SUITE = CIPHER_SUITES.get(0x1301)!;
const MAX_PLAIN = 16384;

function record(type: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type, 3, 3, body.length >> 8, body.length & 255]), body]);
}

function handshake(type: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type, body.length >> 16, (body.length >> 8) & 255, body.length & 255]), body]);
}

function ext(type: number, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type >> 8, type & 255, data.length >> 8, data.length & 255]), data]);
}

class Sealer {
  private seq = 0;
  constructor(private readonly keys: DirectionKeys) {}
  seal(type: number, data: Buffer): Buffer {
    const out: Buffer[] = [];
    for (let off = 0; off < data.length || (off === 0 && data.length === 0); off += MAX_PLAIN) {
      const inner = Buffer.concat([data.subarray(off, off + MAX_PLAIN), Buffer.from([type])]);
      const nonce = Buffer.from(this.keys.iv);
      nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ this.seq++) >>> 0, 8);
      const header = Buffer.from([23, 3, 3, (inner.length + 16) >> 8, (inner.length + 16) & 255]);
      const c = createCipheriv('aes-128-gcm', this.keys.key, nonce);
      c.setAAD(header);
      out.push(header, c.update(inner), c.final(), c.getAuthTag());
      if (data.length === 0) break;
    }
    return Buffer.concat(out);
  }
}

export class Tls13Session {
  private readonly clientRandom: Buffer;
  private readonly secrets: Record<'ch' | 'sh' | 'ca' | 'sa', Buffer>;
  private readonly client: Sealer;
  private readonly server: Sealer;
  private readonly clientHs: Sealer;
  private readonly serverHs: Sealer;
  private started = { c2s: false, s2c: false };

  constructor(
    rng: Rng,
    private readonly sni: string,
    private readonly alpn = 'http/1.1',
  ) {
    this.clientRandom = rng.bytes(32);
    this.secrets = { ch: rng.bytes(32), sh: rng.bytes(32), ca: rng.bytes(32), sa: rng.bytes(32) };
    this.clientHs = new Sealer(trafficKeys13(SUITE, this.secrets.ch));
    this.serverHs = new Sealer(trafficKeys13(SUITE, this.secrets.sh));
    this.client = new Sealer(trafficKeys13(SUITE, this.secrets.ca));
    this.server = new Sealer(trafficKeys13(SUITE, this.secrets.sa));
  }

  /** The key-log lines of this session (as a server writes them). */
  keylog(): string {
    const r = this.clientRandom.toString('hex');
    return (
      [
        `CLIENT_HANDSHAKE_TRAFFIC_SECRET ${r} ${this.secrets.ch.toString('hex')}`,
        `SERVER_HANDSHAKE_TRAFFIC_SECRET ${r} ${this.secrets.sh.toString('hex')}`,
        `CLIENT_TRAFFIC_SECRET_0 ${r} ${this.secrets.ca.toString('hex')}`,
        `SERVER_TRAFFIC_SECRET_0 ${r} ${this.secrets.sa.toString('hex')}`,
      ].join('\n') + '\n'
    );
  }

  clientHello(): Buffer {
    const name = Buffer.from(this.sni);
    const exts = Buffer.concat([
      ext(0, Buffer.concat([Buffer.from([0, name.length + 3, 0, 0, name.length]), name])),
      ext(16, Buffer.from([0, this.alpn.length + 1, this.alpn.length, ...Buffer.from(this.alpn)])),
      ext(43, Buffer.from([2, 3, 4])),
    ]);
    const body = Buffer.concat([
      Buffer.from([3, 3]),
      this.clientRandom,
      Buffer.from([0, 0, 2, 0x13, 0x01, 1, 0]),
      Buffer.from([exts.length >> 8, exts.length & 255]),
      exts,
    ]);
    return record(22, handshake(1, body));
  }

  serverHello(rng: Rng): Buffer {
    const exts = ext(43, Buffer.from([3, 4]));
    const body = Buffer.concat([
      Buffer.from([3, 3]),
      rng.bytes(32),
      Buffer.from([0, 0x13, 0x01, 0]),
      Buffer.from([exts.length >> 8, exts.length & 255]),
      exts,
    ]);
    return record(22, handshake(2, body));
  }

  /** Application data of one direction, preceded by that side's protected Finished the first time. */
  data(dir: 'c2s' | 's2c', plain: Buffer): Buffer {
    const parts: Buffer[] = [];
    if (!this.started[dir]) {
      this.started[dir] = true;
      parts.push((dir === 'c2s' ? this.clientHs : this.serverHs).seal(22, handshake(20, Buffer.alloc(32, 7))));
    }
    parts.push((dir === 'c2s' ? this.client : this.server).seal(23, plain));
    return Buffer.concat(parts);
  }
}

/** The one TLS connection (port 443) the TLS unit tests feed a TlsProtocol. */
export const TLS_TEST_CONN = {
  id: 1,
  client: { ip: '10.0.0.2', port: 4000 },
  server: { ip: '10.0.0.1', port: 443 },
  vlan: [],
  vni: null,
  midstream: false,
  firstTs: 0,
};

/** Roomy limits for the HTTP parser behind a decrypted test connection. */
export const TLS_TEST_LIMITS = {
  maxFlows: 10,
  streamBufferBytes: 1 << 20,
  totalBufferBytes: 1 << 20,
  headerBytes: 65536,
  bodyInspectBytes: 65536,
  decompressBytes: 1 << 20,
  idleTimeoutSec: 30,
  reorderWaitSec: 1,
};
