// Each audit check on objects that pass it and objects that fail it.
import {describe, expect, it} from 'vitest'
import {capabilitiesCheck} from '../../../src/diagnose/audit/checks/capabilities.js'
import {configInSpecCheck} from '../../../src/diagnose/audit/checks/config-in-spec.js'
import {controlPlaneTaintCheck} from '../../../src/diagnose/audit/checks/control-plane-taint.js'
import {gracefulShutdownCheck} from '../../../src/diagnose/audit/checks/graceful-shutdown.js'
import {hostNamespacesCheck} from '../../../src/diagnose/audit/checks/host-namespaces.js'
import {imageRegistryCheck} from '../../../src/diagnose/audit/checks/image-registry.js'
import {imageTagCheck} from '../../../src/diagnose/audit/checks/image-tag.js'
import {ingressNodesCheck} from '../../../src/diagnose/audit/checks/ingress-nodes.js'
import {auditChecks} from '../../../src/diagnose/audit/checks/index.js'
import {livenessProbeCheck} from '../../../src/diagnose/audit/checks/liveness-probe.js'
import {persistentDataCheck} from '../../../src/diagnose/audit/checks/persistent-data.js'
import {priorityClassCheck} from '../../../src/diagnose/audit/checks/priority-class.js'
import {privilegedCheck} from '../../../src/diagnose/audit/checks/privileged.js'
import {readinessProbeCheck} from '../../../src/diagnose/audit/checks/readiness-probe.js'
import {resourceQuotaCheck} from '../../../src/diagnose/audit/checks/resource-quota.js'
import {resourcesCheck} from '../../../src/diagnose/audit/checks/resources.js'
import {runAsNonRootCheck} from '../../../src/diagnose/audit/checks/run-as-non-root.js'
import {timeZoneCheck} from '../../../src/diagnose/audit/checks/timezone.js'
import {AuditRun} from '../../../src/diagnose/audit/engine.js'
import {imageParts, registryOf} from '../../../src/diagnose/audit/helpers.js'
import type {AuditContainer, AuditPodSpec, FleetFacts, WorkloadKind, WorkloadView} from '../../../src/diagnose/audit/model.js'
import type {Node} from '../../../src/diagnose/objects.js'

const context = {now: Date.now()}

/** A workload that passes every check. */
function good(overrides: Partial<AuditContainer> = {}): AuditContainer {
  return {
    name: 'app',
    image: 'registry.example.com/shop/web:1.4.2',
    ports: [{containerPort: 8080}],
    resources: {requests: {cpu: '100m', memory: '128Mi'}, limits: {memory: '256Mi'}},
    readinessProbe: {httpGet: {path: '/ready', port: 8080}},
    livenessProbe: {httpGet: {path: '/livez', port: 8080}, failureThreshold: 6},
    securityContext: {runAsNonRoot: true, runAsUser: 10001, allowPrivilegeEscalation: false, capabilities: {drop: ['ALL']}},
    lifecycle: {preStop: {sleep: {seconds: 5}}},
    ...overrides,
  }
}

function view(container: AuditContainer = good(), spec: Partial<AuditPodSpec> = {}, kind: WorkloadKind = 'Deployment', extra: Partial<WorkloadView> = {}): WorkloadView {
  return {kind, namespace: 'shop', name: 'web', labels: {app: 'web'}, template: {metadata: {labels: {app: 'web'}}, spec: {containers: [container], terminationGracePeriodSeconds: 30, ...spec}}, ...extra}
}

function fleet(registries: Record<string, number>, zones: Record<string, number> = {unset: 1}): FleetFacts {
  const tallies = (m: Record<string, number>) => new Map(Object.entries(m).map(([k, count]) => [k, {count, examples: [`deployment/shop/w-${k} app=${k}/x:1`]}]))
  return {registries: tallies(registries), timeZones: tallies(zones), workloads: 10}
}

describe('audit checks: every workload check passes a well-kept workload', () => {
  it.each(auditChecks.filter((c) => c.scope === 'workload').map((c) => [c.name, c] as const))('%s', (_, check) => {
    if (check.scope !== 'workload') return
    expect(check.check(view(), context)).toEqual([])
  })
})

