// A watch's callbacks are the caller's code: what they throw is a bug to report, never a
// server failure to retry.
import {describe, expect, it} from 'vitest'
import {sandboxForFile} from '../helpers/kube.js'
import type {RetryNotice} from '../../src/kube/client.js'

const pod = {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'one', namespace: 'default'}, spec: {containers: [{name: 'c', image: 'busybox'}]}}
const shared = sandboxForFile({objects: [pod], controllers: false})

describe('an exception thrown by a watch callback', () => {
  it('ends watch() with that exception, without a retry', async () => {
    const bug = new Error('a bug in onEvent')
    const retries: RetryNotice[] = []
    const events: string[] = []
    const outcome = shared.client.watch('pods', {
      namespace: 'default',
      onEvent: (type, object) => {
        events.push(`${type} ${object.metadata.name}`)
        throw bug
      },
      onRetry: (notice) => retries.push(notice),
    })
    await expect(outcome).rejects.toBe(bug)
    expect(events).toEqual(['ADDED one'])
    expect(retries).toEqual([])
  })

  it('ends sync() with that exception, without a retry', async () => {
    const bug = new TypeError('a bug in onEvent')
    const retries: RetryNotice[] = []
    const created = {...pod, metadata: {name: 'two', namespace: 'default'}}
    const outcome = shared.client.sync('pods', {
      namespace: 'default',
      onSync: () => void shared.sandbox.store.create(created),
      onEvent: () => {
        throw bug
      },
      onRetry: (notice) => retries.push(notice),
    })
    await expect(outcome).rejects.toBe(bug)
    expect(retries).toEqual([])
  })
})
