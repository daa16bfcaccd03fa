import {describe, expect, it} from 'vitest'
import {classifyPullError, imageRule, runtimeWording} from '../../src/diagnose/rules/image.js'
import {context, event, pod, runningStatus, snapshot} from './fixtures.js'

const image = 'registry.example.com/payments/gateway:v2.3.1-rc'
const containerd404 = `Failed to pull image "${image}": rpc error: code = NotFound desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": ${image}: not found`
const docker404 = `Failed to pull image "${image}": Error response from daemon: manifest for ${image} not found: manifest unknown: manifest unknown`
const containerd401 = `Failed to pull image "${image}": rpc error: code = Unknown desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": pulling from host registry.example.com failed with status code [manifests v2.3.1-rc]: 401 Unauthorized`
const dockerDenied = `Failed to pull image "example/private:1.0": Error response from daemon: pull access denied for example/private, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`
const timeout = `Failed to pull image "${image}": rpc error: code = Unknown desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": failed to do request: Head "https://registry.example.com/v2/payments/gateway/manifests/v2.3.1-rc": dial tcp 203.0.113.10:443: i/o timeout`

describe('classifyPullError', () => {
  it.each([
    [containerd404, 'not-found'],
    [docker404, 'not-found'],
    [containerd401, 'unauthorized'],
    [dockerDenied, 'unauthorized'],
    [timeout, 'unreachable'],
    ['something else entirely', 'unknown'],
  ])('%s → %s', (message, expected) => {
    expect(classifyPullError(message)).toBe(expected)
  })

  it('tells the runtime from its wording', () => {
    expect(runtimeWording(docker404)).toBe('docker')
    expect(runtimeWording(containerd404)).toBe('containerd')
    expect(runtimeWording('Back-off pulling image')).toBeUndefined()
  })
})

function pulling(message: string) {
  const p = pod({
    ready: false,
    containers: [{name: 'gateway', image}],
    statuses: [runningStatus({name: 'gateway', image, ready: false, started: false, state: {waiting: {reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"`}}})],
  })
  const events = [
    event({reason: 'Failed', message, fieldPath: 'spec.containers{gateway}', count: 7, lastAgo: 65_000}),
    event({reason: 'Failed', message: 'Error: ErrImagePull', fieldPath: 'spec.containers{gateway}', count: 7, lastAgo: 64_000}),
    event({reason: 'Failed', message: 'Error: ImagePullBackOff', fieldPath: 'spec.containers{gateway}', count: 44, lastAgo: 15_000}),
  ]
  return snapshot(p, {events, owners: [{state: 'missing', kind: 'ReplicaSet', name: 'payment-gateway-66mw6l5hzt'}, {state: 'missing', kind: 'Deployment', name: 'payment-gateway'}]})
}

describe('image rule', () => {
  it('ImageNotFound from the kubelet Failed event, not the back-off text', () => {
    const [f] = imageRule.check(pulling(containerd404), context)
    expect(f!.code).toBe('ImageNotFound')
    expect(f!.summary).toBe(`container "gateway" cannot start: the image "${image}" does not exist in the registry (containerd says so).`)
    expect(f!.evidence).toContain(`event Warning Failed: ${containerd404}`)
    expect(f!.remedy.at(-1)).toBe('kubectl set image deployment/payment-gateway gateway=registry.example.com/payments/gateway:EXISTING_TAG -n shop')
  })

  it('ImagePullUnauthorized lists the pull secrets it saw and names the registry', () => {
    const s = pulling(containerd401)
    s.serviceAccountPullSecrets = ['acr-old']
    const [f] = imageRule.check(s, context)
    expect(f!.code).toBe('ImagePullUnauthorized')
    expect(f!.summary).toContain('registry.example.com')
    expect(f!.evidence).toContain('imagePullSecrets (pod + service account): acr-old')
  })

  it('"does not exist or may require" could be either: says so', () => {
    expect(imageRule.check(pulling(dockerDenied), context)[0]!.summary).toContain('or the repository name is wrong')
  })

  it('RegistryUnreachable is a node network problem', () => {
    const [f] = imageRule.check(pulling(timeout), context)
    expect(f!.code).toBe('RegistryUnreachable')
    expect(f!.remedy[0]).toContain('curl -v https://registry.example.com/v2/')
  })

  it('Docker Engine wording is named as such', () => {
    expect(imageRule.check(pulling(docker404), context)[0]!.summary).toContain('(Docker Engine says so)')
  })

  it('InvalidImageName needs no event', () => {
    const p = pod({ready: false, statuses: [runningStatus({ready: false, state: {waiting: {reason: 'InvalidImageName', message: 'Failed to apply default image tag "Example/App:1": couldn\'t parse image name'}}})]})
    expect(imageRule.check(snapshot(p), context).map((f) => f.code)).toEqual(['InvalidImageName'])
  })

  it('is silent for running containers', () => {
    expect(imageRule.check(snapshot(pod()), context)).toEqual([])
  })
})
