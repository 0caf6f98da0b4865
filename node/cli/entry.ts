/**
 * native-node: one binary, several commands. Each command lives in its own module under
 * commands/ and is loaded only when used, so `version` does not pay for libpcap or the pipeline.
 * Two entry points start it: node/cli/main.ts (the node's commands, from source) and
 * installer/native-node.ts (the shipped binary: the same plus `installer`; node/ never imports
 * installer/, docs/design.md).
 */
import { isMainThread, workerData } from 'node:worker_threads';
import type { CommandEntry } from './commands';
import { PIPELINE_WORKER_ROLE } from '../workers/protocol';
import { CaptureAddonMissing } from '../capture/cap-loader';
import { ownValue } from '../own-keys';

export type CommandTable = Record<string, CommandEntry>;

export async function main(argv: string[], commands: CommandTable): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage(commands));
    return name ? 0 : 1;
  }
  const command = ownValue(commands, name);
  if (!command) {
    process.stderr.write(
      `native-node: unknown command "${name}". Commands: ${Object.keys(commands).join(', ')}. See "native-node --help".\n`,
    );
    return 1;
  }
  const mod = await command.load();
  return mod.run(rest);
}

function usage(commands: CommandTable): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const lines = Object.entries(commands).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`);
  return `Usage: native-node <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun "native-node <command> --help" for a command's options.\n`;
}

/** What an entry point does: run `commands` on process.argv, or be a pipeline worker thread. */
export function startEntry(commands: CommandTable): void {
  // Pipeline worker threads (http_inspector.workers > 1) run this same entry point (the bundle or
  // the single executable has no other file to start), told apart by their workerData.
  if (!isMainThread && (workerData as { role?: string } | null)?.role === PIPELINE_WORKER_ROLE) {
    // require, not import(): under tsx a worker has only tsx's require hook (see WorkerPool).
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when needed (see above)
    const worker = require('../workers/worker-main') as typeof import('../workers/worker-main');
    void worker.runPipelineWorker();
    return;
  }
  // A reader that goes away (`| head`) ends our output, it is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  main(process.argv.slice(2), commands).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      // A missing capture addon is the machine's set-up, not a bug: its message alone says what to do.
      if (err instanceof CaptureAddonMissing) {
        process.stderr.write(`native-node: ${err.message}\n`);
        process.exitCode = 69;
        return;
      }
      process.stderr.write(`native-node: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 70;
    },
  );
}
