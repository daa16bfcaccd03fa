// DaemonSet, StatefulSet, Job and CronJob on the sandbox's controllers, in process.
import {afterEach, describe, expect, it} from 'vitest'
import type {Sandbox} from '../../../src/sandbox/index.js'
import type {KubeObject} from '../../../src/sandbox/types.js'
import {eventsFor, podsOf, sandboxWithNodes, testNode, waitFor} from './helpers.js'

type Fields = Record<string, unknown>
const status = (o: KubeObject | undefined) => (o?.status ?? {}) as Fields
const template = (app: string, extra: Fields = {}) => ({metadata: {labels: {app}}, spec: {containers: [{name: app, image: `example/${app}:1.0`}], ...extra}})
const isReady = (p: KubeObject) => ((status(p).conditions ?? []) as Fields[]).some((c) => c.type === 'Ready' && c.status === 'True')

let sandbox: Sandbox | undefined
afterEach(async () => {
  await sandbox?.stop()
  sandbox = undefined
})

describe('DaemonSet', () => {
  it('runs one pod per eligible node: nodeSelector and taints decide, tolerations let it in', async () => {
    sandbox = await sandboxWithNodes([
      testNode('worker-1', {extraLabels: {disk: 'ssd'}}),
      testNode('worker-2', {extraLabels: {disk: 'ssd'}, taints: [{key: 'dedicated', value: 'db', effect: 'NoSchedule'}]}),
      testNode('worker-3', {extraLabels: {disk: 'hdd'}}),
      testNode('worker-4', {extraLabels: {disk: 'ssd'}, taints: [{key: 'gpu', effect: 'NoSchedule'}]}),
    ])
    const s = sandbox
    s.store.create({apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: {name: 'agent', namespace: 'default', generation: 1}, spec: {selector: {matchLabels: {app: 'agent'}}, template: template('agent', {nodeSelector: {disk: 'ssd'}, tolerations: [{key: 'gpu', operator: 'Exists', effect: 'NoSchedule'}]})}})
    const ds = await waitFor('agent ready on 2 nodes', () => {
      const d = s.store.get('daemonsets.apps', 'default', 'agent')?.object
      return status(d).numberReady === 2 ? d : undefined
    })
    expect(status(ds)).toMatchObject({desiredNumberScheduled: 2, currentNumberScheduled: 2, numberAvailable: 2, numberMisscheduled: 0, updatedNumberScheduled: 2, observedGeneration: 1})
    const nodes = podsOf(s, 'default', {app: 'agent'}).map((p) => (p.spec as {nodeName: string}).nodeName).sort()
    expect(nodes).toEqual(['worker-1', 'worker-4'])
    // A new eligible node gets a pod.
    s.store.create(testNode('worker-5', {extraLabels: {disk: 'ssd'}}))
    await waitFor('agent on worker-5', () => podsOf(s, 'default', {app: 'agent'}).some((p) => (p.spec as {nodeName?: string}).nodeName === 'worker-5' && isReady(p)))
  })
})

describe('StatefulSet', () => {
  it('creates ordinals in order, each after the previous is Ready, and scales down from the highest', async () => {
    sandbox = await sandboxWithNodes([testNode('worker-1')])
    const s = sandbox
    const order: string[] = []
    s.store.subscribe('pods', (e) => {
      if (e.type === 'ADDED') order.push(e.entry.object.metadata!.name!)
    })
    s.store.create({apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: {name: 'db', namespace: 'default', generation: 1}, spec: {replicas: 3, serviceName: 'db', selector: {matchLabels: {app: 'db'}}, template: template('db')}})
    const sts = await waitFor('3 ready', () => {
      const o = s.store.get('statefulsets.apps', 'default', 'db')?.object
      return status(o).readyReplicas === 3 ? o : undefined
    })
    expect(order).toEqual(['db-0', 'db-1', 'db-2'])
    expect(status(sts)).toMatchObject({replicas: 3, availableReplicas: 3, updatedReplicas: 3, currentReplicas: 3, observedGeneration: 1})
    expect(status(sts).currentRevision).toBe(status(sts).updateRevision)
    const pod = s.store.get('pods', 'default', 'db-1')!.object
    expect(pod.spec).toMatchObject({hostname: 'db-1', subdomain: 'db'})
    expect(pod.metadata?.labels).toMatchObject({'statefulset.kubernetes.io/pod-name': 'db-1', 'apps.kubernetes.io/pod-index': '1'})
    expect(eventsFor(s, sts).map((e) => e.message)).toContain('create Pod db-0 in StatefulSet db successful')
    s.store.update({...sts, spec: {...(sts.spec as Fields), replicas: 1}})
    await waitFor('scaled to 1', () => status(s.store.get('statefulsets.apps', 'default', 'db')?.object).replicas === 1 && !s.store.get('pods', 'default', 'db-1'))
    expect(s.store.get('pods', 'default', 'db-0')).toBeTruthy()
  })
})

