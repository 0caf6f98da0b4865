/**
 * Writes node/analysis/attacks/detectors/score-weights.ts: the weights and thresholds of the sqli
 * and xss scores learned from the training split of the corpora (see learn-scores-model.ts).
 * Run: npx tsx test/eval/learn-scores.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { learnScoresFromCorpora, learnSqliFingerprints, loadCorpora, TRAINING_SPLIT } from './learn';
import { scoreModelsSource } from './learn-scores-model';

const OUT = path.resolve(__dirname, '../../node/analysis/attacks/detectors/score-weights.ts');
const corpora = loadCorpora();
const models = learnScoresFromCorpora(corpora, TRAINING_SPLIT, learnSqliFingerprints(corpora, TRAINING_SPLIT));
fs.writeFileSync(OUT, scoreModelsSource(models));
for (const [cls, m] of Object.entries(models))
  console.log(`${cls}: ${Object.keys(m.weights).length} weights, threshold ${m.threshold} -> ${OUT}`);
