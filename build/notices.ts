/**
 * THIRD-PARTY-NOTICES shipped in every archive: the licenses of what the binary contains (the
 * node runtime, libpcap linked into the addon, cap and nan, every npm package in the bundle)
 * and the note on makeself, whose GPL header starts the archive but does not cover the payload.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

interface Part {
  name: string;
  license: string;
  /** Directory holding a LICENSE/COPYING file. */
  dir: string;
}

const makeselfNote = (
  version: string,
): string => `makeself ${version} (https://makeself.io/) wrote the shell header that unpacks this archive.
makeself is GPL-2.0-or-later; as its header says, the archives it creates are not covered by the
GPL: the payload (everything listed below and our own code) is distributed under its own terms.
`;

function licenseText(part: Part): string {
  const file = readdirSync(part.dir).find((f) => /^(licen[cs]e|copying)([-.][\w.-]*)?$/i.test(f));
  if (!file) return `(${part.name} ships no license file; its package.json says "${part.license}".)`;
  return readFileSync(path.join(part.dir, file), 'utf8').trim();
}

function npmPart(dir: string): Part {
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    license?: string;
  };
  return { name: `${pkg.name} ${pkg.version}`, license: pkg.license ?? 'see below', dir };
}

export function notices(opts: {
  makeselfVersion: string;
  runtimeDir: string;
  runtimeVersion: string;
  libpcapDir: string;
  libpcapVersion: string;
  bundled: string[];
  addonPackages: string[];
}): string {
  const parts: Part[] = [
    { name: `Node.js ${opts.runtimeVersion} (the runtime in bin/native-node)`, license: 'MIT and others', dir: opts.runtimeDir },
    { name: `libpcap ${opts.libpcapVersion} (linked into lib/cap.node)`, license: 'BSD-3-Clause', dir: opts.libpcapDir },
    ...opts.addonPackages.map(npmPart),
    ...opts.bundled.filter((d) => existsSync(path.join(d, 'package.json'))).map(npmPart),
  ];
  const sections = parts.map((p) => `${'='.repeat(78)}\n${p.name} — ${p.license}\n${'='.repeat(78)}\n\n${licenseText(p)}\n`);
  return `Third-party software in this archive\n\n${makeselfNote(opts.makeselfVersion)}\n${sections.join('\n')}`;
}
