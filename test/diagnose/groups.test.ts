// A pod's top controller as a typed value, and the cluster rule's remedy built from it.
import {describe, expect, it} from 'vitest'
import {topWorkload, workloadOf} from '../../src/diagnose/groups.js'
import {clusterRule} from '../../src/diagnose/rules/cluster.js'
import {context, pod} from './fixtures.js'

describe('topWorkload', () => {
  it('names the Deployment of a templated ReplicaSet, the CronJob of a scheduled Job, else the owner or the pod', () => {
    expect(topWorkload(pod())).toEqual({kind: 'Deployment', namespace: 'shop', name: 'checkout'})
    expect(topWorkload(pod({metadata: {ownerReferences: [{kind: 'Job', name: 'report-29409120', controller: true}], labels: {}}}))).toEqual({kind: 'CronJob', namespace: 'shop', name: 'report'})
    expect(topWorkload(pod({metadata: {ownerReferences: [{kind: 'StatefulSet', name: 'db', controller: true}], labels: {}}}))).toEqual({kind: 'StatefulSet', namespace: 'shop', name: 'db'})
    const bare = pod({metadata: {ownerReferences: [], labels: {}}})
    expect(topWorkload(bare)).toEqual({kind: 'Pod', namespace: 'shop', name: bare.metadata.name})
    expect(workloadOf(bare)).toBe(`pod shop/${bare.metadata.name}`)
  })
})

describe('cluster rule', () => {
  it('sends the CNI remedy to the first failing pod', () => {
    const cni = {name: 'calico', pods: 3, ready: 2, failing: ['kube-system/calico-node-x: CrashLoopBackOff'], firstFailing: {namespace: 'kube-system', name: 'calico-node-x'}}
    const [finding] = clusterRule.check({nodes: {total: 3, ready: 3}, cni, controlPlaneDown: []}, context)
    expect(finding!.code).toBe('CniPodsFailing')
    expect(finding!.remedy[0]).toBe('kubectl diagnose pod calico-node-x -n kube-system')
  })
})
