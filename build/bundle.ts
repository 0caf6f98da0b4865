/**
 * esbuild: installer/native-node.ts (the node's commands plus `installer`; through the command
 * table's dynamic imports, every command) into one CommonJS file for node 22. `cap` stays external: the shipped
 * binary loads the addon itself (node/capture/cap-loader.ts), a plain node resolves node_modules.
 * Run directly (`tsx build/bundle.ts`) it writes build/work/native-node.cjs.
 */
import { build } from 'esbuild';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { BUNDLE, ROOT } from './paths';

/** Writes the bundle; returns the directories of the npm packages bundled into it (for notices). */
export async function bundle(outfile: string = BUNDLE): Promise<string[]> {
  const result = await build({
    entryPoints: [path.join(ROOT, 'installer/native-node.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    external: ['cap'],
    // Readable stack traces in bug reports matter more than ~1 MB next to a 100 MB runtime.
    minify: false,
    logLevel: 'warning',
    metafile: true,
  });
  // Anything left for run time other than node's own modules and the addon would be missing
  // from the single executable (there is no node_modules next to it).
  const leftOver = Object.values(result.metafile.outputs)
    .flatMap((o) => o.imports)
    .filter((i) => i.external && i.path !== 'cap' && !isBuiltin(i.path))
    .map((i) => i.path);
  if (leftOver.length > 0)
    throw new Error(`build: the bundle would load these at run time: ${[...new Set(leftOver)].join(', ')}`);
  const packages = Object.keys(result.metafile.inputs)
    .map((input) => /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1])
    .filter((dir): dir is string => dir !== undefined)
    .map((dir) => path.resolve(dir));
  return [...new Set(packages)].sort();
}

if (require.main === module) {
  bundle().then(
    () => process.stdout.write(`wrote ${path.relative(ROOT, BUNDLE)}\n`),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
