/**
 * The Debian archive this machine's apt already uses, read from its sources, so that tools
 * which need a mirror of their own (debootstrap, a deb-src list) go where apt goes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const APT = '/etc/apt';

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Every archive URI in apt's one-line and deb822 sources, in file order. */
export function aptArchiveUris(aptDir = APT): string[] {
  const uris: string[] = [];
  for (const line of read(path.join(aptDir, 'sources.list')).split('\n')) {
    const m = /^\s*deb(?:-src)?\s+(?:\[[^\]]*\]\s+)?(\S+)/.exec(line);
    if (m) uris.push(m[1]);
  }
  let parts: string[] = [];
  try {
    parts = readdirSync(path.join(aptDir, 'sources.list.d')).sort();
  } catch {
    // No sources.list.d: the one-line file is all there is.
  }
  for (const f of parts) {
    const text = read(path.join(aptDir, 'sources.list.d', f));
    if (f.endsWith('.sources')) for (const m of text.matchAll(/^URIs:\s*(.+)$/gm)) uris.push(...m[1].trim().split(/\s+/));
    else if (f.endsWith('.list')) for (const m of text.matchAll(/^\s*deb(?:-src)?\s+(?:\[[^\]]*\]\s+)?(\S+)/gm)) uris.push(m[1]);
  }
  return uris;
}

/** The main Debian archive apt uses (not the security archive). */
export function debianMirror(aptDir = APT): string {
  const uri = aptArchiveUris(aptDir).find((u) => /\/debian\/?$/.test(u));
  if (!uri)
    throw new Error(`no Debian archive found in ${aptDir}/sources.list or ${aptDir}/sources.list.d; add one for apt first`);
  return uri.replace(/\/$/, '');
}
