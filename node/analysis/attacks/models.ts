import { memoized } from '../../memo';
import { EXPLOIT_SIGNATURES } from './detectors/exploit-signatures';
import { ExploitIndex, type ExploitSignature } from './detectors/exploits';
import { SQLI_FINGERPRINTS } from './detectors/sqli-fingerprints';
import { FingerprintSet } from './detectors/sql-tokens';
import { isSqlInjection } from './detectors/sqli';
import { type ScoreModel, SignalScore } from './detectors/scoring';
import { SCORE_MODELS } from './detectors/score-weights';
import { xssSignals } from './detectors/xss';

/**
 * What detection learned from the corpora (generated files, see docs/detection.md): SQLi token
 * shapes and known-exploit signatures, and the weights of the sqli and xss scores (scoring.ts). The committed ones are the default; the evaluation builds
 * others to score each corpus with models learned without it (leave-one-source-out).
 */
export interface LearnedModels {
  sqliFingerprints: Iterable<string>;
  exploitSignatures: readonly ExploitSignature[];
  scores: { sqli: ScoreModel; xss: ScoreModel };
}

/** Learned models ready to use, with their own result memory (values repeat across requests). */
export class DetectionModels {
  /** Whether the value (not plain prose: ask isPlainProse first) is SQL injection (sqli.ts isSqlInjection). */
  readonly sqli: (value: string) => boolean;
  /** Whether the learned xss score fires on the value (asked when xss.ts isXss says no). */
  readonly xssScore: (value: string) => boolean;
  readonly exploits: ExploitIndex;

  constructor(learned: LearnedModels) {
    const set = new FingerprintSet(learned.sqliFingerprints);
    const sqliScore = new SignalScore(learned.scores.sqli);
    const xssScore = new SignalScore(learned.scores.xss);
    this.sqli = memoized((t) => isSqlInjection(t, set, sqliScore));
    this.xssScore = memoized((t) => xssScore.fires(xssSignals(t, true)));
    this.exploits = new ExploitIndex(learned.exploitSignatures);
  }
}

export const COMMITTED_MODELS: LearnedModels = {
  sqliFingerprints: SQLI_FINGERPRINTS,
  exploitSignatures: EXPLOIT_SIGNATURES,
  scores: SCORE_MODELS,
};

let committed: DetectionModels | null = null;

/** The committed models, built on first use and shared by every detector that is not given others. */
export function committedModels(): DetectionModels {
  return (committed ??= new DetectionModels(COMMITTED_MODELS));
}
