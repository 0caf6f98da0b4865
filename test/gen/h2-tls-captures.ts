/**
 * Makes an HTTP/2-inside-TLS capture with real implementations and their key logs (docs/tls.md,
 * "Test captures"; docs/http2.md): a Node `http2.createSecureServer` (ALPN h2, keylog event)
 * answering curl --http2 (SSLKEYLOGFILE) and Node's http2 client (keylog event on its socket),
 * TLS 1.3 and 1.2, several streams on one connection each, one of them a test attack, captured
 * by tcpdump on loopback. Writes into DIR:
 *   h2.pcap          the capture
 *   h2-client.keylog what the clients logged
 *   h2-server.keylog what the server logged
 *   h2-expected.json per scenario: the streams the Node server received and the bodies it sent
 * Usage: tsx test/gen/h2-tls-captures.ts DIR   (needs root for tcpdump, openssl, curl)
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http2 from 'node:http2';
import { connect as tlsConnect } from 'node:tls';
import { join } from 'node:path';
import { run, sha, stopTcpdump, testOnlyCertificate } from './tls-captures';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ExpectedStream {
  scenario: string;
  streamId: number;
  method: string;
  path: string;
  authority: string;
  bodySha256: string;
  bodyLength: number;
  responseStatus: number;
  responseBodySha256: string;
}

export interface ExpectedH2Capture {
  streams: ExpectedStream[];
  scenarios: Array<{ name: string; client: string; version: string; cipher: string }>;
}

export async function makeH2TlsCaptures(dir: string): Promise<ExpectedH2Capture> {
  mkdirSync(dir, { recursive: true });
  const key = join(dir, 'h2-test-only.key');
  const cert = join(dir, 'h2-test-only.crt');
  testOnlyCertificate(key, cert);
  const clientLog = join(dir, 'h2-client.keylog');
  const serverLog = join(dir, 'h2-server.keylog');
  writeFileSync(clientLog, '');
  writeFileSync(serverLog, '');

  const expected: ExpectedH2Capture = { streams: [], scenarios: [] };
  const server = http2.createSecureServer({
    key: readFileSync(key),
    cert: readFileSync(cert),
    minVersion: 'TLSv1.2',
    ciphers: 'ALL:@SECLEVEL=0',
  });
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const body = Buffer.concat(chunks);
      const authority = String(headers[':authority']);
      const out = JSON.stringify({ method: headers[':method'], path: headers[':path'], stream: stream.id, got: body.length });
      expected.streams.push({
        scenario: authority.split('.')[0],
        streamId: stream.id!,
        method: String(headers[':method']),
        path: String(headers[':path']),
        authority,
        bodySha256: sha(body),
        bodyLength: body.length,
        responseStatus: 200,
        responseBodySha256: sha(out),
      });
      stream.respond({ ':status': 200, 'content-type': 'application/json' });
      stream.end(out);
    });
  });
  server.on('keylog', (line: Buffer) => appendFileSync(serverLog, line));
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const port = (server.address() as { port: number }).port;

  const pcap = join(dir, 'h2.pcap');
  const tcpdump = spawn(
    'tcpdump',
    ['-i', 'lo', '--immediate-mode', '-B', '65536', '-U', '-s', '0', '-w', pcap, `tcp port ${port}`],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    tcpdump.stderr!.on('data', (d: Buffer) => {
      if (d.toString().includes('listening on')) resolve();
    });
    tcpdump.once('exit', (code) => reject(new Error(`tcpdump exited ${code}`)));
  });
  await sleep(300);

  try {
    // curl --http2: three requests on one connection (sequential streams 1, 3, 5), one a SQL injection.
    const curl = async (name: string, version: string, cipher: string, args: string[]): Promise<void> => {
      const host = `${name}.tls.test`;
      const url = (p: string): string => `https://${host}:${port}${p}`;
      const base = ['-sS', '-o', '/dev/null', '--http2', '--cacert', cert, '--resolve', `${host}:${port}:127.0.0.1`, ...args];
      await run(
        'curl',
        [
          ...base,
          '-H',
          'X-Scenario: ' + name,
          url(`/${name}/get?q=1&name=a%20b`),
          url('/?id=1%27%20OR%20%271%27%3D%271'),
          '--next',
          ...base,
          '-H',
          'Content-Type: application/json',
          '--data-binary',
          `{"scenario":"${name}","n":[1,2,3]}`,
          url(`/${name}/post`),
        ],
        { SSLKEYLOGFILE: clientLog },
      );
      expected.scenarios.push({ name, client: 'curl', version, cipher });
    };
    await curl('h13-curl', '1.3', 'TLS_AES_128_GCM_SHA256', ['--tlsv1.3', '--tls13-ciphers', 'TLS_AES_128_GCM_SHA256']);
    await curl('h12-curl', '1.2', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', [
      '--tlsv1.2',
      '--tls-max',
      '1.2',
      '--ciphers',
      'ECDHE-RSA-AES256-GCM-SHA384',
    ]);

    // Node's http2 client: a sequential GET, then three streams at once (interleaved DATA: a 30000-byte PUT), one an attack.
    const node = async (
      name: string,
      version: string,
      cipher: string,
      tlsOpts: { maxVersion: 'TLSv1.2' | 'TLSv1.3'; ciphers?: string },
    ): Promise<void> => {
      const host = `${name}.tls.test`;
      const session = http2.connect(`https://${host}:${port}`, {
        createConnection: () => {
          const s = tlsConnect({
            host: '127.0.0.1',
            port,
            servername: host,
            ALPNProtocols: ['h2'],
            ca: readFileSync(cert),
            ...tlsOpts,
          });
          s.on('keylog', (line: Buffer) => appendFileSync(clientLog, line));
          return s;
        },
      });
      const send = (path: string, method = 'GET', body?: string): Promise<void> =>
        new Promise((resolve, reject) => {
          const req = session.request({
            ':method': method,
            ':path': path,
            'user-agent': 'node-h2-tls/1.0',
            ...(body ? { 'content-type': 'text/plain' } : {}),
          });
          req.on('data', () => {});
          req.on('end', () => resolve());
          req.on('error', reject);
          req.end(body);
        });
      await send(`/${name}/first?a=1`);
      await Promise.all([
        send(`/${name}/upload`, 'PUT', 'x'.repeat(30000)),
        send("/?id=1'%20OR%20'1'='1"),
        send(`/${name}/third`, 'DELETE'),
      ]);
      session.close();
      await new Promise<void>((resolve) => session.on('close', () => resolve()));
      expected.scenarios.push({ name, client: 'node-http2', version, cipher });
    };
    await node('h13-node', '1.3', 'TLS_AES_256_GCM_SHA384', { maxVersion: 'TLSv1.3' });
    await node('h12-node', '1.2', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', {
      maxVersion: 'TLSv1.2',
      ciphers: 'ECDHE-RSA-CHACHA20-POLY1305',
    });
  } finally {
    await stopTcpdump(tcpdump, pcap);
    server.close();
  }
  writeFileSync(join(dir, 'h2-expected.json'), JSON.stringify(expected, null, 1) + '\n');
  return expected;
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: tsx test/gen/h2-tls-captures.ts DIR\n');
    process.exit(1);
  }
  makeH2TlsCaptures(dir).then(
    (e) => {
      process.stdout.write(`${e.scenarios.length} scenarios, ${e.streams.length} streams at the Node server -> ${dir}\n`);
      process.exit(0);
    },
    (err) => {
      process.stderr.write(`${(err as Error).stack}\n`);
      process.exit(1);
    },
  );
}