describe('resources', () => {
  it('fails a container with no requests and no memory limit, and names the command with its sizes', () => {
    const [finding] = resourcesCheck.check(view(good({resources: {}})), context)
    expect(finding?.evidence[0]).toBe('container "app": no cpu request, no memory request, no memory limit')
    expect(finding?.remedy[0]).toMatch(/^kubectl set resources deployment\/web -n shop -c app --requests=cpu=100m,memory=128Mi --limits=memory=256Mi/)
  })
  it('passes when a LimitRange supplies the defaults', () => {
    expect(resourcesCheck.check(view(good({resources: {}}), {}, 'Deployment', {limitRangeDefaults: true}), context)).toEqual([])
  })
})

describe('probes', () => {
  it('readiness: fails a serving container without one, with a patch on its port', () => {
    const [finding] = readinessProbeCheck.check(view(good({readinessProbe: undefined})), context)
    expect(finding?.remedy[0]).toContain('"readinessProbe":{"tcpSocket":{"port":8080}')
    expect(readinessProbeCheck.applies!(view(good({ports: []})))).toBe(false)
    expect(readinessProbeCheck.applies!(view(good(), {}, 'Job'))).toBe(false)
  })
  it('liveness: fails a missing probe and one identical to readiness', () => {
    expect(livenessProbeCheck.check(view(good({livenessProbe: undefined})), context)[0]?.summary).toContain('has no liveness probe')
    const probe = {httpGet: {path: '/healthz', port: 8080}}
    expect(livenessProbeCheck.check(view(good({livenessProbe: probe, readinessProbe: probe})), context)[0]?.summary).toContain('restarts all replicas together')
  })
})

describe('images', () => {
  it('image-tag: latest and untagged fail, tags and digests pass', () => {
    expect(imageTagCheck.check(view(good({image: 'nginx:latest'})), context)[0]?.remedy[0]).toBe('kubectl set image deployment/web -n shop app=nginx:<version>')
    expect(imageTagCheck.check(view(good({image: 'nginx'})), context)[0]?.summary).toContain('has no tag')
    expect(imageTagCheck.check(view(good({image: 'nginx@sha256:abc'})), context)).toEqual([])
    expect(imageTagCheck.check(view(good({image: 'localhost:5000/web:2'})), context)).toEqual([])
    expect(imageParts('localhost:5000/web')).toEqual({tag: undefined, digest: undefined})
  })
  it('image-registry: one registry passes; the others are named with the count outside the main one', () => {
    expect(imageRegistryCheck.check(fleet({'ghcr.io': 5}), context)).toEqual([])
    const findings = imageRegistryCheck.check(fleet({'ghcr.io': 5, 'docker.io': 2}), context)
    expect(findings.map((f) => f.subject)).toEqual(['registry/docker.io'])
    expect(imageRegistryCheck.failing!(fleet({'ghcr.io': 5, 'docker.io': 2, 'quay.io': 1}))).toBe(3)
    expect([registryOf('nginx:1'), registryOf('bitnami/redis:7'), registryOf('quay.io/p/x:1'), registryOf('localhost:5000/x')]).toEqual(['docker.io', 'docker.io', 'quay.io', 'localhost:5000'])
  })
})

describe('config-in-spec', () => {
  it('a literal password is critical and never shown; a literal endpoint is a warning', () => {
    const [secret] = configInSpecCheck.check(view(good({env: [{name: 'DB_PASSWORD', value: 'hunter2'}]})), context)
    expect(secret?.severity).toBe('critical')
    expect(JSON.stringify(secret)).not.toContain('hunter2')
    expect(secret?.remedy[1]).toContain('"valueFrom":{"secretKeyRef":{"name":"web-env","key":"DB_PASSWORD"}}')
    const [url] = configInSpecCheck.check(view(good({env: [{name: 'DATABASE_URL', value: 'postgres://app:pw@db:5432/x'}]})), context)
    expect(url?.severity).toBe('critical')
    expect(url?.evidence[0]).toBe('container "app": env DATABASE_URL=postgres://app:<redacted>@db:5432/x')
    const [endpoint] = configInSpecCheck.check(view(good({env: [{name: 'DATABASE_URL', value: 'postgres://checkout@db:5432/orders'}]})), context)
    expect(endpoint?.severity).toBe('warning')
  })
  it('references, paths and plain settings pass', () => {
    const env = [{name: 'DB_PASSWORD', valueFrom: {secretKeyRef: {name: 's', key: 'p'}}}, {name: 'TOKEN_FILE', value: '/var/run/token'}, {name: 'LOG_LEVEL', value: 'info'}]
    expect(configInSpecCheck.check(view(good({env})), context)).toEqual([])
  })
})

