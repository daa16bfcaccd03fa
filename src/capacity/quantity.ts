/**
 * Kubernetes resource quantities, parsed and printed the way apimachinery's
 * resource.Quantity does it, with exact integer arithmetic: every amount is a bigint
 * count of nano-units (1 core = 10^9, 1 byte = 10^9). Parsing rounds a non-zero value
 * up (away from zero) to the nearest nano-unit, as apimachinery does.
 */

import {CapacityError} from './errors.js'

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent'

export interface Quantity {
  /** The value in nano-units (value × 10^9), exact. */
  nanos: bigint
  /** The suffix family the quantity was written in; canonical printing keeps it. */
  format: QuantityFormat
}

/** One nano-unit scale: 10^9. */
export const NANO = 1_000_000_000n

/** Why a string is not a quantity; the message is one line. */
export class QuantityError extends CapacityError {
  override name = 'QuantityError'
}

const decimalSuffixes: Record<string, number> = {n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18}
const binarySuffixes: Record<string, number> = {Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60}
const binaryNames = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei']
const decimalNames = new Map(Object.entries(decimalSuffixes).map(([name, exponent]) => [exponent, name]))

/** apimachinery caps a BinarySI quantity at the largest int64. */
const maxBinaryNanos = (2n ** 63n - 1n) * NANO
/** Keep hostile exponents (1e999999999) from allocating huge numbers. */
const maxExponent = 4096

const numberPattern = /^([+-]?)(\d*)(?:\.(\d*))?(.*)$/s

/** Parses one quantity string such as `250m`, `1.5Gi`, `12e6` or `1E`. Throws QuantityError. */
export function parseQuantity(text: string): Quantity {
  const match = numberPattern.exec(text)
  const whole = match?.[2] ?? ''
  const fraction = match?.[3] ?? ''
  if (!match || (whole === '' && fraction === '')) throw new QuantityError(describeBadNumber(text))
  const sign = match[1] === '-' ? -1n : 1n
  const suffix = match[4]!
  let format: QuantityFormat
  let decimalExponent = 0
  let binaryExponent = 0
  if (suffix in binarySuffixes) {
    format = 'BinarySI'
    binaryExponent = binarySuffixes[suffix]!
  } else if (suffix in decimalSuffixes) {
    format = 'DecimalSI'
    decimalExponent = decimalSuffixes[suffix]!
  } else if (/^[eE][+-]?\d+$/.test(suffix)) {
    format = 'DecimalExponent'
    decimalExponent = Number(suffix.slice(1))
    if (Math.abs(decimalExponent) > maxExponent) throw new QuantityError(`"${text}" is out of range`)
  } else {
    throw new QuantityError(describeBadSuffix(text, suffix))
  }
  // value = digits / 10^fraction.length × 10^decimalExponent × 2^binaryExponent, in nanos (× 10^9)
  let numerator = BigInt(whole + fraction || '0') * 2n ** BigInt(binaryExponent) * NANO
  let denominator = 10n ** BigInt(fraction.length)
  if (decimalExponent >= 0) numerator *= 10n ** BigInt(decimalExponent)
  else denominator *= 10n ** BigInt(-decimalExponent)
  let nanos = ceilDivide(numerator, denominator)
  if (format === 'BinarySI' && nanos > maxBinaryNanos) nanos = maxBinaryNanos
  if (format === 'BinarySI' && nanos > 0n && nanos < NANO) format = 'DecimalSI'
  return {nanos: sign * nanos, format}
}

function describeBadNumber(text: string): string {
  if (text.trim() !== text) return `"${text}" has spaces around it; write the quantity alone, e.g. 500m or 4Gi`
  return `"${text}" is not a quantity; write a number with an optional suffix, e.g. 2, 500m, 4Gi or 4G`
}

function describeBadSuffix(text: string, suffix: string): string {
  const hint: Record<string, string> = {
    GB: 'G (10^9) or Gi (2^30)',
    MB: 'M (10^6) or Mi (2^20)',
    KB: 'k (10^3) or Ki (2^10)',
    kB: 'k (10^3) or Ki (2^10)',
    TB: 'T or Ti',
    K: 'k (10^3) or Ki (2^10); only a lower-case k is kilo',
    gi: 'Gi',
    mi: 'Mi',
    ki: 'Ki',
    g: 'G or Gi',
  }
  const trimmed = suffix.trim()
  if (hint[trimmed]) return `"${text}" is not a quantity: use ${hint[trimmed]} instead of "${trimmed}"`
  if (/\s/.test(text)) return `"${text}" is not a quantity: write the number and suffix without spaces or words, e.g. 2 or 500m`
  return `"${text}" is not a quantity: unknown suffix "${suffix}" (use n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei or e<exponent>)`
}

