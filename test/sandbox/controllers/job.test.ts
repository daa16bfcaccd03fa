// isFinished; Jobs themselves run end to end in controllers/workload.test.ts.
import {describe, expect, it} from 'vitest'
import {isFinished} from '../../../src/sandbox/controllers/job.js'
import type {KubeObject} from '../../../src/sandbox/types.js'

const job = (conditions?: Array<{type: string; status: string}>): KubeObject => ({apiVersion: 'batch/v1', kind: 'Job', metadata: {name: 'j'}, status: conditions ? {conditions} : {}})

describe('isFinished', () => {
  it('is true once Complete or Failed is True', () => {
    expect(isFinished(job([{type: 'Complete', status: 'True'}]))).toBe(true)
    expect(isFinished(job([{type: 'SuccessCriteriaMet', status: 'True'}, {type: 'Failed', status: 'True'}]))).toBe(true)
  })

  it('is false without those conditions, or with them not True', () => {
    expect(isFinished(job())).toBe(false)
    expect(isFinished(job([{type: 'Complete', status: 'False'}, {type: 'Suspended', status: 'True'}]))).toBe(false)
    expect(isFinished(job([{type: 'FailureTarget', status: 'True'}]))).toBe(false)
  })
})
