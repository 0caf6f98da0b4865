/**
 * Weak signals combined into one score per class (docs/detection.md, "Scores"): each reader names
 * the signals it sees in a value (sqli.ts sqliSignals, xss.ts xssSignals: token shapes, break-outs,
 * comments, function names, tags, handlers, call shapes), a logistic model weighs them, and the
 * class fires when the weighted sum reaches a threshold. Weights and threshold are learned from
 * the training corpora by test/eval/learn-scores.ts (score-weights.ts); the leave-one-source-out
 * evaluation learns them again without the corpus it scores. The score only adds to the sure
 * rules of each detector: it is asked when they say no, and fires only when at least one of the
 * signals is evidence (named with a leading `!`: something only the attack's language has, such
 * as a database function called by name or a script API word), never on weak signals alone.
 */

/** A learned linear model: signal weights, an intercept and the score at which the class fires. */
export interface ScoreModel {
  bias: number;
  threshold: number;
  /** Signal name -> weight; a signal not listed weighs nothing. */
  weights: Readonly<Record<string, number>>;
}

/** A model with its weights in a Map (looked up per signal). */
export class SignalScore {
  private readonly weights: Map<string, number>;
  readonly bias: number;
  readonly threshold: number;

  constructor(model: ScoreModel) {
    this.weights = new Map(Object.entries(model.weights));
    this.bias = model.bias;
    this.threshold = model.threshold;
  }

  /** The weighted sum of the signals (each counted once) plus the intercept. */
  score(signals: readonly string[]): number {
    let s = this.bias;
    for (const signal of signals) s += this.weights.get(signal) ?? 0;
    return s;
  }

  fires(signals: readonly string[]): boolean {
    return hasEvidence(signals) && this.score(signals) >= this.threshold;
  }
}

/** A model that never fires (no weights learned: a class without training data). */
export const NEVER: ScoreModel = { bias: 0, threshold: Number.POSITIVE_INFINITY, weights: {} };

/** Whether one of the signals is evidence (a name starting with `!`). */
export function hasEvidence(signals: readonly string[]): boolean {
  for (const s of signals) if (s.charCodeAt(0) === 0x21) return true;
  return false;
}
