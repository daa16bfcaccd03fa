// The API client against the sandbox's own fault layer: the same misbehaviour as the hand-written
// servers of resilience.test.ts, produced the way every other command's tests produce it (a rule on
// a running sandbox), so the client is held to the faults the sandbox documents. Rules are cleared
// after each case; the client retries after milliseconds (its tuning knobs), never its real waits.
import {afterEach, describe, expect, it} from 'vitest'
import {connect, type KubeClient, type RetryNotice} from '../../src/kube/client.js'
import {startSandbox, type FaultRule} from '../../src/sandbox/index.js'
import {failure, sandboxForFile} from '../helpers/kube.js'

const pod = (name: string) => ({apiVersion: 'v1', kind: 'Pod', metadata: {name, namespace: 'default'}, spec: {containers: [{name: 'app', image: 'nginx:1.27.3'}]}})

const shared = sandboxForFile(
  {scenario: 'empty', controllers: false, objects: [pod('web-0'), pod('web-1')]},
  {retryBackoff: {initialMs: 5, maxMs: 10}, watchBackoff: {initialMs: 5, maxMs: 20}, watchHealthyMs: 60_000},
)

afterEach(() => shared.sandbox.faults.clear())

/** Adds a rule and returns a function that reads how many requests it affected. */
function fault(rule: FaultRule): () => number {
  const id = shared.sandbox.faults.add(rule)
  return () => shared.sandbox.faults.hits(id)
}

/** A client of its own with a short --request-timeout. */
async function clientWithTimeout(requestTimeout: string): Promise<KubeClient> {
  return connect({kubeconfig: shared.sandbox.kubeconfigPath, requestTimeout, env: {}}, {tuning: {retryBackoff: {initialMs: 5, maxMs: 10}}})
}

const names = (list: {items: Array<{metadata: {name: string}}>}) => list.items.map((item) => item.metadata.name)

describe('one-shot reads through sandbox faults', () => {
  it('waits out a 429 with Retry-After and then gets the list', async () => {
    const hits = fault({resource: 'pods', verb: 'list', status: 429, retryAfterSeconds: 1, times: 1})
    expect(names(await shared.client.list('pods', {namespace: 'default'}))).toEqual(['web-0', 'web-1'])
    expect(hits()).toBe(1)
  })

  it('retries a 500 twice, then reports what the server answered', async () => {
    const hits = fault({resource: 'pods', verb: 'list', status: 500})
    const error = await failure(shared.client.list('pods', {namespace: 'default'}))
    expect(hits()).toBe(3)
    expect(error.status).toBe(500)
  })

  it('gets the list once a 503 clears within its retries', async () => {
    const hits = fault({resource: 'pods', verb: 'list', status: 503, times: 2})
    expect(names(await shared.client.list('pods', {namespace: 'default'}))).toEqual(['web-0', 'web-1'])
    expect(hits()).toBe(2)
  })

  it('retries a reset connection', async () => {
    const hits = fault({resource: 'pods', verb: 'get', reset: true, times: 1})
    const object = await shared.client.get<{metadata: {name: string}}>('pods', 'web-0', 'default')
    expect(object.metadata.name).toBe('web-0')
    expect(hits()).toBe(1)
  })

  it('gives up on a body that stalls after its headers at --request-timeout', async () => {
    fault({resource: 'pods', verb: 'list', stallAfterHeaders: true})
    const client = await clientWithTimeout('400ms')
    try {
      const error = await failure(client.list('pods', {namespace: 'default'}))
      expect(error.reason).toBe('timeout')
      expect(error.message).toMatch(/did not answer within 400ms \(--request-timeout\)$/)
    } finally {
      client.close()
    }
  })

  it('gives up on a body that trickles at --request-timeout', async () => {
    fault({resource: 'pods', verb: 'list', trickleBytesPerSecond: 10})
    const client = await clientWithTimeout('400ms')
    try {
      expect((await failure(client.list('pods', {namespace: 'default'}))).reason).toBe('timeout')
    } finally {
      client.close()
    }
  })

  it("lists again from the start when a later page's continue token has expired (410), as client-go's pager does", async () => {
    const sandbox = await startSandbox({scenario: 'empty', controllers: false, timing: {continueTokenTtlMs: 300}, objects: ['web-0', 'web-1', 'web-2'].map(pod)})
    const client = await connect({kubeconfig: sandbox.kubeconfigPath, env: {}}, {tuning: {retryBackoff: {initialMs: 5, maxMs: 10}}})
    try {
      // The first continuation arrives after the token's life: 410 Expired. The list starts again.
      const slow = sandbox.faults.add({resource: 'pods', verb: 'list', after: 1, times: 1, latencyMs: 600})
      const list = await client.list('pods', {namespace: 'default', pageSize: 2})
      expect(names(list)).toEqual(['web-0', 'web-1', 'web-2'])
      expect(sandbox.faults.hits(slow)).toBe(1)
      // Page by page, a caller has already been handed the first page: the 410 is its to see.
      sandbox.faults.add({resource: 'pods', verb: 'list', after: 1, times: 1, latencyMs: 600})
      const pages = client.listPages('pods', {namespace: 'default', pageSize: 2})
      expect((await pages.next()).value).toHaveLength(2)
      expect((await failure(pages.next())).reason).toBe('gone')
    } finally {
      client.close()
      await sandbox.stop()
    }
  })

  it('does not retry what waiting cannot cure (403)', async () => {
    const hits = fault({resource: 'pods', verb: 'list', status: 403})
    expect((await failure(shared.client.list('pods', {namespace: 'default'}))).status).toBe(403)
    expect(hits()).toBe(1)
  })
})

