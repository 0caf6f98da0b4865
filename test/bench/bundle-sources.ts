/**
 * The source file of each line of the esbuild bundle (esbuild writes `// node/x/y.ts` before each
 * module): how test/bench/profile-summary.ts and test/bench/alloc-summary.ts map a profile's
 * frames in the bundle back to our sources.
 */
import { readFileSync } from 'node:fs';

export function sourceFiles(bundlePath: string): string[] {
  const files: string[] = [];
  let current = '';
  for (const line of readFileSync(bundlePath, 'utf8').split('\n')) {
    const m = /^\/\/ ((?:node|node_modules)\/\S+)$/.exec(line);
    if (m) current = m[1];
    files.push(current);
  }
  return files;
}
