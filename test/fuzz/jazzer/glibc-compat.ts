/**
 * Makes @jazzer.js/fuzzer's prebuilt Linux addon load on glibc 2.36 (Debian 12). The prebuild was
 * linked on a glibc 2.38 / GCC 13 system and asks for three symbol versions older systems lack:
 * - `__isoc23_strtol@GLIBC_2.38`, `__isoc23_strtoul@GLIBC_2.38`: what glibc 2.38 headers turn
 *   strtol/strtoul into (they differ only in also accepting "0b" prefixes, which libFuzzer's flag
 *   parsing never sees). Rebound to plain `strtol` / `strtoul` of the architecture's base glibc
 *   version (GLIBC_2.2.5 on x86_64, GLIBC_2.17 on aarch64) by renaming the undefined symbols in
 *   place (the new names are shorter, so they fit) and pointing their version there.
 * - `std::ios_base_library_init()@GLIBCXX_3.4.32`: GCC 13's <iostream> only names it to pull in
 *   the stream initialisation; nothing calls or relocates against it.
 * The version requirements GLIBC_2.38 and GLIBCXX_3.4.32 are then marked weak (VER_FLG_WEAK), so
 * the dynamic loader does not refuse the file for them. Idempotent; the file is rewritten only
 * when something changed. Why this and not a source build: docs/security.md.
 */
import fs from 'node:fs';

const SHT_DYNSYM = 11;
const SHT_GNU_VERNEED = 0x6ffffffe;
const SHT_GNU_VERSYM = 0x6fffffff;
const VER_FLG_WEAK = 2;
const VERSIONS_TO_WEAKEN = new Set(['GLIBC_2.38', 'GLIBCXX_3.4.32']);
const REBOUND: Record<string, string> = { __isoc23_strtol: 'strtol', __isoc23_strtoul: 'strtoul' };
/** The oldest glibc symbol version of each architecture (e_machine), where strtol has always been. */
const BASE_VERSIONS: Record<number, string> = { 62: 'GLIBC_2.2.5', 183: 'GLIBC_2.17' };
const LIBC = 'libc.so.6';

interface Section {
  type: number;
  offset: number;
  size: number;
  link: number;
}

export interface CompatResult {
  weakened: string[];
  rebound: string[];
}

/** Patches the ELF64 little-endian shared object at `file`; throws on anything unexpected. */
export function patchAddon(file: string): CompatResult {
  const elf = fs.readFileSync(file);
  if (elf.readUInt32BE(0) !== 0x7f454c46 || elf[4] !== 2 || elf[5] !== 1)
    throw new Error(`${file}: not a 64-bit little-endian ELF file`);
  const baseVersion = BASE_VERSIONS[elf.readUInt16LE(0x12)];
  if (baseVersion === undefined) throw new Error(`${file}: machine ${elf.readUInt16LE(0x12)} is neither x86_64 nor aarch64`);
  const shoff = Number(elf.readBigUInt64LE(0x28));
  const shentsize = elf.readUInt16LE(0x3a);
  const sections: Section[] = [];
  for (let i = 0; i < elf.readUInt16LE(0x3c); i++) {
    const at = shoff + i * shentsize;
    sections.push({
      type: elf.readUInt32LE(at + 4),
      offset: Number(elf.readBigUInt64LE(at + 0x18)),
      size: Number(elf.readBigUInt64LE(at + 0x20)),
      link: elf.readUInt32LE(at + 0x28),
    });
  }
  const find = (type: number) => {
    const s = sections.find((x) => x.type === type);
    if (!s) throw new Error(`${file}: no section of type 0x${type.toString(16)}`);
    return s;
  };
  const dynsym = find(SHT_DYNSYM);
  const versym = find(SHT_GNU_VERSYM);
  const verneed = find(SHT_GNU_VERNEED);
  const dynstr = sections[dynsym.link];
  const str = (off: number) => elf.toString('latin1', dynstr.offset + off, elf.indexOf(0, dynstr.offset + off));

  const result: CompatResult = { weakened: [], rebound: [] };
  const weakIndexes = new Set<number>();
  let baseIndex = -1;
  for (let need = verneed.offset; ;) {
    const fileName = str(elf.readUInt32LE(need + 4));
    for (let aux = need + elf.readUInt32LE(need + 8), n = elf.readUInt16LE(need + 2); n > 0; n--) {
      const name = str(elf.readUInt32LE(aux + 8));
      const index = elf.readUInt16LE(aux + 6);
      if (fileName === LIBC && name === baseVersion) baseIndex = index;
      if (VERSIONS_TO_WEAKEN.has(name)) {
        weakIndexes.add(index);
        const flags = elf.readUInt16LE(aux + 4);
        if (!(flags & VER_FLG_WEAK)) {
          elf.writeUInt16LE(flags | VER_FLG_WEAK, aux + 4);
          result.weakened.push(`${fileName} ${name}`);
        }
      }
      const next = elf.readUInt32LE(aux + 12);
      if (next === 0) break;
      aux += next;
    }
    const next = elf.readUInt32LE(need + 12);
    if (next === 0) break;
    need += next;
  }
  if (baseIndex < 0) throw new Error(`${file}: does not require ${LIBC} ${baseVersion}`);

  for (let i = 0; i < dynsym.size / 24; i++) {
    const nameOff = elf.readUInt32LE(dynsym.offset + i * 24);
    const name = str(nameOff);
    const version = elf.readUInt16LE(versym.offset + i * 2) & 0x7fff;
    const target = REBOUND[name];
    if (target !== undefined && weakIndexes.has(version)) {
      // Shorter name, NUL-padded in place: other strings may share this one's tail, never its head.
      elf.fill(0, dynstr.offset + nameOff, dynstr.offset + nameOff + name.length);
      elf.write(target, dynstr.offset + nameOff, 'latin1');
      elf.writeUInt16LE(baseIndex, versym.offset + i * 2);
      result.rebound.push(`${name} -> ${target}@${baseVersion}`);
    }
  }
  if (result.weakened.length > 0 || result.rebound.length > 0) {
    // Renamed into place, so a process loading the addon meanwhile sees the old or the new file.
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, elf, { mode: fs.statSync(file).mode });
    fs.renameSync(tmp, file);
  }
  return result;
}
