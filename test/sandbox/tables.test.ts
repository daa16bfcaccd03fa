import {describe, expect, it} from 'vitest'
import {SERVED_RESOURCES, type ServedResource} from '../../src/sandbox/resources.js'
import {tableCells, tableColumns} from '../../src/sandbox/tables.js'
import type {KubeObject} from '../../src/sandbox/types.js'

const NOW = Date.parse('2026-03-01T12:00:00Z')
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString().replace('.000Z', 'Z')
const resource = (group: string, plural: string): ServedResource => SERVED_RESOURCES.find((r) => r.group === group && r.plural === plural)!
const pods = resource('', 'pods')
const cells = (r: ServedResource, object: Record<string, unknown>) => tableCells(r, object as KubeObject, NOW)

function pod(status: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'web-0', creationTimestamp: ago(600)}, spec: {containers: [{name: 'web'}, {name: 'sidecar'}], nodeName: 'node-1'}, status, ...extra}
}
const running = (ready: boolean, restartCount = 0, finishedAgo?: number) => ({
  ready,
  restartCount,
  state: {running: {startedAt: ago(60)}},
  ...(finishedAgo === undefined ? {} : {lastState: {terminated: {exitCode: 1, finishedAt: ago(finishedAgo)}}}),
})

describe('pod rows', () => {
  it('have the columns of kubectl get pods, the wide ones at priority 1', () => {
    expect(tableColumns(pods).map((c) => `${c.name}:${c.priority}`)).toEqual(['Name:0', 'Ready:0', 'Status:0', 'Restarts:0', 'Age:0', 'IP:1', 'Node:1', 'Nominated Node:1', 'Readiness Gates:1'])
  })

  it('count ready containers and restarts, with the time since the last one', () => {
    const row = cells(pods, pod({phase: 'Running', podIP: '10.244.0.5', containerStatuses: [running(true, 2, 300), running(false, 1, 30)]}))
    expect(row).toEqual(['web-0', '1/2', 'Running', '3 (30s ago)', '10m', '10.244.0.5', 'node-1', '<none>', '<none>'])
  })

  it('show a waiting or terminated reason, and the exit code or signal without one', () => {
    expect(cells(pods, pod({phase: 'Running', containerStatuses: [{restartCount: 4, state: {waiting: {reason: 'CrashLoopBackOff'}}}, running(true)]}))[2]).toBe('CrashLoopBackOff')
    expect(cells(pods, pod({phase: 'Running', containerStatuses: [{state: {terminated: {exitCode: 137}}}]}))[2]).toBe('ExitCode:137')
    expect(cells(pods, pod({phase: 'Running', containerStatuses: [{state: {terminated: {exitCode: 0, signal: 9}}}]}))[2]).toBe('Signal:9')
    expect(cells(pods, pod({phase: 'Pending'}))[2]).toBe('Pending')
    expect(cells(pods, pod({phase: 'Failed', reason: 'Evicted'}))[2]).toBe('Evicted')
  })

  it('show init containers first: Init:i/n, or the init container reason', () => {
    const init = (statuses: unknown[]) => pod({phase: 'Pending', initContainerStatuses: statuses}, {spec: {containers: [{name: 'web'}], initContainers: [{name: 'migrate'}, {name: 'warm'}]}})
    expect(cells(pods, init([{state: {terminated: {exitCode: 0}}}, {state: {running: {}}}]))[2]).toBe('Init:1/2')
    expect(cells(pods, init([{state: {waiting: {reason: 'ImagePullBackOff'}}}]))[2]).toBe('Init:ImagePullBackOff')
    expect(cells(pods, init([{state: {terminated: {exitCode: 3}}}]))[2]).toBe('Init:ExitCode:3')
    expect(cells(pods, init([{state: {terminated: {exitCode: 1, reason: 'Error'}}}]))[2]).toBe('Init:Error')
  })

  it('show Completed with a running container as Running or NotReady by the Ready condition', () => {
    const statuses = [running(true), {state: {terminated: {exitCode: 0, reason: 'Completed'}}}]
    expect(cells(pods, pod({phase: 'Running', containerStatuses: statuses, conditions: [{type: 'Ready', status: 'True'}]}))[2]).toBe('Running')
    expect(cells(pods, pod({phase: 'Running', containerStatuses: statuses, conditions: [{type: 'Ready', status: 'False'}]}))[2]).toBe('NotReady')
  })

  it('show Terminating while deleted, Unknown for a lost node, and readiness gates met', () => {
    const deleting = pod({phase: 'Running'}, {metadata: {name: 'web-0', deletionTimestamp: ago(1)}})
    expect(cells(pods, deleting)[2]).toBe('Terminating')
    expect(cells(pods, {...deleting, status: {phase: 'Running', reason: 'NodeLost'}})[2]).toBe('Unknown')
    const gated = pod({phase: 'Running', conditions: [{type: 'example.com/lb', status: 'True'}]}, {spec: {containers: [], readinessGates: [{conditionType: 'example.com/lb'}, {conditionType: 'example.com/dns'}]}})
    expect(cells(pods, gated)[8]).toBe('1/2')
  })
})

