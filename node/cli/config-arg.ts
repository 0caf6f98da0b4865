/** Loading --config for commands that run the pipeline: problems are printed the check-config way. */
import { defaultConfig, loadConfig } from '../config/load';
import { formatProblem } from '../config/source';
import type { NodeConfig } from '../config/types';

/** The config at `path` (defaults when undefined), or null after printing every problem. */
export async function configFromArg(path: string | undefined, command: string): Promise<NodeConfig | null> {
  if (path === undefined) return defaultConfig();
  const result = await loadConfig(path);
  for (const w of result.warnings) process.stderr.write(`${formatProblem(w)}\n`);
  if ('errors' in result) {
    for (const p of result.errors) process.stderr.write(`${formatProblem(p)}\n`);
    process.stderr.write(
      `native-node ${command}: ${path} is not valid (${result.errors.length} problem${result.errors.length === 1 ? '' : 's'}); fix it, then check with "native-node check-config ${path}"\n`,
    );
    return null;
  }
  return result.config;
}