describe('security', () => {
  it('run-as-non-root: unset and runAsUser 0 fail; a pod-level runAsNonRoot passes', () => {
    expect(runAsNonRootCheck.check(view(good({securityContext: {}})), context)[0]?.summary).toContain('nothing stops')
    expect(runAsNonRootCheck.check(view(good({securityContext: {runAsUser: 0}})), context)[0]?.summary).toContain('runs as root (runAsUser: 0)')
    expect(runAsNonRootCheck.check(view(good({securityContext: {}}), {securityContext: {runAsNonRoot: true}}), context)).toEqual([])
  })
  it('privileged: fails privileged containers', () => {
    const [finding] = privilegedCheck.check(view(good({securityContext: {privileged: true}})), context)
    expect(finding?.severity).toBe('critical')
  })
  it('host-namespaces: names each shared namespace', () => {
    expect(hostNamespacesCheck.check(view(good(), {hostNetwork: true, hostPID: true}), context)[0]?.evidence).toEqual(['spec.hostNetwork: true', 'spec.hostPID: true'])
  })
  it('capabilities: missing drop ALL and dangerous adds fail', () => {
    const [finding] = capabilitiesCheck.check(view(good({securityContext: {capabilities: {drop: ['ALL'], add: ['SYS_ADMIN']}}})), context)
    expect(finding?.evidence).toEqual(['container "app" adds SYS_ADMIN'])
    expect(capabilitiesCheck.check(view(good({securityContext: {}})), context)[0]?.evidence).toEqual(['container "app" does not drop ALL capabilities'])
  })
})

describe('graceful-shutdown', () => {
  it('a serving container with no preStop, and a zero grace period, fail', () => {
    expect(gracefulShutdownCheck.check(view(good({lifecycle: undefined})), context)[0]?.remedy[0]).toContain('"preStop":{"sleep":{"seconds":5}}')
    expect(gracefulShutdownCheck.check(view(good(), {terminationGracePeriodSeconds: 0}), context)[0]?.evidence[0]).toContain('SIGKILLed at once')
    expect(gracefulShutdownCheck.check(view(good({lifecycle: {preStop: {exec: {command: ['sleep', '30']}}}})), context)[0]?.evidence[0]).toContain('the whole grace period')
  })
  it('does not apply to Jobs', () => {
    expect(gracefulShutdownCheck.applies!(view(good(), {}, 'CronJob'))).toBe(false)
  })
})

describe('persistent-data', () => {
  it('a StatefulSet without claims, a database Deployment on emptyDir and hostPath fail', () => {
    expect(persistentDataCheck.check(view(good(), {}, 'StatefulSet', {volumeClaimTemplates: []}), context)[0]?.evidence[0]).toContain('no volumeClaimTemplates')
    expect(persistentDataCheck.check(view(good({image: 'postgres:16.6'}), {volumes: [{name: 'data', emptyDir: {}}]}), context)[0]?.evidence[0]).toContain('runs postgres:16.6 with no PersistentVolumeClaim')
    expect(persistentDataCheck.check(view(good(), {volumes: [{name: 'logs', hostPath: {path: '/var/data'}}]}), context)[0]?.evidence[0]).toContain('hostPath /var/data')
  })
  it('a StatefulSet with volumeClaimTemplates and a DaemonSet with hostPath pass', () => {
    expect(persistentDataCheck.check(view(good({image: 'postgres:16.6'}), {}, 'StatefulSet', {volumeClaimTemplates: ['data']}), context)).toEqual([])
    expect(persistentDataCheck.check(view(good(), {volumes: [{name: 'logs', hostPath: {path: '/var/log'}}]}, 'DaemonSet'), context)).toEqual([])
  })
})

