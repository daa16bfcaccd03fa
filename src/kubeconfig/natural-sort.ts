const chunk = /(\d+)|(\D+)/g

/** Compares names the way people read them: "ctx-2" before "ctx-10" (kubectx's natsort). */
export function naturalCompare(a: string, b: string): number {
  const left = a.match(chunk) ?? []
  const right = b.match(chunk) ?? []
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = left[i]!
    const y = right[i]!
    if (x === y) continue
    const xDigits = /^\d/.test(x)
    const yDigits = /^\d/.test(y)
    if (xDigits && yDigits) {
      const byValue = BigInt(x) < BigInt(y) ? -1 : BigInt(x) > BigInt(y) ? 1 : 0
      if (byValue !== 0) return byValue
      if (x.length !== y.length) return x.length - y.length
      continue
    }
    return x < y ? -1 : 1
  }
  return left.length - right.length
}

export function naturalSort(names: Iterable<string>): string[] {
  return [...names].sort(naturalCompare)
}
