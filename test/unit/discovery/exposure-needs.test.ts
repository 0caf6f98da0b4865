import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bodyExposures, EXPOSURE_PATTERNS } from '../../../node/analysis/vulnerabilities/exposure';

test('every text an exposure pattern matches contains one of its `needs` literals (the prefilter loses nothing)', () => {
  for (const p of EXPOSURE_PATTERNS) {
    // fast-check cannot generate for \b: generated without it, kept when the real pattern matches.
    const generator = new RegExp(p.re.source.replace(/\\b/g, ''), p.re.flags);
    fc.assert(
      fc.property(fc.stringMatching(generator, { size: 'small' }), (text) => {
        const m = p.re.exec(text);
        fc.pre(m !== null);
        assert.ok(
          p.needs.some((n) => m![0].includes(n)),
          `${p.id}: ${JSON.stringify(m![0])} has none of ${JSON.stringify(p.needs)}`,
        );
        assert.ok(
          bodyExposures(`<html>${text}</html>`).some((e) => e.id === p.id),
          `${p.id} found in a page`,
        );
      }),
      { numRuns: 300 },
    );
  }
});
