import type { HttpRequest } from '../../../http/types';
import type { Budget } from '../budget';
import { extractBody } from './body';
import { decodeRequestContent, type ContentDecodeError } from './content';
import { extractHeaders } from './headers';
import { extractTarget } from './target';
import type { ValueSink } from './types';

/**
 * Every value of a request, in order: target (path, segments, query), headers and cookies, then
 * the body by content type (after undoing Content-Encoding within the decoded-bytes cap).
 * Returns the body decoding problem, if any, for the caller to count.
 */
export function extractRequest(req: HttpRequest, budget: Budget, sink: ValueSink): ContentDecodeError | null {
  const maxDepth = budget.limits.maxStructureDepth;
  if (!extractTarget(req.target, maxDepth, sink)) return null;
  if (!extractHeaders(req.headers, sink)) return null;
  const body = req.body.inspect;
  if (body.length === 0) return null;
  const encoding = header(req, 'content-encoding');
  const decoded = decodeRequestContent(body, encoding, budget.limits.maxDecodedBytes);
  if (!budget.takeDecoded(decoded.data.length)) return decoded.error;
  extractBody(decoded.data.toString('utf8'), header(req, 'content-type') ?? '', budget, sink);
  return decoded.error;
}

function header(req: HttpRequest, name: string): string | null {
  for (const [n, v] of req.headers) if (n.toLowerCase() === name) return v;
  return null;
}
