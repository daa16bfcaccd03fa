// diagnose reads Secrets as metadata only: their values never reach kubekit, even when a pod's
// problem is a Secret's missing key. Against the sandbox, through the real API client.
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {diagnose} from '../../src/diagnose/diagnose.js'
import type {DiagnoseClient} from '../../src/diagnose/gather.js'
import {connect, type KubeClient} from '../../src/kube/client.js'
import {startSandbox, type KubeObject, type Sandbox} from '../../src/sandbox/index.js'

const waitingMessage = "couldn't find key password in Secret shop/db-credentials"

const objects: KubeObject[] = [
  {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'shop'}},
  {apiVersion: 'v1', kind: 'Node', metadata: {name: 'worker-1'}, status: {conditions: [{type: 'Ready', status: 'True'}], allocatable: {cpu: '4', memory: '8Gi', pods: '110'}}},
  {apiVersion: 'v1', kind: 'Secret', metadata: {name: 'db-credentials', namespace: 'shop'}, type: 'Opaque', data: {user: Buffer.from('shop').toString('base64'), pass: Buffer.from('s3cr3t-value').toString('base64')}},
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {name: 'checkout', namespace: 'shop', uid: 'u-checkout', creationTimestamp: new Date(Date.now() - 60_000).toISOString()},
    spec: {nodeName: 'worker-1', containers: [{name: 'app', image: 'shop/checkout:1.0', env: [{name: 'DB_PASSWORD', valueFrom: {secretKeyRef: {name: 'db-credentials', key: 'password'}}}]}]},
    status: {
      phase: 'Pending',
      containerStatuses: [{name: 'app', ready: false, restartCount: 0, image: 'shop/checkout:1.0', imageID: '', state: {waiting: {reason: 'CreateContainerConfigError', message: waitingMessage}}}],
    },
  },
]

let sandbox: Sandbox
let client: KubeClient
beforeAll(async () => {
  sandbox = await startSandbox({objects})
  client = await connect({kubeconfig: sandbox.kubeconfigPath, env: {}})
})
afterAll(async () => {
  client?.close()
  await sandbox?.stop()
})

describe('diagnose and Secrets', () => {
  it('names the missing key without ever reading the Secret with its data', async () => {
    const metadataReads: KubeObject[] = []
    const guarded: DiagnoseClient = {
      get: (resource, name, namespace) => {
        if (resource === 'secrets') throw new Error(`read secret ${name} with its data`)
        return client.get(resource, name, namespace)
      },
      getMetadata: async (resource, name, namespace) => {
        const read = await client.getMetadata(resource, name, namespace)
        metadataReads.push(read as KubeObject)
        return read
      },
      list: (resource, options) => client.list(resource, options),
      listPages: (resource, options) => client.listPages(resource, options),
      listRawPages: (path, pageSize) => client.listRawPages(path, pageSize),
      podLogs: (namespace, pod, options) => client.podLogs(namespace, pod, options),
      getRaw: (path, query) => client.getRaw(path, query),
    }
    const result = await diagnose(guarded, 'pods', 'checkout', {namespace: 'shop', tailLines: 10, logs: true, nodeLogs: false, maxPods: 3})
    const finding = result.findings.find((f) => f.code === 'MissingConfigKey')
    expect(finding?.summary).toBe('The pod cannot start: Secret "db-credentials" has no key "password", which container "app" env DB_PASSWORD needs.')
    expect(metadataReads).toHaveLength(1)
    expect(metadataReads[0]).toMatchObject({kind: 'PartialObjectMetadata', metadata: {name: 'db-credentials'}})
    expect(JSON.stringify(metadataReads[0])).not.toContain(Buffer.from('s3cr3t-value').toString('base64'))
  })
})
