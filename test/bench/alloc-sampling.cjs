// Preloaded (`node -r`) into a benched replay: V8's sampling heap profiler with the objects that
// minor and major GCs collected kept in the profile, i.e. where bytes are allocated, not what is
// still live (`node --heap-prof` keeps only the live ones, which hides per-transaction garbage).
// Writes the profile at exit to $ALLOC_OUT (default alloc.heapprofile); $ALLOC_INTERVAL is the
// mean bytes between samples (default 8192). With ALLOC_SURVIVORS=1 the objects scavenges freed are
// left out: what remains is what survived the young generation (copied, then promoted: the scavenges'
// work) or is still live at exit. Summarise with test/bench/alloc-summary.ts
// (docs/performance.md "Allocation per transaction (branch i22-alloc)").
'use strict';
const inspector = require('node:inspector');
const fs = require('node:fs');
const session = new inspector.Session();
session.connect();
session.post('HeapProfiler.enable');
session.post('HeapProfiler.startSampling', {
  samplingInterval: Number(process.env.ALLOC_INTERVAL || 8192),
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: process.env.ALLOC_SURVIVORS !== '1',
});
process.on('exit', () => {
  // The inspector session answers synchronously on the main thread, so this runs before exit.
  session.post('HeapProfiler.stopSampling', (err, result) => {
    if (err) process.stderr.write(`alloc-sampling: ${err.message}\n`);
    else fs.writeFileSync(process.env.ALLOC_OUT || 'alloc.heapprofile', JSON.stringify(result.profile));
  });
});