/** The canonical string apimachinery prints: no fraction, largest suffix of the same family. */
export function formatQuantity(quantity: Quantity): string {
  const {nanos} = quantity
  if (nanos === 0n) return '0'
  let format = quantity.format
  const magnitude = nanos < 0n ? -nanos : nanos
  if (format === 'BinarySI' && (magnitude < 1024n * NANO || magnitude % NANO !== 0n)) format = 'DecimalSI'
  const sign = nanos < 0n ? '-' : ''
  if (format === 'BinarySI') {
    let units = magnitude / NANO
    let step = 0
    while (step < 6 && units % 1024n === 0n) {
      units /= 1024n
      step++
    }
    return `${sign}${units}${binaryNames[step]}`
  }
  let mantissa = magnitude
  let exponent = -9
  while (mantissa % 1000n === 0n && (format === 'DecimalExponent' || exponent < 18)) {
    mantissa /= 1000n
    exponent += 3
  }
  const suffix = format === 'DecimalSI' ? decimalNames.get(exponent)! : exponent === 0 ? '' : `e${exponent}`
  return `${sign}${mantissa}${suffix}`
}

/** Round-trips a quantity string to its canonical form (`1.5` → `1500m`). */
export function canonicalQuantity(text: string): string {
  return formatQuantity(parseQuantity(text))
}

/** ⌈a / b⌉ for b > 0, rounding away from zero for the sign of a. */
export function ceilDivide(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive')
  if (numerator >= 0n) return (numerator + denominator - 1n) / denominator
  return -ceilDivide(-numerator, denominator)
}

/** ⌊a / b⌋ for non-negative a and positive b. */
export function floorDivide(numerator: bigint, denominator: bigint): bigint {
  return numerator / denominator
}

/** A nano-unit amount from a whole number of units (cores, bytes, GPUs). */
export function fromUnits(units: bigint | number): bigint {
  return BigInt(units) * NANO
}

/** Nano-units to a JS number of units (for -o json). Exact for whole millis below 2^53 nanos. */
export function toNumber(nanos: bigint): number {
  const whole = nanos / NANO
  const rest = nanos % NANO
  return Number(whole) + Number(rest) / 1e9
}

/** Whole units, rounded up (Kubernetes' Value()): memory in bytes. */
export function toWholeUnits(nanos: bigint): number {
  return Number(ceilDivide(nanos, NANO))
}

/**
 * A decimal string of numerator/denominator with at most `places` decimals, trailing
 * zeros dropped, rounded as asked. Exact when the division terminates within `places`.
 */
export function decimalString(numerator: bigint, denominator: bigint, places: number, rounding: 'up' | 'down' | 'nearest' = 'nearest'): string {
  const negative = numerator < 0n !== denominator < 0n && numerator !== 0n
  let n = numerator < 0n ? -numerator : numerator
  const d = denominator < 0n ? -denominator : denominator
  const scale = 10n ** BigInt(places)
  n *= scale
  let q = n / d
  const r = n % d
  if (r !== 0n) {
    if (rounding === 'up' && !negative) q += 1n
    else if (rounding === 'down' && negative) q += 1n
    else if (rounding === 'nearest' && r * 2n >= d) q += 1n
  }
  const whole = q / scale
  let decimals = (q % scale).toString().padStart(places, '0').replace(/0+$/, '')
  if (places === 0) decimals = ''
  return `${negative ? '-' : ''}${whole}${decimals ? '.' + decimals : ''}`
}

/** True when numerator/denominator has no more than `places` decimals. */
export function isExact(numerator: bigint, denominator: bigint, places: number): boolean {
  return (numerator * 10n ** BigInt(places)) % denominator === 0n
}

/** CPU for people: `79.2`, `15.89`, `250m` style as cores with up to 3 decimals. */
export function formatCores(nanos: bigint, rounding: 'up' | 'down' | 'nearest' = 'nearest'): string {
  return decimalString(nanos, NANO, 3, rounding)
}

