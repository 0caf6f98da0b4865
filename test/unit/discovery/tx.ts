/** Synthetic HttpTransactions for unit tests of API discovery, vulnerabilities and sessions. */
import type { HttpBody, HttpTransaction } from '../../../node/http/types';

function body(text: string): HttpBody {
  const b = Buffer.from(text);
  return { length: b.length, sha256: '', inspect: b, truncated: false, incomplete: false };
}

export interface TxSpec {
  method?: string;
  target: string;
  headers?: Array<[string, string]>;
  body?: string;
  status?: number | null;
  responseHeaders?: Array<[string, string]>;
  responseBody?: string;
  ts?: number;
  client?: string;
}

export function tx(s: TxSpec): HttpTransaction {
  const ts = s.ts ?? 1_700_000_000_000_000;
  const status = s.status === undefined ? 200 : s.status;
  return {
    conn: {
      id: 1,
      client: { ip: s.client ?? '10.0.0.1', port: 40000 },
      server: { ip: '10.0.0.2', port: 80 },
      vlan: [],
      vni: null,
      midstream: false,
      firstTs: ts,
    },
    index: 0,
    request: {
      method: s.method ?? 'GET',
      target: s.target,
      version: 'HTTP/1.1',
      headers: [['Host', 'api.test'], ...(s.headers ?? [])],
      body: body(s.body ?? ''),
      startTs: ts,
      endTs: ts,
    },
    response:
      status === null
        ? null
        : {
            status,
            reason: 'OK',
            version: 'HTTP/1.1',
            headers: s.responseHeaders ?? [['Content-Type', 'application/json']],
            body: body(s.responseBody ?? '{}'),
            startTs: ts + 1000,
            endTs: ts + 1000,
          },
    interim: [],
  };
}
