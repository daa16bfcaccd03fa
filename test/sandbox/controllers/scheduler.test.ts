// The scheduler's pure parts; scheduling itself runs end to end in controllers/index.test.ts and topology-spread.test.ts.
import {describe, expect, it} from 'vitest'
import {fitErrorMessage, matchesNodeAffinity, tolerates} from '../../../src/sandbox/controllers/scheduler.js'
import type {PodSpec} from '../../../src/sandbox/controllers/objects.js'
import type {KubeObject} from '../../../src/sandbox/types.js'

const node = (name: string, labels: Record<string, string>): KubeObject => ({apiVersion: 'v1', kind: 'Node', metadata: {name, labels}})
const zoneA = node('node-a', {'topology.kubernetes.io/zone': 'eu-west-1a', disktype: 'ssd'})
const zoneB = node('node-b', {'topology.kubernetes.io/zone': 'eu-west-1b'})

describe('fitErrorMessage', () => {
  it('says so when there are no nodes', () => {
    expect(fitErrorMessage(0, [])).toBe('no nodes available to schedule pods')
  })

  it("counts each reason over the nodes, sorted, then the preemption plugin's verdicts", () => {
    const message = fitErrorMessage(3, [
      {reasons: ['Insufficient cpu'], resolvableByPreemption: true},
      {reasons: ['Insufficient cpu', 'Insufficient memory'], resolvableByPreemption: true},
      {reasons: ["node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"], resolvableByPreemption: false},
    ])
    expect(message).toBe(
      "0/3 nodes are available: 1 Insufficient memory, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.",
    )
  })
})

describe('matchesNodeAffinity', () => {
  it('needs every nodeSelector label', () => {
    expect(matchesNodeAffinity({containers: [], nodeSelector: {disktype: 'ssd'}}, zoneA)).toBe(true)
    expect(matchesNodeAffinity({containers: [], nodeSelector: {disktype: 'ssd'}}, zoneB)).toBe(false)
    expect(matchesNodeAffinity({containers: []}, zoneB)).toBe(true)
  })

  it('ORs required node selector terms and ANDs the requirements within one; an empty term matches nothing', () => {
    const affinity = (terms: unknown[]) => ({affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: terms}}}}) as unknown as PodSpec
    const inZoneA = {matchExpressions: [{key: 'topology.kubernetes.io/zone', operator: 'In', values: ['eu-west-1a']}]}
    const byName = {matchFields: [{key: 'metadata.name', operator: 'In', values: ['node-b']}]}
    expect(matchesNodeAffinity(affinity([inZoneA]), zoneA)).toBe(true)
    expect(matchesNodeAffinity(affinity([inZoneA]), zoneB)).toBe(false)
    expect(matchesNodeAffinity(affinity([inZoneA, byName]), zoneB)).toBe(true)
    expect(matchesNodeAffinity(affinity([{matchExpressions: [...inZoneA.matchExpressions, {key: 'disktype', operator: 'DoesNotExist'}]}]), zoneA)).toBe(false)
    expect(matchesNodeAffinity(affinity([{}]), zoneA)).toBe(false)
  })
})

describe('tolerates', () => {
  it('tolerates a taint by key and effect, Exists for any value', () => {
    const taint = {key: 'dedicated', value: 'gpu', effect: 'NoSchedule'}
    expect(tolerates([{key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule'}], taint)).toBe(true)
    expect(tolerates([{key: 'dedicated', operator: 'Equal', value: 'cpu', effect: 'NoSchedule'}], taint)).toBe(false)
    expect(tolerates([{key: 'dedicated', operator: 'Exists'}], taint)).toBe(true)
    expect(tolerates([{operator: 'Exists'}], taint)).toBe(true)
    expect(tolerates(undefined, taint)).toBe(false)
  })
})