describe('timezone', () => {
  it('one zone passes; mixed zones fail with the command to align them', () => {
    expect(timeZoneCheck.check(fleet({}, {'TZ=UTC': 4}), context)).toEqual([])
    const [finding] = timeZoneCheck.check(fleet({}, {'TZ=Asia/Shanghai': 4, unset: 2}), context)
    expect(finding?.subject).toBe('timezone/unset')
    expect(finding?.remedy[0]).toBe('kubectl set env deployment/w-unset app=unset/x:1 -n shop TZ=Asia/Shanghai')
  })
})

describe('priority-class', () => {
  it('applies to DaemonSets and ingress controllers; fails them without a class', () => {
    expect(priorityClassCheck.applies!(view())).toBe(false)
    expect(priorityClassCheck.check(view(good(), {}, 'DaemonSet'), context)[0]?.remedy[0]).toContain('kubectl create priorityclass node-agent-critical')
    expect(priorityClassCheck.check(view(good(), {priorityClassName: 'node-agent-critical'}, 'DaemonSet'), context)).toEqual([])
  })
})

describe('ingress-nodes', () => {
  const controller = good({image: 'registry.k8s.io/ingress-nginx/controller:v1.12.0'})
  it('fails a controller on shared nodes', () => {
    expect(ingressNodesCheck.applies!(view(controller))).toBe(true)
    expect(ingressNodesCheck.check(view(controller), context)[0]?.evidence).toHaveLength(2)
  })
  it('passes a controller pinned to tainted ingress nodes with requests', () => {
    const spec = {nodeSelector: {'node-role.kubernetes.io/ingress': ''}, tolerations: [{key: 'node-role.kubernetes.io/ingress', operator: 'Exists', effect: 'NoSchedule'}]}
    expect(ingressNodesCheck.check(view(controller, spec), context)).toEqual([])
  })
})

describe('control-plane-taint and resource-quota', () => {
  const cp = (taints: Node['spec']): Node => ({metadata: {name: 'cp-1', labels: {'node-role.kubernetes.io/control-plane': ''}}, spec: taints})
  it('control-plane-taint: an untainted control-plane node fails, a tainted one passes, workers do not apply', () => {
    expect(controlPlaneTaintCheck.check(cp({}), context)[0]?.remedy[0]).toBe('kubectl taint nodes cp-1 node-role.kubernetes.io/control-plane:NoSchedule')
    expect(controlPlaneTaintCheck.check(cp({taints: [{key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule'}]}), context)).toEqual([])
    expect(controlPlaneTaintCheck.applies!({metadata: {name: 'w', labels: {}}})).toBe(false)
  })
  it('resource-quota: a namespace without one fails; unknown does not apply', () => {
    expect(resourceQuotaCheck.check({name: 'shop', quotas: 0}, context)[0]?.remedy[0]).toMatch(/^kubectl create quota shop-quota -n shop --hard=/)
    expect(resourceQuotaCheck.check({name: 'shop', quotas: 1}, context)).toEqual([])
    expect(resourceQuotaCheck.applies!({name: 'shop', quotas: undefined})).toBe(false)
  })
})

describe('the engine', () => {
  it('groups failures per check, keeps only --top objects, scores namespaces and skips checks whose input is unreadable', () => {
    const run = new AuditRun(auditChecks, 2)
    for (let i = 0; i < 5; i++) run.addWorkload({...view(good({image: 'nginx:latest'})), name: `w${i}`})
    run.addWorkload({...view(), namespace: 'tidy'})
    const audit = run.finish('all namespaces', {nodes: 'could not list nodes: forbidden'}, [])
    const tag = audit.checks.find((c) => c.id === 'image-tag')!
    expect(tag).toMatchObject({status: 'failed', checked: 6, failed: 5, namespaces: 1})
    expect(tag.objects).toHaveLength(2)
    expect(audit.checks.find((c) => c.id === 'control-plane-taint')).toMatchObject({status: 'skipped', skipped: 'could not list nodes: forbidden'})
    expect(audit.namespaces.map((n) => [n.name, n.score])).toEqual([['shop', expect.any(Number)], ['tidy', 100]])
    expect(audit.namespaces[0]!.score).toBeLessThan(100)
    expect(audit.status).toBe('ProblemsFound')
  })
})
