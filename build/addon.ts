/**
 * The `cap` libpcap addon for each shipped architecture, built against the pinned runtime's own
 * headers (the node-linux-* package carries include/node/: nothing is downloaded).
 *
 * libpcap is linked in statically so target hosts need no libpcap package. Debian's libpcap.a
 * is not position-independent, so libpcap is compiled once per architecture from Debian's
 * source package (apt-get source, through a private apt configuration that adds the deb-src
 * line) with -fPIC. The addon then needs only what node 22 itself links (libc, libstdc++,
 * libgcc_s) and no newer glibc than node does (addon/glibc-floor.c; build.ts checks it).
 *
 * cap's binding.cc is compiled from a patched copy:
 * - upstream looks up pcap_set_immediate_mode with dlopen("libpcap.so"), which with a static
 *   libpcap finds nothing (no immediate mode: live packets arrive late, in batches) or, worse,
 *   some other libpcap on the host whose function would be called with our pcap_t; the patch
 *   calls our linked-in function directly;
 * - the capture stage's patch (node/capture/cap-binding-patch.ts) adds stats() and per-packet
 *   kernel timestamps and wire lengths.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { patchCapBinding } from '../node/capture/cap-binding-patch';
import { debianMirror } from './debian-mirror';
import { output, run } from './exec';
import { ROOT, WORK, type Arch } from './paths';
import type { Runtime } from './runtimes';

const LIBPCAP_CONFIGURE = [
  '--disable-shared',
  '--enable-static',
  '--disable-dbus',
  '--disable-bluetooth',
  '--disable-rdma',
  '--disable-usb',
  '--disable-netmap',
  '--without-libnl',
  '--without-dpdk',
  '--disable-remote',
];

const debianSources = (): string => `Types: deb-src
URIs: ${debianMirror()}
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
`;

/** Debian's libpcap source tree, the version of the installed libpcap0.8-dev (its headers match). */
export function libpcapSource(): { version: string; dir: string } {
  // Multiarch: one line per installed architecture, all of the same version.
  const version = output('dpkg-query', ['-W', '-f=${Version}\n', 'libpcap0.8-dev']).split('\n')[0] ?? '';
  const base = path.join(WORK, 'libpcap', version);
  const done = path.join(base, '.ok');
  const upstream = version.replace(/-[^-]+$/, '');
  const dir = path.join(base, `libpcap-${upstream}`);
  if (existsSync(done)) return { version, dir };

  rmSync(base, { recursive: true, force: true });
  const apt = path.join(WORK, 'apt');
  for (const d of ['sources.list.d', 'lists/partial', 'cache/archives/partial'])
    mkdirSync(path.join(apt, d), { recursive: true });
  writeFileSync(path.join(apt, 'sources.list.d/debian-src.sources'), debianSources());
  const aptOpts = [
    '-qq',
    '-o',
    'Dir::Etc::SourceList=/dev/null',
    '-o',
    `Dir::Etc::SourceParts=${path.join(apt, 'sources.list.d')}`,
    '-o',
    `Dir::State::Lists=${path.join(apt, 'lists')}`,
    '-o',
    `Dir::Cache=${path.join(apt, 'cache')}`,
    '-o',
    'APT::Sandbox::User=root',
  ];
  run('apt-get', [...aptOpts, 'update']);
  mkdirSync(base, { recursive: true });
  run('apt-get', [...aptOpts, 'source', `libpcap=${version}`], { cwd: base });
  if (!existsSync(dir)) throw new Error(`build: apt-get source libpcap=${version} did not produce ${dir}`);
  writeFileSync(done, version);
  return { version, dir };
}

