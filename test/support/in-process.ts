/**
 * Loaded by `npm run test:unit` (--import) into every test file's process: the unit loop runs in
 * process, so a test there that starts a child process fails with a pointer to where it belongs
 * (test/integration/, docs/testing.md). Dependencies (tsx's esbuild) may still start theirs.
 * The test runner's own process (no NODE_TEST_CONTEXT) is left alone: it runs the files.
 */
import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';

if (process.env.NODE_TEST_CONTEXT !== undefined) {
  for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const) {
    const original = childProcess[name] as (...args: unknown[]) => unknown;
    (childProcess as unknown as Record<string, unknown>)[name] = function guarded(this: unknown, ...args: unknown[]): unknown {
      const stack = new Error().stack ?? '';
      if (
        !stack
          .split('\n')
          .slice(2)
          .some((line) => line.includes('/node_modules/'))
      ) {
        throw new Error(
          `child_process.${name}(${JSON.stringify(args[0])}) in npm run test:unit: tests that start processes belong in test/integration/ (docs/testing.md)`,
        );
      }
      return original.apply(this, args);
    };
  }
  syncBuiltinESMExports();
}
