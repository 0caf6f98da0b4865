import type { RequestPoint } from '../../../records/types';
import { grpcMessages, type GrpcContentType } from '../../../grpc/messages';
import { decodeProto, type ProtoField } from '../../../grpc/protobuf';
import type { Budget } from '../budget';
import { extractJson } from './json';
import type { ValueSink } from './types';

/** Messages read per request body, and fields per message (docs/http2.md "gRPC"). */
export const GRPC_MAX_MESSAGES = 64;
export const GRPC_MAX_FIELDS = 1024;

/**
 * A gRPC request body: each message's string fields as ["grpc", field number, nested field
 * number...] (protobuf read without a schema, node/grpc/protobuf.ts), as structured values of
 * kind `json`; JSON-coded gRPC (`+json`) as JSON. Every message of a stream contributes.
 * Returns false when the budget is used up.
 */
export function extractGrpc(
  body: Buffer,
  type: GrpcContentType,
  encoding: string | null,
  budget: Budget,
  sink: ValueSink,
): boolean {
  const limits = { maxMessageBytes: budget.limits.maxDecodedBytes, maxMessages: GRPC_MAX_MESSAGES };
  const { messages } = grpcMessages(body, type, encoding, limits);
  const maxDepth = budget.limits.maxStructureDepth;
  for (const m of messages) {
    if (!budget.takeDecoded(m.length)) return false;
    if (type.codec === 'json') {
      if (extractJson(m.toString('utf8'), maxDepth, sink, true) === false) return false;
      continue;
    }
    const fields = decodeProto(m, { maxDepth, maxFields: GRPC_MAX_FIELDS });
    if (fields !== null && !walk(fields, ['grpc'], sink)) return false;
  }
  return true;
}

function walk(fields: ProtoField[], point: RequestPoint, sink: ValueSink): boolean {
  for (const f of fields) {
    const name = String(f.num);
    if (f.kind === 'string') {
      if (!sink({ point: [...point, name], kind: 'json', name, value: f.text! })) return false;
    } else if (f.kind === 'message') {
      if (!walk(f.children!, [...point, name], sink)) return false;
    }
  }
  return true;
}
