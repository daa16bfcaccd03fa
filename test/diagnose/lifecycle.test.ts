import {describe, expect, it} from 'vitest'
import {lifecycleRule} from '../../src/diagnose/rules/lifecycle.js'
import {podNodeRule} from '../../src/diagnose/rules/pod-node.js'
import {ago, container, context, event, MIN, node, pod, runningStatus, snapshot} from './fixtures.js'

const cniMessage = 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized'

describe('lifecycle rule', () => {
  it('Evicted names the resource the node ran low on', () => {
    const p = pod({phase: 'Failed', ready: false, statuses: [], status: {reason: 'Evicted', message: 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 91264Ki. Container app was using 1843204Ki, request is 256Mi, has larger consumption of memory. '}})
    const [f] = lifecycleRule.check(snapshot(p), context)
    expect(f!.code).toBe('PodEvicted')
    expect(f!.summary).toBe('Evicted by the kubelet because the node ran low on memory (node worker-1).')
  })

  it('stuck Terminating names the finalizers', () => {
    const p = pod({metadata: {deletionTimestamp: ago(2 * 60 * MIN), deletionGracePeriodSeconds: 30, finalizers: ['example.com/drain-connections']}})
    const s = snapshot(p, {node: {state: 'found', value: node({name: 'worker-1'})}})
    const [f] = lifecycleRule.check(s, context)
    expect(f!.code).toBe('StuckTerminating')
    expect(f!.summary).toBe('Stuck Terminating for 120m: finalizer(s) example.com/drain-connections still set.')
    expect(f!.remedy[1]).toContain('--type=merge -p \'{"metadata":{"finalizers":null}}\'')
  })

  it('stuck Terminating on a dead node suggests the force delete', () => {
    const p = pod({metadata: {deletionTimestamp: ago(30 * MIN)}})
    const dead = node({name: 'worker-1', ready: {status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.'}})
    const [f] = lifecycleRule.check(snapshot(p, {node: {state: 'found', value: dead}}), context)
    expect(f!.summary).toContain('its node is not ready')
    expect(f!.remedy.at(-1)).toContain('--grace-period=0 --force')
  })

  it('a pod inside its grace period is not stuck', () => {
    expect(lifecycleRule.check(snapshot(pod({metadata: {deletionTimestamp: ago(10_000)}})), context)).toEqual([])
  })

  it('an init container running for long blocks the pod', () => {
    const p = pod({
      phase: 'Pending',
      ready: false,
      initContainers: [container({name: 'wait-for-db'})],
      initStatuses: [runningStatus({name: 'wait-for-db', ready: false, state: {running: {startedAt: ago(20 * MIN)}}})],
      statuses: [runningStatus({ready: false, started: false, state: {waiting: {reason: 'PodInitializing'}}})],
    })
    const logs = [{container: 'wait-for-db', previous: false, lines: ['waiting for postgres.shop.svc:5432', 'waiting for postgres.shop.svc:5432']}]
    const [f] = lifecycleRule.check(snapshot(p, {logs}), context)
    expect(f!.code).toBe('InitContainerBlocked')
    expect(f!.summary).toBe('Still initialising: init container "wait-for-db" has been running for 20m; the app containers wait for it.')
  })
})

describe('pod-node rule', () => {
  const creating = () => pod({phase: 'Pending', node: 'worker-3', ready: false, statuses: [runningStatus({ready: false, started: false, state: {waiting: {reason: 'ContainerCreating'}}})]})

  it('a NotReady node and a sandbox that cannot get a network', () => {
    const events = [event({reason: 'NetworkNotReady', message: `network is not ready: ${cniMessage}`, count: 1180})]
    const s = snapshot(creating(), {events, node: {state: 'found', value: node({name: 'worker-3', ready: {status: 'False', reason: 'KubeletNotReady', message: cniMessage}})}})
    expect(podNodeRule.check(s, context).map((f) => f.code)).toEqual(['NodeNotReady', 'PodNetworkSetupFailed'])
  })

  it('pod IPs exhausted', () => {
    const events = [event({reason: 'FailedCreatePodSandBox', message: 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "9f2c": plugin type="bridge" failed (add): failed to allocate for range 0: no IP addresses available in range set: 10.244.3.1-10.244.3.254'})]
    const [f] = podNodeRule.check(snapshot(creating(), {events, node: {state: 'found', value: node({name: 'worker-3'})}}), context)
    expect(f!.code).toBe('PodNetworkSetupFailed')
    expect(f!.summary).toBe('Stuck creating: the CNI on node worker-3 has run out of pod IP addresses, so the pod sandbox is never created.')
  })

  it('a node that no longer exists', () => {
    const s = snapshot(pod({node: 'worker-9'}), {node: {state: 'missing'}})
    expect(podNodeRule.check(s, context).map((f) => f.code)).toEqual(['NodeGone'])
  })

  it('a Multi-Attach error', () => {
    const events = [event({reason: 'FailedAttachVolume', message: 'Multi-Attach error for volume "pvc-0a1b" Volume is already exclusively attached to one node and can\'t be attached to another'})]
    const s = snapshot(creating(), {events, node: {state: 'found', value: node({name: 'worker-3'})}})
    expect(podNodeRule.check(s, context).map((f) => f.code)).toEqual(['VolumeMountFailed'])
  })

  it('is silent for a healthy pod on a ready node', () => {
    expect(podNodeRule.check(snapshot(pod(), {node: {state: 'found', value: node({name: 'worker-1'})}}), context)).toEqual([])
  })
})
