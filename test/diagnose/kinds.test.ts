// The new kinds' rules from realistic objects: StatefulSet, DaemonSet, Job, CronJob, PVC, Ingress,
// the networking pitfalls and the cluster-wide rule and grouping.
import {describe, expect, it} from 'vitest'
import {RootCauses, workloadOf} from '../../src/diagnose/groups.js'
import type {ControllerSnapshot, Finding, IngressSnapshot} from '../../src/diagnose/model.js'
import type {Controller, Ingress, Service} from '../../src/diagnose/objects.js'
import {claimRule} from '../../src/diagnose/rules/claim.js'
import {clusterRule} from '../../src/diagnose/rules/cluster.js'
import {daemonSetRule} from '../../src/diagnose/rules/daemonset.js'
import {ingressRule} from '../../src/diagnose/rules/ingress.js'
import {jobRule} from '../../src/diagnose/rules/job.js'
import {networkRule} from '../../src/diagnose/rules/network.js'
import {statefulSetRule} from '../../src/diagnose/rules/statefulset.js'
import {defaultClassOf} from '../../src/diagnose/targets/storage.js'
import {cniOf, flannelHairpin} from '../../src/diagnose/targets/network.js'
import {parseTarget} from '../../src/diagnose/target.js'
import {ago, context, event, MIN, node, pod, runningStatus} from './fixtures.js'

const controller = (kind: ControllerSnapshot['kind'], spec: Controller['spec'], status: Controller['status'], name = 'web'): Controller => ({apiVersion: 'apps/v1', kind, metadata: {name, namespace: 'shop', uid: `${name}-uid`, creationTimestamp: ago(60 * MIN)}, spec, status})
const snap = (kind: ControllerSnapshot['kind'], c: Controller, extra: Partial<ControllerSnapshot> = {}): ControllerSnapshot => ({kind, controller: c, events: [], pods: [], ...extra})

describe('statefulset rule', () => {
  it('OrderedReady: a not-ready ordinal blocks the higher ones', () => {
    const sts = controller('StatefulSet', {replicas: 3, serviceName: 'web'}, {replicas: 2, readyReplicas: 1, currentReplicas: 2})
    const pods = [pod({name: 'web-0'}), pod({name: 'web-1', ready: false})]
    const findings = statefulSetRule.check(snap('StatefulSet', sts, {pods, service: {state: 'found', value: {metadata: {name: 'web'}}}}), context)
    expect(findings.map((f) => f.code)).toEqual(['StatefulSetOrdinalBlocked', 'StatefulSetUnavailable'])
    expect(findings[0]!.summary).toBe('web-1 is not ready, and podManagementPolicy OrderedReady creates web-2 only after it is: fix web-1 first (its findings follow).')
  })

  it('the governing Service is missing', () => {
    const sts = controller('StatefulSet', {replicas: 1, serviceName: 'web-headless'}, {readyReplicas: 1})
    const [f] = statefulSetRule.check(snap('StatefulSet', sts, {service: {state: 'missing'}}), context)
    expect(f!.code).toBe('StatefulSetServiceMissing')
    expect(f!.summary).toContain('web-0.web-headless.shop.svc')
  })
})

