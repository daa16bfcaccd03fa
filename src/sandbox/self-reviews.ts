/**
 * What a user may learn about themselves: `kubectl auth whoami` (authentication.k8s.io/v1
 * SelfSubjectReview) and `kubectl auth can-i --list` (authorization.k8s.io/v1
 * SelfSubjectRulesReview). The sandbox allows everything but its deny rules, so an unrestricted
 * user has the rules of cluster-admin and a restricted one gets, per served resource, the verbs no
 * deny rule takes away (rules naming one object cannot be expressed, as in RBAC, and are not).
 */
import {readJsonBody, readRawBody, send, type ApiRequest} from './http.js'
import {groupVersion, type ServedResource} from './resources.js'
import {denied} from './routes.js'
import {serviceAccountGroups} from './tokens.js'
import type {DenyRule} from './types.js'

export const WHOAMI_PATH = '/apis/authentication.k8s.io/v1/selfsubjectreviews'
export const RULES_REVIEW_PATH = '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews'

/** The sandbox's administrator (index.ts ADMIN_USER), who is in kubeadm's cluster-admins group. */
const ADMIN_USER = 'kubernetes-admin'

/** Whether a deny rule takes `verb` on `resource` (`pods`, `pods/log`) in `group` and `namespace` away from the user. */
export type DenyCheck = (verb: string, resource: string, group: string, namespace: string | undefined) => boolean

export function selfSubjectReview(user: string, adminUser: string): object {
  const groups = user === adminUser ? ['kubeadm:cluster-admins', 'system:authenticated'] : (serviceAccountGroups(user) ?? ['system:authenticated'])
  return {kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: {creationTimestamp: null}, status: {userInfo: {username: user, groups}}}
}

interface ResourceRule {
  verbs: string[]
  apiGroups: string[]
  resources: string[]
}

/** The rules every authenticated user has (system:basic-user, system:discovery, system:public-info-viewer). */
const BASIC_RESOURCE_RULES: ResourceRule[] = [
  {verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']},
  {verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews']},
]
const BASIC_NON_RESOURCE_RULES = [
  {verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/']},
]

/** Verbs left on each served resource when some deny rule applies; undefined when none does. */
function restrictedRules(resources: ServedResource[], namespace: string, isDenied: DenyCheck): ResourceRule[] | undefined {
  let restricted = false
  const rules: ResourceRule[] = []
  for (const r of resources) {
    const scope = r.namespaced ? namespace : undefined
    const names = [r.plural, ...(r.subresources ?? []).map((s) => `${r.plural}/${s}`)]
    for (const name of names) {
      const verbs = r.verbs.filter((verb) => !isDenied(verb, name, r.group, scope))
      if (verbs.length < r.verbs.length) restricted = true
      if (verbs.length > 0) rules.push({verbs, apiGroups: [r.group], resources: [name]})
    }
  }
  return restricted ? rules : undefined
}

export function selfSubjectRulesReview(namespace: string, resources: ServedResource[], isDenied: DenyCheck): object {
  const restricted = restrictedRules(resources, namespace, isDenied)
  const resourceRules = restricted ? [...BASIC_RESOURCE_RULES, ...restricted] : [{verbs: ['*'], apiGroups: ['*'], resources: ['*']}, ...BASIC_RESOURCE_RULES]
  const nonResourceRules = restricted ? BASIC_NON_RESOURCE_RULES : [{verbs: ['*'], nonResourceURLs: ['*']}, ...BASIC_NON_RESOURCE_RULES]
  return {
    kind: 'SelfSubjectRulesReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: {creationTimestamp: null},
    spec: {namespace},
    status: {resourceRules, nonResourceRules, incomplete: false},
  }
}

/** `v1`, `apps/v1`: the group versions a rules review covers, for tests. */
export function ruleGroupVersions(resources: ServedResource[]): string[] {
  return [...new Set(resources.map(groupVersion))]
}

/** Answers POST WHOAMI_PATH or RULES_REVIEW_PATH; false for any other request. */
export async function serveSelfReview(request: ApiRequest, deny: DenyRule[], served: ServedResource[]): Promise<boolean> {
  if (request.method !== 'POST' || (request.path !== WHOAMI_PATH && request.path !== RULES_REVIEW_PATH)) return false
  if (request.path === WHOAMI_PATH) {
    await readRawBody(request.req) // an empty SelfSubjectReview: the answer is the caller
    send(request.res, 201, selfSubjectReview(request.user, ADMIN_USER))
    return true
  }
  const body = (await readJsonBody(request.req)) as {spec?: {namespace?: string}}
  const isDenied: DenyCheck = (verb, resource, group, namespace) => denied(deny, {user: request.user, verb, resource, group, namespace, name: undefined})
  send(request.res, 201, selfSubjectRulesReview(body.spec?.namespace ?? '', served, isDenied))
  return true
}
