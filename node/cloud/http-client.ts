/**
 * One HTTP(S) request to the cloud. node:https rather than fetch because certificate verification
 * must be switchable per target (WALLARM_API_CA_VERIFY=false) without extra dependencies.
 * Failures before a status line arrives become a CloudTransportError saying which kind they are.
 */
import http from 'node:http';
import https from 'node:https';
import { baseUrl, type ApiTarget } from './cloud-target';

export interface CloudResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** At most RESPONSE_BODY_CAP bytes of the body, as text. */
  body: string;
}

export type TransportFailure = 'unreachable' | 'tls' | 'timeout';

export class CloudTransportError extends Error {
  constructor(
    readonly kind: TransportFailure,
    readonly url: string,
    reason: string,
  ) {
    super(`${kind} ${url}: ${reason}`);
    this.reason = reason.replace(/\s+/g, ' ').replace(/[\s:.]+$/, '');
  }

  /** The system's reason on one line, e.g. "ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9". */
  readonly reason: string;
}

/** A cloud answer is small JSON; anything longer is cut, not buffered. */
const RESPONSE_BODY_CAP = 64 * 1024;

const CERT_ERROR_CODES = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'HOSTNAME_MISMATCH',
  'EPROTO',
]);

function isTlsError(code: string | undefined): boolean {
  return code !== undefined && (CERT_ERROR_CODES.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_'));
}

export interface CloudRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  timeoutMs: number;
}

/**
 * One connection per request (no keep-alive): a batch every few seconds does not need pooled
 * connections, and a pooled socket the cloud has just closed would turn into a spurious failure.
 */
export class CloudClient {
  private readonly inflight = new Set<http.ClientRequest>();

  constructor(readonly target: ApiTarget) {}

  url(path: string): string {
    return baseUrl(this.target) + path;
  }

  request(req: CloudRequest): Promise<CloudResponse> {
    const url = this.url(req.path);
    const options: https.RequestOptions = {
      method: req.method,
      host: this.target.host,
      port: this.target.port,
      path: req.path,
      agent: false,
      headers: { ...req.headers, ...(req.body ? { 'Content-Length': String(req.body.length) } : {}) },
      rejectUnauthorized: this.target.caVerify,
    };
    return new Promise((resolve, reject) => {
      const r = (this.target.useSsl ? https : http).request(options, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < RESPONSE_BODY_CAP) chunks.push(c.subarray(0, RESPONSE_BODY_CAP - size));
          size += c.length;
        });
        res.on('end', () => {
          this.inflight.delete(r);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', (err: NodeJS.ErrnoException) => {
          this.inflight.delete(r);
          reject(new CloudTransportError('unreachable', url, `${err.code ?? 'ERROR'}: ${err.message}`));
        });
      });
      this.inflight.add(r);
      r.setTimeout(req.timeoutMs, () => {
        r.destroy(new CloudTransportError('timeout', url, `no answer within ${req.timeoutMs} ms`));
      });
      r.on('error', (err: NodeJS.ErrnoException) => {
        this.inflight.delete(r);
        if (err instanceof CloudTransportError) return reject(err);
        const reason = err.code ? `${err.code}: ${err.message}` : err.message;
        reject(new CloudTransportError(isTlsError(err.code) ? 'tls' : 'unreachable', url, reason));
      });
      r.end(req.body);
    });
  }

  /** Aborts requests in flight (they fail as unreachable). */
  close(): void {
    for (const r of this.inflight) r.destroy(new Error('client closed'));
    this.inflight.clear();
  }
}
