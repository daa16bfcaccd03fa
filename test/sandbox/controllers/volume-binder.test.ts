// storageBytes; binding and provisioning run end to end in controllers/index.test.ts.
import {describe, expect, it} from 'vitest'
import {storageBytes} from '../../../src/sandbox/controllers/volume-binder.js'

describe('storageBytes', () => {
  it('reads decimal and binary suffixes', () => {
    expect(storageBytes('10Gi')).toBe(10 * 1024 ** 3)
    expect(storageBytes('500Mi')).toBe(500 * 1024 ** 2)
    expect(storageBytes('1.5Ti')).toBe(1.5 * 1024 ** 4)
    expect(storageBytes('5G')).toBe(5e9)
    expect(storageBytes('100k')).toBe(100_000)
    expect(storageBytes('4096')).toBe(4096)
  })

  it('is 0 for an absent or unreadable size, so it compares as smallest', () => {
    expect(storageBytes(undefined)).toBe(0)
    expect(storageBytes('')).toBe(0)
    expect(storageBytes('ten gigs')).toBe(0)
    expect(storageBytes('10Gi') > storageBytes('9999Mi')).toBe(true)
  })
})
