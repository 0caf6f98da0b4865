/**
 * npm run cloud -- --listen 127.0.0.1:8443 --data DIR [--database postgres://...]
 *                  [--tls-cert F --tls-key F | --tls-self-signed]
 *                  [--tokens FILE | --token T[@us|@eu] ...] [--region us|eu] [--admin]
 * npm run cloud -- token create --data DIR [--database URL] --name NAME [--usage U] [--region us|eu]
 * The reference cloud (docs/cloud-api.md). Prints "listening on URL" once it accepts connections.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from './db/open';
import { newToken, Repository, SEARCH_SCAN_RECORDS, TOKEN_USAGE_DEPLOYMENT, TOKEN_USAGES } from './repository';
import { CloudServer, type Region } from './server';
import { selfSignedCert } from './tls';

const USAGE = `Usage: npm run cloud -- --listen HOST:PORT --data DIR [options]
  --listen HOST:PORT       address to serve on (default 127.0.0.1:8443)
  --data DIR               where the SQLite database (console.db) and TLS files are kept (required)
  --database URL           postgres://user:password@host/db instead of SQLite
  --tls-cert F --tls-key F serve HTTPS with this certificate
  --tls-self-signed        serve HTTPS with a self-signed certificate kept in DIR/tls
  --tokens FILE            accepted API tokens, one per line: TOKEN [us|eu]
  --token TOKEN[@us|@eu]   an accepted API token (repeatable); without any, one is generated
  --region us|eu           this cloud's region (default us): tokens bound to the other get 403
  --admin-password-file F  the first administrator's password (user "admin"), when the database has
                           no user yet; without it one is generated and printed once
  --retention-days N       delete events older than N days (default 30), checked hourly
  --search-scan-records N  attack records a value search on the Attacks page reads, newest first
                           (default 100000): bounds the page's time; the page says where it stopped
  --admin                  serve /admin/faults and /admin/stats (fault injection, for tests)

  token create --data DIR [--database URL] --name NAME [--usage "Node deployment"|"Console API"] [--region us|eu]
                           prints a new token: "Node deployment" (the default) is the installer's --token,
                           "Console API" reads GET /v1/events etc. with Authorization: Bearer
`;

function fail(msg: string): never {
  process.stderr.write(`cloud: ${msg}\n${USAGE}`);
  process.exit(1);
}

function parseRegion(v: string | undefined, where: string): Region | null {
  if (v === undefined || v === '') return null;
  if (v === 'us' || v === 'eu') return v;
  return fail(`${where}: region "${v}" must be us or eu`);
}

/** `token create`: for automation (the console's Tokens page does the same). */
async function tokenCommand(args: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        data: { type: 'string' },
        database: { type: 'string' },
        name: { type: 'string' },
        region: { type: 'string' },
        usage: { type: 'string' },
      },
      strict: true,
    }));
  } catch (err) {
    return fail((err as Error).message);
  }
  if (!values.data) fail('token create: --data DIR is required');
  if (!values.name) fail('token create: --name NAME is required');
  const region = parseRegion(values.region, '--region');
  const usage = values.usage ?? TOKEN_USAGE_DEPLOYMENT;
  if (!(TOKEN_USAGES as readonly string[]).includes(usage))
    fail(`token create: --usage must be one of ${TOKEN_USAGES.map((u) => `"${u}"`).join(', ')}`);
  const repo = await Repository.open(await openDatabase(values.database, values.data));
  try {
    const { token } = await repo.createToken(values.name, usage, region);
    process.stdout.write(`${token}\n`);
  } finally {
    await repo.close();
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === 'token') {
    if (argv[1] !== 'create') fail(`unknown token command "${argv[1] ?? ''}" (token create)`);
    return tokenCommand(argv.slice(2));
  }
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        listen: { type: 'string', default: '127.0.0.1:8443' },
        data: { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'tls-self-signed': { type: 'boolean' },
        tokens: { type: 'string' },
        token: { type: 'string', multiple: true },
        region: { type: 'string', default: 'us' },
        admin: { type: 'boolean' },
        database: { type: 'string' },
        'admin-password-file': { type: 'string' },
        'retention-days': { type: 'string', default: '30' },
        'search-scan-records': { type: 'string', default: String(SEARCH_SCAN_RECORDS) },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (err) {
    return fail((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (!values.data) fail('--data DIR is required');
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(values.listen);
  if (!m) fail(`--listen "${values.listen}" is not HOST:PORT`);
  const host = m[1] ?? (m[2] || '127.0.0.1');
  const port = Number(m[3]);
  const region = parseRegion(values.region, '--region') ?? 'us';

  const tokens = new Map<string, Region | null>();
  if (values.tokens) {
    let text = '';
    try {
      text = fs.readFileSync(values.tokens, 'utf8');
    } catch (err) {
      fail(`cannot read --tokens ${values.tokens}: ${(err as Error).message}`);
    }
    text.split('\n').forEach((line, i) => {
      const l = line.trim();
      if (l === '' || l.startsWith('#')) return;
      const [token, r, extra] = l.split(/\s+/);
      if (extra !== undefined) fail(`${values.tokens}:${i + 1}: expected "TOKEN [us|eu]"`);
      tokens.set(token, parseRegion(r, `${values.tokens}:${i + 1}`));
    });
  }
  for (const t of values.token ?? []) {
    const at = t.lastIndexOf('@');
    const bound = at > 0 && /^(us|eu)$/.test(t.slice(at + 1));
    tokens.set(bound ? t.slice(0, at) : t, bound ? (t.slice(at + 1) as Region) : null);
  }
  if (tokens.size === 0 && values.database === undefined && !fs.existsSync(path.join(values.data, 'console.db'))) {
    const t = newToken(24);
    tokens.set(t, null);
    process.stdout.write(`no --token/--tokens given; accepting the generated token ${t}\n`);
  }

  let tls: { cert: Buffer; key: Buffer } | undefined;
  if (values['tls-cert'] || values['tls-key']) {
    if (!values['tls-cert'] || !values['tls-key']) fail('--tls-cert and --tls-key go together');
    tls = { cert: fs.readFileSync(values['tls-cert']), key: fs.readFileSync(values['tls-key']) };
  } else if (values['tls-self-signed']) {
    const { certFile, keyFile } = selfSignedCert(path.join(values.data, 'tls'));
    tls = { cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile) };
    process.stdout.write(`self-signed certificate: ${certFile} (nodes need WALLARM_API_CA_VERIFY=false or this CA)\n`);
  }

  let adminPassword: string | undefined;
  if (values['admin-password-file']) {
    try {
      adminPassword = fs.readFileSync(values['admin-password-file'], 'utf8').trim();
    } catch (err) {
      fail(`cannot read --admin-password-file: ${(err as Error).message}`);
    }
    if (adminPassword.length < 8) fail('--admin-password-file: the password needs at least 8 characters');
  }
  const searchScanRecords = Number(values['search-scan-records']);
  if (!Number.isInteger(searchScanRecords) || searchScanRecords < 1)
    fail(`--search-scan-records "${values['search-scan-records']}" must be a whole number, at least 1`);
  const retentionDays = Number(values['retention-days']);
  if (!Number.isInteger(retentionDays) || retentionDays < 1)
    fail(`--retention-days "${values['retention-days']}" must be a whole number of days, at least 1`);

  const server = await CloudServer.start({
    host,
    port,
    dataDir: values.data,
    database: values.database,
    adminPassword,
    retentionDays,
    searchScanRecords,
    tls,
    tokens,
    region,
    admin: values.admin ?? false,
    log: (line) => process.stderr.write(line + '\n'),
  });
  if (server.initialAdminPassword !== null) {
    process.stdout.write(
      `console: created user "admin" with password ${server.initialAdminPassword} (shown once; change it by starting with --admin-password-file on a new database)\n`,
    );
  }
  process.stdout.write(`listening on ${server.url} (region ${region}), data in ${server.store.db.where}\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => fail((err as Error).message));
