/**
 * The two capture modes read different sections: tcp-capture the seed's `goreplay`, tcp-capture-v2
 * `tcp_stream` and `tcp_reassembler`. A key of the other mode is an error that names the key to use
 * instead (docs/configuration.md, "From tcp-capture to tcp-capture-v2"), so a half-converted file is
 * never run with some of its settings silently ignored.
 */
import type { ConfigSource, DocPath } from './source';
import type { NodeMode } from './types';

/** Each tcp-capture key and where its meaning lives in tcp-capture-v2. */
export const V1_TO_V2: ReadonlyArray<[string, string]> = [
  [
    'goreplay.filter',
    'tcp_stream.from_interface.interface (the interface) and tcp_stream.from_interface.filter (the ports, as BPF: "port 80 or port 8080")',
  ],
  [
    'goreplay.extra_args',
    'tcp_stream.from_interface (-input-raw-snaplen: snap_len, -input-raw-promisc: promiscuous, -input-raw-bpf-filter: filter), tcp_stream.from_vxlan (-input-raw-engine vxlan: enabled, -input-raw-vxlan-port: listen_addr, -input-raw-vxlan-vni: vni_filter)',
  ],
  ['goreplay.parse_responses', 'tcp_reassembler.parse_responses'],
  ['goreplay.response_timeout', 'tcp_reassembler.response_timeout'],
  ['goreplay.url_normalize', 'none: paths are always normalised in tcp-capture-v2'],
];

const V2_ONLY: ReadonlyArray<DocPath> = [
  ['tcp_stream'],
  ['tcp_reassembler'],
  ['metrics', 'per_host_stats'],
  ['metrics', 'legacy_status'],
];

function has(data: unknown, path: DocPath): boolean {
  let node = data;
  for (const seg of path) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, seg)) return false;
    node = (node as Record<string, unknown>)[seg as string];
  }
  return true;
}

/** Reports keys of the other mode; returns the file's mode when it is a known one. */
export function checkModeKeys(src: ConfigSource, data: unknown): NodeMode | undefined {
  const mode = has(data, ['mode']) ? (data as { mode: unknown }).mode : undefined;
  if (mode === 'tcp-capture') {
    for (const path of V2_ONLY) {
      if (!has(data, path)) continue;
      src.problem(
        path,
        `${path.join('.')} belongs to mode tcp-capture-v2; this file has mode: tcp-capture`,
        'set mode: tcp-capture-v2 and convert the goreplay section (docs/configuration.md maps every key), or remove it',
        'key',
      );
    }
    return mode;
  }
  if (mode === 'tcp-capture-v2') {
    if (!has(data, ['goreplay'])) return mode;
    const goreplay = (data as { goreplay: unknown }).goreplay;
    const keys = goreplay !== null && typeof goreplay === 'object' ? Object.keys(goreplay) : [];
    if (keys.length === 0)
      src.problem(
        ['goreplay'],
        'goreplay belongs to mode tcp-capture; this file has mode: tcp-capture-v2',
        'use tcp_stream and tcp_reassembler (docs/configuration.md)',
        'key',
      );
    for (const key of keys) {
      const to = V1_TO_V2.find(([from]) => from === `goreplay.${key}`)?.[1] ?? 'tcp_stream (docs/configuration.md)';
      src.problem(
        ['goreplay', key],
        `goreplay.${key} belongs to mode tcp-capture; this file has mode: tcp-capture-v2`,
        `in tcp-capture-v2 use ${to}`,
        'key',
      );
    }
    return mode;
  }
  return undefined;
}
