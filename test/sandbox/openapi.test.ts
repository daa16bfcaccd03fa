// kubectl explain against a running sandbox, reading its OpenAPI documents (v3 and the swagger 2.0
// document as gnostic protobuf). The documents themselves are tested in test/sandbox/openapi/.
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {startSandbox, type Sandbox} from '../../src/sandbox/index.js'
import {run} from '../helpers/run.js'

describe('kubectl explain against the sandbox', () => {
  let sandbox: Sandbox
  const kubectl = (...args: string[]) => run('kubectl', ['--kubeconfig', sandbox.kubeconfigPath, ...args], {HOME: '/nonexistent'})

  beforeAll(async () => {
    sandbox = await startSandbox({scenario: 'empty', controllers: false})
  })
  afterAll(async () => {
    await sandbox?.stop()
  })

  it('explains pod.spec.containers from the v3 document: type, description, fields', async () => {
    const explained = await kubectl('explain', 'pod.spec.containers')
    expect(explained.stderr).toBe('')
    expect(explained.stdout).toMatch(/^KIND:\s+Pod\nVERSION:\s+v1\n\nFIELD: containers <\[\]Container>/)
    expect(explained.stdout).toMatch(/List of containers belonging to the pod\./)
    expect(explained.stdout).toMatch(/\n {2}image\t<string>\n/)
    expect(explained.stdout).toMatch(/\n {2}name\t<string> -required-\n/)
    expect(explained.stdout).toMatch(/\n {2}resources\t<ResourceRequirements>\n/)
  })

  it('explains from the swagger 2.0 document (gnostic protobuf) with --output=plaintext-openapiv2', async () => {
    const explained = await kubectl('explain', 'pods.spec.containers', '--output=plaintext-openapiv2')
    expect(explained.stderr).toBe('')
    expect(explained.stdout).toMatch(/^KIND:\s+Pod\nVERSION:\s+v1\n\nRESOURCE: containers <\[\]Object>/)
    expect(explained.stdout).toMatch(/\n {3}image\t<string>\n/)
  })

  it('explains a kind of a named group version', async () => {
    const explained = await kubectl('explain', 'deployments', '--api-version=apps/v1')
    expect(explained.stdout).toMatch(/^GROUP:\s+apps\nKIND:\s+Deployment\nVERSION:\s+v1\n/)
    expect(explained.stdout).toMatch(/Deployment enables declarative updates for Pods and ReplicaSets\./)
  })
})
