// Lifecycles as a real cluster runs them: graceful pod deletion (Terminating, then gone),
// namespace termination, and garbage collection with Background, Foreground and Orphan.
// The grace period runs at 1 ms per second; waits poll for the state, never for a time.
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {startSandbox, type Sandbox} from '../../src/sandbox/index.js'
import type {KubeObject} from '../../src/sandbox/types.js'

const pod = (name: string, namespace: string, nodeName?: string, owner?: KubeObject, reference: {blockOwnerDeletion?: boolean} = {}, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name, namespace, ...(owner ? {ownerReferences: [{apiVersion: 'v1', kind: 'ConfigMap', name: owner.metadata!.name!, uid: owner.metadata!.uid!, ...reference}]} : {})},
  spec: {...(nodeName ? {nodeName} : {}), containers: [{name: 'app', image: 'busybox:1.36'}], ...spec},
  status: {phase: 'Running'},
})
const configMap = (name: string, namespace = 'work'): KubeObject => ({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name, namespace}})

describe('sandbox lifecycles', () => {
  let sandbox: Sandbox
  const api = (path: string, init: RequestInit = {}) => fetch(`${sandbox.url}${path}`, init)
  const del = (path: string, body?: unknown) => api(path, {method: 'DELETE', ...(body ? {headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)} : {})})
  const exists = (resource: string, namespace: string, name: string) => sandbox.store.get(resource, namespace, name) !== undefined

  beforeAll(async () => {
    sandbox = await startSandbox({scenario: 'empty', http: true, controllers: false, timing: {gracePeriodScale: 1}, objects: [{apiVersion: 'v1', kind: 'Node', metadata: {name: 'n1'}}, pod('bound', 'work', 'n1'), pod('pending', 'work')]})
  })
  afterAll(async () => {
    await sandbox?.stop()
  })

  it('deletes a bound pod gracefully: MODIFIED with deletionTimestamp, then DELETED', async () => {
    const list = (await (await api('/api/v1/namespaces/work/pods')).json()) as {metadata: {resourceVersion: string}}
    const watch = api(`/api/v1/namespaces/work/pods?watch=true&fieldSelector=metadata.name%3Dbound&resourceVersion=${list.metadata.resourceVersion}&timeoutSeconds=5`)
    const answer = (await (await del('/api/v1/namespaces/work/pods/bound', {kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 20})).json()) as {metadata: {deletionTimestamp?: string; deletionGracePeriodSeconds?: number}}
    expect(answer.metadata.deletionGracePeriodSeconds).toBe(20)
    expect(answer.metadata.deletionTimestamp).toBeDefined()
    await expect.poll(() => exists('pods', 'work', 'bound')).toBe(false)
    const reader = (await watch).body!.getReader()
    let text = ''
    while (text.split('\n').length < 3) {
      const {value, done} = await reader.read()
      if (done) break
      text += Buffer.from(value).toString('utf8')
    }
    await reader.cancel()
    const events = text.trim().split('\n').map((l) => JSON.parse(l) as {type: string; object: {metadata: {deletionTimestamp?: string}}})
    expect(events.map((e) => e.type)).toEqual(['MODIFIED', 'DELETED'])
    expect(events[0]!.object.metadata.deletionTimestamp).toBeDefined()
  })

  it('deletes an unbound pod at once', async () => {
    await del('/api/v1/namespaces/work/pods/pending')
    expect(exists('pods', 'work', 'pending')).toBe(false)
  })

  it('terminates a namespace: Terminating, no new content, emptied, then gone', async () => {
    await api('/api/v1/namespaces', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'doomed'}})})
    sandbox.store.create(configMap('settings', 'doomed'))
    sandbox.store.create(pod('worker', 'doomed', 'n1'))
    const answer = (await (await del('/api/v1/namespaces/doomed')).json()) as {kind: string; status: {phase: string}; metadata: {deletionTimestamp?: string}}
    expect(answer).toMatchObject({kind: 'Namespace', status: {phase: 'Terminating'}, metadata: {deletionTimestamp: expect.any(String)}})
    const refused = await api('/api/v1/namespaces/doomed/configmaps', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(configMap('late', 'doomed'))})
    expect(refused.status).toBe(403)
    expect(await refused.json()).toMatchObject({reason: 'Forbidden', message: 'configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated'})
    await expect.poll(() => exists('namespaces', '', 'doomed')).toBe(false)
    expect(sandbox.store.list('configmaps', {namespace: 'doomed'}).entries).toEqual([])
    expect(sandbox.store.list('pods', {namespace: 'doomed'}).entries).toEqual([])
  })

  it('says in the namespace status what holds a terminating namespace, as the namespace controller does', async () => {
    await api('/api/v1/namespaces', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'held'}})})
    sandbox.store.create({...configMap('guarded', 'held'), metadata: {name: 'guarded', namespace: 'held', finalizers: ['example.com/hold']}})
    await del('/api/v1/namespaces/held')
    const conditions = () => ((sandbox.store.get('namespaces', undefined, 'held')?.object.status as {conditions?: Array<{type: string; status: string; reason: string; message: string}>} | undefined)?.conditions ?? []).map(({type, status, reason, message}) => ({type, status, reason, message}))
    await expect.poll(conditions).toEqual([
      {type: 'NamespaceDeletionDiscoveryFailure', status: 'False', reason: 'ResourcesDiscovered', message: 'All resources successfully discovered'},
      {type: 'NamespaceDeletionGroupVersionParsingFailure', status: 'False', reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed'},
      {type: 'NamespaceDeletionContentFailure', status: 'False', reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization'},
      {type: 'NamespaceContentRemaining', status: 'True', reason: 'SomeResourcesRemain', message: 'Some resources are remaining: configmaps. has 1 resource instances'},
      {type: 'NamespaceFinalizersRemaining', status: 'True', reason: 'SomeFinalizersRemain', message: 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances'},
    ])
    const guarded = sandbox.store.get('configmaps', 'held', 'guarded')!.object
    sandbox.store.update({...guarded, metadata: {...guarded.metadata, resourceVersion: undefined, finalizers: []}})
    await expect.poll(() => exists('namespaces', '', 'held')).toBe(false)
  })

  it('collects dependents: Background deletes them, Orphan keeps them without the reference, Foreground deletes them first', async () => {
    const owner = sandbox.store.create(configMap('owner-bg'))
    sandbox.store.create(pod('dep-bg', 'work', undefined, owner))
    await del('/api/v1/namespaces/work/configmaps/owner-bg')
    await expect.poll(() => exists('pods', 'work', 'dep-bg')).toBe(false)

    const orphaner = sandbox.store.create(configMap('owner-orphan'))
    sandbox.store.create(pod('dep-orphan', 'work', undefined, orphaner))
    await del('/api/v1/namespaces/work/configmaps/owner-orphan', {propagationPolicy: 'Orphan'})
    await expect.poll(() => exists('configmaps', 'work', 'owner-orphan')).toBe(false)
    expect(sandbox.store.get('pods', 'work', 'dep-orphan')!.object.metadata?.ownerReferences ?? []).toEqual([])

    const foreground = sandbox.store.create(configMap('owner-fg'))
    sandbox.store.create(pod('dep-fg', 'work', 'n1', foreground, {blockOwnerDeletion: true}))
    const answer = (await (await del('/api/v1/namespaces/work/configmaps/owner-fg?propagationPolicy=Foreground')).json()) as {metadata: {finalizers?: string[]}}
    expect(answer.metadata.finalizers).toEqual(['foregroundDeletion'])
    await expect.poll(() => exists('configmaps', 'work', 'owner-fg')).toBe(false)
    expect(exists('pods', 'work', 'dep-fg')).toBe(false)
  })

  it('Foreground deletes dependents that own others in the foreground too, and waits only for the dependents that block it (blockOwnerDeletion)', async () => {
    const slow = {terminationGracePeriodSeconds: 100_000} // 100 s at 1 ms a second
    const owner = sandbox.store.create(configMap('owner-chain'))
    const middle = sandbox.store.create({...configMap('middle'), metadata: {name: 'middle', namespace: 'work', ownerReferences: [{apiVersion: 'v1', kind: 'ConfigMap', name: 'owner-chain', uid: owner.metadata!.uid!, blockOwnerDeletion: true}]}})
    sandbox.store.create(pod('blocking', 'work', 'n1', middle, {blockOwnerDeletion: true}, slow))
    sandbox.store.create(pod('lingering', 'work', 'n1', owner, {}, slow))
    await del('/api/v1/namespaces/work/configmaps/owner-chain', {propagationPolicy: 'Foreground'})
    const deleting = (resource: string, name: string) => sandbox.store.get(resource, 'work', name)?.object.metadata
    await expect.poll(() => deleting('configmaps', 'middle')?.finalizers).toEqual(['foregroundDeletion'])
    await expect.poll(() => deleting('pods', 'blocking')?.deletionTimestamp).toBeDefined()
    await expect.poll(() => deleting('pods', 'lingering')?.deletionTimestamp).toBeDefined()
    expect(exists('configmaps', 'work', 'owner-chain')).toBe(true)
    await del('/api/v1/namespaces/work/pods/blocking', {gracePeriodSeconds: 0})
    await expect.poll(() => exists('configmaps', 'work', 'owner-chain')).toBe(false)
    expect(exists('configmaps', 'work', 'middle')).toBe(false)
    expect(deleting('pods', 'lingering')?.deletionTimestamp).toBeDefined()
  })
})
