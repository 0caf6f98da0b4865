/**
 * Writes node/analysis/attacks/detectors/sqli-fingerprints.ts: the SQLi fingerprint set learned
 * from the training split of the corpora (see learn.ts). Run: npx tsx test/eval/learn-sqli.ts
 * (MIN_SUPPORT_PROSE_LIKE=N overrides the support needed by prose-like keys, default 3, for experiments).
 */
import fs from 'node:fs';
import path from 'node:path';
import { learnSqliFingerprints, loadCorpora, sqliFingerprintsSource, TRAINING_SPLIT } from './learn';

const OUT = path.resolve(__dirname, '../../node/analysis/attacks/detectors/sqli-fingerprints.ts');
const keys = learnSqliFingerprints(loadCorpora(), TRAINING_SPLIT);
fs.writeFileSync(OUT, sqliFingerprintsSource(keys));
console.log(`${keys.length} fingerprints -> ${OUT}`);
