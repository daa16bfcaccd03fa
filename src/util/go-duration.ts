/**
 * Go's duration syntax (time.ParseDuration), as kubectl's --request-timeout and stern's --since
 * take it: a sequence of decimal numbers with units, `300ms`, `1.5h`, `2h45m`; units ns, us (µs),
 * ms, s, m, h. No sign: neither flag takes a negative duration.
 */
const unitSeconds: Record<string, number> = {ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600}

/** The duration in seconds (fractional), or undefined when `text` is not one. */
export function goDurationSeconds(text: string): number | undefined {
  const part = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|h|m|s)/gy
  let total = 0
  let consumed = 0
  for (let match = part.exec(text); match; match = part.exec(text)) {
    total += Number(match[1]) * unitSeconds[match[2]!]!
    consumed = part.lastIndex
  }
  return text !== '' && consumed === text.length ? total : undefined
}
