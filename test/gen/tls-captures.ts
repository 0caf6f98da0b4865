/**
 * Makes TLS captures with real implementations and their key logs (docs/tls.md, "Test captures"):
 * curl (SSLKEYLOGFILE), OpenSSL s_client/s_server (-keylogfile) and Node's https (keylog event),
 * TLS 1.2 and 1.3, each cipher the node decrypts, resumption and KeyUpdate, captured by tcpdump on
 * loopback. Writes into DIR:
 *   tls.pcap        the capture
 *   client.keylog   what the clients logged (curl, s_client, Node's https client)
 *   server.keylog   what the servers logged (Node's https server, s_server)
 *   expected.json   per scenario: the requests the Node server received (as Node's own HTTP
 *                   parser read them) and the bodies it sent
 * Usage: tsx test/gen/tls-captures.ts DIR   (needs root for tcpdump, openssl, curl)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer, request as httpsRequest, Agent } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface ExpectedRequest {
  scenario: string;
  method: string;
  target: string;
  host: string;
  bodySha256: string;
  bodyLength: number;
  responseStatus: number;
  responseBodySha256: string;
}

export interface ExpectedCapture {
  /** Scenario name → its requests as the Node server received them. */
  nodeServer: ExpectedRequest[];
  /** Scenarios against openssl s_server -www: name → request targets sent. */
  sServer: Array<{ scenario: string; targets: string[]; host: string }>;
  scenarios: Array<{ name: string; client: string; server: string; version: string; cipher: string; note?: string }>;
}

export const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createNetServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function runSync(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 20000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
}

/** A throw-away self-signed RSA certificate for *.tls.test (test-only keys, two days). */
export function testOnlyCertificate(key: string, cert: string): void {
  runSync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '2',
    '-subj',
    '/CN=tls.test',
    '-addext',
    'subjectAltName=DNS:*.tls.test',
  ]);
}

