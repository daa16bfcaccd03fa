// rollingParameters; rollouts themselves run end to end in controllers/index.test.ts.
import {describe, expect, it} from 'vitest'
import {rollingParameters} from '../../../src/sandbox/controllers/deployment.js'

type Spec = Parameters<typeof rollingParameters>[0]

describe('rollingParameters', () => {
  it('defaults to 25% surge (rounded up) and 25% unavailable (rounded down)', () => {
    expect(rollingParameters({replicas: 10} as Spec)).toEqual({maxSurge: 3, maxUnavailable: 2})
    expect(rollingParameters({replicas: 3} as Spec)).toEqual({maxSurge: 1, maxUnavailable: 0})
    expect(rollingParameters({} as Spec)).toEqual({maxSurge: 1, maxUnavailable: 0})
  })

  it('takes numbers and percentages, and caps unavailable at the replicas', () => {
    expect(rollingParameters({replicas: 4, strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: 0, maxUnavailable: '50%'}}} as Spec)).toEqual({maxSurge: 0, maxUnavailable: 2})
    expect(rollingParameters({replicas: 2, strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: 1, maxUnavailable: 5}}} as Spec)).toEqual({maxSurge: 1, maxUnavailable: 2})
  })

  it('makes maxUnavailable 1 when both resolve to zero, and takes every pod down at once for Recreate', () => {
    expect(rollingParameters({replicas: 1, strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: '10%', maxUnavailable: '10%'}}} as Spec)).toEqual({maxSurge: 1, maxUnavailable: 0})
    expect(rollingParameters({replicas: 5, strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: 0, maxUnavailable: '10%'}}} as Spec)).toEqual({maxSurge: 0, maxUnavailable: 1})
    expect(rollingParameters({replicas: 5, strategy: {type: 'Recreate'}} as Spec)).toEqual({maxSurge: 0, maxUnavailable: 5})
  })
})
