/**
 * The installer's exit codes (SPEC section 2) and the one error type that carries them, so every
 * failure path ends in exactly one clear message and the documented code.
 */
export const EXIT = {
  ok: 0,
  usage: 1,
  preflight: 2,
  registration: 3,
  install: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class InstallerError extends Error {
  constructor(
    readonly code: ExitCode,
    message: string,
    /** Extra lines shown after the message (validator output, what to do next). */
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

export const usageError = (message: string): InstallerError => new InstallerError(EXIT.usage, message);
export const preflightError = (message: string, details: string[] = []): InstallerError =>
  new InstallerError(EXIT.preflight, message, details);