describe('Job', () => {
  it('runs completions with parallelism and completes with the 1.32 conditions', async () => {
    sandbox = await sandboxWithNodes([testNode('worker-1')])
    const s = sandbox
    s.store.create({apiVersion: 'batch/v1', kind: 'Job', metadata: {name: 'report', namespace: 'default', generation: 1}, spec: {completions: 3, parallelism: 2, backoffLimit: 6, template: template('report', {restartPolicy: 'Never'})}})
    const job = await waitFor('complete', () => {
      const j = s.store.get('jobs.batch', 'default', 'report')?.object
      return ((status(j).conditions ?? []) as Fields[]).some((c) => c.type === 'Complete') ? j : undefined
    })
    expect(status(job)).toMatchObject({succeeded: 3, ready: 0, terminating: 0, uncountedTerminatedPods: {}})
    expect(status(job).completionTime).toBeTruthy()
    expect((status(job).conditions as Fields[]).map((c) => `${c.type} ${c.reason} ${c.message}`)).toEqual([
      'SuccessCriteriaMet CompletionsReached Reached expected number of succeeded pods',
      'Complete CompletionsReached Reached expected number of succeeded pods',
    ])
    const pods = podsOf(s, 'default', {'job-name': 'report'})
    expect(pods).toHaveLength(3)
    expect(pods.every((p) => status(p).phase === 'Succeeded')).toBe(true)
    expect(s.store.logs.get(`default/${pods[0]!.metadata!.name}/report`)?.current).toContain('done')
    expect(eventsFor(s, job).map((e) => e.message)).toContain('Job completed')
  })

  it('fails after backoffLimit failed pods', async () => {
    sandbox = await sandboxWithNodes([testNode('worker-1')])
    const s = sandbox
    const failing = {...template('crash', {restartPolicy: 'Never'}), metadata: {labels: {app: 'crash'}, annotations: {'sandbox.kubekit.dev/exit-code': '2'}}}
    s.store.create({apiVersion: 'batch/v1', kind: 'Job', metadata: {name: 'crash', namespace: 'default', generation: 1}, spec: {backoffLimit: 1, template: failing}})
    const job = await waitFor('failed', () => {
      const j = s.store.get('jobs.batch', 'default', 'crash')?.object
      return ((status(j).conditions ?? []) as Fields[]).some((c) => c.type === 'Failed') ? j : undefined
    })
    expect(status(job).failed).toBe(2)
    expect((status(job).conditions as Fields[]).map((c) => `${c.type} ${c.reason}`)).toEqual(['FailureTarget BackoffLimitExceeded', 'Failed BackoffLimitExceeded'])
    const pod = podsOf(s, 'default', {'job-name': 'crash'})[0]!
    const terminated = ((status(pod).containerStatuses as Array<{state: {terminated?: Fields}}>)[0]!.state.terminated)!
    expect(terminated).toMatchObject({exitCode: 2, reason: 'Error'})
  })
})

describe('CronJob', () => {
  it('creates Jobs on its schedule and keeps the history limits', async () => {
    sandbox = await sandboxWithNodes([testNode('worker-1')], {controllers: {timeScale: 0.002}})
    const s = sandbox
    s.store.create({apiVersion: 'batch/v1', kind: 'CronJob', metadata: {name: 'tick', namespace: 'default', generation: 1}, spec: {schedule: '* * * * *', successfulJobsHistoryLimit: 1, jobTemplate: {spec: {template: template('tick', {restartPolicy: 'OnFailure'})}}}})
    const cronJob = await waitFor('two jobs seen complete', () => {
      const c = s.store.get('cronjobs.batch', 'default', 'tick')?.object
      return c && eventsFor(s, c).filter((e) => e.reason === 'SawCompletedJob').length >= 2 ? c : undefined
    }, 20_000)
    expect(status(cronJob).lastScheduleTime).toBeTruthy()
    expect(status(cronJob).lastSuccessfulTime).toBeTruthy()
    const created = eventsFor(s, cronJob).filter((e) => e.reason === 'SuccessfulCreate').map((e) => e.message as string)
    expect(created[0]).toMatch(/^Created job tick-\d+$/)
    await waitFor('history trimmed to 1 finished job', () => {
      const jobs = s.store.list('jobs.batch', {namespace: 'default'}).entries.map((e) => e.object)
      return jobs.filter((j) => ((status(j).conditions ?? []) as Fields[]).some((c) => c.type === 'Complete')).length <= 1
    })
  })
})
