import type { HeaderList, HttpBody, HttpTransaction } from '../../../node/http/types';

export function body(data: string | Buffer = ''): HttpBody {
  const inspect = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return { length: inspect.length, sha256: '', inspect, truncated: false, incomplete: false };
}

export interface TxSpec {
  method?: string;
  target: string;
  headers?: HeaderList;
  body?: string | Buffer;
  response?: { status: number; headers?: HeaderList; body?: string | Buffer } | null;
}

/** A transaction as the HTTP stage hands it over, from a short description. */
export function tx(spec: TxSpec): HttpTransaction {
  const headers: HeaderList = spec.headers ?? [
    ['Host', 'shop.example'],
    ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36'],
    ['Accept', '*/*'],
  ];
  const res = spec.response;
  return {
    conn: {
      id: 1,
      client: { ip: '10.0.0.2', port: 40000 },
      server: { ip: '10.0.0.1', port: 80 },
      vlan: [],
      vni: null,
      midstream: false,
      firstTs: 0,
    },
    index: 0,
    request: {
      method: spec.method ?? 'GET',
      target: spec.target,
      version: 'HTTP/1.1',
      headers,
      body: body(spec.body),
      startTs: 0,
      endTs: 0,
    },
    response: res
      ? {
          status: res.status,
          reason: '',
          version: 'HTTP/1.1',
          headers: res.headers ?? [],
          body: body(res.body),
          startTs: 0,
          endTs: 0,
        }
      : null,
    interim: [],
  };
}

/**
 * Functional tests must not depend on machine speed: the time cap is tested on its own. And these tests send many unrelated values through one detector at the same few endpoints
 * (`/search?q=`), which no site's traffic is: parameter profiles would learn that mixture and judge
 * the next example by it. Attack classes are tested without them; profiles in profiles.test.ts.
 */
export const RELAXED = { maxMillisPerRequest: 60_000, anomaly: { enabled: false } };
