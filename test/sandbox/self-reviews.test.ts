// kubectl auth whoami and kubectl auth can-i --list as the sandbox answers them.
import {describe, expect, it} from 'vitest'
import {SERVED_RESOURCES} from '../../src/sandbox/resources.js'
import {selfSubjectReview, selfSubjectRulesReview} from '../../src/sandbox/self-reviews.js'

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
