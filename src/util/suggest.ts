/**
 * Edit distance for "did you mean" suggestions: insertions, deletions, substitutions and, as the
 * commonest typo, a swap of two neighbouring letters ("pdo" for "pod") each count as one edit
 * (the optimal string alignment distance).
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0
  let beforePrevious: number[] = []
  let previous = Array.from({length: b.length + 1}, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      let distance = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) distance = Math.min(distance, beforePrevious[j - 2]! + 1)
      current.push(distance)
    }
    beforePrevious = previous
    previous = current
  }
  return previous[b.length]!
}

/**
 * Names close to `wanted`: those containing it (or contained in it) first, then the nearest
 * within an edit distance of about a third of its length (only the nearest: "wbe-1" suggests
 * web-1, one swap away, not also web-0 and web-2, two edits away); at most `limit`, best first.
 */
export function closestNames(wanted: string, candidates: Iterable<string>, limit = 3): string[] {
  // Names come from files and servers: a number or null where a name belongs is skipped, never a TypeError.
  if (typeof wanted !== 'string') return []
  const needle = wanted.toLowerCase()
  const budget = Math.max(2, Math.ceil(needle.length / 3))
  const scored: Array<{name: string; score: number}> = []
  for (const name of candidates) {
    if (typeof name !== 'string') continue
    const lower = name.toLowerCase()
    if (lower === needle) continue
    const contains = lower.includes(needle) || (lower.length >= 3 && needle.includes(lower))
    const distance = editDistance(needle, lower)
    if (contains) scored.push({name, score: distance - 100})
    else if (distance <= budget) scored.push({name, score: distance})
  }
  const nearest = Math.min(...scored.filter((s) => s.score >= 0).map((s) => s.score))
  const kept = scored.filter((s) => s.score < 0 || s.score === nearest)
  kept.sort((x, y) => x.score - y.score || x.name.localeCompare(y.name))
  return kept.slice(0, limit).map((s) => s.name)
}

/** ` (did you mean "a" or "b"?)`, or '' when nothing is close. */
export function didYouMean(wanted: string, candidates: Iterable<string>): string {
  const close = closestNames(wanted, candidates)
  if (close.length === 0) return ''
  const quoted = close.map((n) => `"${n}"`)
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`
  return ` (did you mean ${list}?)`
}
