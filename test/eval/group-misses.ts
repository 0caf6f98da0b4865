/**
 * Groups the misses printed by `npx tsx test/eval/detection.ts --direct --misses N [--source X]`
 * by the shape of the error, so that a class of error is read once instead of case by case:
 *   npx tsx test/eval/detection.ts --direct --misses 2000 --source nuclei | npx tsx test/eval/group-misses.ts
 * A whole request (`GET /path?...`) is keyed by its method, first path segment and file extension;
 * a value by its skeleton (letters as `a`, digits as `9`, runs folded, the first 24 characters).
 */
import fs from 'node:fs';

const LINE = /^\[(\S+) (\S+) (\S+)\] (".*")$/;

export function shapeOf(payload: string): string {
  const req = /^(?:\S+ )?(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) (\/[^?\s]*)(\S*)\s*([^]*)$/.exec(payload);
  if (req) {
    const segs = req[2].split('/').filter(Boolean);
    const last = segs[segs.length - 1] ?? '';
    const ext = /\.(\w{1,8})$/.exec(last)?.[1] ?? (req[2].endsWith('/') ? '<dir>' : '-');
    // The value sent (query or body, after its first `=`): its skeleton tells test suites' requests apart.
    const sent = (req[4] || req[3]).replace(/^[^=]{0,40}=/, '');
    return `${req[1]} /${segs[0] ?? ''} .${ext}${sent ? ' ' + skeleton(decode(sent)) : ''}`;
  }
  return skeleton(payload);
}

/** Letters as `a`, digits as `9`, blanks folded, the first 16 characters. */
function skeleton(text: string): string {
  return text
    .slice(0, 16)
    .replace(/[A-Za-z]+/g, 'a')
    .replace(/[0-9]+/g, '9')
    .replace(/\s+/g, ' ');
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function main(): void {
  const groups = new Map<string, Map<string, string[]>>();
  let section = '';
  for (const line of fs.readFileSync(0, 'utf8').split('\n')) {
    if (line.startsWith('== ')) {
      section = line.slice(3).replace(/ \(\d+\)$/, '');
      continue;
    }
    const m = LINE.exec(line);
    if (!m || !section) continue;
    const payload = JSON.parse(m[4]) as string;
    const bySection = groups.get(section) ?? new Map<string, string[]>();
    groups.set(section, bySection);
    const key = shapeOf(payload);
    bySection.set(key, [...(bySection.get(key) ?? []), payload]);
  }
  for (const [section, bySection] of groups) {
    console.log(`== ${section}`);
    for (const [key, list] of [...bySection].sort((a, b) => b[1].length - a[1].length))
      console.log(`  ${String(list.length).padStart(4)}  ${key}   e.g. ${JSON.stringify(list[0].slice(0, 100))}`);
  }
}

main();
