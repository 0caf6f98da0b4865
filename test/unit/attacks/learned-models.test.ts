import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CORPUS_DIR } from '../../eval/corpus-dir';
import {
  exploitSignaturesSource,
  learnExploitSignatures,
  learnScoresFromCorpora,
  learnSqliFingerprints,
  loadCorpora,
  sqliFingerprintsSource,
  TRAINING_SPLIT,
} from '../../eval/learn';
import { scoreModelsSource } from '../../eval/learn-scores-model';

const DETECTORS = path.resolve(__dirname, '../../../node/analysis/attacks/detectors');
const haveCorpora = fs.existsSync(path.join(CORPUS_DIR, 'nuclei-templates-requests'));

// The committed models are what the scripts make from the corpora (reproducible, never edited by hand).
test(
  'committed SQLi fingerprints, exploit signatures and score weights are what test/eval/learn-*.ts generate',
  { skip: haveCorpora ? false : `no corpora at ${CORPUS_DIR}` },
  () => {
    const corpora = loadCorpora();
    const fingerprints = learnSqliFingerprints(corpora, TRAINING_SPLIT);
    assert.equal(
      fs.readFileSync(path.join(DETECTORS, 'sqli-fingerprints.ts'), 'utf8'),
      sqliFingerprintsSource(fingerprints),
      'rerun npx tsx test/eval/learn-sqli.ts',
    );
    assert.equal(
      fs.readFileSync(path.join(DETECTORS, 'score-weights.ts'), 'utf8'),
      scoreModelsSource(learnScoresFromCorpora(corpora, TRAINING_SPLIT, fingerprints)),
      'rerun npx tsx test/eval/learn-scores.ts',
    );
    const templates = corpora.templates.filter((t) => t.split === 'train').length;
    assert.equal(
      fs.readFileSync(path.join(DETECTORS, 'exploit-signatures.ts'), 'utf8'),
      exploitSignaturesSource(learnExploitSignatures(corpora, TRAINING_SPLIT), templates),
      'rerun npx tsx test/eval/learn-exploits.ts',
    );
  },
);
