/**
 * The `graphql` section of go-node.yaml (node/config/go-node.schema.json; docs/graphql.md "Limits"),
 * typed. The schema has applied every default; without a section (tests, tools) the defaults
 * below are the same.
 */
import type { NodeConfig } from '../config/types';
import { parseSize } from '../config/units';
import { readSection } from '../config/section';

export interface GraphqlSettings {
  /** false: GraphQL requests are read as the JSON or text they are (as before GraphQL support). */
  enabled: boolean;
  /** Longest document (query text) parsed, UTF-8 bytes; a longer one is not parsed (counted). */
  maxDocumentBytes: number;
  /** Tokens the parser reads before giving up (graphql's `maxTokens`; counted). */
  maxTokens: number;
  /** Bracket nesting (`{`, `[`, `(`) above which a document is not parsed (counted; depth abuse). */
  maxNesting: number;
  /** Abuse thresholds: a request over one is a `graphql_abuse` hit with the measured figure. */
  maxDepth: number;
  maxAliases: number;
  maxBatch: number;
  maxFields: number;
}

export const DEFAULT_GRAPHQL_SETTINGS: GraphqlSettings = {
  enabled: true,
  maxDocumentBytes: 64 * 1024,
  maxTokens: 10000,
  maxNesting: 64,
  maxDepth: 15,
  maxAliases: 30,
  maxBatch: 10,
  maxFields: 500,
};

export function graphqlSettings(config: Pick<NodeConfig, 'raw'>): GraphqlSettings {
  return readSection(config.raw.graphql, DEFAULT_GRAPHQL_SETTINGS, {
    maxDocumentBytes: (raw) => parseSize(raw as number | string) ?? undefined,
  });
}
