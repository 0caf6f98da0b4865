/** What the GraphQL reader met (docs/graphql.md "Counters"): summary line `graphql:`, metric `graphql_events_total`. */
export interface GraphqlCounters {
  /** Requests recognised as GraphQL, by transport. */
  requestsJson: number;
  requestsGet: number;
  requestsForm: number;
  requestsGraphqlBody: number;
  /** Operations (calls) read: one per request, or one per element of a batch. */
  calls: number;
  /** Documents that did not parse (syntax): the request is read as plain JSON or text, as without GraphQL support. */
  parseErrors: number;
  /** Documents longer than max_document_bytes, not parsed. */
  documentTooLarge: number;
  /** Documents over max_tokens (graphql's parse stopped). */
  tooManyTokens: number;
  /** Documents nested deeper than max_nesting, not parsed (also a depth abuse hit). */
  tooDeep: number;
  /** Calls whose document asks for `__schema` or `__type`. */
  introspection: number;
  /** Requests over one of the abuse limits (each limit counted once per request). */
  abuseDepth: number;
  abuseAliases: number;
  abuseBatch: number;
  abuseFields: number;
}

export const GRAPHQL_COUNTER_NAMES = [
  'requestsJson',
  'requestsGet',
  'requestsForm',
  'requestsGraphqlBody',
  'calls',
  'parseErrors',
  'documentTooLarge',
  'tooManyTokens',
  'tooDeep',
  'introspection',
  'abuseDepth',
  'abuseAliases',
  'abuseBatch',
  'abuseFields',
] as const satisfies ReadonlyArray<keyof GraphqlCounters>;

export function newGraphqlCounters(): GraphqlCounters {
  const c = {} as GraphqlCounters;
  for (const k of GRAPHQL_COUNTER_NAMES) c[k] = 0;
  return c;
}
