/**
 * The RBAC objects kube-apiserver's rbac/bootstrap-roles post-start hook creates on every
 * cluster (plugin/pkg/auth/authorizer/rbac/bootstrappolicy): the default ClusterRoles (cluster-admin,
 * the aggregated admin, edit and view with the roles they aggregate, the system:* roles of the
 * control plane, nodes and discovery) and their ClusterRoleBindings. admin, edit and view carry
 * the rules the clusterrole-aggregation controller fills in. The per-controller
 * system:controller:* roles are left out (no controller runs under its own identity here).
 */
import type {KubeObject} from '../types.js'

interface PolicyRule {
  verbs: string[]
  apiGroups?: string[]
  resources?: string[]
  resourceNames?: string[]
  nonResourceURLs?: string[]
}

interface RoleSpec {
  name: string
  rules?: PolicyRule[]
  /** The aggregate-to-* label this role carries. */
  aggregateTo?: 'admin' | 'edit' | 'view'
  /** The aggregate-to-* label this role selects (its rules are those of the roles carrying it). */
  aggregates?: 'admin' | 'edit' | 'view'
}

const READ = ['get', 'list', 'watch']
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update']
const ALL = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']
const EVENT_WRITE = ['create', 'patch', 'update']

const rule = (apiGroups: string[], resources: string[], verbs: string[], resourceNames?: string[]): PolicyRule => ({verbs, apiGroups, resources, ...(resourceNames ? {resourceNames} : {})})
const urls = (nonResourceURLs: string[], verbs = ['get']): PolicyRule => ({verbs, nonResourceURLs})
const core = (resources: string[], verbs: string[]) => rule([''], resources, verbs)
const events = rule(['', 'events.k8s.io'], ['events'], EVENT_WRITE)
const leaderLease = (name: string) => [rule(['coordination.k8s.io'], ['leases'], ['create']), rule(['coordination.k8s.io'], ['leases'], ['get', 'update'], [name])]
const reviews = [rule(['authentication.k8s.io'], ['tokenreviews'], ['create']), rule(['authorization.k8s.io'], ['subjectaccessreviews'], ['create'])]
const approver = (signer: string) => rule(['certificates.k8s.io'], ['signers'], ['approve'], [signer])

