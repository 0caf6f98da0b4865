import type { HttpRequest } from '../../../http/types';
import type { Budget } from '../budget';
import { extractBody } from './body';
import { headerValue } from '../../../http/headers';
import { requestView, type RequestView } from '../../shared/request-view';
import { grpcContentType } from '../../../grpc/messages';
import type { GraphqlReader } from '../../../graphql/document';
import { graphqlFromBody, graphqlFromQuery } from '../../../graphql/request';
import { parseUrlEncoded } from './params';
import { extractGrpc } from './grpc';
import { allParsed, extractGraphql, GRAPHQL_GET_PARAMS, readGraphql, type GraphqlRead } from './graphql';
import { extractHeaders } from './headers';
import { extractTarget } from './target';
import type { ValueSink } from './types';

export interface Extracted {
  /** The body's content-decoding problem, if any, for the caller to count. */
  bodyError: string | null;
  /** The request read as GraphQL (docs/graphql.md), or null when it is not GraphQL. */
  graphql: GraphqlRead | null;
}

const NOTHING: Extracted = { bodyError: null, graphql: null };

/**
 * Every value of a request, in order: target (path, segments, query), headers and cookies, then
 * the body by content type (after undoing Content-Encoding within the decoded-bytes cap). With a
 * GraphQL reader, a GraphQL request's document gives its argument values and variables instead
 * of its text (./graphql.ts). `path`, when given, is targetPath(req.target), made by the caller
 * (extractTarget).
 */
export function extractRequest(
  req: HttpRequest,
  budget: Budget,
  sink: ValueSink,
  graphql: GraphqlReader | null = null,
  path: string | null = null,
): Extracted {
  const maxDepth = budget.limits.maxStructureDepth;
  // The parts discovery reads too (query, cookies, decoded body, its text and JSON) come from the
  // request's one view (../../shared/request-view.ts).
  const view = requestView(req);
  const get = graphql === null ? null : graphqlGet(view, graphql);
  // A GET document that does not parse leaves its parameters to be read as they are.
  const getParsed = get !== null && allParsed(get);
  if (!extractTarget(req.target, maxDepth, sink, getParsed ? GRAPHQL_GET_PARAMS : null, path))
    return { bodyError: null, graphql: get };
  if (getParsed && !extractGraphql(get, maxDepth, sink, () => true)) return { bodyError: null, graphql: get };
  if (!extractHeaders(req.headers, sink, view, maxDepth)) return { bodyError: null, graphql: get };
  if (req.body.inspect.length === 0) return get === null ? NOTHING : { bodyError: null, graphql: get };
  const contentType = view.contentType;
  const grpc = grpcContentType(contentType);
  if (grpc !== null) {
    // gRPC compresses per message (grpc-encoding), not per body.
    extractGrpc(req.body.inspect, grpc, headerValue(req.headers, 'grpc-encoding'), budget, sink);
    return NOTHING;
  }
  const decoded = view.decoded(budget.limits.maxDecodedBytes);
  const bodyError = decoded.error ?? null;
  // A body that fails to decode (or lies about its coding) is still scanned as sent.
  const asSent = decoded.error !== undefined && decoded.data.length === 0;
  const data = asSent ? req.body.inspect : decoded.data;
  if (!budget.takeDecoded(data.length)) return { bodyError, graphql: get };
  const text = asSent ? data.toString('utf8') : view.decodedText(budget.limits.maxDecodedBytes);
  const envelope = graphql === null ? null : graphqlFromBody(text, contentType ?? '');
  if (envelope === null) {
    extractBody(text, contentType ?? '', budget, sink, view);
    return { bodyError, graphql: get };
  }
  const read = readGraphql(envelope, graphql!);
  // A form or application/graphql body that does not parse is read as the body it is.
  const parsed = extractGraphql(read, maxDepth, sink, () => extractBody(text, contentType ?? '', budget, sink, view));
  // A form's other fields are read as form fields.
  if (parsed && envelope.transport === 'form' && allParsed(read))
    parseUrlEncoded(text, 'form', 'form', maxDepth, sink, GRAPHQL_GET_PARAMS);
  return { bodyError, graphql: read };
}

function graphqlGet(view: RequestView, reader: GraphqlReader): GraphqlRead | null {
  const query = view.query;
  const envelope = query === '' ? null : graphqlFromQuery(query);
  return envelope === null ? null : readGraphql(envelope, reader);
}
