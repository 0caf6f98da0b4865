import type { HttpBody, HttpTransaction } from '../http/types';
import { flowRef, formatTs } from './format';
import type { BodyRef, TransactionRecord } from './types';

/** Who the request came from and which host it named, after proxy_headers. */
export interface ClientIdentity {
  clientIp: string;
  host: string;
}

function bodyRef(body: HttpBody): BodyRef {
  return { length: body.length, sha256: body.sha256 };
}

export function transactionRecord(tx: HttpTransaction, who: ClientIdentity): TransactionRecord {
  const { request: req, response: res } = tx;
  return {
    type: 'transaction',
    ts: formatTs(req.startTs),
    flow: flowRef(tx.conn),
    client_ip: who.clientIp,
    host: who.host,
    request: {
      method: req.method,
      target: req.target,
      version: req.version,
      headers: req.headers,
      body: bodyRef(req.body),
    },
    response: res && {
      status: res.status,
      reason: res.reason,
      version: res.version,
      headers: res.headers,
      body: bodyRef(res.body),
    },
  };
}
