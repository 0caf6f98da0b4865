/**
 * The module Jazzer.js fuzzes: bundled by test/fuzz/jazzer/engine.ts into one CommonJS file so
 * its instrumentation sees node/ (it rewrites plain .js files, not TypeScript). The target is
 * chosen by AIO_FUZZ_TARGET.
 */
import { targetByName } from '../targets';

const name = process.env.AIO_FUZZ_TARGET ?? '';
const target = targetByName(name);
if (target === undefined) throw new Error(`AIO_FUZZ_TARGET: unknown fuzz target ${JSON.stringify(name)}`);
const run = target.run;

export function fuzz(data: Buffer): void {
  run(data);
}
