/**
 * The layer rules of node/ (.dependency-cruiser.cjs, docs/design.md "Layers") on small fixture
 * trees: each broken rule is reported by name, a tree that keeps the rules passes, and so does
 * the repository itself. `npm run check:layers` runs the same rules with readable output.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const config = require(path.join(root, '.dependency-cruiser.cjs')) as { forbidden: unknown[]; options: Record<string, unknown> };

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

async function violations(dir: string, tsConfig = false): Promise<Violation[]> {
  const { cruise } = await import('dependency-cruiser');
  const { tsConfig: _ts, ...options } = config.options;
  const opts = {
    ...options,
    ...(tsConfig ? { tsConfig: { fileName: path.join(dir, 'tsconfig.json') } } : {}),
    baseDir: dir,
    validate: true,
    ruleSet: { forbidden: config.forbidden },
  };
  const result = await cruise(['node'], opts as never);
  return (result.output as { summary: { violations: Violation[] } }).summary.violations;
}

/** A fixture tree: path -> source. Every file is a module of the fake node/. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'aio-layers-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** The fixture every case starts from: one module per layer, each importing the layer below. */
const LAWFUL: Record<string, string> = {
  'node/config/types.ts': 'export interface Limits { n: number }\n',
  'node/memo.ts': 'export const memo = 1;\n',
  'node/capture/types.ts': "import type { Limits } from '../config/types';\nexport type Frame = Limits;\n",
  'node/decode/packet.ts': "import type { Frame } from '../capture/types';\nexport type Packet = Frame;\n",
  'node/reassembly/flow.ts': "import type { Packet } from '../decode/packet';\nexport type Flow = Packet;\n",
  'node/http/types.ts':
    "import type { Flow } from '../reassembly/flow';\nimport { memo } from '../memo';\nexport type Tx = Flow;\nexport const m = memo;\n",
  'node/records/types.ts': "import type { Tx } from '../http/types';\nexport type Rec = Tx;\n",
  'node/analysis/analyzer.ts': "import type { Rec } from '../records/types';\nexport type Out = Rec;\n",
  'node/cloud/exporter.ts': "import type { Out } from '../analysis/analyzer';\nexport type Batch = Out;\n",
  'node/log/access-log.ts': "import type { Out } from '../analysis/analyzer';\nexport type Line = Out;\n",
  'node/node-builder.ts': "import type { Batch } from './cloud/exporter';\nexport type Node = Batch;\n",
  'node/workers/pool.ts': "import type { Node } from '../node-builder';\nexport type Pool = Node;\n",
  'node/sample/demo.ts': "import { frames } from './frames';\nexport const demo = frames;\n",
  'node/sample/frames.ts': 'export const frames = 1;\n',
  'node/cli/main.ts':
    "import type { Pool } from '../workers/pool';\nimport { demo } from '../sample/demo';\nexport type Cli = Pool;\nexport const d = demo;\n",
};

async function broken(files: Record<string, string>): Promise<Violation[]> {
  const dir = tree({ ...LAWFUL, ...files });
  try {
    return await violations(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function names(v: Violation[]): string[] {
  return [...new Set(v.map((x) => x.rule.name))].sort();
}

test('a tree whose imports only point down passes', async () => {
  assert.deepEqual(await broken({}), []);
});

test('an upward import fails: analysis imports cli', async () => {
  const v = await broken({ 'node/analysis/analyzer.ts': "import type { Cli } from '../cli/main';\nexport type Out = Cli;\n" });
  assert.deepEqual(names(v), ['analysis-imports-upward', 'no-circular']);
  assert.ok(
    v.some(
      (x) => x.rule.name === 'analysis-imports-upward' && x.from === 'node/analysis/analyzer.ts' && x.to === 'node/cli/main.ts',
    ),
  );
});

test('a type-only upward import fails too: a protocol parser reads an analysis type', async () => {
  const v = await broken({ 'node/http/parser.ts': "import type { Out } from '../analysis/analyzer';\nexport type P = Out;\n" });
  assert.deepEqual(names(v), ['protocols-imports-upward']);
});

test('a future protocol folder is a protocol layer: tls/ must not import analysis/', async () => {
  const v = await broken({ 'node/tls/record.ts': "import type { Out } from '../analysis/analyzer';\nexport type R = Out;\n" });
  assert.deepEqual(names(v), ['protocols-imports-upward']);
});

test('the analysis/records cycle the layers were cut to remove fails', async () => {
  const v = await broken({
    'node/records/types.ts':
      "import type { Tx } from '../http/types';\nimport type { Out } from '../analysis/analyzer';\nexport type Rec = Tx;\nexport type M = Out;\n",
  });
  assert.deepEqual(names(v), ['no-circular', 'records-imports-upward']);
});

test('a cycle inside one layer fails', async () => {
  const v = await broken({
    'node/analysis/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
    'node/analysis/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
  });
  assert.deepEqual(names(v), ['no-circular']);
});

test('a worker importing the CLI fails', async () => {
  const v = await broken({ 'node/workers/main.ts': "import type { Cli } from '../cli/main';\nexport type W = Cli;\n" });
  assert.deepEqual(names(v), ['assembly-imports-upward']);
});

test('config/ stays a leaf: config importing decode fails', async () => {
  const v = await broken({ 'node/config/ip.ts': "import type { Packet } from '../decode/packet';\nexport type Ip = Packet;\n" });
  assert.deepEqual(names(v), ['shared-imports-upward']);
});

test('shipped code importing test/, docs/, build/, installer/ or the reference cloud/ fails', async () => {
  for (const outside of ['test/gen/demo.ts', 'docs/schema.json', 'build/paths.ts', 'installer/main.ts', 'cloud/main.ts']) {
    const ext = path.extname(outside);
    const spec = `../../${ext === '.ts' ? outside.slice(0, -3) : outside}`;
    const v = await broken({
      [outside]: ext === '.json' ? '{}\n' : 'export const x = 1;\n',
      'node/cli/commands.ts': `import x from '${spec}';\nexport const y = x;\n`,
    });
    assert.deepEqual(names(v), ['node-imports-outside'], outside);
  }
});

test('a folder of node/ that is in no layer fails until it is placed', async () => {
  const v = await broken({ 'node/quic/packet.ts': "import type { Packet } from '../decode/packet';\nexport type Q = Packet;\n" });
  assert.deepEqual(names(v), ['not-in-a-layer']);
});

test('the sample-capture generator is for the CLI only, and imports nothing of the node', async () => {
  assert.deepEqual(
    names(await broken({ 'node/analysis/x.ts': "import { demo } from '../sample/demo';\nexport const x = demo;\n" })),
    ['sample-is-for-cli'],
  );
  assert.deepEqual(
    names(
      await broken({
        'node/sample/frames.ts':
          "import type { Packet } from '../decode/packet';\nexport const frames = 1;\nexport type F = Packet;\n",
      }),
    ),
    ['sample-is-self-contained'],
  );
});

test('the repository keeps the rules', async () => {
  const prev = process.cwd();
  process.chdir(root);
  try {
    const v = await violations(root, true);
    assert.deepEqual(
      v.map((x) => `${x.rule.name}: ${x.from} -> ${x.to}`),
      [],
    );
  } finally {
    process.chdir(prev);
  }
});
