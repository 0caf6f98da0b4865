/**
 * The import rules of node/ (docs/design.md, "Layers"), checked by `npm run check:layers` in `npm test`.
 * Layers from the bottom up; a module may import its own layer and the layers below it, never one
 * above. Type-only imports count: a type is a dependency too.
 */
const LAYERS = [
  {
    name: 'shared',
    path: '^node/(config/|memo\\.ts$|own-keys\\.ts$|version\\.ts$|address\\.ts$|stage-clock\\.ts$)',
    about: 'config and leaf utilities, importable from every layer',
  },
  { name: 'capture', path: '^node/capture/', about: 'frames from libpcap, a VXLAN socket or a capture file' },
  { name: 'decode', path: '^node/decode/', about: 'link, IP and TCP headers to segments' },
  { name: 'reassembly', path: '^node/reassembly/', about: 'TCP segments to ordered byte streams' },
  {
    name: 'protocols',
    path: '^node/(app-layer|http|tls|http2|websocket|grpc|graphql)/',
    about: 'protocol parsers (and app-layer/, which picks one per connection): byte streams to transactions',
  },
  { name: 'records', path: '^node/records/', about: 'the record contract: types, JSON formatting, masking' },
  {
    name: 'analysis',
    path: '^node/analysis/',
    about: 'attacks, API discovery, vulnerabilities, sessions: transactions to records',
  },
  { name: 'outputs', path: '^node/(cloud|log)/', about: 'where records go: the cloud link, the attack log' },
  {
    name: 'assembly',
    path: '^node/(pipeline\\.ts$|node-builder\\.ts$|summary\\.ts$|workers/|service/)',
    about: 'one node wired from the stages, worker threads, the service',
  },
  { name: 'cli', path: '^node/cli/', about: 'commands' },
];

/** The sample-capture generator (demo): self-contained, for cli/ (and tests, build/) only. */
const SAMPLE = '^node/sample/';

const upward = LAYERS.flatMap((layer, rank) => {
  const above = LAYERS.slice(rank + 1);
  if (above.length === 0) return [];
  return [
    {
      name: `${layer.name}-imports-upward`,
      comment: `${layer.name} (${layer.about}) may import only ${LAYERS.slice(0, rank + 1)
        .map((l) => l.name)
        .join(', ')}; see docs/design.md`,
      severity: 'error',
      from: { path: layer.path },
      to: { path: above.map((l) => l.path) },
    },
  ];
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'an import cycle: layers are a tree of one-way imports (docs/design.md)',
      severity: 'error',
      from: { path: '^node/' },
      to: { circular: true },
    },
    {
      name: 'node-imports-outside',
      comment: 'shipped code never imports test/, docs/, build/, the reference cloud/, installer/ or makeself/',
      severity: 'error',
      from: { path: '^node/' },
      to: { path: '^(test|docs|build|cloud|installer|makeself)/' },
    },
    {
      name: 'not-in-a-layer',
      comment: 'every folder of node/ belongs to a layer: add it to LAYERS in .dependency-cruiser.cjs and to docs/design.md',
      severity: 'error',
      from: { path: '^node/', pathNot: [...LAYERS.map((l) => l.path), SAMPLE] },
      to: {},
    },
    {
      name: 'sample-is-for-cli',
      comment: 'the sample-capture generator is for the demo command (and tests, build/) only',
      severity: 'error',
      from: { path: '^node/', pathNot: ['^node/cli/', SAMPLE] },
      to: { path: SAMPLE },
    },
    {
      name: 'sample-is-self-contained',
      comment: 'the sample-capture generator writes bytes on its own, so it can never test the node with the node',
      severity: 'error',
      from: { path: SAMPLE },
      to: { path: '^node/', pathNot: SAMPLE },
    },
    ...upward,
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
  },
};