describe('daemonset rule', () => {
  it('names the nodes a taint keeps the daemon off', () => {
    const ds = controller('DaemonSet', {selector: {matchLabels: {app: 'fluent-bit'}}, template: {spec: {containers: [{name: 'fluent-bit'}]}}}, {desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 2})
    const nodes = [node({name: 'worker-1'}), node({name: 'worker-2'}), node({name: 'gpu-1', taints: [{key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule'}]})]
    const pods = [pod({name: 'fluent-bit-a', node: 'worker-1'}), pod({name: 'fluent-bit-b', node: 'worker-2'})]
    const [f] = daemonSetRule.check(snap('DaemonSet', ds, {nodes, pods}), context)
    expect(f!.code).toBe('DaemonSetNodesExcluded')
    expect(f!.evidence).toEqual(['node gpu-1: nvidia.com/gpu=present:NoSchedule'])
  })
})

describe('job and cronjob rules', () => {
  const failedJob = (name: string) =>
    controller('Job', {backoffLimit: 6}, {failed: 7, conditions: [{type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit'}, {type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit'}]}, name)

  it('a Job past its backoffLimit', () => {
    const [f] = jobRule.check(snap('Job', failedJob('migrate')), context)
    expect(f!.summary).toBe('Job migrate failed: its pods failed more times than backoffLimit allows (backoffLimit 6, 7 failed pod(s)).')
  })

  it('a CronJob: the last run failed, runs are skipped while one is active', () => {
    const cj = controller('CronJob', {schedule: '*/5 * * * *', concurrencyPolicy: 'Forbid'}, {lastScheduleTime: ago(5 * MIN)}, 'report')
    const events = [event({reason: 'JobAlreadyActive', type: 'Normal', message: 'Not starting job because prior execution is running and concurrency policy is Forbid', component: 'cronjob-controller'})]
    const findings = jobRule.check(snap('CronJob', cj, {jobs: [failedJob('report-29409120')], events}), context)
    expect(findings.map((f) => f.code)).toEqual(['JobFailed', 'CronJobBlockedByActiveJob'])
    expect(findings[0]!.summary).toMatch(/^The last run failed: Job report-29409120 failed/)
  })
})

describe('claim rule', () => {
  const claim = (storageClassName: string | undefined, phase = 'Pending') => ({metadata: {name: 'data-0', namespace: 'shop', creationTimestamp: ago(30 * MIN)}, spec: {...(storageClassName === undefined ? {} : {storageClassName}), accessModes: ['ReadWriteOnce']}, status: {phase}})
  it('names a StorageClass that does not exist', () => {
    const [f] = claimRule.check({claim: claim('fast-ssd'), events: [], storageClass: {state: 'missing'}, defaultClass: 'alicloud-disk-essd', pods: []}, context)
    expect(f!.code).toBe('StorageClassMissing')
    expect(f!.evidence).toContain('the default class is "alicloud-disk-essd"')
  })
  it('no class and no default class', () => {
    expect(claimRule.check({claim: claim(undefined), events: [], defaultClass: null, pods: []}, context)[0]!.code).toBe('NoDefaultStorageClass')
  })
  it('WaitForFirstConsumer is by design, a provisioner error is not', () => {
    const wffc = {state: 'found' as const, value: {metadata: {name: 'local-path'}, provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer'}}
    expect(claimRule.check({claim: claim('local-path'), events: [], storageClass: wffc, pods: []}, context).map((f) => [f.code, f.severity])).toEqual([['ClaimWaitingForConsumer', 'info']])
    const events = [event({reason: 'ProvisioningFailed', message: 'failed to provision volume with StorageClass "essd": rpc error: code = Internal desc = InvalidParameter: zone cn-hangzhou-k has no stock', component: 'diskplugin.csi.alibabacloud.com'})]
    expect(claimRule.check({claim: claim('essd'), events, storageClass: {state: 'found', value: {metadata: {name: 'essd'}, provisioner: 'diskplugin.csi.alibabacloud.com'}}, pods: []}, context)[0]!.code).toBe('ProvisioningFailed')
  })
  it('default class from the annotation', () => {
    expect(defaultClassOf([{metadata: {name: 'a'}}, {metadata: {name: 'b', annotations: {'storageclass.kubernetes.io/is-default-class': 'true'}}}])).toBe('b')
    expect(defaultClassOf([])).toBeNull()
    expect(defaultClassOf(undefined)).toBeUndefined()
  })
})

const ingress = (overrides: Partial<NonNullable<Ingress['spec']>> = {}, annotations: Record<string, string> = {}, address = true): Ingress => ({
  metadata: {name: 'shop', namespace: 'shop', annotations},
  spec: {ingressClassName: 'nginx', tls: [{hosts: ['shop.example.com'], secretName: 'shop-tls'}], rules: [{host: 'shop.example.com', http: {paths: [{path: '/', pathType: 'Prefix', backend: {service: {name: 'web', port: {number: 80}}}}]}}], ...overrides},
  status: address ? {loadBalancer: {ingress: [{ip: '47.96.10.20'}]}} : {},
})
const service: Service = {metadata: {name: 'web', namespace: 'shop'}, spec: {selector: {app: 'web'}, ports: [{name: 'http', port: 80, targetPort: 8080}]}}
const nginxClass = {state: 'found' as const, name: 'nginx', value: {metadata: {name: 'nginx'}, spec: {controller: 'k8s.io/ingress-nginx'}}}
const chain = (extra: Partial<IngressSnapshot> = {}): IngressSnapshot => ({
  ingress: ingress(),
  events: [],
  ingressClass: nginxClass,
  controllerPods: [pod({name: 'ingress-nginx-controller-5c8d66c76d-7xkqp', namespace: 'ingress-nginx'})],
  tlsSecrets: {'shop-tls': {state: 'found', value: {}}},
  backends: [{service: 'web', port: 80, from: 'rule shop.example.com/', lookup: {state: 'found', value: service}, slices: []}],
  ...extra,
})
const codes = (findings: Finding[]) => findings.map((f) => f.code)

describe('ingress rule: the first broken link', () => {
  it('a healthy chain has nothing to say', () => {
    expect(ingressRule.check(chain(), context)).toEqual([])
  })
  it('class missing: the missing address is its consequence, not a second cause', () => {
    expect(codes(ingressRule.check(chain({ingress: ingress({}, {}, false), ingressClass: {state: 'missing', name: 'nginx'}, controllerPods: undefined}), context))).toEqual(['IngressClassMissing'])
  })
  it('no class and no default', () => {
    expect(codes(ingressRule.check(chain({ingress: ingress({ingressClassName: undefined}), ingressClass: undefined}), context))).toEqual(['IngressClassUnset'])
  })
  it('the controller is not running', () => {
    const crashing = pod({name: 'ingress-nginx-controller-5c8d66c76d-7xkqp', namespace: 'ingress-nginx', phase: 'Pending'})
    expect(codes(ingressRule.check(chain({controllerPods: [crashing]}), context))).toEqual(['IngressControllerMissing'])
  })
  it('no controller pod found: says which labels were searched, and that the address predates it', () => {
    const [f] = ingressRule.check(chain({controllerPods: []}), context)
    expect(f!.summary).toBe('IngressClass "nginx" belongs to controller k8s.io/ingress-nginx, but no running pod in any namespace carries that controller\'s labels (app.kubernetes.io/name=ingress-nginx or app=ingress-nginx): if it is not running, nothing serves this Ingress.')
    expect(f!.evidence).toContain('status.loadBalancer: 47.96.10.20 (a controller wrote it when it served this Ingress)')
  })
  it('TLS secret missing, backend Service missing, backend port wrong', () => {
    expect(codes(ingressRule.check(chain({tlsSecrets: {'shop-tls': {state: 'missing'}}}), context))).toEqual(['IngressTlsSecretMissing'])
    expect(codes(ingressRule.check(chain({backends: [{service: 'web', port: 80, from: 'rule shop.example.com/', lookup: {state: 'missing'}, slices: []}]}), context))).toEqual(['IngressBackendServiceMissing'])
    const wrongPort = ingressRule.check(chain({backends: [{service: 'web', port: 8080, from: 'rule shop.example.com/', lookup: {state: 'found', value: service}, slices: []}]}), context)
    expect(codes(wrongPort)).toEqual(['IngressBackendPortMismatch'])
    expect(wrongPort[0]!.summary).toContain('(http=80)')
  })
  it('no address although class and controller are fine: the LB link', () => {
    expect(codes(ingressRule.check(chain({ingress: ingress({}, {}, false)}), context))).toEqual(['IngressNoAddress'])
  })
})

describe('network pitfalls', () => {
  it('Flannel without hairpin mode', () => {
    const [f] = networkRule.check({service: {...service, spec: {...service.spec, sessionAffinity: 'ClientIP'}}, readyBackends: 2, cni: {name: 'flannel', namespace: 'kube-flannel', hairpinMode: false, configSource: 'configmap kube-flannel/kube-flannel-cfg cni-conf.json'}, ingresses: []}, context)
    expect(f!.code).toBe('HairpinModeOff')
    expect(f!.remedy.join(' ')).toContain('headless Service')
  })
  it('reads flannel\'s cni-conf.json in both layouts', () => {
    expect(flannelHairpin('{"name":"cbr0","cniVersion":"0.3.1","plugins":[{"type":"flannel","delegate":{"hairpinMode":true,"isDefaultGateway":true}},{"type":"portmap","capabilities":{"portMappings":true}}]}')).toBe(true)
    expect(flannelHairpin('{"name":"cbr0","type":"flannel","delegate":{"isDefaultGateway":true}}')).toBe(false)
    expect(cniOf([{metadata: {name: 'kube-flannel-ds', namespace: 'kube-flannel'}}])).toEqual({name: 'flannel', namespace: 'kube-flannel', daemonSet: 'kube-flannel-ds'})
  })
  it('no affinity with several replicas; cookie affinity in balanced mode; ClientIP behind an ingress', () => {
    expect(codes(networkRule.check({service, readyBackends: 3, ingresses: []}, context))).toEqual(['SessionAffinityNone'])
    const cookie = ingress({}, {'nginx.ingress.kubernetes.io/affinity': 'cookie'})
    expect(codes(networkRule.check({service, readyBackends: 3, ingresses: [cookie]}, context))).toEqual(['SessionAffinityRebalanced'])
    const persistent = ingress({}, {'nginx.ingress.kubernetes.io/affinity': 'cookie', 'nginx.ingress.kubernetes.io/affinity-mode': 'persistent'})
    expect(networkRule.check({service, readyBackends: 3, ingresses: [persistent]}, context)).toEqual([])
    expect(codes(networkRule.check({service: {...service, spec: {...service.spec, sessionAffinity: 'ClientIP'}}, readyBackends: 3, ingresses: [ingress()]}, context))).toEqual(['SessionAffinityIneffective'])
  })
})

describe('cluster rule and grouping', () => {
  it('DNS down, CNI failing, control plane', () => {
    const findings = clusterRule.check({nodes: {total: 3, ready: 3}, dns: {name: 'CoreDNS', pods: 2, ready: 0, failing: ['kube-system/coredns-1: CrashLoopBackOff']}, cni: {name: 'calico', pods: 3, ready: 2, failing: ['kube-system/calico-node-x: CrashLoopBackOff']}, readyzFailures: ['[-]etcd failed: reason withheld'], controlPlaneDown: []}, context)
    expect(codes(findings)).toEqual(['ControlPlaneUnhealthy', 'ClusterDnsDown', 'CniPodsFailing'])
  })
  it('groups by root cause, most severe then most numerous, with examples and workloads', () => {
    const causes = new RootCauses()
    const f = (code: string, severity: Finding['severity'] = 'critical'): Finding => ({code, severity, subject: 'pod/x', summary: `${code} summary`, evidence: ['e1'], remedy: ['r1']})
    for (let i = 0; i < 5; i++) causes.add(f('ImageNotFound'), `pod shop/web-${i}`, 'deployment shop/web', 'shop')
    causes.add(f('CrashLoopBackOff'), 'pod shop/api-0', 'deployment shop/api', 'shop')
    causes.add(f('NodePressure', 'warning'), 'node/w1', 'node w1', undefined)
    const ranked = causes.ranked()
    expect(codes(ranked)).toEqual(['ImageNotFound', 'CrashLoopBackOff', 'NodePressure'])
    expect(ranked[0]!.subject).toBe('5 objects, 1 workload(s) in 1 namespace(s)')
    expect(ranked[0]!.evidence.slice(0, 3)).toEqual(['e.g. pod shop/web-0', 'e.g. pod shop/web-1', 'e.g. pod shop/web-2'])
  })
  it('names the workload of a pod', () => {
    expect(workloadOf(pod())).toBe('deployment shop/checkout')
    expect(workloadOf(pod({metadata: {ownerReferences: [{kind: 'Job', name: 'report-29409120', controller: true}], labels: {}}}))).toBe('cronjob shop/report')
  })
})

describe('targets', () => {
  it('parses the new kinds and cluster', () => {
    expect(parseTarget('sts/web', undefined)).toEqual({resource: 'statefulsets', name: 'web'})
    expect(parseTarget('ing', 'shop')).toEqual({resource: 'ingresses', name: 'shop'})
    expect(parseTarget('pvc', 'data-0')).toEqual({resource: 'persistentvolumeclaims', name: 'data-0'})
    expect(parseTarget('cluster', undefined)).toEqual({resource: 'cluster', name: ''})
    expect(() => parseTarget('cluster', 'x')).toThrow('takes no name')
  })
  it('a healthy pod says what was checked', async () => {
    const {podChecks} = await import('../../src/diagnose/checked.js')
    const p = pod({statuses: [runningStatus({restartCount: 1, lastState: {terminated: {exitCode: 255, reason: 'Unknown', finishedAt: ago(2 * 24 * 60 * MIN)}}})]})
    expect(podChecks(p, context.now, {state: 'found', value: node({name: 'worker-1'})})).toEqual([
      'phase Running, Ready=True',
      'containers ready: 1/1',
      'restarts: app 1 (last: Unknown, exit code 255, 2d ago)',
      'node: worker-1 (Ready=True)',
      'age: 60m',
    ])
  })
})
