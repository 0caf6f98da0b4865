/**
 * What the capture-to-worker path costs the capture thread, per frame (docs/performance.md "Live
 * capture"): `npx tsx test/bench/handoff.ts [FILE] [--rounds N]`. Over the frames of a capture
 * (default: bench:live's 16 MB mix), in process, CPU time of this thread alone
 * (/proc/thread-self/stat, so the workers' analysis and other jobs on a shared machine do not
 * count), best of `--rounds`:
 * - decode: PacketDecoder.decode of every frame (what the capture thread must do to find the connection);
 * - + shard + copy: connectionHash and the decoded segment's copy into 1 MiB batches (BatchWriter), batches reused;
 * - worker: reading the segments back from those batches (readBatch), what a worker does per frame
 *   instead of decoding it again (compare with the decode row);
 * - + hand-off: WorkerPool.onFrame with 2 workers (the above, plus drop_on_overload's admission
 *   and the postMessage of each full batch, transferred), workers analysing nothing but transactions;
 * - postMessage of one 1 MiB batch to a worker that sends it back, transferred vs copied.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { defaultConfig } from '../../node/config/load';
import { PacketDecoder } from '../../node/decode/decoder';
import { decoderOptionsFromPlan } from '../../node/decode/from-plan';
import { BATCH_BYTES, BatchWriter, readBatch } from '../../node/workers/batch';
import { DecodedPacket } from '../../node/decode/packet';
import { WorkerPool } from '../../node/workers/pool';
import { connectionHash } from '../../node/workers/shard';
import { generateMixCapture } from './capture';

interface Frame {
  linkType: number;
  buf: Buffer;
  offset: number;
  length: number;
  ts: number;
}

/** CPU seconds of the calling thread (utime + stime, clock ticks of 10 ms). */
function threadCpu(): number {
  const f = readFileSync('/proc/thread-self/stat', 'utf8');
  const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(rest[11]) + Number(rest[12])) / 100;
}

/** Classic pcap, microsecond timestamps, one link type: the frames as views into the file. */
function framesOf(file: string): Frame[] {
  const data = readFileSync(file);
  const linkType = data.readUInt32LE(20);
  const out: Frame[] = [];
  for (let at = 24; at + 16 <= data.length;) {
    const ts = data.readUInt32LE(at) * 1e6 + data.readUInt32LE(at + 4);
    const length = data.readUInt32LE(at + 8);
    out.push({ linkType, buf: data, offset: at + 16, length, ts });
    at += 16 + length;
  }
  return out;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { rounds: { type: 'string', default: '5' } } });
  const rounds = Number(values.rounds);
  let file = positionals[0];
  if (file === undefined) {
    file = '/tmp/aio-native-handoff-mix.pcap';
    generateMixCapture(file, 16 * 1024 * 1024, 0.05, 'web', 7, null, false);
  }
  const frames = framesOf(file);
  const bytes = frames.reduce((n, f) => n + f.length, 0);
  const config = defaultConfig();
  const best = async (what: string, run: () => Promise<void> | void, repeat = 20): Promise<void> => {
    let min = Infinity;
    for (let r = 0; r < rounds; r++) {
      const t0 = threadCpu();
      for (let i = 0; i < repeat; i++) await run();
      min = Math.min(min, (threadCpu() - t0) / repeat);
    }
    const perFrameNs = (min / frames.length) * 1e9;
    process.stdout.write(
      `${what.padEnd(34)} ${perFrameNs.toFixed(0).padStart(6)} ns/frame ${((bytes * 8) / min / 1e9).toFixed(1).padStart(6)} Gbit/s of one core\n`,
    );
  };
  process.stdout.write(`${file}: ${frames.length} frames, ${(bytes / 2 ** 20).toFixed(1)} MiB\n`);
  const decoder = new PacketDecoder(decoderOptionsFromPlan(config.capture, config.limits));
  await best('decode', () => {
    for (const f of frames) decoder.decode(f.linkType, f.buf, f.offset, f.length, f.ts);
  });
  const batches = [new BatchWriter(new ArrayBuffer(BATCH_BYTES)), new BatchWriter(new ArrayBuffer(BATCH_BYTES))];
  await best('decode + shard + copy into batches', () => {
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i];
      const p = decoder.decode(f.linkType, f.buf, f.offset, f.length, f.ts);
      if (p === null) continue;
      const lane = connectionHash(p) % 2;
      if (!batches[lane].add(p, i + 1)) {
        batches[lane] = new BatchWriter(batches[lane].buffer);
        batches[lane].add(p, i + 1);
      }
    }
  });
  // What a worker does per frame instead of decoding it again: read the segment from its batch.
  const filled: BatchWriter[] = [];
  let writer = new BatchWriter(new ArrayBuffer(BATCH_BYTES));
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i];
    const p = decoder.decode(f.linkType, f.buf, f.offset, f.length, f.ts);
    if (p === null) continue;
    if (!writer.add(p, i + 1)) {
      filled.push(writer);
      writer = new BatchWriter(new ArrayBuffer(BATCH_BYTES));
      writer.add(p, i + 1);
    }
  }
  filled.push(writer);
  const segment = new DecodedPacket();
  let payload = 0;
  await best('worker: read segments from batches', () => {
    for (const b of filled) readBatch(b.buffer, b.used, segment, (p) => (payload += p.payloadLength));
  });
  const pool = new WorkerPool({
    workers: 2,
    config,
    produce: new Set(['transaction']),
    sink: { write: () => {}, writeLineRun: () => {} },
    overload: 'wait',
    maxBatches: 1024,
    live: true,
  });
  await pool.started;
  await best(
    '+ admission + hand-off (WorkerPool)',
    async () => {
      for (const f of frames) pool.onFrame(f.linkType, f.buf, f.offset, f.length, f.ts, f.length);
      pool.flush();
      // Every batch back before the next round: at a steady rate the pool reuses its buffers (a
      // new 1 MiB ArrayBuffer costs its page faults on first use).
      while (pool.counters.backlogBatches > 0) await new Promise((r) => setTimeout(r, 1));
    },
    3,
  );
  await pool.finish();
  // postMessage of one batch: a worker that returns what it gets.
  const echo = new Worker(
    `const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage(m, m.transfer ? [m.buffer] : []));`,
    { eval: true },
  );
  for (const transfer of [true, false]) {
    let buffer = new ArrayBuffer(BATCH_BYTES);
    const n = 200;
    let min = Infinity;
    for (let r = 0; r < rounds; r++) {
      const t0 = threadCpu();
      for (let i = 0; i < n; i++) {
        const back = new Promise<ArrayBuffer>((resolve) =>
          echo.once('message', (m: { buffer: ArrayBuffer }) => resolve(m.buffer)),
        );
        echo.postMessage({ buffer, transfer }, transfer ? [buffer] : []);
        buffer = await back;
      }
      min = Math.min(min, (threadCpu() - t0) / n);
    }
    process.stdout.write(
      `postMessage of a 1 MiB batch, ${transfer ? 'transferred' : 'copied'}: ${(min * 1e6).toFixed(0)} µs of this thread per round trip\n`,
    );
  }
  await echo.terminate();
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
