// Kubernetes' node-selection rules (k8s.io/api core/v1 ToleratesTaint, and the scheduler's
// node selector requirement operators), which the sandbox's scheduler and diagnose share.
import {describe, expect, it} from 'vitest'
import {requirementMatches, taintText, tolerates} from '../../src/util/node-selection.js'

describe('tolerates', () => {
  const taint = {key: 'dedicated', value: 'gpu', effect: 'NoSchedule'}

  it('Equal (the default operator) needs the key and the value; an empty effect matches every effect', () => {
    expect(tolerates([{key: 'dedicated', value: 'gpu', effect: 'NoSchedule'}], taint)).toBe(true)
    expect(tolerates([{key: 'dedicated', operator: 'Equal', value: 'gpu'}], taint)).toBe(true)
    expect(tolerates([{key: 'dedicated', value: 'cpu'}], taint)).toBe(false)
    expect(tolerates([{key: 'other', value: 'gpu'}], taint)).toBe(false)
    expect(tolerates([{key: 'dedicated', value: 'gpu', effect: 'NoExecute'}], taint)).toBe(false)
  })

  it('Exists needs the key only; an empty key with Exists tolerates every taint', () => {
    expect(tolerates([{key: 'dedicated', operator: 'Exists'}], taint)).toBe(true)
    expect(tolerates([{key: 'other', operator: 'Exists'}], taint)).toBe(false)
    expect(tolerates([{operator: 'Exists'}], taint)).toBe(true)
    expect(tolerates([{operator: 'Exists', effect: 'NoExecute'}], taint)).toBe(false)
  })

  it('a taint without a value matches a toleration without one', () => {
    expect(tolerates([{key: 'node.kubernetes.io/not-ready', effect: 'NoExecute'}], {key: 'node.kubernetes.io/not-ready', effect: 'NoExecute'})).toBe(true)
  })

  it('no tolerations tolerate nothing; one of several is enough', () => {
    expect(tolerates(undefined, taint)).toBe(false)
    expect(tolerates([], taint)).toBe(false)
    expect(tolerates([{key: 'other', operator: 'Exists'}, {key: 'dedicated', value: 'gpu'}], taint)).toBe(true)
  })
})

describe('requirementMatches', () => {
  it('In and NotIn: an absent label is not In anything and is NotIn everything', () => {
    expect(requirementMatches({key: 'zone', operator: 'In', values: ['a', 'b']}, 'a')).toBe(true)
    expect(requirementMatches({key: 'zone', operator: 'In', values: ['a', 'b']}, 'c')).toBe(false)
    expect(requirementMatches({key: 'zone', operator: 'In', values: ['a']}, undefined)).toBe(false)
    expect(requirementMatches({key: 'zone', operator: 'NotIn', values: ['a']}, 'b')).toBe(true)
    expect(requirementMatches({key: 'zone', operator: 'NotIn', values: ['a']}, 'a')).toBe(false)
    expect(requirementMatches({key: 'zone', operator: 'NotIn', values: ['a']}, undefined)).toBe(true)
  })

  it('Exists and DoesNotExist look at presence only', () => {
    expect(requirementMatches({key: 'gpu', operator: 'Exists'}, '')).toBe(true)
    expect(requirementMatches({key: 'gpu', operator: 'Exists'}, undefined)).toBe(false)
    expect(requirementMatches({key: 'gpu', operator: 'DoesNotExist'}, undefined)).toBe(true)
    expect(requirementMatches({key: 'gpu', operator: 'DoesNotExist'}, 'x')).toBe(false)
  })

  it('Gt and Lt compare as integers; an absent or non-numeric value never matches', () => {
    expect(requirementMatches({key: 'cores', operator: 'Gt', values: ['8']}, '16')).toBe(true)
    expect(requirementMatches({key: 'cores', operator: 'Gt', values: ['8']}, '8')).toBe(false)
    expect(requirementMatches({key: 'cores', operator: 'Lt', values: ['8']}, '4')).toBe(true)
    expect(requirementMatches({key: 'cores', operator: 'Lt', values: ['8']}, undefined)).toBe(false)
    expect(requirementMatches({key: 'cores', operator: 'Gt', values: ['8']}, 'many')).toBe(false)
  })

  it('an unknown operator matches nothing', () => {
    expect(requirementMatches({key: 'zone', operator: 'Like', values: ['a']}, 'a')).toBe(false)
  })
})

describe('taintText', () => {
  it('writes a taint as kubectl does: key, =value when it has one, :effect', () => {
    expect(taintText({key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule'})).toBe('node-role.kubernetes.io/control-plane:NoSchedule')
    expect(taintText({key: 'dedicated', value: 'ingress', effect: 'NoExecute'})).toBe('dedicated=ingress:NoExecute')
  })
})
