/**
 * The service's HTTP endpoints: Prometheus /metrics (metrics.listen_address), /live and /ready
 * (health_check.listen_address) and the JSON status page (127.0.0.1 by default). Two features on
 * the same address share one server. A port that cannot be bound is one error line and the node
 * keeps capturing: monitoring trouble must not stop traffic analysis.
 */
import http from 'node:http';
import type { Logger } from '../config/logger';
import { formatListenAddress, parseListenAddress, type ListenAddress } from './listen-address';
import { createMetricsRegistry } from './metrics';
import type { Readiness, ServiceSnapshot } from './snapshot';

export const STATUS_PATH = '/wallarm-status';
export const DEFAULT_STATUS_ADDRESS = '127.0.0.1:10246';

type Handler = (res: http.ServerResponse) => Promise<void> | void;

export interface EndpointOptions {
  log: Logger;
  /** null = disabled. */
  metrics: { address: string; namespace: string } | null;
  health: { address: string } | null;
  status: { address: string } | null;
  snapshot: () => ServiceSnapshot;
  readiness: () => Readiness;
}

export class ServiceEndpoints {
  private readonly servers: http.Server[] = [];
  private readonly bound = new Map<string, number>();

  constructor(private readonly o: EndpointOptions) {}

  /** Binds every configured address; failures are logged, not thrown. */
  async start(): Promise<void> {
    const byAddress = new Map<string, { address: ListenAddress; routes: Map<string, Handler>; what: string[] }>();
    const add = (text: string, what: string, routes: Record<string, Handler>) => {
      const address = parseListenAddress(text);
      const key = formatListenAddress(address);
      const entry = byAddress.get(key) ?? { address, routes: new Map<string, Handler>(), what: [] as string[] };
      for (const [path, h] of Object.entries(routes)) entry.routes.set(path, h);
      entry.what.push(what);
      byAddress.set(key, entry);
    };
    const o = this.o;
    if (o.metrics) {
      let current: ServiceSnapshot | null = null;
      const registry = createMetricsRegistry(o.metrics.namespace, () => current ?? o.snapshot());
      add(o.metrics.address, 'metrics', {
        '/metrics': async (res) => {
          current = o.snapshot(); // one reading per scrape, shared by every metric
          const body = await registry.metrics();
          current = null;
          res.writeHead(200, { 'content-type': registry.contentType }).end(body);
        },
      });
    }
    if (o.health) {
      add(o.health.address, 'health_check', {
        '/live': (res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n'),
        '/ready': (res) => {
          const r = o.readiness();
          res.writeHead(r.ready ? 200 : 503, { 'content-type': 'application/json' }).end(`${JSON.stringify(r)}\n`);
        },
      });
    }
    if (o.status) {
      add(o.status.address, 'status', {
        [STATUS_PATH]: (res) =>
          void res.writeHead(200, { 'content-type': 'application/json' }).end(`${JSON.stringify(o.snapshot(), null, 2)}\n`),
      });
    }
    await Promise.all([...byAddress.entries()].map(([key, e]) => this.listen(key, e.address, e.routes, e.what)));
  }

  /** The port each started address got (key: the address as configured, normalised). */
  ports(): ReadonlyMap<string, number> {
    return this.bound;
  }

  async close(): Promise<void> {
    await Promise.all(
      this.servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.close(() => resolve());
            s.closeAllConnections();
          }),
      ),
    );
    this.servers.length = 0;
  }

  private listen(key: string, address: ListenAddress, routes: Map<string, Handler>, what: string[]): Promise<void> {
    const server = http.createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      const handler = req.method === 'GET' || req.method === 'HEAD' ? routes.get(path) : undefined;
      if (!handler) {
        res
          .writeHead(404, { 'content-type': 'text/plain' })
          .end(`not found; this address serves ${[...routes.keys()].join(' ')}\n`);
        return;
      }
      Promise.resolve(handler(res)).catch((err: Error) => {
        this.o.log.error('endpoint failed', { path, reason: err.message });
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    server.keepAliveTimeout = 5000;
    return new Promise((resolve) => {
      server.once('error', (err: NodeJS.ErrnoException) => {
        const hint =
          err.code === 'EADDRINUSE'
            ? 'another process uses this port: stop it or change the listen_address in go-node.yaml'
            : err.code === 'EACCES'
              ? 'ports below 1024 need root or CAP_NET_BIND_SERVICE: pick a higher port'
              : err.code === 'EADDRNOTAVAIL'
                ? 'this host has no such address: use one of its addresses or :PORT'
                : 'check the listen_address';
        this.o.log.error(
          `cannot serve ${what.join(' and ')} on ${key}: ${err.code ?? err.message}; ${hint}; the node keeps capturing without it`,
          { listen_address: key, serves: [...routes.keys()] },
        );
        resolve();
      });
      server.listen({ port: address.port, host: address.host }, () => {
        this.servers.push(server);
        const port = (server.address() as { port: number }).port;
        this.bound.set(key, port);
        this.o.log.info(`serving ${[...routes.keys()].join(' ')}`, { listen_address: key });
        resolve();
      });
    });
  }
}