/** Runs a client without blocking the event loop (the Node server answering it lives in this process). */
export async function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<void> {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${code}): ${err}`);
}

/** Writes lines to a child's stdin with pauses (s_client reads its commands line by line). */
async function feed(child: ChildProcess, parts: Array<string | number>): Promise<void> {
  for (const p of parts) {
    if (typeof p === 'number') await sleep(p);
    else child.stdin!.write(p);
  }
}

export async function waitExit(child: ChildProcess, ms = 10000): Promise<void> {
  if (child.exitCode !== null) return;
  await Promise.race([new Promise((r) => child.once('exit', r)), sleep(ms).then(() => child.kill('SIGKILL'))]);
}

/**
 * Stops a tcpdump writing `pcap` (with -U) once it has caught up: SIGINT ends its loop at once, and
 * packets still in the kernel's ring are lost, which on a loaded machine (CI beside other jobs)
 * dropped the last exchanges of a capture. So wait until the file has not grown for 700 ms (at
 * most 15 s) first; a 64 MiB ring (-B) keeps a busy moment's packets, and a loss tcpdump reports
 * is an error saying so, not a capture that silently lacks an exchange.
 */
export async function stopTcpdump(tcpdump: ChildProcess, pcap: string): Promise<void> {
  let size = -1;
  let stableSince = Date.now();
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await sleep(100)) {
    const now = existsSync(pcap) ? statSync(pcap).size : 0;
    if (now !== size) ((size = now), (stableSince = Date.now()));
    else if (Date.now() - stableSince >= 700) break;
  }
  let stats = '';
  tcpdump.stderr?.on('data', (d: Buffer) => (stats += d.toString()));
  tcpdump.kill('SIGINT');
  await waitExit(tcpdump);
  const dropped = Number(/(\d+) packets? dropped by kernel/.exec(stats)?.[1] ?? 0);
  if (dropped > 0) throw new Error(`tcpdump lost ${dropped} packets of ${pcap} (the machine was too loaded to capture): rerun`);
}

export async function makeTlsCaptures(dir: string): Promise<ExpectedCapture> {
  mkdirSync(dir, { recursive: true });
  const key = join(dir, 'test-only.key');
  const cert = join(dir, 'test-only.crt');
  testOnlyCertificate(key, cert);
  const clientLog = join(dir, 'client.keylog');
  const serverLog = join(dir, 'server.keylog');
  writeFileSync(clientLog, '');
  writeFileSync(serverLog, '');

  const expected: ExpectedCapture = { nodeServer: [], sServer: [], scenarios: [] };
  let scenario = '';
  // The Node https server: reports what it received and answers with a body that names the request.
  const server = createHttpsServer(
    {
      key: readFileSync(key),
      cert: readFileSync(cert),
      minVersion: 'TLSv1.2',
      ciphers: 'ALL:@SECLEVEL=0',
      honorCipherOrder: false,
    },
    (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const out = JSON.stringify({ scenario, method: req.method, url: req.url, got: body.length });
        expected.nodeServer.push({
          scenario,
          method: req.method!,
          target: req.url!,
          host: req.headers.host ?? '',
          bodySha256: sha(body),
          bodyLength: body.length,
          responseStatus: 200,
          responseBodySha256: sha(out),
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(out);
      });
    },
  );
  server.on('keylog', (line: Buffer) => appendFileSync(serverLog, line));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const nodePort = (server.address() as { port: number }).port;
  const sPort = await freePort();
  const sPortTickets = await freePort();

  const pcap = join(dir, 'tls.pcap');
  const tcpdump = spawn(
    'tcpdump',
    [
      '-i',
      'lo',
      '--immediate-mode',
      '-B',
      '65536',
      '-U',
      '-s',
      '0',
      '-w',
      pcap,
      `tcp and (port ${nodePort} or port ${sPort} or port ${sPortTickets})`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    tcpdump.stderr!.on('data', (d: Buffer) => {
      if (d.toString().includes('listening on')) resolve();
    });
    tcpdump.once('exit', (code) => reject(new Error(`tcpdump exited ${code}`)));
  });
  const sServer = spawn(
    'openssl',
    [
      's_server',
      '-accept',
      `127.0.0.1:${sPort}`,
      '-key',
      key,
      '-cert',
      cert,
      '-www',
      '-keylogfile',
      serverLog,
      '-no_ticket',
      '-cipher',
      'ALL:@SECLEVEL=0',
    ],
    { stdio: ['pipe', 'ignore', 'ignore'] },
  );
  const sServerTickets = spawn(
    'openssl',
    ['s_server', '-accept', `127.0.0.1:${sPortTickets}`, '-key', key, '-cert', cert, '-www', '-keylogfile', serverLog],
    { stdio: ['pipe', 'ignore', 'ignore'] },
  );
  await sleep(500);

  try {
    const base = (host: string): string[] => [
      '-sS',
      '-o',
      '/dev/null',
      '--cacert',
      cert,
      '--resolve',
      `${host}:${nodePort}:127.0.0.1`,
    ];
    const curl = async (name: string, version: string, cipher: string, args: string[], note?: string): Promise<void> => {
      scenario = name;
      const host = `${name}.tls.test`;
      const url = (p: string): string => `https://${host}:${nodePort}${p}`;
      await run(
        'curl',
        [
          ...base(host),
          '-H',
          'X-Scenario: ' + name,
          ...args,
          url(`/${name}/get?q=1&name=a%20b`),
          url(`/${name}/second`),
          '--next',
          ...base(host),
          ...args,
          '-H',
          'Content-Type: application/json',
          '--data-binary',
          `{"scenario":"${name}","n":[1,2,3]}`,
          url(`/${name}/post`),
        ],
        { SSLKEYLOGFILE: clientLog },
      );
      expected.scenarios.push({ name, client: 'curl', server: 'node-https', version, cipher, note });
    };
    // TLS 1.3, each cipher.
    await curl('c13-aes128', '1.3', 'TLS_AES_128_GCM_SHA256', ['--tlsv1.3', '--tls13-ciphers', 'TLS_AES_128_GCM_SHA256']);
    await curl('c13-aes256', '1.3', 'TLS_AES_256_GCM_SHA384', ['--tlsv1.3', '--tls13-ciphers', 'TLS_AES_256_GCM_SHA384']);
    await curl('c13-chacha', '1.3', 'TLS_CHACHA20_POLY1305_SHA256', [
      '--tlsv1.3',
      '--tls13-ciphers',
      'TLS_CHACHA20_POLY1305_SHA256',
    ]);
    // TLS 1.2, each cipher (RSA certificate: ECDHE-RSA and RSA key exchange).
    const t12: Array<[string, string, string]> = [
      ['c12-aes128gcm', 'ECDHE-RSA-AES128-GCM-SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'],
      ['c12-aes256gcm', 'ECDHE-RSA-AES256-GCM-SHA384', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'],
      ['c12-chacha', 'ECDHE-RSA-CHACHA20-POLY1305', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256'],
      ['c12-cbcsha1', 'ECDHE-RSA-AES128-SHA', 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA'],
      ['c12-cbcsha384', 'ECDHE-RSA-AES256-SHA384', 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384'],
      ['c12-rsa-cbcsha256', 'AES128-SHA256', 'TLS_RSA_WITH_AES_128_CBC_SHA256'],
      ['c12-rsa-gcm', 'AES256-GCM-SHA384', 'TLS_RSA_WITH_AES_256_GCM_SHA384'],
    ];
    for (const [name, ossl, iana] of t12)
      await curl(name, '1.2', iana, ['--tlsv1.2', '--tls-max', '1.2', '--ciphers', ossl], 'encrypt-then-MAC for CBC');
    // Connection: close makes curl open a new connection per request.
    await curl(
      'c12-close',
      '1.2',
      'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
      ['--tlsv1.2', '--tls-max', '1.2', '--ciphers', 'ECDHE-RSA-AES128-GCM-SHA256', '-H', 'Connection: close'],
      'three connections',
    );

    // OpenSSL s_client: CBC without encrypt-then-MAC, KeyUpdate, and s_server with session-id resumption.
    const sClient = async (
      name: string,
      args: string[],
      parts: Array<string | number>,
      note: string,
      version: string,
      cipher: string,
      port = nodePort,
    ): Promise<void> => {
      scenario = name;
      const host = `${name}.tls.test`;
      const c = spawn(
        'openssl',
        ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', host, '-keylogfile', clientLog, '-crlf', '-quiet', ...args],
        { stdio: ['pipe', 'ignore', 'ignore'] },
      );
      await sleep(400);
      await feed(c, parts);
      await sleep(400);
      c.stdin!.end();
      await waitExit(c);
      expected.scenarios.push({
        name,
        client: 's_client',
        server: port === nodePort ? 'node-https' : 's_server',
        version,
        cipher,
        note,
      });
    };
    const req = (name: string, path: string, close = false): string =>
      `GET /${name}/${path} HTTP/1.1\nHost: ${name}.tls.test\nAccept: */*\n${close ? 'Connection: close\n' : ''}\n`;
    await sClient(
      'o12-cbc-noetm',
      ['-tls1_2', '-cipher', 'ECDHE-RSA-AES256-SHA', '-no_etm'],
      [req('o12-cbc-noetm', 'one'), 300, req('o12-cbc-noetm', 'two', true)],
      'MAC-then-encrypt',
      '1.2',
      'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
    );
    // -quiet turns the command letters off; KeyUpdate needs them, so this one runs without it.
    scenario = 'o13-keyupdate';
    {
      const name = 'o13-keyupdate';
      const c = spawn(
        'openssl',
        [
          's_client',
          '-connect',
          `127.0.0.1:${nodePort}`,
          '-servername',
          `${name}.tls.test`,
          '-keylogfile',
          clientLog,
          '-crlf',
          '-tls1_3',
        ],
        { stdio: ['pipe', 'ignore', 'ignore'] },
      );
      await sleep(400);
      await feed(c, [req(name, 'before'), 400, 'K\n', 400, req(name, 'after'), 400, 'k\n', 400, req(name, 'again', true), 400]);
      c.stdin!.end();
      await waitExit(c);
      expected.scenarios.push({
        name,
        client: 's_client',
        server: 'node-https',
        version: '1.3',
        cipher: 'TLS_AES_256_GCM_SHA384',
        note: 'K: KeyUpdate with update_requested (both sides update), k: client only',
      });
    }
    // s_server -www: TLS 1.3, and TLS 1.2 resumed by session id (-reconnect: five more connections).
    for (const [name, args, version, cipher] of [
      ['o13-sserver', ['-tls1_3'], '1.3', 'TLS_AES_256_GCM_SHA384'],
      [
        'o12-sessionid',
        ['-tls1_2', '-no_ticket', '-reconnect', '-cipher', 'ECDHE-RSA-AES128-GCM-SHA256'],
        '1.2',
        'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
      ],
    ] as Array<[string, string[], string, string]>) {
      await sClient(
        name,
        args,
        [`GET / HTTP/1.0\nHost: ${name}.tls.test\n\n`],
        name === 'o12-sessionid'
          ? 'six connections; the last five resumed by session id, the last carries the request'
          : 's_server -www',
        version,
        cipher,
        sPort,
      );
      expected.sServer.push({ scenario: name, targets: ['/'], host: `${name}.tls.test` });
    }
    // TLS 1.2 resumption by ticket: s_client saves the session and a second s_client resumes it.
    {
      const name = 'o12-ticket';
      const sess = join(dir, 'o12-ticket.session');
      const get = `GET / HTTP/1.0\nHost: ${name}.tls.test\n\n`;
      await sClient(
        name,
        ['-tls1_2', '-cipher', 'ECDHE-RSA-CHACHA20-POLY1305', '-sess_out', sess],
        [get],
        'two connections, the second resumed by ticket',
        '1.2',
        'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
        sPortTickets,
      );
      expected.scenarios.pop();
      await sClient(
        name,
        ['-tls1_2', '-cipher', 'ECDHE-RSA-CHACHA20-POLY1305', '-sess_in', sess],
        [get],
        'two connections, the second resumed by ticket',
        '1.2',
        'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
        sPortTickets,
      );
      expected.sServer.push({ scenario: name, targets: ['/', '/'], host: `${name}.tls.test` });
    }
    // Node's https client (keylog event on its socket), TLS 1.3 with ALPN http/1.1.
    scenario = 'n13-https';
    await new Promise<void>((resolve, reject) => {
      const agent = new Agent({ keepAlive: false });
      const r = httpsRequest(
        {
          host: '127.0.0.1',
          port: nodePort,
          servername: 'n13-https.tls.test',
          path: '/n13-https/upload',
          method: 'PUT',
          ca: readFileSync(cert),
          agent,
          ALPNProtocols: ['http/1.1'],
          headers: { host: 'n13-https.tls.test', 'content-type': 'text/plain' },
        } as unknown as import('node:https').RequestOptions,
        (res) => {
          res.resume();
          res.on('end', resolve);
        },
      );
      r.on('socket', (s) => s.on('keylog', (line: Buffer) => appendFileSync(clientLog, line)));
      r.on('error', reject);
      r.end('x'.repeat(40000));
    });
    expected.scenarios.push({
      name: 'n13-https',
      client: 'node-https',
      server: 'node-https',
      version: '1.3',
      cipher: 'TLS_AES_256_GCM_SHA384',
      note: 'a 40000-byte body: records split across segments',
    });
  } finally {
    await sleep(1000);
    sServer.kill();
    sServerTickets.kill();
    await stopTcpdump(tcpdump, pcap);
    server.close();
  }
  writeFileSync(join(dir, 'expected.json'), JSON.stringify(expected, null, 1) + '\n');
  return expected;
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: tsx test/gen/tls-captures.ts DIR\n');
    process.exit(1);
  }
  makeTlsCaptures(dir).then(
    (e) => {
      process.stdout.write(`${e.scenarios.length} scenarios, ${e.nodeServer.length} requests at the Node server -> ${dir}\n`);
      process.exit(0);
    },
    (err) => {
      process.stderr.write(`${(err as Error).stack}\n`);
      process.exit(1);
    },
  );
}
