/**
 * The `graphql` section of go-node.yaml (node/config/go-node.schema.json; docs/graphql.md "Limits"),
 * typed. The schema has applied every default; without a section (tests, tools) the defaults
 * below are the same.
 */
import type { NodeConfig } from '../config/types';
import { parseSize } from '../config/units';

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

interface RawSection {
  enabled?: boolean;
  max_document_bytes?: number | string;
  max_tokens?: number;
  max_nesting?: number;
  max_depth?: number;
  max_aliases?: number;
  max_batch?: number;
  max_fields?: number;
}

export function graphqlSettings(config: Pick<NodeConfig, 'raw'>): GraphqlSettings {
  const raw = (config.raw.graphql ?? {}) as RawSection;
  const d = DEFAULT_GRAPHQL_SETTINGS;
  return {
    enabled: raw.enabled ?? d.enabled,
    maxDocumentBytes:
      raw.max_document_bytes === undefined ? d.maxDocumentBytes : (parseSize(raw.max_document_bytes) ?? d.maxDocumentBytes),
    maxTokens: raw.max_tokens ?? d.maxTokens,
    maxNesting: raw.max_nesting ?? d.maxNesting,
    maxDepth: raw.max_depth ?? d.maxDepth,
    maxAliases: raw.max_aliases ?? d.maxAliases,
    maxBatch: raw.max_batch ?? d.maxBatch,
    maxFields: raw.max_fields ?? d.maxFields,
  };
}
