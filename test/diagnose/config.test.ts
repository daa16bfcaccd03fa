import {describe, expect, it} from 'vitest'
import {configRule} from '../../src/diagnose/rules/config.js'
import {configReferences} from '../../src/diagnose/references.js'
import {container, context, event, pod, runningStatus, snapshot} from './fixtures.js'

const withEnv = () =>
  container({
    env: [
      {name: 'DB_PASSWORD', valueFrom: {secretKeyRef: {name: 'checkout-db', key: 'password'}}},
      {name: 'FEATURE_FLAGS', valueFrom: {configMapKeyRef: {name: 'flags', key: 'checkout', optional: true}}},
    ],
    envFrom: [{configMapRef: {name: 'checkout-config'}}],
  })

const blocked = (message: string) =>
  pod({ready: false, containers: [withEnv()], statuses: [runningStatus({ready: false, started: false, state: {waiting: {reason: 'CreateContainerConfigError', message}}})]})

describe('configReferences', () => {
  it('lists env, envFrom and volume references but not the injected token volume', () => {
    const p = pod({containers: [withEnv()]})
    p.spec.volumes!.push({name: 'certs', secret: {secretName: 'checkout-tls', items: [{key: 'tls.crt', path: 'tls.crt'}]}})
    expect(configReferences(p).map((r) => `${r.kind}/${r.name}/${r.key ?? ''}/${r.optional}`)).toEqual([
      'Secret/checkout-db/password/false',
      'ConfigMap/flags/checkout/true',
      'ConfigMap/checkout-config//false',
      'Secret/checkout-tls//false',
      'Secret/checkout-tls/tls.crt/false',
    ])
  })
})

describe('config rule', () => {
  it('a missing Secret blocks the container: critical, with the command to create it', () => {
    const s = snapshot(blocked('secret "checkout-db" not found'), {secrets: {'checkout-db': {state: 'missing'}}, configMaps: {'checkout-config': {state: 'found', value: {keys: ['LOG_LEVEL']}}, flags: {state: 'missing'}}})
    const findings = configRule.check(s, context)
    expect(findings.map((f) => [f.code, f.severity])).toEqual([['MissingSecret', 'critical']])
    expect(findings[0]!.summary).toBe('The pod cannot start: Secret "checkout-db", used by container "app" env DB_PASSWORD, does not exist in namespace shop.')
    expect(findings[0]!.remedy[0]).toContain('kubectl create secret generic checkout-db -n shop')
  })

  it('a missing key shows the keys that exist', () => {
    const s = snapshot(blocked("couldn't find key password in Secret shop/checkout-db"), {secrets: {'checkout-db': {state: 'found', value: {keys: ['pass', 'user']}}}, configMaps: {'checkout-config': {state: 'found', value: {keys: []}}}})
    const [f] = configRule.check(s, context)
    expect(f!.code).toBe('MissingConfigKey')
    expect(f!.evidence).toContain('Secret "checkout-db" keys: pass, user')
  })

  it('a Secret read as metadata only: the missing key comes from the kubelet, no key list is claimed', () => {
    const s = snapshot(blocked("couldn't find key password in Secret shop/checkout-db"), {secrets: {'checkout-db': {state: 'found', value: {keys: undefined}}}, configMaps: {'checkout-config': {state: 'found', value: {keys: []}}}})
    const [f] = configRule.check(s, context)
    expect(f!.code).toBe('MissingConfigKey')
    expect(f!.summary).toBe('The pod cannot start: Secret "checkout-db" has no key "password", which container "app" env DB_PASSWORD needs.')
    expect(f!.evidence).toContain('Secret "checkout-db" exists (its key names are not read: kubekit reads only the metadata of Secrets)')
  })

  it('a Secret read as metadata only, with no kubelet complaint: no key problem is invented', () => {
    const s = snapshot(blocked('secret "checkout-db" not found'), {secrets: {'checkout-db': {state: 'found', value: {keys: undefined}}}, configMaps: {'checkout-config': {state: 'found', value: {keys: []}}}})
    expect(configRule.check(s, context).map((f) => f.code)).toEqual(['ContainerConfigError'])
  })

  it('passes the kubelet message on when the objects could not be read', () => {
    const s = snapshot(blocked('secret "checkout-db" not found'), {secrets: {'checkout-db': {state: 'unknown', why: 'forbidden'}}})
    const [f] = configRule.check(s, context)
    expect(f!.code).toBe('ContainerConfigError')
    expect(f!.summary).toBe('The pod cannot start: secret "checkout-db" not found.')
  })

  it('a volume Secret missing: FailedMount keeps the pod in ContainerCreating', () => {
    const p = pod({phase: 'Pending', node: 'worker-1', ready: false, statuses: [runningStatus({ready: false, started: false, state: {waiting: {reason: 'ContainerCreating'}}})]})
    p.spec.volumes!.push({name: 'certs', secret: {secretName: 'contourcert'}})
    const events = [event({reason: 'FailedMount', message: 'MountVolume.SetUp failed for volume "certs" : secret "contourcert" not found', count: 12})]
    const [f] = configRule.check(snapshot(p, {events, secrets: {contourcert: {state: 'missing'}}}), context)
    expect([f!.code, f!.severity]).toEqual(['MissingSecret', 'critical'])
    expect(f!.evidence[0]).toBe('event Warning FailedMount: MountVolume.SetUp failed for volume "certs" : secret "contourcert" not found')
  })

  it('a running pod with a deleted ConfigMap gets a warning', () => {
    const p = pod({containers: [withEnv()]})
    const [f] = configRule.check(snapshot(p, {secrets: {'checkout-db': {state: 'found', value: {keys: ['password']}}}, configMaps: {'checkout-config': {state: 'missing'}}}), context)
    expect([f!.code, f!.severity]).toEqual(['MissingConfigMap', 'warning'])
  })
})