const byteUnits: Array<[string, bigint]> = [
  ['Ei', 2n ** 60n],
  ['Pi', 2n ** 50n],
  ['Ti', 2n ** 40n],
  ['Gi', 2n ** 30n],
  ['Mi', 2n ** 20n],
  ['Ki', 2n ** 10n],
]

/** Memory for people: `158.4Gi`, `58.42Gi`, `512Mi`, `300` (bytes); two decimals at most. */
export function formatBytes(nanos: bigint, rounding: 'up' | 'down' | 'nearest' = 'nearest'): string {
  const magnitude = nanos < 0n ? -nanos : nanos
  for (const [name, size] of byteUnits) {
    if (magnitude >= size * NANO) return `${decimalString(nanos, size * NANO, 2, rounding)}${name}`
  }
  return decimalString(nanos, NANO, 0, rounding)
}

/** A plain count (pods, GPUs) for people. */
export function formatCount(nanos: bigint): string {
  return decimalString(nanos, NANO, 3)
}

/** Formats an amount of the named resource for people. */
export function formatResource(resource: string, nanos: bigint, rounding: 'up' | 'down' | 'nearest' = 'nearest'): string {
  if (resource === 'cpu') return formatCores(nanos, rounding)
  if (resource === 'memory' || resource === 'ephemeral-storage' || resource.startsWith('hugepages-')) return formatBytes(nanos, rounding)
  return formatCount(nanos)
}

/**
 * Parses a quantity given for a resource request, where negatives make no sense.
 * `where` names the flag or the file and line, and goes into the error.
 */
export function parseRequest(text: string | number, where: string): bigint {
  // Files are untyped YAML: a list or mapping where a quantity belongs is named, not stringified.
  if (typeof text !== 'string' && typeof text !== 'number') throw new QuantityError(`${where}: ${JSON.stringify(text)} is not a quantity; write e.g. 2, 500m or 4Gi`)
  const asText = typeof text === 'number' ? String(text) : text
  let quantity: Quantity
  try {
    quantity = parseQuantity(asText)
  } catch (error) {
    throw new QuantityError(`${where}: ${(error as Error).message}`)
  }
  if (quantity.nanos < 0n) throw new QuantityError(`${where}: "${asText}" is negative; a request must be 0 or more`)
  return quantity.nanos
}

/**
 * A fraction as an exact ratio: `10%`, `0.1`, `1/10`. Returns numerator and denominator.
 */
export interface Ratio {
  numerator: bigint
  denominator: bigint
}

export function parsePercent(text: string, where: string): Ratio {
  const trimmed = text.trim()
  const percent = /^(\d+(?:\.\d+)?|\.\d+)%$/.exec(trimmed)
  const plain = /^(\d+(?:\.\d+)?|\.\d+)$/.exec(trimmed)
  const digits = percent?.[1] ?? plain?.[1]
  if (!digits) throw new QuantityError(`${where}: "${text}" is not a percentage; write e.g. 10% or 0.1`)
  const [whole = '', fraction = ''] = digits.split('.')
  if (!percent && Number(digits) > 1) throw new QuantityError(`${where}: "${text}" would be ${Number(digits) * 100}%; write ${digits}% for percent, or a fraction of at most 1 such as 0.1`)
  let numerator = BigInt(whole + fraction || '0')
  let denominator = 10n ** BigInt(fraction.length)
  if (percent) denominator *= 100n
  if (numerator > denominator) throw new QuantityError(`${where}: "${text}" is over 100%; give a share of at most 100%, e.g. 10% or 0.1`)
  const divisor = gcd(numerator, denominator)
  numerator /= divisor
  denominator /= divisor
  return {numerator, denominator}
}

export function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a
  let y = b < 0n ? -b : b
  while (y !== 0n) [x, y] = [y, x % y]
  return x === 0n ? 1n : x
}

export function formatPercent(ratio: Ratio): string {
  return decimalString(ratio.numerator * 100n, ratio.denominator, 2) + '%'
}

/** An amount with its unit for sentences: `15.89 cores`, `250m cpu`, `4Gi`, `1 nvidia.com/gpu`. */
export function describeAmount(resource: string, nanos: bigint): string {
  if (resource === 'cpu' && nanos > 0n && nanos < NANO) return `${decimalString(nanos * 1000n, NANO, 3)}m cpu`
  const text = formatResource(resource, nanos)
  if (resource === 'cpu') return `${text} core${text === '1' ? '' : 's'}`
  if (resource === 'memory') return text
  return `${text} ${resource}`
}
