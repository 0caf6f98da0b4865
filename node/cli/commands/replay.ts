/**
 * replay: analyses a capture file (or stdin) offline with exactly the live pipeline and writes
 * records as JSON lines; a summary goes to stderr.
 */
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { openCaptureStream, PcapStreamReader, CaptureFormatError } from '../../capture/pcap-reader';
import { RECORD_TYPES, type RecordType } from '../../analysis/TransactionAnalyzer';
import { JsonLinesWriter } from '../../report/jsonl-writer';
import { configFromArg } from '../config-arg';
import { buildNode } from '../node-builder';
import { formatSummary } from '../summary';
import type { NodeConfig } from '../../config/types';
import { WorkerPool } from '../../workers/pool';
import { availableParallelism } from 'node:os';

const USAGE = `Usage: native-node replay FILE.pcap|FILE.pcapng|- [--config FILE] [--emit LIST] [--output FILE|-] [--openapi DIR] [--workers N|auto]

Analyses a capture offline with exactly the live pipeline and writes records as JSON lines.
  --config FILE   go-node.yaml to use (capture filter, VLAN/VXLAN options, limits); default: built-in
  --emit LIST     comma list of record types: ${RECORD_TYPES.join(', ')} (default: attack,vulnerability)
  --output FILE   where records go (default: - = stdout)
  --openapi DIR   write one OpenAPI 3.1 document per host of the discovered API to DIR
  --workers N     analyse on N worker threads (auto = cores; default 1 = this thread only, the
                  deterministic order); connections are sharded, records keep their order per
                  connection, nothing is dropped (the reader waits for the workers)
A summary (packets, flows, transactions, attacks, errors) goes to stderr.
`;

export function parseEmit(list: string): Set<RecordType> | string {
  const out = new Set<RecordType>();
  for (const raw of list.split(',')) {
    const t = raw.trim();
    if (t === '') continue;
    if (!(RECORD_TYPES as readonly string[]).includes(t)) return `unknown record type "${t}" in --emit; use a comma list of ${RECORD_TYPES.join(', ')}`;
    out.add(t as RecordType);
  }
  return out;
}

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
    process.stderr.write(`native-node replay: --workers must be auto or a whole number from 1 to 256, not "${args.values.workers}"\n`);
    return 1;
  }
  if (workers > 1 && args.values.openapi !== undefined) {
    process.stderr.write('native-node replay: --openapi needs the whole inventory in one thread; use it without --workers\n');
    return 1;
  }
  const config = await configFromArg(args.values.config, 'replay');
  if (config === null) return 1;
  if (workers > 1) return replayOnWorkers(args.positionals[0], config, args.values.config ?? null, emit, args.values.output!, workers);

  const file = args.positionals[0];
  const out = args.values.output === '-' ? process.stdout : createWriteStream(args.values.output!);
  const writer = new JsonLinesWriter(out);
  const node = buildNode(config, emit, writer, undefined, undefined, { openapiDir: args.values.openapi ?? null });
  const reader = new PcapStreamReader(node.pipeline.onFrame);
  const input = openCaptureStream(file);
  let failure: string | null = null;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      reader.push(chunk);
      await writer.drain();
    }
    reader.end();
  } catch (err) {
    if (err instanceof CaptureFormatError) failure = `${file}: ${err.message}; the rest of the file was not read`;
    else if ((err as NodeJS.ErrnoException).code === 'ENOENT') failure = `${file}: no such file`;
    else throw err;
  }
  node.pipeline.finish();
  await writer.close();
  process.stderr.write(`${formatSummary(reader.stats, node)}\n`);
  if (failure !== null) {
    process.stderr.write(`native-node replay: ${failure}\n`);
    return 2;
  }
  return 0;
}

/** replay --workers N: the capture thread reads and shards, N workers analyse (node/workers). */
async function replayOnWorkers(file: string, config: NodeConfig, configPath: string | null, emit: Set<RecordType>, output: string, workers: number): Promise<number> {
  const out = output === '-' ? process.stdout : createWriteStream(output);
  const writer = new JsonLinesWriter(out);
  const pool = new WorkerPool({ workers, config, configPath, produce: emit, sink: writer, overload: 'wait' });
  const reader = new PcapStreamReader(pool.onFrame);
  let failure: string | null = null;
  try {
    for await (const chunk of openCaptureStream(file) as AsyncIterable<Buffer>) {
      reader.push(chunk);
      pool.flush();
      await pool.ready();
      await writer.drain();
    }
    reader.end();
  } catch (err) {
    if (err instanceof CaptureFormatError) failure = `${file}: ${err.message}; the rest of the file was not read`;
    else if ((err as NodeJS.ErrnoException).code === 'ENOENT') failure = `${file}: no such file`;
    else throw err;
  }
  const counters = await pool.finish();
  await writer.close();
  process.stderr.write(`${formatSummary(reader.stats, counters)}\n`);
  if (failure !== null) {
    process.stderr.write(`native-node replay: ${failure}\n`);
    return 2;
  }
  return 0;
}
