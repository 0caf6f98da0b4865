/**
 * node.yaml: the registered node's credentials and cloud settings (SPEC section 6), written once
 * by `register` and read by `run`. Written atomically (temp file, fsync, rename, fsync of the
 * directory) with mode 0600, so a crash leaves either the old file or the whole new one.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { ApiTarget } from './cloud-target';

export const DEFAULT_NODE_YAML = '/opt/wallarm/etc/wallarm/node.yaml';

export interface NodeCredentials extends ApiTarget {
  uuid: string;
  secret: string;
  /** The capture mode the node was registered in (top-level `mode:`); absent in files written before it existed. */
  mode?: string;
}

export class NodeYamlError extends Error {}

/** Null when the file is missing or empty (not registered yet); throws when it is unusable. */
export function readNodeYaml(file: string): NodeCredentials | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new NodeYamlError(`cannot read ${file}: ${(err as Error).message}`);
  }
  if (text.trim() === '') return null;
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (err) {
    throw new NodeYamlError(`${file} is not valid YAML (${(err as Error).message.split('\n')[0]}); remove it to register again`);
  }
  const api = (doc as { api?: Record<string, unknown> } | null)?.api;
  const problem = (key: string, want: string) =>
    new NodeYamlError(`${file}: api.${key} must be ${want}; remove the file to register again`);
  if (!api || typeof api !== 'object') throw problem('uuid', 'present (no "api:" section found)');
  const str = (k: string) => {
    if (typeof api[k] !== 'string' || api[k] === '') throw problem(k, 'a non-empty string');
    return api[k] as string;
  };
  const bool = (k: string) => {
    if (typeof api[k] !== 'boolean') throw problem(k, 'true or false');
    return api[k] as boolean;
  };
  const port = api.port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) throw problem('port', 'a port number');
  const mode = (doc as { mode?: unknown }).mode;
  return {
    uuid: str('uuid'),
    secret: str('secret'),
    host: str('host'),
    port,
    useSsl: bool('use_ssl'),
    caVerify: bool('ca_verify'),
    ...(typeof mode === 'string' ? { mode } : {}),
  };
}

export function writeNodeYaml(file: string, c: NodeCredentials): void {
  const text = YAML.stringify({
    api: { uuid: c.uuid, secret: c.secret, host: c.host, port: c.port, use_ssl: c.useSsl, ca_verify: c.caVerify },
    ...(c.mode !== undefined ? { mode: c.mode } : {}),
  });
  writeFileAtomic(file, Buffer.from(text), 0o600);
}

/** Temp file in the same directory, fsync, rename over `file`, fsync the directory. */
export function writeFileAtomic(file: string, data: Buffer, mode: number): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = fs.openSync(tmp, 'w', mode);
  try {
    fs.fchmodSync(fd, mode); // the umask must not widen or narrow it
    fs.writeSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fsyncDir(dir);
}

export function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
