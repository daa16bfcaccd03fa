import {describe, expect, it} from 'vitest'
import {KubeError, LogUnavailable, statusError} from '../../src/kube/errors.js'
import {resourceInfo} from '../../src/kube/resources.js'

const endpoint = {server: 'https://127.0.0.1:6443', contextName: 'test', userName: 'admin'}
const logPurpose = {verb: 'get', resource: resourceInfo('pods'), subresource: 'log', name: 'p', namespace: 'default'}

function badRequest(message: string): string {
  return JSON.stringify({kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason: 'BadRequest', code: 400})
}

describe('statusError on pods/log', () => {
  it('types a container that is waiting to start', () => {
    for (const message of ['container "c" in pod "p" is waiting to start: ContainerCreating', 'container "c" in pod "p" is waiting to start: trying and failing to pull image', 'container "c" in pod "p" is waiting to start: PodInitializing']) {
      const error = statusError(400, badRequest(message), logPurpose, endpoint)
      expect(error).toBeInstanceOf(LogUnavailable)
      expect(error).toMatchObject({state: 'waiting', reason: 'invalid', status: 400, message})
    }
  })

  it('types a log the server does not serve', () => {
    const error = statusError(400, badRequest('container "debugger" in pod "p" is not available'), logPurpose, endpoint)
    expect(error).toMatchObject({state: 'not-available', reason: 'invalid', status: 400})
  })

  it('leaves other 400s, and 400s of other requests, plain invalid requests', () => {
    const wrongContainer = statusError(400, badRequest('container x is not valid for pod p'), logPurpose, endpoint)
    const elsewhere = statusError(400, badRequest('container "c" in pod "p" is waiting to start: ContainerCreating'), {verb: 'get', resource: resourceInfo('pods'), name: 'p'}, endpoint)
    for (const error of [wrongContainer, elsewhere]) {
      expect(error).toBeInstanceOf(KubeError)
      expect(error).not.toBeInstanceOf(LogUnavailable)
      expect(error.reason).toBe('invalid')
    }
  })
})
