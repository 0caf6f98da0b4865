/**
 * Node registration (SPEC section 6): trades the API token for node credentials. Every failure
 * becomes a RegistrationError whose message is one line saying what happened and what to do.
 * The token goes into one request header and nowhere else: it is redacted from anything the cloud
 * echoes back before that text reaches a message.
 */
import { baseUrl, otherRegion, US_CLOUD, EU_CLOUD, type ApiTarget } from './cloud-target';
import { CloudClient, CloudTransportError } from './http-client';
import { GROUP_HINT, MISSING_GROUP } from './labels';
import { readNodeYaml, writeNodeYaml, type NodeCredentials } from './node-yaml';

export interface RegisterOptions {
  token: string;
  host: string;
  /** Default 443 with SSL, 80 without. */
  port?: number;
  useSsl: boolean;
  caVerify: boolean;
  labels: Record<string, string>;
  hostname: string;
  version: string;
  /** x86_64 or aarch64. */
  arch: string;
  /** The node's capture mode (default tcp-capture); sent to the cloud and kept in node.yaml. */
  mode?: string;
  timeoutMs?: number;
}

export type RegistrationFailure =
  'bad_token' | 'wrong_region' | 'missing_group' | 'rejected' | 'unreachable' | 'tls' | 'bad_answer';

export class RegistrationError extends Error {
  constructor(
    readonly failure: RegistrationFailure,
    message: string,
  ) {
    super(message);
  }
}

const REGISTER_PATH = '/v1/node/register';

export async function registerNode(o: RegisterOptions): Promise<{ uuid: string; secret: string }> {
  const target: ApiTarget = { host: o.host, port: o.port ?? (o.useSsl ? 443 : 80), useSsl: o.useSsl, caVerify: o.caVerify };
  const client = new CloudClient(target);
  const where = baseUrl(target);
  const redact = (s: string) => (o.token ? s.split(o.token).join('<token>') : s);
  const fail = (f: RegistrationFailure, msg: string) => new RegistrationError(f, `registration failed: ${redact(msg)}`);
  let res;
  try {
    res = await client.request({
      method: 'POST',
      path: REGISTER_PATH,
      headers: { 'Content-Type': 'application/json', 'X-WallarmApi-Token': o.token, 'User-Agent': `native-node/${o.version}` },
      body: Buffer.from(
        JSON.stringify({
          hostname: o.hostname,
          labels: o.labels,
          mode: o.mode ?? 'tcp-capture',
          version: o.version,
          arch: o.arch,
        }),
      ),
      timeoutMs: o.timeoutMs ?? 30_000,
    });
  } catch (err) {
    if (!(err instanceof CloudTransportError)) throw err;
    if (err.kind === 'tls') {
      throw fail(
        'tls',
        `TLS with ${where} failed: ${err.reason}. Check that the host serves HTTPS with a certificate this machine trusts (WALLARM_API_USE_SSL=false if it serves plain HTTP); in a lab only, WALLARM_API_CA_VERIFY=false skips verification`,
      );
    }
    const hangUp = !o.useSsl && /ECONNRESET|socket hang up/.test(err.reason);
    throw fail(
      'unreachable',
      `cannot reach ${client.url(REGISTER_PATH)}: ${err.reason}. ${
        hangUp
          ? 'The host closed the connection: if it serves HTTPS, unset WALLARM_API_USE_SSL=false'
          : 'Check --host (or WALLARM_API_HOST/WALLARM_API_PORT), DNS, routes and firewalls towards the cloud'
      }`,
    );
  } finally {
    client.close();
  }
  if (res.status >= 200 && res.status < 300) {
    const body = parseJson(res.body) as { uuid?: unknown; secret?: unknown } | null;
    if (typeof body?.uuid !== 'string' || typeof body.secret !== 'string' || !body.uuid || !body.secret) {
      throw fail(
        'bad_answer',
        `${where} answered ${res.status} without a uuid and secret; is --host a Wallarm API host (US: ${US_CLOUD}, EU: ${EU_CLOUD})?`,
      );
    }
    return { uuid: body.uuid, secret: body.secret };
  }
  const said = cloudMessage(res.body);
  switch (res.status) {
    case 401:
      throw fail(
        'bad_token',
        `${where} rejected the API token (401${said ? `: ${said}` : ''}). Copy the token again from the cloud console (usage type "Node deployment/Deployment") and check it is not expired or revoked`,
      );
    case 403: {
      const other = otherRegion(o.host);
      const hint = other
        ? `the token belongs to another cloud: try --host ${other}`
        : `the token may belong to another cloud: US is --host ${US_CLOUD}, EU is --host ${EU_CLOUD}`;
      throw fail('wrong_region', `${said || 'access denied'} (403 from ${where}); ${hint}`);
    }
    case 422: {
      const aboutGroup = !said || said.includes('group');
      throw fail(
        aboutGroup ? 'missing_group' : 'rejected',
        `${said || MISSING_GROUP} (422 from ${where}); ${aboutGroup ? GROUP_HINT : 'fix the labels (WALLARM_LABELS or --labels)'}`,
      );
    }
    default:
      throw fail(
        'rejected',
        `${where}${REGISTER_PATH} answered ${res.status}${said ? `: ${said}` : ''}; ${res.status >= 500 ? 'the cloud has a problem, try again later' : 'check --host and the token'}`,
      );
  }
}

export interface EnsureRegisteredOptions extends RegisterOptions {
  nodeYamlPath: string;
}

/** An existing non-empty node.yaml means "already registered": it is reused, not replaced. */
export async function ensureRegistered(o: EnsureRegisteredOptions): Promise<{ credentials: NodeCredentials; reused: boolean }> {
  const existing = readNodeYaml(o.nodeYamlPath);
  if (existing) return { credentials: existing, reused: true };
  const { uuid, secret } = await registerNode(o);
  const credentials: NodeCredentials = {
    uuid,
    secret,
    host: o.host,
    port: o.port ?? (o.useSsl ? 443 : 80),
    useSsl: o.useSsl,
    caVerify: o.caVerify,
    mode: o.mode ?? 'tcp-capture',
  };
  writeNodeYaml(o.nodeYamlPath, credentials);
  return { credentials, reused: false };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The cloud's own words: {"error": "..."} or {"message": "..."} or a short plain body, one line. */
function cloudMessage(body: string): string {
  const j = parseJson(body) as { error?: unknown; message?: unknown } | null;
  const text = typeof j?.error === 'string' ? j.error : typeof j?.message === 'string' ? j.message : j === null ? body : '';
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}
