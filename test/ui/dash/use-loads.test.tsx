/**
 * What the views load on request, as a hook, with a cluster made in the test: nothing until
 * asked, loading until the answer to this request, an older answer dropped, a failure's first
 * line, and the `:` list kept on screen while it reloads.
 */
import {cleanup} from 'ink-testing-library'
import {afterEach, describe, expect, it} from 'vitest'
import type {KubeObject} from '../../../src/kube/client.js'
import {painter} from '../../../src/print/colour.js'
import type {DashCluster} from '../../../src/ui/dash/cluster.js'
import {initialState, type UiState} from '../../../src/ui/dash/state.js'
import {objectsAnswer, targetName, usePaneLoads} from '../../../src/ui/dash/use-loads.js'
import {renderHook, tick, until} from './helpers.js'

afterEach(() => cleanup())

/** A promise the test settles. */
function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (error: Error) => void
  const promise = new Promise<T>((yes, no) => ((resolve = yes), (reject = no)))
  return {promise, resolve, reject}
}

/** A cluster whose answers the test gives, one call at a time, in the order asked. */
function fakeCluster() {
  const asked: Array<{call: string; args: unknown[]; answer: ReturnType<typeof deferred<unknown>>}> = []
  const ask = (call: string) => (...args: unknown[]) => {
    const answer = deferred<unknown>()
    asked.push({call, args, answer})
    return answer.promise
  }
  const cluster = {contextName: 'prod', defaultNamespace: 'shop', diagnosePod: ask('diagnosePod'), diagnose: ask('diagnose'), capacity: ask('capacity'), objectYaml: ask('objectYaml'), xray: ask('xray'), listObjects: ask('listObjects')} as unknown as DashCluster
  return {cluster, asked}
}

const paint = painter(false)

function loads(cluster: DashCluster, first: Partial<UiState>, usage: () => Promise<never> = () => Promise.reject(new Error('no metrics'))) {
  const base = initialState(cluster, true)
  const hook = renderHook((ui: UiState) => usePaneLoads(ui, paint, usage), {...base, ...first})
  return {hook, base}
}

const deployment = (name: string, namespace = 'shop') => ({metadata: {name, namespace}, spec: {replicas: 1}, status: {readyReplicas: 1}}) as unknown as KubeObject

describe('targetName', () => {
  it('a pod by namespace/name, another kind with its resource first', () => {
    const ui = initialState({contextName: 'prod', defaultNamespace: 'shop'} as DashCluster, false)
    expect(targetName(ui)).toBe('')
    expect(targetName({...ui, target: {namespace: 'shop', name: 'web-1'}})).toBe('shop/web-1')
    expect(targetName({...ui, target: {namespace: 'shop', name: 'web', kind: 'deployments'}})).toBe('deployments shop/web')
    expect(targetName({...ui, target: {namespace: '', name: 'worker-1', kind: 'nodes'}})).toBe('nodes worker-1')
  })
})

describe('usePaneLoads', () => {
  it('nothing until asked; then loading, then the answer for what was asked', async () => {
    const {cluster, asked} = fakeCluster()
    const {hook, base} = loads(cluster, {})
    expect(hook.value()).toEqual({diagnosis: undefined, capacity: undefined, yaml: undefined, xray: undefined, objects: undefined})
    hook.rerender({...base, target: {namespace: 'shop', name: 'web', kind: 'deployments'}, diagnosisRun: 1})
    expect(hook.value().diagnosis).toEqual({state: 'loading', lines: [], about: 'deployments shop/web', run: 1})
    await until(() => asked.length, (n) => n === 1, 'the diagnosis asked for')
    expect(asked[0]).toMatchObject({call: 'diagnose', args: ['deployments', 'shop', 'web', paint]})
    asked[0]!.answer.resolve(['ROOT CAUSE'])
    await until(() => hook.value().diagnosis?.state, (state) => state === 'ready', 'the diagnosis')
    expect(hook.value().diagnosis).toEqual({state: 'ready', lines: ['ROOT CAUSE'], about: 'deployments shop/web', run: 1})
  })

  it('an answer to an older request is dropped; a failure says its first line', async () => {
    const {cluster, asked} = fakeCluster()
    const {hook, base} = loads(cluster, {capacityRun: 1})
    hook.rerender({...base, capacityRun: 2})
    await until(() => asked.length, (n) => n === 2, 'both requests')
    asked[1]!.answer.reject(new Error('nodes is forbidden\nmore'))
    await until(() => hook.value().capacity?.state, (state) => state === 'failed', 'the failure')
    asked[0]!.answer.resolve(['old'])
    // Taken, the old answer would be a request other than the one the state makes: "loading".
    await tick()
    expect(hook.value().capacity).toEqual({state: 'failed', lines: [], error: 'nodes is forbidden', about: 'prod', run: 2})
  })

  it('the : list keeps its rows while it reloads, none for another kind; nodes without usage show ?', async () => {
    const {cluster, asked} = fakeCluster()
    const deployments: Partial<UiState> = {objects: {kind: 'deployments', cursor: 0, offset: 0}, objectsRun: 1}
    const {hook, base} = loads(cluster, deployments)
    await until(() => asked.length, (n) => n === 1, 'the list')
    asked[0]!.answer.resolve([deployment('web'), deployment('api')])
    await until(() => hook.value().objects?.state, (state) => state === 'ready', 'the rows')
    const reloading = {...base, ...deployments, objectsRun: 2}
    hook.rerender(reloading)
    expect(objectsAnswer(hook.value().objects, reloading)).toMatchObject({state: 'loading', rows: [{key: 'shop/api'}, {key: 'shop/web'}]})
    expect(objectsAnswer(hook.value().objects, {...reloading, objects: {kind: 'nodes', cursor: 0, offset: 0}}).rows).toEqual([])
    const nodes = {...base, objects: {kind: 'nodes', cursor: 0, offset: 0}, objectsRun: 3}
    hook.rerender(nodes)
    await until(() => asked.length, (n) => n === 3, 'the nodes')
    asked[2]!.answer.resolve([{metadata: {name: 'worker-1'}, status: {conditions: [{type: 'Ready', status: 'True'}]}}])
    const answer = await until(() => objectsAnswer(hook.value().objects, nodes), (a) => a.state === 'ready', 'the nodes')
    expect(answer.rows[0]!.cells.slice(3)).toEqual(['?', '?', '?', '?', '?'])
  })
})