const aggregateToView: PolicyRule[] = [
  core(['configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status'], READ),
  core(['bindings', 'events', 'limitranges', 'namespaces/status', 'pods/log', 'pods/status', 'replicationcontrollers/status', 'resourcequotas', 'resourcequotas/status'], READ),
  core(['namespaces'], READ),
  rule(['discovery.k8s.io'], ['endpointslices'], READ),
  rule(['apps'], ['controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status'], READ),
  rule(['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'], READ),
  rule(['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'], READ),
  rule(['extensions'], ['daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'ingresses', 'ingresses/status', 'networkpolicies', 'replicasets', 'replicasets/scale', 'replicasets/status', 'replicationcontrollers/scale'], READ),
  rule(['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status'], READ),
  rule(['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies'], READ),
]

const aggregateToEdit: PolicyRule[] = [
  core(['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'], READ),
  core(['serviceaccounts'], ['impersonate']),
  core(['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'], WRITE),
  core(['pods/eviction'], ['create']),
  core(['configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services', 'services/proxy'], WRITE),
  core(['serviceaccounts/token'], ['create']),
  rule(['apps'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale'], WRITE),
  rule(['autoscaling'], ['horizontalpodautoscalers'], WRITE),
  rule(['batch'], ['cronjobs', 'jobs'], WRITE),
  rule(['extensions'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'ingresses', 'networkpolicies', 'replicasets', 'replicasets/scale', 'replicationcontrollers/scale'], WRITE),
  rule(['policy'], ['poddisruptionbudgets'], WRITE),
  rule(['networking.k8s.io'], ['ingresses', 'networkpolicies'], WRITE),
  rule(['coordination.k8s.io'], ['leases'], ALL),
]

const kubeScheduler: PolicyRule[] = [
  events,
  ...leaderLease('kube-scheduler'),
  core(['nodes'], READ),
  core(['pods'], ['delete', 'get', 'list', 'watch']),
  core(['bindings', 'pods/binding'], ['create']),
  core(['pods/status'], ['patch', 'update']),
  core(['replicationcontrollers', 'services'], READ),
  rule(['apps', 'extensions'], ['replicasets'], READ),
  rule(['apps'], ['statefulsets'], READ),
  rule(['policy'], ['poddisruptionbudgets'], READ),
  core(['persistentvolumeclaims', 'persistentvolumes'], READ),
  ...reviews,
  rule(['storage.k8s.io'], ['csinodes'], READ),
  core(['namespaces'], READ),
  rule(['storage.k8s.io'], ['csidrivers'], READ),
  rule(['storage.k8s.io'], ['csistoragecapacities'], READ),
]

const kubeControllerManager: PolicyRule[] = [
  events,
  ...leaderLease('kube-controller-manager'),
  core(['secrets', 'serviceaccounts'], ['create']),
  core(['secrets'], ['delete']),
  core(['configmaps', 'namespaces', 'secrets', 'serviceaccounts'], ['get']),
  core(['secrets', 'serviceaccounts'], ['update']),
  ...reviews,
  rule(['*'], ['*'], ['list', 'watch']),
  core(['serviceaccounts/token'], ['create']),
]

const node: PolicyRule[] = [
  rule(['authentication.k8s.io'], ['tokenreviews'], ['create']),
  rule(['authorization.k8s.io'], ['localsubjectaccessreviews', 'subjectaccessreviews'], ['create']),
  core(['services'], READ),
  core(['nodes'], ['create', 'get', 'list', 'watch']),
  core(['nodes/status'], ['patch', 'update']),
  core(['nodes'], ['patch', 'update']),
  core(['events'], EVENT_WRITE),
  core(['pods'], READ),
  core(['pods'], ['create', 'delete']),
  core(['pods/status'], ['patch', 'update']),
  core(['pods/eviction'], ['create']),
  core(['configmaps', 'secrets'], READ),
  core(['persistentvolumeclaims', 'persistentvolumes'], ['get']),
  core(['endpoints'], ['get']),
  rule(['certificates.k8s.io'], ['certificatesigningrequests'], ['create', 'get', 'list', 'watch']),
  rule(['coordination.k8s.io'], ['leases'], ['create', 'delete', 'get', 'patch', 'update']),
  rule(['storage.k8s.io'], ['volumeattachments'], ['get']),
  core(['serviceaccounts/token'], ['create']),
  core(['persistentvolumeclaims/status'], ['get', 'patch', 'update']),
  rule(['storage.k8s.io'], ['csidrivers'], READ),
  rule(['storage.k8s.io'], ['csinodes'], ['create', 'delete', 'get', 'patch', 'update']),
  rule(['node.k8s.io'], ['runtimeclasses'], READ),
]

const ROLES: RoleSpec[] = [
  {name: 'admin', aggregates: 'admin'},
  {name: 'cluster-admin', rules: [rule(['*'], ['*'], ['*']), urls(['*'], ['*'])]},
  {name: 'edit', aggregates: 'edit', aggregateTo: 'admin'},
  {name: 'system:aggregate-to-admin', aggregateTo: 'admin', rules: [rule(['authorization.k8s.io'], ['localsubjectaccessreviews'], ['create']), rule(['rbac.authorization.k8s.io'], ['rolebindings', 'roles'], ALL)]},
  {name: 'system:aggregate-to-edit', aggregateTo: 'edit', rules: aggregateToEdit},
  {name: 'system:aggregate-to-view', aggregateTo: 'view', rules: aggregateToView},
  {name: 'system:auth-delegator', rules: reviews},
  {name: 'system:basic-user', rules: [rule(['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], ['create']), rule(['authentication.k8s.io'], ['selfsubjectreviews'], ['create'])]},
  {name: 'system:certificates.k8s.io:certificatesigningrequests:nodeclient', rules: [rule(['certificates.k8s.io'], ['certificatesigningrequests/nodeclient'], ['create'])]},
  {name: 'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', rules: [rule(['certificates.k8s.io'], ['certificatesigningrequests/selfnodeclient'], ['create'])]},
  {name: 'system:certificates.k8s.io:kube-apiserver-client-approver', rules: [approver('kubernetes.io/kube-apiserver-client')]},
  {name: 'system:certificates.k8s.io:kube-apiserver-client-kubelet-approver', rules: [approver('kubernetes.io/kube-apiserver-client-kubelet')]},
  {name: 'system:certificates.k8s.io:kubelet-serving-approver', rules: [approver('kubernetes.io/kubelet-serving')]},
  {name: 'system:certificates.k8s.io:legacy-unknown-approver', rules: [approver('kubernetes.io/legacy-unknown')]},
  {name: 'system:discovery', rules: [urls(['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'])]},
  {name: 'system:heapster', rules: [core(['events', 'namespaces', 'nodes', 'pods'], READ), rule(['extensions'], ['deployments'], READ)]},
  {name: 'system:kube-aggregator', rules: [core(['endpoints', 'services'], READ)]},
  {name: 'system:kube-controller-manager', rules: kubeControllerManager},
  {name: 'system:kube-dns', rules: [core(['endpoints', 'services'], ['list', 'watch'])]},
  {name: 'system:kube-scheduler', rules: kubeScheduler},
  {name: 'system:kubelet-api-admin', rules: [core(['nodes'], READ), core(['nodes'], ['proxy']), core(['nodes/log', 'nodes/metrics', 'nodes/proxy', 'nodes/stats'], ['*'])]},
  {name: 'system:monitoring', rules: [urls(['/healthz', '/healthz/*', '/livez', '/livez/*', '/metrics', '/metrics/slis', '/readyz', '/readyz/*'])]},
  {name: 'system:node', rules: node},
  {name: 'system:node-bootstrapper', rules: [rule(['certificates.k8s.io'], ['certificatesigningrequests'], ['create', 'get', 'list', 'watch'])]},
  {name: 'system:node-problem-detector', rules: [core(['nodes'], ['get']), core(['nodes/status'], ['patch']), events]},
  {name: 'system:node-proxier', rules: [core(['endpoints', 'services'], ['list', 'watch']), core(['nodes'], READ), events, rule(['discovery.k8s.io'], ['endpointslices'], ['list', 'watch'])]},
  {name: 'system:persistent-volume-provisioner', rules: [core(['persistentvolumes'], ['create', 'delete', 'get', 'list', 'watch']), core(['persistentvolumeclaims'], ['get', 'list', 'update', 'watch']), rule(['storage.k8s.io'], ['storageclasses'], READ), core(['events'], ['watch']), events]},
  {name: 'system:public-info-viewer', rules: [urls(['/healthz', '/livez', '/readyz', '/version', '/version/'])]},
  {name: 'system:service-account-issuer-discovery', rules: [urls(['/.well-known/openid-configuration', '/openid/v1/jwks'])]},
  {name: 'system:volume-scheduler', rules: [core(['persistentvolumes'], ['get', 'list', 'patch', 'update', 'watch']), rule(['storage.k8s.io'], ['storageclasses'], READ), core(['persistentvolumeclaims'], ['get', 'list', 'patch', 'update', 'watch'])]},
  {name: 'view', aggregates: 'view', aggregateTo: 'edit'},
]

type Subject = {kind: 'Group' | 'User'; name: string} | {kind: 'ServiceAccount'; name: string; namespace: string}
const group = (name: string): Subject => ({kind: 'Group', name})
const user = (name: string): Subject => ({kind: 'User', name})

/** Binding name (= the ClusterRole's) → its subjects (system:node has none since the Node authorizer took over). */
const BINDINGS: Record<string, Subject[]> = {
  'cluster-admin': [group('system:masters')],
  'system:basic-user': [group('system:authenticated')],
  'system:discovery': [group('system:authenticated')],
  'system:kube-controller-manager': [user('system:kube-controller-manager')],
  'system:kube-dns': [{kind: 'ServiceAccount', name: 'kube-dns', namespace: 'kube-system'}],
  'system:kube-scheduler': [user('system:kube-scheduler')],
  'system:monitoring': [group('system:monitoring')],
  'system:node': [],
  'system:node-proxier': [user('system:kube-proxy')],
  'system:public-info-viewer': [group('system:authenticated'), group('system:unauthenticated')],
  'system:service-account-issuer-discovery': [group('system:serviceaccounts')],
  'system:volume-scheduler': [user('system:kube-scheduler')],
}

const AGGREGATE_LABEL = (to: string) => `rbac.authorization.k8s.io/aggregate-to-${to}`

/**
 * The clusterrole-aggregation controller's rules for each aggregated role: the rules of the roles
 * carrying its label, in the order of their names, each rule once. view before edit before admin.
 */
function aggregatedRules(): Map<string, PolicyRule[]> {
  const rules = new Map<string, PolicyRule[]>(ROLES.filter((r) => r.rules).map((r) => [r.name, r.rules!]))
  for (const target of ['view', 'edit', 'admin'] as const) {
    const aggregated: PolicyRule[] = []
    const seen = new Set<string>()
    for (const source of ROLES.filter((r) => r.aggregateTo === target).sort((a, b) => a.name.localeCompare(b.name))) {
      for (const r of rules.get(source.name) ?? []) {
        const key = JSON.stringify(r)
        if (seen.has(key)) continue
        seen.add(key)
        aggregated.push(r)
      }
    }
    rules.set(ROLES.find((r) => r.aggregates === target)!.name, aggregated)
  }
  return rules
}

const bootstrapMeta = (name: string, created: string, uid: (key: string) => string, key: string, labels: Record<string, string> = {}) => ({
  name,
  uid: uid(key),
  creationTimestamp: created,
  labels: {'kubernetes.io/bootstrapping': 'rbac-defaults', ...labels},
  annotations: {'rbac.authorization.kubernetes.io/autoupdate': 'true'},
})

/** The default ClusterRoles and ClusterRoleBindings, created at `created`. */
export function bootstrapRbac(created: string, uid: (key: string) => string): KubeObject[] {
  const rules = aggregatedRules()
  const roles: KubeObject[] = ROLES.map((r) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: bootstrapMeta(r.name, created, uid, `clusterrole/${r.name}`, r.aggregateTo ? {[AGGREGATE_LABEL(r.aggregateTo)]: 'true'} : {}),
    ...(r.aggregates ? {aggregationRule: {clusterRoleSelectors: [{matchLabels: {[AGGREGATE_LABEL(r.aggregates)]: 'true'}}]}} : {}),
    rules: rules.get(r.name) ?? [],
  }))
  const bindings: KubeObject[] = Object.entries(BINDINGS).map(([name, subjects]) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: bootstrapMeta(name, created, uid, `clusterrolebinding/${name}`),
    roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name},
    ...(subjects.length ? {subjects: subjects.map((s) => (s.kind === 'ServiceAccount' ? s : {apiGroup: 'rbac.authorization.k8s.io', ...s}))} : {}),
  }))
  return [...roles, ...bindings]
}
