import { grpcCall } from '../grpc/messages';
import type { HttpBody, HttpTransaction } from '../http/types';
import { flowRef, formatTs } from './format';
import type { BodyRef, TransactionRecord } from './types';

/** Who the request came from and which host it named, after proxy_headers. */
export interface ClientIdentity {
  clientIp: string;
  host: string;
}

/** Reading a gRPC-Web response's trailer frame for the record: how far to look. */
const GRPC_RECORD_LIMITS = { maxMessageBytes: 1 << 20, maxMessages: 64 };

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
  if (tx.streamId !== undefined) {
    record.http_version = '2';
    record.stream_id = tx.streamId;
  }
  const grpc = grpcCall(req, res, GRPC_RECORD_LIMITS);
  if (grpc !== null) record.grpc = { service: grpc.service, method: grpc.method, status: grpc.status, message: grpc.message };
  return record;
}

/** The record's `tls` field: a copy, so the connection's object is never shared with a sink. */
export function tlsField(t: NonNullable<HttpTransaction['conn']['tls']>): NonNullable<TransactionRecord['tls']> {
  return { version: t.version, cipher: t.cipher, sni: t.sni };
}
