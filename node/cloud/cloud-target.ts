/**
 * Where the cloud is and how to talk to it (SPEC section 6): `--host HOST[:PORT]` or
 * WALLARM_API_HOST / WALLARM_API_PORT / WALLARM_API_USE_SSL / WALLARM_API_CA_VERIFY, as in
 * upstream's containers.
 */
export interface ApiTarget {
  host: string;
  port: number;
  useSsl: boolean;
  caVerify: boolean;
}

export const US_CLOUD = 'us1.api.wallarm.com';
export const EU_CLOUD = 'api.wallarm.com';

export class TargetError extends Error {}

type Env = Record<string, string | undefined>;

/** Parses an environment flag; unset or empty gives the default, anything unrecognised is an error. */
export function envFlag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const v = raw.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  throw new TargetError(`${name}=${raw} is not a boolean: use ${name}=true or ${name}=false`);
}

function parsePort(raw: string, where: string): number {
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (!(port >= 1 && port <= 65535)) throw new TargetError(`${where}: port "${raw}" is not a number from 1 to 65535`);
  return port;
}

/**
 * Splits `HOST[:PORT]`, `[IPv6]:PORT` or a bare IPv6 address. A leading `https://` or `http://`
 * is accepted (users paste console URLs) and decides use_ssl.
 */
export function parseHostArg(arg: string): { host: string; port?: number; useSsl?: boolean } {
  let rest = arg.trim();
  let useSsl: boolean | undefined;
  const scheme = /^(https?):\/\//i.exec(rest);
  if (scheme) {
    useSsl = scheme[1].toLowerCase() === 'https';
    rest = rest.slice(scheme[0].length).replace(/\/+$/, '');
  }
  if (rest === '' || /[\s/]/.test(rest))
    throw new TargetError(`--host "${arg}" is not HOST[:PORT], e.g. --host ${US_CLOUD} or --host 127.0.0.1:8443`);
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::(\d+))?$/.exec(rest);
  if (bracketed) {
    return { host: bracketed[1], port: bracketed[2] ? parsePort(bracketed[2], `--host ${arg}`) : undefined, useSsl };
  }
  const colons = rest.split(':').length - 1;
  if (colons === 0) return { host: rest, useSsl };
  if (colons > 1) return { host: rest, useSsl }; // bare IPv6 address, no port
  const [host, port] = rest.split(':');
  if (host === '') throw new TargetError(`--host "${arg}" has no host name before the port`);
  return { host, port: parsePort(port, `--host ${arg}`), useSsl };
}

/** The cloud to register with: --host wins over WALLARM_API_HOST; the port in --host over WALLARM_API_PORT. */
export function resolveApiTarget(hostArg: string | undefined, env: Env): ApiTarget {
  const fromArg = hostArg !== undefined ? parseHostArg(hostArg) : undefined;
  const envHost = env.WALLARM_API_HOST?.trim();
  const fromEnv = envHost ? parseHostArg(envHost) : undefined;
  const parsed = fromArg ?? fromEnv;
  if (!parsed) {
    throw new TargetError(
      `no cloud host: pass --host ${US_CLOUD} (US cloud) or --host ${EU_CLOUD} (EU cloud), or set WALLARM_API_HOST`,
    );
  }
  const useSsl = parsed.useSsl ?? envFlag(env, 'WALLARM_API_USE_SSL', true);
  const envPort = env.WALLARM_API_PORT?.trim();
  const port = parsed.port ?? (envPort ? parsePort(envPort, 'WALLARM_API_PORT') : useSsl ? 443 : 80);
  return { host: parsed.host, port, useSsl, caVerify: envFlag(env, 'WALLARM_API_CA_VERIFY', true) };
}

/**
 * The cloud a registered node exports to: node.yaml's api.* settings, each overridable by its
 * WALLARM_API_* variable (how systemd's env.list changes them without re-registering).
 */
export function exportTarget(fromNodeYaml: ApiTarget, env: Env): ApiTarget {
  const envHost = env.WALLARM_API_HOST?.trim();
  const host = envHost ? parseHostArg(envHost) : undefined;
  const envPort = env.WALLARM_API_PORT?.trim();
  return {
    host: host?.host ?? fromNodeYaml.host,
    port: envPort ? parsePort(envPort, 'WALLARM_API_PORT') : (host?.port ?? fromNodeYaml.port),
    useSsl: host?.useSsl ?? envFlag(env, 'WALLARM_API_USE_SSL', fromNodeYaml.useSsl),
    caVerify: envFlag(env, 'WALLARM_API_CA_VERIFY', fromNodeYaml.caVerify),
  };
}

export function baseUrl(t: ApiTarget): string {
  const host = t.host.includes(':') ? `[${t.host}]` : t.host;
  return `${t.useSsl ? 'https' : 'http'}://${host}:${t.port}`;
}

/** The other public cloud, for "wrong region" hints; null for a custom host. */
export function otherRegion(host: string): string | null {
  if (host === US_CLOUD) return EU_CLOUD;
  if (host === EU_CLOUD) return US_CLOUD;
  return null;
}
