/**
 * "Did you mean …?" for unknown keys and names: the candidate nearest to a misspelt word by edit
 * distance (insertions, deletions, substitutions and swaps of neighbours each cost 1; a change of
 * case alone costs nothing, so `k` finds `K`). Only close candidates are offered: at most
 * ⌊len/3⌋ + 1 edits, so `eat` finds `eta` but `foo` finds nothing among config keys.
 */

/** Optimal-string-alignment distance between a and b (case-insensitive). */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase(), t = b.toLowerCase();
  const rows = s.length + 1, cols = t.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[rows - 1][cols - 1];
}

/** The closest candidate to `word`, or null when none is close enough to be a likely typo. */
export function nearestName(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const dist = editDistance(word, c);
    if (dist < bestDistance) [best, bestDistance] = [c, dist];
  }
  return best !== null && bestDistance <= Math.floor(word.length / 3) + 1 ? best : null;
}

/** " (did you mean eta?)" or "" — to append to an error message. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const n = nearestName(word, candidates);
  return n === null ? '' : ` (did you mean ${n}?)`;
}
