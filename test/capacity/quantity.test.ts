import {execFileSync} from 'node:child_process'
import {describe, expect, it} from 'vitest'
import {NANO, canonicalQuantity, formatBytes, formatCores, parsePercent, parseQuantity, parseRequest} from '../../src/capacity/quantity.js'

describe('parseQuantity', () => {
  it.each([
    ['1', 1n * NANO],
    ['250m', 250_000_000n],
    ['1.5', 1_500_000_000n],
    ['1.5Gi', 1_610_612_736n * NANO],
    ['.5', 500_000_000n],
    ['1.', NANO],
    ['1E', 10n ** 18n * NANO],
    ['1E-3', 1_000_000n],
    ['1e3', 1000n * NANO],
    ['+1', NANO],
    ['-3', -3n * NANO],
    ['0.0000000001', 1n],
    ['0.00000012345', 124n],
    ['0.000000000001Ki', 2n],
    ['4G', 4_000_000_000n * NANO],
    ['100n', 100n],
    ['2u', 2000n],
  ])('%s', (text, nanos) => {
    expect(parseQuantity(text).nanos).toBe(nanos)
  })

  it.each(['1.1.M', '1+1.0M', '0.1mi', '.5i', '1i', '-3.01e-', ' 1', '1 ', '', 'K', '1K', '2 cores', '4GB', 'abc', '.', 'e3'])('rejects %j', (text) => {
    expect(() => parseQuantity(text)).toThrow(/quantity|spaces/)
  })

  it('names the right suffix for 4GB and 1K', () => {
    expect(() => parseQuantity('4GB')).toThrow('use G (10^9) or Gi (2^30) instead of "GB"')
    expect(() => parseQuantity('1K')).toThrow('only a lower-case k is kilo')
  })

  it('caps BinarySI at the largest int64 and switches tiny binary values to DecimalSI', () => {
    expect(parseQuantity('9Ei').nanos).toBe((2n ** 63n - 1n) * NANO)
    expect(parseQuantity('0.000000000001Ki').format).toBe('DecimalSI')
  })
})

describe('canonical form', () => {
  const vectors: Array<[string, string]> = [
    ['1.5', '1500m'],
    ['1.5Gi', '1536Mi'],
    ['0.0000000001', '1n'],
    ['0.00000012345', '124n'],
    ['0.000000000001Ki', '2n'],
    ['1000m', '1'],
    ['1024Ki', '1Mi'],
    ['0.5Gi', '512Mi'],
    ['100000', '100k'],
    ['1.5e3', '1500'],
    ['2000e-3', '2'],
    ['0.5Ki', '512'],
    ['1025', '1025'],
    ['1Ei', '1Ei'],
    ['9Ei', '9223372036854775807'],
    ['.5', '500m'],
    ['1e2', '100'],
    ['1e21', '1e21'],
    ['12e6', '12e6'],
    ['1e1000', '10e999'],
    ['1.0000001Gi', '1073741931374182400n'],
    ['0', '0'],
    ['-1.5', '-1500m'],
  ]
  it.each(vectors)('%s → %s', (text, canonical) => {
    expect(canonicalQuantity(text)).toBe(canonical)
  })

  it('matches kubectl (apimachinery) on the same values', () => {
    // kubectl canonicalises requests when it decodes a pod; --local needs no cluster.
    const requests = Object.fromEntries(vectors.filter(([t]) => !t.startsWith('-') && t !== '0').map(([text], i) => [`example.com/r${i}`, text]))
    const pod = {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'q'}, spec: {containers: [{name: 'c', image: 'x', resources: {requests}}]}}
    let output: string
    try {
      output = execFileSync('kubectl', ['set', 'resources', '--local', '-f', '-', '--limits=cpu=1', '-o', 'json'], {input: JSON.stringify(pod), encoding: 'utf8'})
    } catch {
      return // kubectl is not installed here: the vectors above still pin the behaviour
    }
    const printed = JSON.parse(output).spec.containers[0].resources.requests as Record<string, string>
    for (const [key, text] of Object.entries(requests)) expect([key, canonicalQuantity(text)]).toEqual([key, printed[key]])
  })
})

describe('request parsing and display', () => {
  it('names the flag and refuses negatives', () => {
    expect(() => parseRequest('-1', '--cpu')).toThrow('--cpu: "-1" is negative; a request must be 0 or more')
    expect(() => parseRequest('2 cores', '--cpu')).toThrow(/^--cpu: "2 cores" is not a quantity/)
    expect(() => parseRequest('4GB', 'plan.yaml:3')).toThrow(/^plan.yaml:3: "4GB"/)
    expect(parseRequest(2, '--cpu')).toBe(2n * NANO)
  })

  it('shows cores and bytes exactly', () => {
    expect(formatCores(79_200_000_000n)).toBe('79.2')
    expect(formatCores(110_000_000n)).toBe('0.11')
    expect(formatBytes(parseQuantity('158.4Gi').nanos)).toBe('158.4Gi')
    expect(formatBytes(parseQuantity('512Mi').nanos)).toBe('512Mi')
  })

  it('parses percentages exactly', () => {
    expect(parsePercent('10%', '--redundancy')).toEqual({numerator: 1n, denominator: 10n})
    expect(parsePercent('0.1', '--redundancy')).toEqual({numerator: 1n, denominator: 10n})
    expect(parsePercent('12.5%', '--redundancy')).toEqual({numerator: 1n, denominator: 8n})
    expect(() => parsePercent('ten', '--redundancy')).toThrow('--redundancy: "ten" is not a percentage')
  })
})
