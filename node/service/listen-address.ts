/** `[HOST]:PORT` as go-node.yaml writes listen addresses: `:9000` (every address), `h:p`, `[v6]:p`. */

export interface ListenAddress {
  /** undefined = every address (IPv6 and IPv4 where the kernel allows). */
  host: string | undefined;
  port: number;
}

/** The schema's listen-address format already checked the shape; this only splits it. */
export function parseListenAddress(text: string): ListenAddress {
  const colon = text.lastIndexOf(':');
  let host = text.slice(0, colon);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return { host: host === '' ? undefined : host, port: Number(text.slice(colon + 1)) };
}

export function formatListenAddress(a: ListenAddress): string {
  if (a.host === undefined) return `:${a.port}`;
  return a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
}
