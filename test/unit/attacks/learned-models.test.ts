import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CORPUS_DIR } from '../../eval/corpus-dir';
import {
  exploitSignaturesSource,
  learnExploitSignatures,
  learnSqliFingerprints,
  loadCorpora,
  sqliFingerprintsSource,
  TRAINING_SPLIT,
} from '../../eval/learn';

const DETECTORS = path.resolve(__dirname, '../../../node/analysis/attacks/detectors');
const haveCorpora = fs.existsSync(path.join(CORPUS_DIR, 'nuclei-templates-requests'));

// The committed models are what the scripts make from the corpora (reproducible, never edited by hand).
test(
  'committed SQLi fingerprints and exploit signatures are what test/eval/learn-*.ts generate',
  { skip: haveCorpora ? false : `no corpora at ${CORPUS_DIR}` },
  () => {
    const corpora = loadCorpora();
    assert.equal(
      fs.readFileSync(path.join(DETECTORS, 'sqli-fingerprints.ts'), 'utf8'),
      sqliFingerprintsSource(learnSqliFingerprints(corpora, TRAINING_SPLIT)),
      'rerun npx tsx test/eval/learn-sqli.ts',
    );
    const templates = corpora.templates.filter((t) => t.split === 'train').length;
    assert.equal(
      fs.readFileSync(path.join(DETECTORS, 'exploit-signatures.ts'), 'utf8'),
      exploitSignaturesSource(learnExploitSignatures(corpora, TRAINING_SPLIT), templates),
      'rerun npx tsx test/eval/learn-exploits.ts',
    );
  },
);