describe('other built-in rows', () => {
  it('nodes: Ready or NotReady with SchedulingDisabled, roles from the labels', () => {
    const node = {metadata: {name: 'cp-1', creationTimestamp: ago(3 * 86400), labels: {'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'master'}}, spec: {unschedulable: true}, status: {conditions: [{type: 'Ready', status: 'False'}], nodeInfo: {kubeletVersion: 'v1.32.0', osImage: 'Ubuntu 24.04'}, addresses: [{type: 'InternalIP', address: '10.0.0.1'}]}}
    expect(cells(resource('', 'nodes'), node)).toEqual(['cp-1', 'NotReady,SchedulingDisabled', 'control-plane,master', '3d', 'v1.32.0', '10.0.0.1', '<none>', 'Ubuntu 24.04', '<none>', '<none>'])
    expect(cells(resource('', 'nodes'), {metadata: {name: 'n'}})[1]).toBe('Unknown')
    expect(cells(resource('', 'nodes'), {metadata: {name: 'n'}})[2]).toBe('<none>')
  })

  it('events: last seen, the object as kind/name, the source, a count of at least 1', () => {
    const event = {metadata: {name: 'web-0.1'}, firstTimestamp: ago(300), lastTimestamp: ago(20), type: 'Warning', reason: 'BackOff', involvedObject: {kind: 'Pod', name: 'web-0', fieldPath: 'spec.containers{web}'}, source: {component: 'kubelet', host: 'node-1'}, message: 'Back-off restarting failed container\n'}
    expect(cells(resource('', 'events'), event)).toEqual(['20s', 'Warning', 'BackOff', 'pod/web-0', 'spec.containers{web}', 'kubelet, node-1', 'Back-off restarting failed container', '5m', 1, 'web-0.1'])
    const series = {metadata: {name: 'e'}, eventTime: ago(600), series: {count: 12, lastObservedTime: ago(5)}, reportingComponent: 'my-controller', involvedObject: {kind: 'Node'}}
    expect(cells(resource('', 'events'), series)).toEqual(['5s', '', '', 'node', '', 'my-controller', '', '10m', 12, 'e'])
  })

  it('services: ports with node ports, the load balancer address or <pending>, the selector', () => {
    const svc = (spec: Record<string, unknown>, status: Record<string, unknown> = {}) => ({metadata: {name: 'web', creationTimestamp: ago(60)}, spec, status})
    expect(cells(resource('', 'services'), svc({type: 'NodePort', clusterIP: '10.96.0.20', ports: [{port: 80, nodePort: 30080, protocol: 'TCP'}, {port: 53, protocol: 'UDP'}], selector: {tier: 'front', app: 'web'}}))).toEqual([
      'web',
      'NodePort',
      '10.96.0.20',
      '<none>',
      '80:30080/TCP,53/UDP',
      '60s',
      'app=web,tier=front',
    ])
    expect(cells(resource('', 'services'), svc({type: 'LoadBalancer'}))[3]).toBe('<pending>')
    expect(cells(resource('', 'services'), svc({type: 'LoadBalancer'}, {loadBalancer: {ingress: [{ip: '203.0.113.7'}, {hostname: 'lb.example.com'}]}}))[3]).toBe('203.0.113.7,lb.example.com')
    expect(cells(resource('', 'services'), svc({type: 'ExternalName', externalName: 'db.example.com'}))[3]).toBe('db.example.com')
  })

  it('deployments and jobs: ready of desired, completions and duration', () => {
    const deployment = {metadata: {name: 'web', creationTimestamp: ago(60)}, spec: {replicas: 3, selector: {matchLabels: {app: 'web'}}, template: {spec: {containers: [{name: 'web', image: 'nginx:1.25'}, {name: 'log', image: 'fluentbit'}]}}}, status: {readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2}}
    expect(cells(resource('apps', 'deployments'), deployment)).toEqual(['web', '2/3', 3, 2, '60s', 'web,log', 'nginx:1.25,fluentbit', 'app=web'])
    const job = {metadata: {name: 'once', creationTimestamp: ago(300)}, spec: {completions: 3, template: {spec: {containers: []}}}, status: {succeeded: 3, startTime: ago(300), completionTime: ago(200), conditions: [{type: 'Complete', status: 'True'}]}}
    expect(cells(resource('batch', 'jobs'), job).slice(0, 4)).toEqual(['once', 'Complete', '3/3', '100s'])
    expect(cells(resource('batch', 'jobs'), {metadata: {name: 'j'}, spec: {}, status: {}}).slice(1, 4)).toEqual(['Running', '0/1', ''])
  })

  it('endpoints: the first three addresses, then how many more', () => {
    const ep = {metadata: {name: 'web'}, subsets: [{addresses: ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'].map((ip) => ({ip})), ports: [{port: 8080}]}]}
    expect(cells(resource('', 'endpoints'), ep)[1]).toBe('10.0.0.1:8080,10.0.0.2:8080,10.0.0.3:8080 + 1 more...')
    expect(cells(resource('', 'endpoints'), {metadata: {name: 'none'}})[1]).toBe('<none>')
  })

  it('a resource without a printer: Name and Age; a custom resource: its printer columns', () => {
    const gadgets: ServedResource = {group: 'example.com', version: 'v1', plural: 'gadgets', singular: 'gadget', kind: 'Gadget', namespaced: true, verbs: []}
    expect(tableColumns(gadgets).map((c) => c.name)).toEqual(['Name', 'Age'])
    expect(cells(gadgets, {metadata: {name: 'g', creationTimestamp: ago(90)}})).toEqual(['g', '90s'])
    const widgets: ServedResource = {group: 'example.com', version: 'v1', plural: 'widgets', singular: 'widget', kind: 'Widget', namespaced: true, verbs: [], printerColumns: [{name: 'Size', type: 'integer', jsonPath: '.spec.size'}]}
    expect(tableColumns(widgets).map((c) => c.name)).toEqual(['Name', 'Size'])
    expect(cells(widgets, {metadata: {name: 'w'}, spec: {size: 4}})).toEqual(['w', 4])
  })
})
