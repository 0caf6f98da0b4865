/**
 * Learns the sqli and xss scores (node/analysis/attacks/detectors/scoring.ts) from labelled values:
 * a logistic regression over the readers' signals (sqli.ts sqliSignals, xss.ts xssSignals), then
 * the threshold on the training data itself: above the score of every benign training value that
 * could fire (it has an evidence signal) and that the sure rules do not flag already. Deterministic (fixed example order, fixed steps), so the
 * committed weights are reproducible (test/unit/attacks/learned-models.test.ts).
 */
import { Budget, DEFAULT_ATTACK_LIMITS } from '../../node/analysis/attacks/budget';
import { decodeVariants } from '../../node/analysis/attacks/decode/variants';
import { hasEvidence, NEVER, type ScoreModel } from '../../node/analysis/attacks/detectors/scoring';
import { FingerprintSet } from '../../node/analysis/attacks/detectors/sql-tokens';
import { isScoredText, isSqlInjection, sqliSignals } from '../../node/analysis/attacks/detectors/sqli';
import { isXss, xssSignals } from '../../node/analysis/attacks/detectors/xss';
import type { AttackClass } from '../../node/records/types';
import { caseHash } from './corpus';

/** A value of the kept cases with the classes it was sent as (null = benign). */
export interface TrainingValue {
  value: string;
  expect: readonly AttackClass[] | null;
}

/** A signal seen in fewer training values than this gets no weight (it would only fit those values). */
const MIN_SIGNAL_SUPPORT = 3;
const EPOCHS = 12;
const LEARNING_RATE = 0.3;
/** L2 pull towards 0 per step: weights of rare signals stay small. */
const L2 = 1e-5;
/** Benign values weigh this much more than attacks: a false positive costs more than a miss. */
const BENIGN_WEIGHT = 4;
/** Other classes' attacks are no evidence of this class, but not benign either: they weigh less. */
const OTHER_CLASS_WEIGHT = 0.5;
/** The threshold is never below this score (the model's 50 % point is 0). */
const MIN_THRESHOLD = 1;
/** Above the highest benign training score by this much. */
const THRESHOLD_MARGIN = 0.25;

interface Example {
  signals: string[];
  positive: boolean;
  weight: number;
  benign: boolean;
  /** The sure rules flag the value already: not a candidate for the threshold. */
  sure: boolean;
  key: number;
}

/** The values' decoded forms, remembered across folds (the evaluation learns once per corpus). */
const formsCache = new Map<string, readonly string[]>();
function formsOf(value: string): readonly string[] {
  let forms = formsCache.get(value);
  if (forms === undefined) {
    const budget = new Budget({ ...DEFAULT_ATTACK_LIMITS, maxMillisPerRequest: 1e9 });
    formsCache.set(value, (forms = decodeVariants(value, budget)));
  }
  return forms;
}

const signalCache = new Map<string, string[]>();
function cachedSignals(kind: 'sqli' | 'xss', form: string): string[] {
  const key = kind + '\u0000' + form;
  let s = signalCache.get(key);
  if (s === undefined) signalCache.set(key, (s = kind === 'sqli' ? sqliSignals(form) : xssSignals(form)));
  return s;
}

export function learnScores(
  values: readonly TrainingValue[],
  sqliFingerprints: Iterable<string>,
): { sqli: ScoreModel; xss: ScoreModel } {
  const set = new FingerprintSet(sqliFingerprints);
  return {
    sqli: learnScore(
      values,
      'sqli',
      (f) => isScoredText(f),
      (f) => isSqlInjection(f, set),
    ),
    xss: learnScore(
      values,
      'xss',
      () => true,
      (f) => isXss(f),
    ),
  };
}

/**
 * One class's model: attacks of the class are positive (their most decoded form, what the detector
 * reads last), every decoded form of a benign value and of other classes' attacks negative.
 */
