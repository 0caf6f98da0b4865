/**
 * The message structure of a gRPC call for API discovery (docs/http2.md "gRPC in the inventory"):
 * every protobuf field seen, read without a schema (node/grpc/protobuf.ts), named by its field
 * number path and wire type (`2.1:len`, `3:varint`), with the type inferred from the bytes
 * (integer, number, string, object for a nested message) and, for text, its format and sensitive
 * kinds. JSON-coded gRPC is described as JSON bodies are.
 */
import type { Limits } from '../../config/types';
import { grpcContentType, grpcMessages } from '../../grpc/messages';
import { decodeProto, type ProtoField } from '../../grpc/protobuf';
import { headerValue } from '../../http/headers';
import type { HeaderList, HttpBody } from '../../http/types';
import { sensitiveKinds, type SensitiveKind } from './sensitive';
import { stringFormat, type ValueFormat, type ValueType } from './values';

/** One field as discovery describes it (the shape of ./extract's ObservedValue, plus its value). */
export interface GrpcField {
  name: string;
  type: ValueType;
  format: ValueFormat | null;
  sensitive: SensitiveKind[];
  /** The text of a string field, a number's decimal digits, '' otherwise. */
  value: string;
}

const MAX_MESSAGES = 16;
const MAX_FIELDS = 200;
const MAX_DEPTH = 8;
const WIRE = ['varint', 'i64', 'len', '', '', 'i32'];

/** True when a request is a gRPC or gRPC-Web call. */
export function isGrpcRequest(headers: HeaderList): boolean {
  return grpcContentType(headerValue(headers, 'content-type')) !== null;
}

/**
 * The fields of a gRPC body's messages (each path once, with its text value for strings), or null
 * when the body is not gRPC protobuf. `headers` are the message's own (content-type, grpc-encoding).
 */
export function grpcFields(body: HttpBody, headers: HeaderList, limits: Pick<Limits, 'decompressBytes'>): GrpcField[] | null {
  const type = grpcContentType(headerValue(headers, 'content-type'));
  if (type === null || type.codec !== 'proto' || body.inspect.length === 0) return null;
  const { messages } = grpcMessages(body.inspect, type, headerValue(headers, 'grpc-encoding'), {
    maxMessageBytes: limits.decompressBytes,
    maxMessages: MAX_MESSAGES,
  });
  const out = new Map<string, GrpcField>();
  for (const m of messages) {
    const fields = decodeProto(m, { maxDepth: MAX_DEPTH, maxFields: MAX_FIELDS });
    if (fields !== null) describe(fields, '', out);
  }
  return [...out.values()];
}

function describe(fields: ProtoField[], prefix: string, out: Map<string, GrpcField>): void {
  for (const f of fields) {
    if (out.size >= MAX_FIELDS) return;
    const path = prefix === '' ? String(f.num) : `${prefix}.${f.num}`;
    const name = `${path}:${WIRE[f.wire]}`;
    if (!out.has(name)) {
      const text = f.kind === 'string' ? f.text! : '';
      out.set(name, {
        name,
        type: typeOf(f),
        format: f.kind === 'string' ? stringFormat(text) : null,
        sensitive: f.kind === 'string' ? sensitiveKinds('', text) : [],
        value: f.kind === 'string' ? text : (f.number ?? ''),
      });
    }
    if (f.kind === 'message') describe(f.children!, path, out);
  }
}

function typeOf(f: ProtoField): ValueType {
  switch (f.kind) {
    case 'varint':
      return 'integer';
    case 'fixed32':
    case 'fixed64':
      return 'number';
    case 'message':
      return 'object';
    default:
      return 'string';
  }
}
