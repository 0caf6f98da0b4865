/**
 * Debian's nginx inside a lab namespace, with a config, document root and logs in a temp dir.
 * Its access log is one JSON object per request: what the server says it served, to compare
 * with what the node reported.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Lab } from './lab';
import { sleep } from './sensor';

export interface AccessLine {
  request: string;
  status: number;
  body_bytes_sent: number;
  request_length: number;
  connection: number;
  connection_requests: number;
  remote_addr: string;
  xff: string;
}

const LOG_FORMAT = `log_format e2e escape=json '{"request":"$request","status":$status,"body_bytes_sent":$body_bytes_sent,'
    '"request_length":$request_length,"connection":$connection,"connection_requests":$connection_requests,'
    '"remote_addr":"$remote_addr","xff":"$http_x_forwarded_for"}';`;

export class Nginx {
  readonly root: string;
  private readonly accessLog: string;
  private readonly child: ChildProcess;
  private stderr = '';

  /** `server` is the body of the one server block (listen, locations...). */
  constructor(
    private readonly lab: Lab,
    private readonly role: string,
    dir: string,
    server: string,
  ) {
    this.root = path.join(dir, 'html');
    mkdirSync(this.root, { recursive: true });
    mkdirSync(path.join(dir, 'tmp'), { recursive: true });
    this.accessLog = path.join(dir, 'access.log');
    const conf = path.join(dir, 'nginx.conf');
    writeFileSync(
      conf,
      `user root;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  ${LOG_FORMAT}
  access_log ${this.accessLog} e2e;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  default_type application/octet-stream;
  types { text/html html; text/plain txt; application/json json; }
  keepalive_requests 100000;
  server {
    root ${this.root};
${server}
  }
}
`,
    );
    this.child = lab.spawn(role, ['nginx', '-p', dir, '-e', path.join(dir, 'error.log'), '-c', conf, '-g', 'daemon off;']);
    this.child.stderr!.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
    this.child.stdout!.resume();
  }

  /** Resolves once something listens on `port` in the namespace. */
  async ready(port: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`nginx exited (${this.child.exitCode}): ${this.stderr}`);
      if (this.lab.exec(this.role, ['ss', '-Hltn', `sport = :${port}`]).trim() !== '') return;
      await sleep(50);
    }
    throw new Error(`nginx did not listen on ${port} within ${timeoutMs} ms: ${this.stderr}`);
  }

  access(): AccessLine[] {
    if (!existsSync(this.accessLog)) return [];
    return readFileSync(this.accessLog, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as AccessLine);
  }

  /** Graceful stop (SIGQUIT lets workers finish and flush their log), SIGKILL after 5 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGQUIT');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}
