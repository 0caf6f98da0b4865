/**
 * What `native-node run` calls to start exporting: node.yaml + environment -> a running Exporter,
 * or null (with one warning) when the node is not registered, in which case findings stay local.
 */
import { exportTarget } from './cloud-target';
import { apidOnlyFromEnv, Exporter, spoolDirIn, type ExporterOptions } from './exporter';
import type { Logger } from './logger';
import { readNodeYaml } from './node-yaml';

export interface CloudLinkOptions {
  /** Default /opt/wallarm/etc/wallarm/node.yaml (DEFAULT_NODE_YAML). */
  nodeYamlPath: string;
  /** Default /opt/wallarm/var/lib/wallarm (DEFAULT_STATE_DIR); the spool is <stateDir>/spool. */
  stateDir: string;
  env: Record<string, string | undefined>;
  logger: Logger;
  version: string;
  /** go-node.yaml's mode, reported in heartbeats. */
  mode?: string;
  configSha256: string;
  extraCounters?: () => Record<string, number>;
  /** Test-sized timings and limits; defaults otherwise (EXPORTER_DEFAULTS). */
  tuning?: Partial<
    Pick<
      ExporterOptions,
      | 'batchMaxRecords'
      | 'batchMaxBytes'
      | 'batchMaxDelayMs'
      | 'heartbeatIntervalMs'
      | 'spoolMaxBytes'
      | 'spoolMaxBatches'
      | 'retryBaseMs'
      | 'retryMaxMs'
      | 'requestTimeoutMs'
    >
  >;
}

/** Throws NodeYamlError (broken node.yaml) or TargetError (bad WALLARM_API_* / WALLARM_APID_ONLY value). */
export function startCloudExport(o: CloudLinkOptions): Exporter | null {
  const creds = readNodeYaml(o.nodeYamlPath);
  if (!creds) {
    o.logger.warn('node is not registered: findings are not exported (run "native-node register" or the installer)', {
      node_yaml: o.nodeYamlPath,
    });
    return null;
  }
  return new Exporter({
    ...o.tuning,
    target: exportTarget(creds, o.env),
    credentials: creds,
    spoolDir: spoolDirIn(o.stateDir),
    logger: o.logger,
    version: o.version,
    mode: o.mode,
    configSha256: o.configSha256,
    apidOnly: apidOnlyFromEnv(o.env),
    extraCounters: o.extraCounters,
  });
}
