// Preloaded into a replay child: at exit, writes the process's peak RSS (VmHWM, bytes) to
// $PEAK_RSS_FILE. --max-old-space-size bounds only the JS heap; this is what the kernel charged.
const { readFileSync, writeFileSync } = require('node:fs');
process.on('exit', () => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  if (m && process.env.PEAK_RSS_FILE) writeFileSync(process.env.PEAK_RSS_FILE, String(Number(m[1]) * 1024));
});
