/**
 * A long-running service as explicit start steps and one stack of cleanups: each step that
 * acquires something returns how to release it; stop() releases in reverse order, once, whatever
 * the exit path (a signal, the end of a capture file, a failed worker, a step that failed to
 * start). `run` is one (run-service.ts); docs/design.md.
 */
import type { EventEmitter } from 'node:events';

/** Releases what a start step acquired. Errors are reported and the unwinding goes on. */
export type Cleanup = () => void | Promise<void>;

export interface StartStep {
  /** Names the step in errors and logs ("cloud link", "capture"). */
  name: string;
  /** Acquires the step's resource; returns its cleanup, or nothing when there is nothing to release. */
  start(): Promise<Cleanup | void> | Cleanup | void;
}

/** A start step failed; the steps before it were already stopped when this is thrown. */
export class StartError extends Error {
  constructor(
    readonly step: string,
    readonly reason: unknown,
  ) {
    super(`${step}: ${reason instanceof Error ? reason.message : String(reason)}`);
    this.name = 'StartError';
  }
}

/** The signals that ask a service to stop (systemd sends SIGTERM; a terminal SIGINT). */
export const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

export class Service {
  private readonly cleanups: Array<{ name: string; cleanup: Cleanup }> = [];
  private stopping: Promise<void> | null = null;
  private resolveStopRequest!: () => void;
  private requested = false;
  /** Resolves once requestStop() is called: a signal, the end of input, a failure while running. */
  readonly stopRequested: Promise<void>;

  /** `onCleanupError` hears about a cleanup that threw (the others still run). */
  constructor(private readonly onCleanupError: (step: string, err: Error) => void = () => {}) {
    this.stopRequested = new Promise<void>((resolve) => (this.resolveStopRequest = resolve));
  }

  /** Whether a stop was asked for (a step may skip acquiring what would be released at once). */
  get isStopRequested(): boolean {
    return this.requested;
  }

  /** Asks the service to stop; the owner awaits `stopRequested` and then calls stop(). Idempotent. */
  requestStop(): void {
    this.requested = true;
    this.resolveStopRequest();
  }

  /**
   * Runs the steps in order, each pushing its cleanup. When one throws, `onFailure` hears it
   * first (the earlier steps, a log among them, are still up), then the earlier steps are stopped
   * in reverse and a StartError naming the step is thrown.
   */
  async start(steps: readonly StartStep[], onFailure: (step: string, err: Error) => void = () => {}): Promise<void> {
    for (const step of steps) {
      if (this.stopping !== null) throw new StartError(step.name, new Error('the service was stopped during start-up'));
      let cleanup: Cleanup | void;
      try {
        cleanup = await step.start();
      } catch (err) {
        onFailure(step.name, err instanceof Error ? err : new Error(String(err)));
        await this.stop();
        throw new StartError(step.name, err);
      }
      if (cleanup) this.cleanups.push({ name: step.name, cleanup });
    }
  }

  /** Releases everything started, newest first. Every caller gets the same promise: it runs once. */
  stop(): Promise<void> {
    this.requestStop();
    return (this.stopping ??= this.unwind());
  }

  /** A start step: SIGTERM and SIGINT (from `signals`, process by default) request a stop. */
  signalStep(signals: EventEmitter, names: readonly NodeJS.Signals[] = STOP_SIGNALS): StartStep {
    return {
      name: 'signals',
      start: () => {
        const onSignal = (): void => this.requestStop();
        for (const n of names) signals.on(n, onSignal);
        return () => {
          for (const n of names) signals.off(n, onSignal);
        };
      },
    };
  }

  private async unwind(): Promise<void> {
    for (let c = this.cleanups.pop(); c !== undefined; c = this.cleanups.pop()) {
      try {
        await c.cleanup();
      } catch (err) {
        this.onCleanupError(c.name, err instanceof Error ? err : new Error(String(err)));
      }
    }
  }
}
