/**
 * The live node's TLS key sources (docs/tls.md): tls.keylog_files followed as they grow and the
 * tls.keylog_listen endpoint, both feeding the key store(s) through `sink`. A source that cannot
 * start is reported and the node keeps capturing without it.
 */
import type { TlsConfig } from '../config/types';
import { KeyLogFollower, type KeyLogFollowerCounters } from '../tls/keylog-follower';
import { KeyLogEndpoint, readToken, type KeyLogEndpointCounters } from './keylog-endpoint';

export interface KeySourceCounters {
  files: KeyLogFollowerCounters | null;
  endpoint: KeyLogEndpointCounters | null;
}

export interface KeySources {
  counters(): KeySourceCounters;
  /** The endpoint's bound port (tests listen on port 0); null when it is off. */
  readonly endpointPort: number | null;
  stop(): Promise<void>;
}

interface Log {
  info(msg: string, f?: Record<string, unknown>): void;
  warn(msg: string, f?: Record<string, unknown>): void;
  error(msg: string, f?: Record<string, unknown>): void;
}

export async function startKeySources(tls: TlsConfig, sink: (text: string) => void, log: Log): Promise<KeySources> {
  let follower: KeyLogFollower | null = null;
  let endpoint: KeyLogEndpoint | null = null;
  let endpointPort: number | null = null;
  if (tls.enabled && tls.keylogFiles.length > 0) {
    follower = new KeyLogFollower(tls.keylogFiles, sink, (path, message) => log.warn(`tls.keylog_files ${path}: ${message}`));
    await follower.start(tls.keylogPollMs);
    log.info('following TLS key-log files', { files: tls.keylogFiles });
  }
  if (tls.enabled && tls.keylogListen !== null) {
    const l = tls.keylogListen;
    const token = readToken(l.tokenFile);
    if ('error' in token) {
      log.error(`${token.error}; the key-log endpoint is off`);
    } else {
      endpoint = new KeyLogEndpoint(
        { listenAddress: l.listenAddress, tokenFile: l.tokenFile, maxBodyBytes: l.maxBodyBytes, sink, log },
        token.token,
      );
      try {
        endpointPort = await endpoint.start();
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        log.error(
          `cannot receive key-log lines on ${l.listenAddress}: ${e.code ?? e.message}; change tls.keylog_listen.listen_address; the node keeps capturing without it`,
        );
        endpoint = null;
      }
    }
  }
  return {
    counters: () => ({ files: follower && { ...follower.counters }, endpoint: endpoint && { ...endpoint.counters } }),
    endpointPort,
    stop: async () => {
      await follower?.stop();
      await endpoint?.close();
    },
  };
}