/** Watches pods until `count` retry notices arrived; returns them. */
async function retryNotices(count: number, resourceVersion: string): Promise<RetryNotice[]> {
  const controller = new AbortController()
  const seen: RetryNotice[] = []
  await shared.client.watch('pods', {
    namespace: 'default',
    resourceVersion,
    signal: controller.signal,
    onEvent: () => undefined,
    onRetry: (notice) => {
      seen.push(notice)
      if (seen.length >= count) controller.abort()
    },
  })
  return seen
}

describe('long-running reads through sandbox faults', () => {
  it('backs off when every watch ends at once, one request per attempt', async () => {
    const {resourceVersion} = await shared.client.list('pods', {namespace: 'default'})
    const hits = fault({resource: 'pods', verb: 'watch', closeWatchAfterEvents: 0})
    const seen = await retryNotices(6, resourceVersion)
    expect(seen.map((notice) => notice.attempt)).toEqual([1, 2, 3, 4, 5, 6])
    expect(seen[0]!.error.message).toMatch(/ended the watch of pods at once$/)
    expect(seen[0]!.delayMs).toBeLessThan(seen[5]!.delayMs)
    expect(hits()).toBe(6)
  })

  it('treats lines that are not watch events as a broken stream and backs off', async () => {
    const {resourceVersion} = await shared.client.list('pods', {namespace: 'default'})
    const hits = fault({resource: 'pods', verb: 'watch', invalidWatchLines: true})
    const seen = await retryNotices(3, resourceVersion)
    expect(seen[0]!.error.message).toMatch(/sent a watch event that is not one/)
    expect(hits()).toBe(3)
  })

  it('lists again when the watch says its resourceVersion is gone (410), and keeps every pod', async () => {
    fault({resource: 'pods', verb: 'watch', watchExpired: true, times: 1})
    const controller = new AbortController()
    const syncs: string[][] = []
    await shared.client.sync<{metadata: {name: string}}>('pods', {
      namespace: 'default',
      signal: controller.signal,
      onSync: (items) => {
        syncs.push(items.map((item) => item.metadata.name))
        if (syncs.length === 2) controller.abort()
      },
      onEvent: () => undefined,
    })
    expect(syncs).toEqual([
      ['web-0', 'web-1'],
      ['web-0', 'web-1'],
    ])
  })
})
