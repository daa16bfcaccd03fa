// kubectl auth whoami and kubectl auth can-i --list as the sandbox answers them.
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {startSandbox, type Sandbox} from '../../src/sandbox/index.js'
import {SERVED_RESOURCES} from '../../src/sandbox/resources.js'
import {selfSubjectReview, selfSubjectRulesReview} from '../../src/sandbox/self-reviews.js'
import {run} from '../helpers/run.js'

type Rules = {status: {resourceRules: Array<{verbs: string[]; apiGroups: string[]; resources: string[]}>; nonResourceRules: unknown[]}}

describe('self reviews', () => {
  it('names the user and their groups', () => {
    expect(selfSubjectReview('kubernetes-admin', 'kubernetes-admin')).toMatchObject({kind: 'SelfSubjectReview', status: {userInfo: {username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated']}}})
    expect(selfSubjectReview('alice', 'kubernetes-admin')).toMatchObject({status: {userInfo: {username: 'alice', groups: ['system:authenticated']}}})
  })

  it('gives an unrestricted user the rules of cluster-admin', () => {
    const review = selfSubjectRulesReview('default', SERVED_RESOURCES, () => false) as Rules
    expect(review.status.resourceRules[0]).toEqual({verbs: ['*'], apiGroups: ['*'], resources: ['*']})
  })

  it('lists, for a restricted user, the verbs no deny rule takes away', () => {
    const review = selfSubjectRulesReview('payments', SERVED_RESOURCES, (verb, resource, _group, namespace) => verb === 'list' && resource === 'pods' && namespace === 'payments') as Rules
    const pods = review.status.resourceRules.find((r) => r.resources[0] === 'pods')!
    expect(pods.verbs).not.toContain('list')
    expect(pods.verbs).toContain('get')
    expect(review.status.resourceRules.find((r) => r.resources[0] === 'deployments')!.verbs).toContain('list')
  })
})

describe('kubectl auth whoami and can-i --list against the sandbox', () => {
  let sandbox: Sandbox
  const kubectl = (...args: string[]) => run('kubectl', ['--kubeconfig', sandbox.kubeconfigPath, ...args], {HOME: '/nonexistent'})
  beforeAll(async () => {
    sandbox = await startSandbox({scenario: 'empty', controllers: false, users: [{name: 'alice', token: 'alice-token'}], deny: [{user: 'alice', verb: 'delete', resource: 'pods'}]})
  })
  afterAll(async () => {
    await sandbox?.stop()
  })

  it('says who the user is', async () => {
    expect((await kubectl('auth', 'whoami')).stdout).toBe('ATTRIBUTE   VALUE\nUsername    kubernetes-admin\nGroups      [kubeadm:cluster-admins system:authenticated]\n')
    expect((await kubectl('--token', 'alice-token', 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}')).stdout).toBe('alice')
  })

  it('lists what the user may do', async () => {
    expect((await kubectl('auth', 'can-i', '--list')).stdout).toMatch(/^Resources +Non-Resource URLs +Resource Names +Verbs\n\*\.\* +\[\] +\[\] +\[\*\]\n/)
    const alice = (await kubectl('--token', 'alice-token', 'auth', 'can-i', '--list')).stdout
    const pods = alice.split('\n').find((line) => line.startsWith('pods '))!
    expect(pods).toMatch(/\[create deletecollection get list patch update watch\]$/)
  })
})
