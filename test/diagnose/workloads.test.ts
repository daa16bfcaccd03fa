import {describe, expect, it} from 'vitest'
import {rankFindings, podHealthy, samplePods, selectorString} from '../../src/diagnose/diagnose.js'
import type {Finding} from '../../src/diagnose/model.js'
import type {Deployment, Namespace, Workload} from '../../src/diagnose/objects.js'
import {deploymentRule} from '../../src/diagnose/rules/deployment.js'
import {namespaceRule} from '../../src/diagnose/rules/namespace.js'
import {ago, context, event, MIN, pod, runningStatus} from './fixtures.js'

const deployment = (status: Deployment['status'], spec: Partial<NonNullable<Deployment['spec']>> = {}): Deployment => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {name: 'checkout', namespace: 'shop', uid: 'dep-uid', generation: 7},
  spec: {replicas: 3, selector: {matchLabels: {app: 'checkout'}}, progressDeadlineSeconds: 600, ...spec},
  status,
})

const replicaSet = (conditions: NonNullable<Workload['status']>['conditions'] = []): Workload => ({
  metadata: {name: 'checkout-7d4b9c8f6d', namespace: 'shop', uid: 'rs-uid', creationTimestamp: ago(10 * MIN), ownerReferences: [{kind: 'Deployment', name: 'checkout', uid: 'dep-uid', controller: true}]},
  status: {replicas: 0, conditions},
})

describe('deployment rule', () => {
  it('quota stops the ReplicaSet creating pods', () => {
    const quota = 'pods "checkout-7d4b9c8f6d-x2k4p" is forbidden: exceeded quota: compute, requested: requests.cpu=250m, used: requests.cpu=4, limited: requests.cpu=4'
    const findings = deploymentRule.check(
      {
        deployment: deployment({replicas: 0, availableReplicas: 0, unavailableReplicas: 3, conditions: [{type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: quota}]}),
        events: [],
        replicaSets: [replicaSet([{type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: quota}])],
        replicaSetEvents: [event({reason: 'FailedCreate', message: `Error creating: ${quota}`, component: 'replicaset-controller', involved: {kind: 'ReplicaSet', name: 'checkout-7d4b9c8f6d', namespace: 'shop'}})],
        pods: [],
      },
      context,
    )
    expect(findings.map((f) => [f.code, f.severity])).toEqual([
      ['ReplicaSetCreateFailed', 'critical'],
      ['DeploymentUnavailable', 'warning'],
    ])
    expect(findings[0]!.summary).toContain('ResourceQuota is exhausted')
    expect(findings[0]!.remedy[0]).toContain('kubectl describe resourcequota -n shop')
  })

  it('progress deadline exceeded and paused', () => {
    const findings = deploymentRule.check(
      {
        deployment: deployment(
          {availableReplicas: 3, updatedReplicas: 1, readyReplicas: 3, conditions: [{type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "checkout-7d4b9c8f6d" has timed out progressing.'}]},
          {paused: true},
        ),
        events: [],
        replicaSets: [],
        replicaSetEvents: [],
        pods: [],
      },
      context,
    )
    expect(findings.map((f) => f.code)).toEqual(['DeploymentProgressDeadlineExceeded', 'DeploymentPaused'])
  })

  it('a healthy deployment', () => {
    expect(deploymentRule.check({deployment: deployment({availableReplicas: 3, readyReplicas: 3, updatedReplicas: 3}), events: [], replicaSets: [], replicaSetEvents: [], pods: []}, context)).toEqual([])
  })
})

describe('namespace rule', () => {
  it('stuck Terminating on finalizers of objects inside', () => {
    const ns: Namespace = {
      metadata: {name: 'legacy', deletionTimestamp: ago(3 * 60 * MIN)},
      spec: {finalizers: ['kubernetes']},
      status: {
        phase: 'Terminating',
        conditions: [
          {type: 'NamespaceDeletionDiscoveryFailure', status: 'False', reason: 'ResourcesDiscovered', message: 'All resources successfully discovered'},
          {type: 'NamespaceContentRemaining', status: 'True', reason: 'SomeResourcesRemain', message: 'Some resources are remaining: kafkatopics.kafka.strimzi.io has 3 resource instances'},
          {type: 'NamespaceFinalizersRemaining', status: 'True', reason: 'SomeFinalizersRemain', message: 'Some content in the namespace has finalizers remaining: strimzi.io/topic-operator in 3 resource instances'},
        ],
      },
    }
    const [f] = namespaceRule.check({namespace: ns, events: [], pods: [], deployments: [], services: [], slices: []}, context)
    expect(f!.code).toBe('NamespaceStuckTerminating')
    expect(f!.summary).toBe('Terminating for 3h: objects inside still carry finalizers (Some content in the namespace has finalizers remaining: strimzi.io/topic-operator in 3 resource instances).')
  })
})

describe('the core', () => {
  const f = (code: string, severity: Finding['severity'] = 'critical'): Finding => ({code, severity, subject: 'x', summary: '', evidence: [], remedy: []})

  it('ranks the pods\' causes before the deployment\'s symptoms, then by severity', () => {
    expect(rankFindings([f('DeploymentUnavailable'), f('DeploymentPaused', 'warning')], [f('ImageNotFound'), f('MissingConfigMap', 'warning')]).map((x) => x.code)).toEqual([
      'ImageNotFound',
      'DeploymentUnavailable',
      'DeploymentPaused',
      'MissingConfigMap',
    ])
  })

  it('samples one pod per way of failing', () => {
    const crash = (name: string) => pod({name, ready: false, statuses: [runningStatus({ready: false, restartCount: 3, state: {waiting: {reason: 'CrashLoopBackOff'}}})]})
    const pending = pod({name: 'p', phase: 'Pending', node: undefined, ready: false, statuses: [], conditions: [{type: 'PodScheduled', status: 'False', reason: 'Unschedulable'}]})
    const {sample, others} = samplePods([crash('a'), pod({name: 'ok'}), crash('b'), pending], context.now, 3)
    expect(sample.map((p) => p.metadata.name)).toEqual(['a', 'p'])
    expect(others.map((p) => p.metadata.name)).toEqual(['b'])
  })

  it('podHealthy: ready and not crashing lately', () => {
    expect(podHealthy(pod(), context.now)).toBe(true)
    expect(podHealthy(pod({ready: false}), context.now)).toBe(false)
    expect(podHealthy(pod({statuses: [runningStatus({restartCount: 2, lastState: {terminated: {exitCode: 137, reason: 'OOMKilled', finishedAt: ago(5 * MIN)}}})]}), context.now)).toBe(false)
  })

  it('selectorString writes label selectors as the API takes them', () => {
    expect(selectorString({matchLabels: {app: 'web'}, matchExpressions: [{key: 'tier', operator: 'In', values: ['a', 'b']}, {key: 'canary', operator: 'DoesNotExist'}]})).toBe('app=web,tier in (a,b),!canary')
  })
})
