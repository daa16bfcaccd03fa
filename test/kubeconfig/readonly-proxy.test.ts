import {describe, expect, it} from 'vitest'
import {readonlyRefusal} from '../../src/kubeconfig/readonly-proxy.js'

// kubectx's rules (internal/proxy/readonly.go), plus: review paths must be plain (no dot segments or escapes).
describe('the read-only proxy\'s rules', () => {
  it.each([
    ['GET', '/api/v1/pods?watch=true', {}, undefined],
    ['HEAD', '/api', {}, undefined],
    ['OPTIONS', '/api', {}, undefined],
    ['POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {}, undefined],
    ['POST', '/apis/authorization.k8s.io/v1/namespaces/x/localsubjectaccessreviews', {}, undefined],
    ['POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {}, undefined],
    ['POST', '/api/v1/namespaces?dryRun=All', {}, undefined],
    ['DELETE', '/api/v1/namespaces/x?dryRun=All', {}, undefined],
    ['POST', '/api/v1/namespaces', {}, 'POST requests are not allowed'],
    ['PATCH', '/api/v1/namespaces/x', {}, 'PATCH requests are not allowed'],
    ['DELETE', '/api/v1/namespaces/x?dryRun=All&dryRun=', {}, 'DELETE requests are not allowed'],
    ['POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews/../../../../api/v1/namespaces', {}, 'POST requests are not allowed'],
    ['POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews%2F..', {}, 'POST requests are not allowed'],
    ['POST', '/apis/evil.example/v1/selfsubjectaccessreviews', {}, 'POST requests are not allowed'],
    ['GET', '/api/v1/namespaces/x/pods/p/exec?command=sh', {connection: 'Upgrade', upgrade: 'websocket'}, 'operations like exec, cp, and port-forward are not allowed'],
    ['POST', '/api/v1/namespaces/x/pods/p/portforward', {connection: 'keep-alive, Upgrade'}, 'operations like exec, cp, and port-forward are not allowed'],
  ] as const)('%s %s %j', (method, url, headers, refusal) => {
    expect(readonlyRefusal(method, url, headers)).toBe(refusal)
  })
})
