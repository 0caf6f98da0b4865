/**
 * The `api_discovery` section of go-node.yaml (node/config/go-node.schema.json), typed. The schema has
 * already applied every default, so this only converts units.
 */
import type { NodeConfig } from '../../config/types';
import { parseDurationMs } from '../../config/units';

export interface DiscoverySettings {
  enabled: boolean;
  maxHosts: number;
  maxEndpointsPerHost: number;
  maxEndpoints: number;
  maxParamsPerEndpoint: number;
  maxResponseFieldsPerEndpoint: number;
  pathValueThreshold: number;
  pathLiteralLimit: number;
  pathSimilarThreshold: number;
  exportIntervalUs: number;
  ignoreExtensions: ReadonlySet<string>;
  ignoreContentTypes: readonly string[];
  maxVulnerabilities: number;
  /** 0: a finding is never reported again. */
  vulnerabilityRereportAfterUs: number;
  maxUnlistedPathsPerVulnerability: number;
  sessions: {
    keys: readonly string[];
    contextParams: readonly string[];
    idleTimeoutUs: number;
    maxSessions: number;
    maxRequests: number;
  };
}

interface RawSection {
  enabled: boolean;
  max_hosts: number;
  max_endpoints_per_host: number;
  max_endpoints: number;
  max_params_per_endpoint: number;
  max_response_fields_per_endpoint: number;
  path_value_threshold: number;
  path_literal_limit: number;
  path_similar_threshold: number;
  export_interval: string;
  ignore_extensions: string[];
  ignore_content_types: string[];
  max_vulnerabilities: number;
  vulnerability_rereport_after: string;
  max_unlisted_paths_per_vulnerability: number;
  sessions: { keys: string[]; context_params: string[]; idle_timeout: string; max_sessions: number; max_requests: number };
}

export function discoverySettings(config: NodeConfig): DiscoverySettings {
  const s = config.raw.api_discovery as RawSection;
  const us = (d: string) => (parseDurationMs(d) as number) * 1000;
  return {
    enabled: s.enabled,
    maxHosts: s.max_hosts,
    maxEndpointsPerHost: s.max_endpoints_per_host,
    maxEndpoints: s.max_endpoints,
    maxParamsPerEndpoint: s.max_params_per_endpoint,
    maxResponseFieldsPerEndpoint: s.max_response_fields_per_endpoint,
    pathValueThreshold: s.path_value_threshold,
    pathLiteralLimit: s.path_literal_limit,
    pathSimilarThreshold: s.path_similar_threshold,
    exportIntervalUs: us(s.export_interval),
    ignoreExtensions: new Set(s.ignore_extensions.map((e) => e.replace(/^\./, '').toLowerCase())),
    ignoreContentTypes: s.ignore_content_types.map((t) => t.toLowerCase()),
    maxVulnerabilities: s.max_vulnerabilities,
    vulnerabilityRereportAfterUs: us(s.vulnerability_rereport_after),
    maxUnlistedPathsPerVulnerability: s.max_unlisted_paths_per_vulnerability,
    sessions: {
      keys: s.sessions.keys,
      contextParams: s.sessions.context_params.map((p) => p.toLowerCase()),
      idleTimeoutUs: us(s.sessions.idle_timeout),
      maxSessions: s.sessions.max_sessions,
      maxRequests: s.sessions.max_requests,
    },
  };
}
