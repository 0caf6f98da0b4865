/** "Did you mean" suggestions: the nearest candidate by edit distance, when it is near enough. */

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/**
 * The closest candidate within max(2, half the word's length) edits, or containing / contained in
 * the word (`pcap` -> `libpcap`, `loggin` -> `log`); else null.
 */
export function nearest(word: string, candidates: readonly string[]): string | null {
  const lower = word.toLowerCase();
  const limit = Math.max(2, Math.ceil(word.length / 2));
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const cl = c.toLowerCase();
    const d = editDistance(lower, cl);
    const near = d <= limit || cl.includes(lower) || lower.includes(cl);
    if (near && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** `did you mean "x"? valid: a, b, c` or just the list. */
export function suggestion(word: string, candidates: readonly string[], noun = 'valid'): string {
  const near = nearest(word, candidates);
  const list = `${noun}: ${candidates.join(', ')}`;
  return near ? `did you mean "${near}"? ${list}` : list;
}