function learnScore(
  values: readonly TrainingValue[],
  cls: 'sqli' | 'xss',
  read: (form: string) => boolean,
  sure: (form: string) => boolean,
): ScoreModel {
  const examples: Example[] = [];
  for (const v of values) {
    const forms = formsOf(v.value);
    const positive = v.expect !== null && v.expect.includes(cls);
    const chosen = positive ? [forms[forms.length - 1]] : forms;
    for (const form of chosen) {
      if (!read(form)) continue;
      const benign = v.expect === null;
      examples.push({
        signals: cachedSignals(cls, form),
        positive,
        weight: positive ? 1 : benign ? BENIGN_WEIGHT : OTHER_CLASS_WEIGHT,
        benign,
        sure: benign && sure(form),
        key: caseHash(cls + form + (positive ? '+' : '-')),
      });
    }
  }
  if (!examples.some((e) => e.positive) || !examples.some((e) => e.benign)) return NEVER;
  examples.sort((a, b) => a.key - b.key);
  const weights = fit(examples, supportedSignals(examples));
  const score = (e: Example): number => e.signals.reduce((s, x) => s + (weights.weights[x] ?? 0), weights.bias);
  let highest = Number.NEGATIVE_INFINITY;
  for (const e of examples) if (e.benign && !e.sure && hasEvidence(e.signals)) highest = Math.max(highest, score(e));
  const threshold = Math.ceil(Math.max(MIN_THRESHOLD, highest + THRESHOLD_MARGIN) * 1000) / 1000;
  return { ...weights, threshold };
}

function supportedSignals(examples: readonly Example[]): Set<string> {
  const support = new Map<string, number>();
  for (const e of examples) for (const s of e.signals) support.set(s, (support.get(s) ?? 0) + 1);
  return new Set([...support].filter(([, n]) => n >= MIN_SIGNAL_SUPPORT).map(([s]) => s));
}

/** Logistic regression by AdaGrad over the examples in their fixed order; weights rounded to 1/1000. */
function fit(examples: readonly Example[], vocabulary: Set<string>): { bias: number; weights: Record<string, number> } {
  const index = new Map([...vocabulary].sort().map((s, i) => [s, i]));
  const w = new Float64Array(index.size);
  const g2 = new Float64Array(index.size).fill(1e-8);
  let bias = 0;
  let biasG2 = 1e-8;
  const ids = examples.map((e) => e.signals.map((s) => index.get(s)).filter((i): i is number => i !== undefined));
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let k = 0; k < examples.length; k++) {
      const e = examples[k];
      let z = bias;
      for (const i of ids[k]) z += w[i];
      const p = 1 / (1 + Math.exp(-z));
      const g = (p - (e.positive ? 1 : 0)) * e.weight;
      biasG2 += g * g;
      bias -= (LEARNING_RATE * g) / Math.sqrt(biasG2);
      for (const i of ids[k]) {
        const gi = g + L2 * w[i];
        g2[i] += gi * gi;
        w[i] -= (LEARNING_RATE * gi) / Math.sqrt(g2[i]);
      }
    }
  }
  const weights: Record<string, number> = {};
  for (const [s, i] of index) {
    const r = Math.round(w[i] * 1000) / 1000;
    if (r !== 0) weights[s] = r;
  }
  return { bias: Math.round(bias * 1000) / 1000, weights };
}

/** The generated TypeScript of the score models (score-weights.ts). */
export function scoreModelsSource(models: { sqli: ScoreModel; xss: ScoreModel }): string {
  const model = (m: ScoreModel): string =>
    `{\n    bias: ${m.bias},\n    threshold: ${m.threshold},\n    weights: ${JSON.stringify(m.weights)},\n  }`;
  return `/**
 * Weights and thresholds of the sqli and xss scores (see scoring.ts), generated by
 * test/eval/learn-scores.ts from the training split of ../shared/corpus. Do not edit by hand;
 * rerun the script after changing a reader's signals.
 */
import type { ScoreModel } from './scoring';

export const SCORE_MODELS: { sqli: ScoreModel; xss: ScoreModel } = {
  sqli: ${model(models.sqli)},
  xss: ${model(models.xss)},
};
`;
}
