/**
 * The `anomaly_detection` section of go-node.yaml (node/config/go-node.schema.json;
 * docs/configuration.md, docs/detection.md "Parameter profiles"), typed. The schema applies every
 * default; without a section (tests, tools) the defaults below are the same.
 */
import type { NodeConfig } from '../../../config/types';
import { readSection } from '../../../config/section';

export interface AnomalySettings {
  /** false: no profiles are learned and no `anomaly` hit is reported. */
  enabled: boolean;
  /** Values a parameter's profile learns before it judges any (an established profile). */
  minValues: number;
  /**
   * Share of a parameter's values that must have a character class (or a value type) for it to be
   * normal there: below it, a value with that class breaks the profile. Contaminated learning
   * traffic (attacks among the values learned) stays below it as long as no one attack fills it.
   */
  minShare: number;
  /**
   * Share of all a parameter's values that must have broken its profile with one class (or type)
   * for that class to become normal there: the application changed, not an attacker.
   */
  driftShare: number;
  /**
   * When a profile is established, each of the `minValues` values it learned is judged again against
   * all of them with this share in place of `minShare`; those that break it are taken back (suspect).
   * Contaminated learning traffic (tampered values among a parameter's first values) is not learned
   * as normal unless one tampering fills this share of them.
   */
  rejudgeShare: number;
  /**
   * Share of an established endpoint's requests that must have had a parameter for it to be
   * required: a request without it breaks the endpoint's profile.
   */
  requiredShare: number;
  /**
   * Share of a parameter's values with a space from which it is free text: its symbols are not
   * judged (only control characters, type and length).
   */
  proseShare: number;
  /**
   * A value longer than `lengthFactor` x the parameter's usual longest length (+ 16) is over-long;
   * one shorter than its usual shortest length / `lengthFactor` is too short.
   */
  lengthFactor: number;
  /**
   * Host-wide profiles: the values of every parameter with a plain name are learned as well by a
   * profile of that name over all the host's endpoints, which judges the values of an endpoint's
   * parameter not yet established while the endpoint's own values agree with it (`sharedAgreeShare`).
   */
  sharedProfiles: boolean;
  /** Share of an endpoint parameter's values judged by the host-wide profile (its warm-up included, judged once) that must have kept it for it to judge the next. */
  sharedAgreeShare: number;
  /**
   * Requests of a host (over its profiled endpoints) before a parameter name new to the host is an
   * `anomaly` (with sharedProfiles, at an endpoint past its first request, the host's name set
   * settled: ProfileStore.newToHost); never before minValues.
   */
  hostMinRequests: number;
  /**
   * A parameter's values are a closed vocabulary (a new word breaks it) only once it has had at
   * least this x the square of its distinct words as values (docs/detection.md "Closed
   * vocabularies"); 0: never.
   */
  vocabularyFactor: number;
  /** Host-wide profiles (host, name); a new one beyond is not made (counted). */
  maxSharedParameters: number;
  /** Endpoints (host, method, path template) profiled; a new one beyond is not (counted). */
  maxEndpoints: number;
  /** Parameters profiled per endpoint; a new one beyond is not (counted). */
  maxParametersPerEndpoint: number;
}

export const DEFAULT_ANOMALY_SETTINGS: AnomalySettings = {
  enabled: true,
  minValues: 30,
  minShare: 0.05,
  driftShare: 0.2,
  rejudgeShare: 0.15,
  requiredShare: 0.99,
  proseShare: 0.3,
  lengthFactor: 2,
  sharedProfiles: true,
  sharedAgreeShare: 0.5,
  hostMinRequests: 100,
  vocabularyFactor: 2,
  maxSharedParameters: 4000,
  maxEndpoints: 1000,
  maxParametersPerEndpoint: 32,
};

export function anomalySettings(config: Pick<NodeConfig, 'raw'>): AnomalySettings {
  return readSection(config.raw.anomaly_detection, DEFAULT_ANOMALY_SETTINGS);
}
