import type { HttpRequest } from '../../../http/types';
import type { Budget } from '../budget';
import { extractBody } from './body';
import { decodeContent } from '../../../http/content-decoding';
import { headerValue } from '../../../http/headers';
import { grpcContentType } from '../../../grpc/messages';
import { extractGrpc } from './grpc';
import { extractHeaders } from './headers';
import { extractTarget } from './target';
import type { ValueSink } from './types';

/**
 * Every value of a request, in order: target (path, segments, query), headers and cookies, then
 * the body by content type (after undoing Content-Encoding within the decoded-bytes cap).
 * Returns the body's content-decoding problem, if any, for the caller to count.
 */
export function extractRequest(req: HttpRequest, budget: Budget, sink: ValueSink): string | null {
  const maxDepth = budget.limits.maxStructureDepth;
  if (!extractTarget(req.target, maxDepth, sink)) return null;
  if (!extractHeaders(req.headers, sink)) return null;
  if (req.body.inspect.length === 0) return null;
  const contentType = headerValue(req.headers, 'content-type');
  const grpc = grpcContentType(contentType);
  if (grpc !== null) {
    // gRPC compresses per message (grpc-encoding), not per body.
    extractGrpc(req.body.inspect, grpc, headerValue(req.headers, 'grpc-encoding'), budget, sink);
    return null;
  }
  const decoded = decodeContent(req.body, req.headers, { decompressBytes: budget.limits.maxDecodedBytes });
  // A body that fails to decode (or lies about its coding) is still scanned as sent.
  const data = decoded.error !== undefined && decoded.data.length === 0 ? req.body.inspect : decoded.data;
  if (!budget.takeDecoded(data.length)) return decoded.error ?? null;
  extractBody(data.toString('utf8'), contentType ?? '', budget, sink);
  return decoded.error ?? null;
}
