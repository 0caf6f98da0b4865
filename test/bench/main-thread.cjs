// Preloaded (`node -r`) into benched replays: at exit, prints the CPU time of the process's main
// thread (the pipeline's, without V8's compiler and GC helper threads) from /proc, the figure that
// stays meaningful when other jobs share the machine.
'use strict';
const fs = require('node:fs');
process.on('exit', () => {
  try {
    const fields = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    process.stderr.write(`BENCH-MAIN-THREAD ${(ticks / 100).toFixed(2)}\n`);
  } catch {
    // not Linux: no figure
  }
});
