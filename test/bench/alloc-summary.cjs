// Summarises a heap profile of test/bench/alloc-sampling.cjs taken on the esbuild bundle: bytes
// allocated by function (self), by source file and inclusive, each bundle line mapped to its source
// file by esbuild's `// node/...` module comments (as test/bench/profile-summary.ts does).
//   node test/bench/alloc-summary.cjs PROFILE BUNDLE [TOP]
// With `--callers NAME` after them: the three frames above each allocation of the function NAME.
'use strict';
const fs = require('node:fs');

const [profilePath, bundlePath, topText, flag, callersOf] = process.argv.slice(2);
const profile = JSON.parse(fs.readFileSync(profilePath, 'utf8'));
const files = [];
let current = '';
for (const line of fs.readFileSync(bundlePath, 'utf8').split('\n')) {
  const m = /^\/\/ ((?:node|node_modules)\/\S+)$/.exec(line);
  if (m) current = m[1];
  files.push(current);
}
const fileOf = (f) => (f.url.endsWith('.cjs') || f.url.endsWith('.js') ? files[f.lineNumber] : f.url);
const keyOf = (f) => `${f.functionName || '(anonymous)'} ${fileOf(f)}:${f.lineNumber + 1}`;
const bySite = new Map();
const byFile = new Map();
const inclusive = new Map();
const callers = new Map();
let total = 0;
const add = (map, key, bytes) => map.set(key, (map.get(key) || 0) + bytes);
(function walk(node, stack) {
  const f = node.callFrame;
  const key = keyOf(f);
  total += node.selfSize;
  add(bySite, key, node.selfSize);
  add(byFile, fileOf(f), node.selfSize);
  const below = new Set(stack).add(key);
  for (const k of below) add(inclusive, k, node.selfSize);
  if (flag === '--callers' && f.functionName === callersOf && node.selfSize > 0)
    add(callers, [...stack].slice(-3).join(' > '), node.selfSize);
  for (const child of node.children) walk(child, [...below]);
})(profile.head, []);

const top = Number(topText || 40);
const show = (title, map) => {
  console.log(`--- ${title}`);
  for (const [k, v] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${(v / 1e6).toFixed(1).padStart(8)} MB ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
};
console.log(`sampled allocation: ${(total / 1e6).toFixed(1)} MB`);
if (flag === '--callers') show(`callers of ${callersOf}`, callers);
else {
  show('self by function', bySite);
  show('self by source file', byFile);
  show('inclusive', inclusive);
}
