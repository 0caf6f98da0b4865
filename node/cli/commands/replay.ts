/**
 * replay: analyses a capture file (or stdin) offline with exactly the live pipeline and writes
 * records as JSON lines; a summary goes to stderr.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openCaptureStream, PcapStreamReader, CaptureFormatError } from '../../capture/pcap-reader';
import { RECORD_TYPES, type RecordType } from '../../records/types';
import { parseEmit } from '../emit';
import { JsonLinesWriter } from '../../records/jsonl-writer';
import type { NodeRecord } from '../../records/types';
import { configFromArg } from '../config-arg';
import { buildNode } from '../../node-builder';
import { formatSummary } from '../../summary';
import type { CaptureFileStats, FrameHandler } from '../../capture/types';
import { WorkerPool } from '../../workers/pool';
import { availableParallelism } from 'node:os';
import { badKeyLogLines } from '../../tls/keylog';

const USAGE = `Usage: native-node replay FILE.pcap|FILE.pcapng|- [--config FILE] [--emit LIST] [--output FILE|-] [--openapi DIR] [--workers N|auto] [--tls-keylog FILE]...

Analyses a capture offline with exactly the live pipeline and writes records as JSON lines.
  --config FILE   go-node.yaml to use (capture filter, VLAN/VXLAN options, limits); default: built-in
  --emit LIST     comma list of record types: ${RECORD_TYPES.join(', ')} (default: attack,vulnerability)
  --output FILE   where records go (default: - = stdout)
  --openapi DIR   write one OpenAPI 3.1 document per host of the discovered API to DIR
  --workers N     analyse on N worker threads (auto = cores; default 1 = this thread only, the
                  deterministic order); connections are sharded, records keep their order per
                  connection, nothing is dropped (the reader waits for the workers)
  --tls-keylog FILE  NSS key log (SSLKEYLOGFILE) whose secrets decrypt the capture's TLS
                  (docs/tls.md); repeat for several files. Secrets stay in memory.
A summary (packets, flows, transactions, attacks, errors) goes to stderr.
`;

export async function run(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        emit: { type: 'string', default: 'attack,vulnerability' },
        output: { type: 'string', short: 'o', default: '-' },
        openapi: { type: 'string' },
        workers: { type: 'string', default: '1' },
        'tls-keylog': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    process.stderr.write(`native-node replay: ${(err as Error).message}\n${USAGE}`);
    return 1;
  }
  if (args.values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.positionals.length !== 1) {
    process.stderr.write(`native-node replay: expected one capture file (or - for stdin)\n${USAGE}`);
    return 1;
  }
  const emit = parseEmit(args.values.emit!);
  if (typeof emit === 'string') {
    process.stderr.write(`native-node replay: ${emit}\n`);
    return 1;
  }
  const workers = args.values.workers === 'auto' ? availableParallelism() : Number(args.values.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) {
    process.stderr.write(
      `native-node replay: --workers must be auto or a whole number from 1 to 256, not "${args.values.workers}"\n`,
    );
    return 1;
  }
  const config = await configFromArg(args.values.config, 'replay');
  if (config === null) return 1;
  const keylogs = args.values['tls-keylog'] ?? [];
  if (keylogs.length > 0 && !config.tls.enabled) {
    process.stderr.write('native-node replay: --tls-keylog needs tls.enabled (it is false in the config)\n');
    return 1;
  }
  const keyText = readKeyLogs(keylogs);
  if (keyText === null) return 1;

  const file = args.positionals[0];
  const writer = new JsonLinesWriter(args.values.output === '-' ? process.stdout : createWriteStream(args.values.output!));
  if (workers > 1) {
    // Every record arrives as its JSON line (the api_endpoint records, merged by the pool, excepted; sessions and findings are merged there too).
    const sink = {
      write: (r: NodeRecord) => writer.write(r),
      writeLineRun: (_type: RecordType, lines: string) => writer.writeLines(lines),
    };
    const pool = new WorkerPool({
      workers,
      config,
      produce: emit,
      sink,
      overload: 'wait',
      openapiDir: args.values.openapi ?? null,
    });
    if (keyText !== '') pool.addKeys(keyText);
    // No flush per chunk: full batches (half the messages of half-full ones); finish() sends the rest.
    const read = await readCaptureFile(file, pool.onFrame, async () => {
      await pool.ready();
      await writer.drain(false);
    });
    const counters = await pool.finish();
    return finishReplay(writer, formatSummary(read.stats, counters), read.failure);
  }
  const node = buildNode(config, emit, writer, undefined, undefined, { openapiDir: args.values.openapi ?? null });
  if (keyText !== '') node.pipeline.tls!.store.addText(keyText);
  const read = await readCaptureFile(file, node.pipeline.onFrame, () => writer.drain(false));
  node.pipeline.finish();
  return finishReplay(writer, formatSummary(read.stats, node), read.failure);
}

/**
 * The --tls-keylog files, joined; null (after saying why) when one cannot be read. Lines that are
 * not key-log lines are reported by number only: a line may hold a secret.
 */
function readKeyLogs(files: string[]): string | null {
  const texts: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'latin1');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      process.stderr.write(
        `native-node replay: --tls-keylog ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (err as Error).message}\n`,
      );
      return null;
    }
    const bad = badKeyLogLines(text);
    if (bad.length > 0)
      process.stderr.write(
        `native-node replay: --tls-keylog ${file}: ${bad.length === 10 ? 'at least 10' : bad.length} lines are not key-log lines (LABEL CLIENT_RANDOM SECRET), first at line ${bad[0]}; they are ignored\n`,
      );
    texts.push(text.endsWith('\n') ? text : `${text}\n`);
  }
  return texts.join('');
}

/**
 * Feeds a capture file to `onFrame`, awaiting `betweenChunks` after each chunk (backpressure).
 * A file that stops being a readable capture is not an exception: what was read stands, and
 * the failure is returned to be reported after the records.
 */
async function readCaptureFile(
  file: string,
  onFrame: FrameHandler,
  betweenChunks: () => Promise<void>,
): Promise<{ stats: CaptureFileStats; failure: string | null }> {
  const reader = new PcapStreamReader(onFrame);
  try {
    for await (const chunk of openCaptureStream(file) as AsyncIterable<Buffer>) {
      reader.push(chunk);
      await betweenChunks();
    }
    reader.end();
  } catch (err) {
    if (err instanceof CaptureFormatError)
      return { stats: reader.stats, failure: `${file}: ${err.message}; the rest of the file was not read` };
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { stats: reader.stats, failure: `${file}: no such file` };
    throw err;
  }
  return { stats: reader.stats, failure: null };
}

async function finishReplay(writer: JsonLinesWriter, summary: string, failure: string | null): Promise<number> {
  await writer.close();
  process.stderr.write(`${summary}\n`);
  if (failure === null) return 0;
  process.stderr.write(`native-node replay: ${failure}\n`);
  return 2;
}
