import { CAPTURE_DEFAULTS } from '../../node/config/capture-plan';
import type { CapturePlan } from '../../node/config/types';

/** The capture plan of a config that names no GoReplay flags (no sources), with `over` applied. */
export function capturePlan(over: Partial<CapturePlan> = {}): CapturePlan {
  return {
    engine: CAPTURE_DEFAULTS.engine,
    sources: [],
    vlan: false,
    vlanVids: [],
    vxlanPort: CAPTURE_DEFAULTS.vxlanPort,
    vniInclude: [],
    vniExclude: [],
    bpfOverride: null,
    snaplen: CAPTURE_DEFAULTS.snaplen,
    bufferSizeBytes: CAPTURE_DEFAULTS.bufferSizeBytes,
    promisc: CAPTURE_DEFAULTS.promisc,
    // limits.idle_timeout's default, which -input-raw-expire defaults to.
    expireSec: 300,
    allowIncomplete: false,
    ignoreInterfaces: [],
    ...over,
  };
}
