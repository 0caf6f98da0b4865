/** When /ready answers 200: capture open, not draining, and the cloud spool below its cap. */
import type { ExporterCounters } from '../cloud/exporter';
import type { Readiness } from './snapshot';

/**
 * The spool never exceeds its cap: it drops its oldest batches instead. Within this fraction of the
 * cap the next batches cost old ones, so the node says it is not ready (data is being lost).
 */
export const SPOOL_FULL_FRACTION = 0.9;

export interface ServiceState {
  captureOpen: boolean;
  draining: boolean;
}

export function readiness(
  state: ServiceState,
  exported: ExporterCounters | null,
  spoolCap: { maxBytes: number; maxBatches: number },
): Readiness {
  const reasons: string[] = [];
  if (state.draining) reasons.push('shutting down');
  else if (!state.captureOpen) reasons.push('capture not open yet');
  if (exported !== null) {
    if (exported.spoolBytes >= SPOOL_FULL_FRACTION * spoolCap.maxBytes) {
      reasons.push(
        `cloud spool at its cap (${exported.spoolBytes} of ${spoolCap.maxBytes} bytes): the cloud is not accepting records fast enough`,
      );
    } else if (exported.pendingBatches >= SPOOL_FULL_FRACTION * spoolCap.maxBatches) {
      reasons.push(
        `cloud spool at its cap (${exported.pendingBatches} of ${spoolCap.maxBatches} batches): the cloud is not accepting records fast enough`,
      );
    }
  }
  return { ready: reasons.length === 0, reasons };
}
