import { defaultConfig } from '../../node/config/load';
import type { CapturePlan } from '../../node/config/types';

/** The capture plan of a config that names no GoReplay flags, without sources, with `over` applied. */
export function capturePlan(over: Partial<CapturePlan> = {}): CapturePlan {
  return { ...defaultConfig().capture, sources: [], ...over };
}
