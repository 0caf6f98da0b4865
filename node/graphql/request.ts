/**
 * Recognising a GraphQL request (docs/graphql.md "Transports"): a POST JSON body with a `query`
 * string (`{"query", "variables", "operationName"}`, or an array of such objects: a batch), a
 * `?query=` target (with `variables` as JSON and `operationName`), or an `application/graphql`
 * body that is the document itself. The query text must start like an executable document
 * (`{`, `query`, `mutation`, `subscription`, `fragment`), so a search API's `{"query":"shoes"}` is
 * not taken for GraphQL.
 */
import { mediaTypeEssence } from '../http/request';

export type GraphqlTransport = 'json' | 'get' | 'form' | 'graphql_body';

export interface GraphqlCall {
  /** The document text. */
  query: string;
  /** The variables as sent (an object from JSON), or undefined. */
  variables: unknown;
  operationName: string | null;
  /** POST JSON: the call's object (its other keys, `extensions`, are read as JSON); null otherwise. */
  object: Record<string, unknown> | null;
  /** GET: the `variables` argument when it is not JSON (read as the text it is). */
  variablesText: string | null;
}

export interface GraphqlEnvelope {
  transport: GraphqlTransport;
  /** One call, or one per element of a batch (in order). */
  calls: GraphqlCall[];
  /** A JSON array of calls (points of non-GraphQL keys then carry the element's index). */
  batch: boolean;
}

/** Whitespace, commas (insignificant in GraphQL), a BOM and `#` comments, then a definition's first token. */
const DOCUMENT_START = /^(?:[\s,\uFEFF]|#[^\n\r]*)*(?:\{|(?:query|mutation|subscription|fragment)(?![_0-9A-Za-z]))/;

/** Whether text starts like an executable GraphQL document (the parse decides the rest). */
export function looksLikeDocument(text: string): boolean {
  return DOCUMENT_START.test(text);
}

/**
 * JSON media types, no type, and text/plain (what fetch and XHR send a string body as when the
 * client sets no type; servers that accept it exist, and the document check decides).
 */
function isJsonType(type: string): boolean {
  return type === 'application/json' || type.endsWith('+json') || type === 'text/json' || type === '' || type === 'text/plain';
}

/**
 * A request body as GraphQL: `application/graphql` (the document), or a JSON body whose calls
 * have a `query` document (a JSON body is parsed only when it mentions `"query"`). Null when it
 * is not GraphQL.
 */
export function graphqlFromBody(text: string, contentType: string): GraphqlEnvelope | null {
  const type = mediaTypeEssence(contentType);
  if (type === 'application/graphql') {
    if (!looksLikeDocument(text)) return null;
    return { transport: 'graphql_body', calls: [call(text, undefined, null, null)], batch: false };
  }
  if (type === 'application/x-www-form-urlencoded') {
    const form = graphqlFromQuery(text);
    return form === null ? null : { ...form, transport: 'form' };
  }
  if (!isJsonType(type) || !text.includes('"query"')) return null;
  const first = firstCharacter(text);
  if (first !== '{' && first !== '[') return null;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  if (Array.isArray(doc)) {
    if (doc.length === 0) return null;
    const calls: GraphqlCall[] = [];
    for (const item of doc) {
      const c = jsonCall(item);
      if (c === null) return null;
      calls.push(c);
    }
    return { transport: 'json', calls, batch: true };
  }
  const c = jsonCall(doc);
  return c === null ? null : { transport: 'json', calls: [c], batch: false };
}

/** A request target's query string (after `?`, before `#`) as a GraphQL GET request, or null. */
export function graphqlFromQuery(queryString: string): GraphqlEnvelope | null {
  if (!queryString.includes('query=')) return null;
  const params = new URLSearchParams(queryString);
  const query = params.get('query');
  if (query === null || !looksLikeDocument(query)) return null;
  const variablesText = params.get('variables');
  let variables: unknown = undefined;
  let unparsed: string | null = null;
  if (variablesText !== null && variablesText !== '') {
    try {
      variables = JSON.parse(variablesText);
    } catch {
      unparsed = variablesText;
    }
  }
  const c = call(query, variables, params.get('operationName'), null);
  c.variablesText = unparsed;
  return { transport: 'get', calls: [c], batch: false };
}

function jsonCall(item: unknown): GraphqlCall | null {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return null;
  const o = item as Record<string, unknown>;
  if (typeof o.query !== 'string' || !looksLikeDocument(o.query)) return null;
  return call(o.query, o.variables, typeof o.operationName === 'string' ? o.operationName : null, o);
}

function call(query: string, variables: unknown, operationName: string | null, object: GraphqlCall['object']): GraphqlCall {
  return { query, variables, operationName, object, variablesText: null };
}

function firstCharacter(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0xfeff) return text[i];
  }
  return '';
}
