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

/**
 * The stage a frame's source file belongs to: the folder under node/ (analysis/* apart, by their
 * folder or file), GC and V8's program ticks by name, node's own modules together.
 */
export function stageOf(file: string, f: { functionName: string; url: string }): string {
  const m = /^node\/([^/]+)\/(?:([^/]+)\/)?/.exec(file);
  if (m === null) {
    if (f.functionName === '(garbage collector)') return 'gc';
    if (f.functionName === '(program)') return '(program)';
    if (f.url.startsWith('node:')) return 'node internals';
    return file || f.url || f.functionName || '(native)';
  }
  if (m[1] === 'analysis') return `analysis/${m[2] !== undefined && !m[2].endsWith('.ts') ? m[2] : file.split('/').pop()}`;
  return m[1];
}