/** libpcap.a (PIC) and headers for one architecture; returns the install prefix. */
function staticLibpcap(arch: Arch): string {
  const src = libpcapSource();
  const prefix = path.join(WORK, 'libpcap', src.version, arch.machine);
  const done = path.join(prefix, '.ok');
  if (existsSync(done)) return prefix;

  const tree = `${prefix}-build`;
  rmSync(tree, { recursive: true, force: true });
  rmSync(prefix, { recursive: true, force: true });
  run('cp', ['-a', src.dir, tree]);
  const host = arch.cross ? [`--host=${arch.cross.slice(0, -1)}`] : [];
  const env = { ...process.env, CFLAGS: '-O2 -fPIC' };
  run('./configure', [...host, `--prefix=${prefix}`, ...LIBPCAP_CONFIGURE], {
    cwd: tree,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  run('make', [`-j${availableParallelism()}`], { cwd: tree, stdio: ['ignore', 'ignore', 'inherit'] });
  run('make', ['install'], { cwd: tree, stdio: ['ignore', 'ignore', 'inherit'] });
  rmSync(tree, { recursive: true, force: true });
  writeFileSync(done, src.version);
  return prefix;
}

const IMMEDIATE_MODE_LOOKUP =
  /void\* _pcap_lib_handle = dlopen\("libpcap\.so", RTLD_LAZY\);\s*set_immediate_fn set_immediate_mode =\s*\(set_immediate_fn\)\(dlsym\(_pcap_lib_handle, "pcap_set_immediate_mode"\)\);/;

/** cap's binding.cc with the patches every build of ours carries (shipped and development). */
export function patchedBinding(): string {
  const file = path.join(ROOT, 'node_modules/cap/src/binding.cc');
  const source = readFileSync(file, 'utf8');
  if (!IMMEDIATE_MODE_LOOKUP.test(source)) {
    throw new Error(
      `build: ${file} no longer looks up pcap_set_immediate_mode with dlopen; review build/addon.ts's patch for this cap version`,
    );
  }
  return patchCapBinding(
    source.replace(IMMEDIATE_MODE_LOOKUP, 'int (*set_immediate_mode)(pcap_t *, int) = &pcap_set_immediate_mode;'),
  );
}

/** node-gyp: npm's own copy (npm sets npm_config_node_gyp for scripts), else the global npm's. */
function nodeGyp(): string {
  const fromNpm = process.env.npm_config_node_gyp;
  if (fromNpm && existsSync(fromNpm)) return fromNpm;
  return path.join(output('npm', ['root', '-g']), 'npm/node_modules/node-gyp/bin/node-gyp.js');
}

/** Builds build/work/addon/<machine>/cap.node (stripped) for `arch` and returns its path. */
export function buildAddon(arch: Arch, runtime: Runtime): string {
  const pcap = staticLibpcap(arch);
  const dir = path.join(WORK, 'addon', arch.machine);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'binding.cc'), patchedBinding());
  copyFileSync(path.join(__dirname, 'addon/glibc-floor.c'), path.join(dir, 'glibc-floor.c'));
  const nan = path.dirname(require.resolve('nan/package.json', { paths: [path.join(ROOT, 'node_modules/cap')] }));
  const gyp = {
    targets: [
      {
        target_name: 'cap',
        sources: ['binding.cc', 'glibc-floor.c'],
        include_dirs: [nan, path.join(pcap, 'include')],
        libraries: [path.join(pcap, 'lib/libpcap.a')],
        // libpcap's symbols stay private to the addon.
        ldflags: ['-Wl,--exclude-libs,ALL'],
      },
    ],
  };
  writeFileSync(path.join(dir, 'binding.gyp'), JSON.stringify(gyp, null, 2));
  // npm exports its configuration to scripts; a configured nodedir (this machine's npmrc says
  // /usr, node 20's headers) would override the --nodedir flag.
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_nodedir: runtime.dir };
  if (arch.cross) {
    Object.assign(env, {
      CC: `${arch.cross}gcc`,
      CXX: `${arch.cross}g++`,
      LINK: `${arch.cross}g++`,
      AR: `${arch.cross}ar`,
    });
  }
  run(process.execPath, [nodeGyp(), 'rebuild', `--arch=${arch.node}`, `--nodedir=${runtime.dir}`, '--silent'], { cwd: dir, env });
  const addon = path.join(dir, 'cap.node');
  copyFileSync(path.join(dir, 'build/Release/cap.node'), addon);
  run(`${arch.cross}strip`, ['--strip-unneeded', addon]);
  return addon;
}
