import {describe, expect, it} from 'vitest'
import {isCniNotReady, nodeRule} from '../../src/diagnose/rules/node.js'
import {context, MIN, node, pod, runningStatus} from './fixtures.js'

const codes = (n: ReturnType<typeof node>, pods: ReturnType<typeof pod>[] = []) => nodeRule.check({node: n, events: [], pods}, context).map((f) => f.code)

describe('node rule', () => {
  it('CNI not initialised (containerd wording), with containerd hints', () => {
    const n = node({name: 'worker-3', ready: {status: 'False', reason: 'KubeletNotReady', message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized', since: 40 * MIN}})
    const [f] = nodeRule.check({node: n, events: []}, context)
    expect(f!.code).toBe('CniNotInitialized')
    expect(f!.summary).toMatch(/^NotReady for 40m: /)
    expect(f!.remedy.join('\n')).toContain('journalctl -u containerd')
  })

  it('CNI not initialised (dockershim wording) uses the docker unit', () => {
    expect(isCniNotReady('docker: network plugin is not ready: cni config uninitialized')).toBe(true)
    const n = node({name: 'old-1', runtime: 'docker://20.10.24', ready: {status: 'False', reason: 'KubeletNotReady', message: 'runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:docker: network plugin is not ready: cni config uninitialized'}})
    const [f] = nodeRule.check({node: n, events: []}, context)
    expect(f!.remedy.join('\n')).toContain('journalctl -u docker')
  })

  it('Kubelet stopped posting node status', () => {
    const n = node({name: 'worker-4', ready: {status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', heartbeat: 15 * MIN}})
    const [f] = nodeRule.check({node: n, events: []}, context)
    expect(f!.code).toBe('KubeletStoppedPosting')
    expect(f!.evidence).toContain(`last heartbeat: ${n.status!.conditions!.at(-1)!.lastHeartbeatTime} (15m ago)`)
  })

  it('PLEG, pressure, cordon and pods stuck creating', () => {
    expect(codes(node({name: 'a', ready: {status: 'False', reason: 'KubeletNotReady', message: 'PLEG is not healthy: pleg was last seen active 3m0s ago; threshold is 3m0s'}}))).toEqual(['PlegNotHealthy'])
    expect(codes(node({name: 'b', pressure: 'DiskPressure'}))).toEqual(['NodePressure'])
    expect(codes(node({name: 'c', unschedulable: true}))).toEqual(['NodeCordoned'])
    const stuck = pod({phase: 'Pending', node: 'd', ready: false, statuses: [runningStatus({ready: false, state: {waiting: {reason: 'ContainerCreating'}}})]})
    expect(codes(node({name: 'd'}), [stuck])).toEqual(['PodsStuckCreating'])
  })

  it('a healthy node has no findings', () => {
    expect(codes(node({name: 'worker-1'}), [pod()])).toEqual([])
  })
})
