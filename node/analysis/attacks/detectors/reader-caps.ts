/**
 * The language readers (shell-tokens.ts, js-tokens.ts) read a bounded part of each value. Detectors
 * return a yes/no only, so a reader that stops early notes it here and AttackDetector counts the
 * request once in `caps.script_chars` (detection is synchronous: one request at a time per thread).
 */
let noted = false;

export function noteReaderCap(): void {
  noted = true;
}

/** Whether a reader stopped early since the last call (and forget it). */
export function takeReaderCap(): boolean {
  const was = noted;
  noted = false;
  return was;
}
