// The bootstrap RBAC objects as bootstrapRbac returns them; test/sandbox/bootstrap/index.test.ts reads them through kubectl.
import {describe, expect, it} from 'vitest'
import {bootstrapRbac} from '../../../src/sandbox/bootstrap/rbac.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any

const objects = bootstrapRbac('2026-01-01T00:00:00Z', (key) => `uid:${key}`) as Json[]
const role = (name: string) => objects.find((o) => o.kind === 'ClusterRole' && o.metadata.name === name)
const binding = (name: string) => objects.find((o) => o.kind === 'ClusterRoleBinding' && o.metadata.name === name)

describe('bootstrapRbac', () => {
  it('makes the default ClusterRoles, labelled and annotated as the post-start hook does', () => {
    const roles = objects.filter((o) => o.kind === 'ClusterRole')
    expect(roles).toHaveLength(31)
    expect(role('cluster-admin').rules).toEqual([{verbs: ['*'], apiGroups: ['*'], resources: ['*']}, {verbs: ['*'], nonResourceURLs: ['*']}])
    expect(role('system:discovery').metadata).toEqual({
      name: 'system:discovery',
      uid: 'uid:clusterrole/system:discovery',
      creationTimestamp: '2026-01-01T00:00:00Z',
      labels: {'kubernetes.io/bootstrapping': 'rbac-defaults'},
      annotations: {'rbac.authorization.kubernetes.io/autoupdate': 'true'},
    })
  })

  it('aggregates view into edit and edit into admin, each selecting its aggregate-to label', () => {
    const [view, edit, admin] = [role('view'), role('edit'), role('admin')]
    expect(view.aggregationRule).toEqual({clusterRoleSelectors: [{matchLabels: {'rbac.authorization.k8s.io/aggregate-to-view': 'true'}}]})
    expect(view.metadata.labels['rbac.authorization.k8s.io/aggregate-to-edit']).toBe('true')
    expect(edit.metadata.labels['rbac.authorization.k8s.io/aggregate-to-admin']).toBe('true')
    expect(view.rules.some((r: Json) => r.verbs.includes('create'))).toBe(false)
    expect(edit.rules.slice(-view.rules.length)).toEqual(view.rules)
    expect(admin.rules.slice(0, edit.rules.length)).toEqual(edit.rules)
    expect(admin.rules.at(-1)).toEqual({verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings', 'roles']})
  })

  it('binds the roles of the same name: groups and users with the RBAC apiGroup, service accounts without, system:node to nobody', () => {
    expect(binding('cluster-admin')).toMatchObject({roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin'}, subjects: [{apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:masters'}]})
    expect(binding('system:kube-dns').subjects).toEqual([{kind: 'ServiceAccount', name: 'kube-dns', namespace: 'kube-system'}])
    expect(binding('system:node')).not.toHaveProperty('subjects')
    expect(objects.filter((o) => o.kind === 'ClusterRoleBinding').every((b) => role(b.roleRef.name) !== undefined)).toBe(true)
  })
})
