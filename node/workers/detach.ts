/**
 * Batches cross threads as transferred ArrayBuffers (node/workers/batch.ts), and transferring
 * detaches the sender's buffer. The first detach in an isolate invalidates V8's "no ArrayBuffer
 * was ever detached" assumption, and with it every optimised function that relied on it — in a
 * worker, ~160 functions (Buffer and typed-array code and what inlined them: the HTTP parser,
 * fact extraction, the reassembly) at its first batch-done, after the warm-up had optimised them
 * (docs/performance.md "Results (branch i22-workers, second session)"). Detaching one buffer
 * first, before any code is hot, lets V8 compile for detachable buffers from the start.
 */
export function detachOneBuffer(): void {
  const b = new ArrayBuffer(8);
  structuredClone(b, { transfer: [b] });
}
