// diagnose cluster: how a group's finding takes in what its sample pod showed when read in depth.
import {describe, expect, it} from 'vitest'
import type {Finding} from '../../../src/diagnose/model.js'
import {mergeInDepth} from '../../../src/diagnose/targets/cluster.js'

function crashGroup(): Finding {
  return {
    code: 'CrashLoopBackOff',
    severity: 'critical',
    subject: 'pod/api-7d4b9c8f6d-x2k4p',
    summary: '3 pods of 2 workloads are crash-looping',
    evidence: ['e.g. shop/api-7d4b9c8f6d-x2k4p', 'e.g. shop/worker-5c8d7b6f4-q9z2r', 'restart counts 12, 9, 4'],
    remedy: ['read the previous run of each: kubectl logs POD --previous'],
  }
}

const deepFinding = (code: string, summary: string): Finding => ({
  code,
  severity: 'critical',
  subject: 'pod/api-7d4b9c8f6d-x2k4p',
  summary,
  evidence: ['Failed: exec /app/start.sh: no such file or directory'],
  remedy: ['save start.sh with LF line endings'],
})

describe('mergeInDepth', () => {
  it('the same cause: the sample adds its evidence and its remedy replaces the scan’s', () => {
    const group = crashGroup()
    mergeInDepth(group, deepFinding('CrashLoopBackOff', 'exits 1'), 'shop/api-7d4b9c8f6d-x2k4p')
    expect(group.summary).toBe('3 pods of 2 workloads are crash-looping')
    expect(group.evidence).toEqual(['e.g. shop/api-7d4b9c8f6d-x2k4p', 'e.g. shop/worker-5c8d7b6f4-q9z2r', 'in depth, pod shop/api-7d4b9c8f6d-x2k4p (status, events, logs, owners, node):', 'Failed: exec /app/start.sh: no such file or directory'])
    expect(group.remedy).toEqual(['save start.sh with LF line endings'])
  })

  it('another cause underneath: the group keeps its code and remedy, and says what the sample showed, as the sample’s', () => {
    const group = crashGroup()
    mergeInDepth(group, deepFinding('ContainerInterpreterMissing', 'the interpreter of /app/start.sh is missing'), 'shop/api-7d4b9c8f6d-x2k4p')
    expect(group.code).toBe('CrashLoopBackOff')
    expect(group.summary).toBe('3 pods of 2 workloads are crash-looping; read in depth, pod shop/api-7d4b9c8f6d-x2k4p shows ContainerInterpreterMissing: the interpreter of /app/start.sh is missing')
    expect(group.evidence[2]).toBe('in depth, pod shop/api-7d4b9c8f6d-x2k4p: ContainerInterpreterMissing: the interpreter of /app/start.sh is missing')
    expect(group.remedy).toEqual(['read the previous run of each: kubectl logs POD --previous', 'for pod shop/api-7d4b9c8f6d-x2k4p (ContainerInterpreterMissing): save start.sh with LF line endings'])
  })
})
