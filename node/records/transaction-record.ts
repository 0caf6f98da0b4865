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
  const record: TransactionRecord = {
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
  if (tx.conn.tls !== undefined) record.tls = tlsField(tx.conn.tls);
  return record;
}

/** The record's `tls` field: a copy, so the connection's object is never shared with a sink. */
export function tlsField(t: NonNullable<HttpTransaction['conn']['tls']>): NonNullable<TransactionRecord['tls']> {
  return { version: t.version, cipher: t.cipher, sni: t.sni };
}
