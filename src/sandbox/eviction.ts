/**
 * The pods/eviction subresource (what `kubectl drain` posts, policy/v1 Eviction), as
 * pkg/registry/core/pod/storage/eviction.go decides it:
 * - a pod that is being deleted, Pending, Succeeded or Failed is deleted without looking at budgets;
 * - no PodDisruptionBudget selects the pod: it is deleted;
 * - more than one does: 500, the eviction subresource does not support that;
 * - one does: its status must be current (observedGeneration), and either it allows a disruption
 *   (status.disruptionsAllowed is decremented and the pod noted in status.disruptedPods) or the pod is
 *   not Ready while the budget is healthy (unhealthyPodEvictionPolicy IfHealthyBudget/AlwaysAllow);
 *   otherwise 429 TooManyRequests "Cannot evict pod as it would violate the pod's disruption budget."
 * The pod is then deleted with the Eviction's deleteOptions (gracefully, as any DELETE).
 */
import {matchesSelector, type LabelSelector} from './controllers/objects.js'
import {readJsonBody, reply, type ApiRequest} from './http.js'
import type {DeleteRequest, Lifecycle} from './lifecycle.js'
import {ApiError, errors} from './status.js'
import {kubeTime, type Store} from './store.js'
import type {KubeObject} from './types.js'
import {isDryRun} from './writes.js'

const VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget."

interface DisruptionBudget {
  metadata?: {name?: string; generation?: number}
  spec?: {selector?: LabelSelector; unhealthyPodEvictionPolicy?: string}
  status?: {observedGeneration?: number; disruptionsAllowed?: number; currentHealthy?: number; desiredHealthy?: number; disruptedPods?: Record<string, string>}
}

interface EvictionBody {
  deleteOptions?: {gracePeriodSeconds?: number; dryRun?: string[]; preconditions?: {uid?: string; resourceVersion?: string}}
}

function tooManyRequests(cause: string): ApiError {
  return new ApiError(429, 'TooManyRequests', VIOLATION, {causes: [{reason: 'DisruptionBudget', message: cause}]})
}

function isReady(pod: KubeObject): boolean {
  const conditions = (pod.status as {conditions?: Array<{type: string; status: string}>} | undefined)?.conditions ?? []
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True')
}

/** canIgnorePDB: pods that are going, not started or finished are evicted without a budget check. */
function ignoresBudgets(pod: KubeObject): boolean {
  const phase = (pod.status as {phase?: string} | undefined)?.phase
  return Boolean(pod.metadata?.deletionTimestamp) || phase === 'Pending' || phase === 'Succeeded' || phase === 'Failed'
}

function budgetsFor(store: Store, pod: KubeObject): KubeObject[] {
  const namespace = pod.metadata?.namespace
  const labels = pod.metadata?.labels ?? {}
  return store.list('poddisruptionbudgets.policy', {namespace}).entries.map((e) => e.object).filter((pdb) => {
    const selector = (pdb as DisruptionBudget).spec?.selector
    return selector !== undefined && matchesSelector(selector, labels)
  })
}

/** Checks the one budget and, when the eviction may go ahead, records the disruption on it. */
function admitUnderBudget(store: Store, pdbObject: KubeObject, pod: KubeObject, dryRun: boolean): void {
  const pdb = pdbObject as DisruptionBudget
  const name = pdb.metadata?.name ?? ''
  const status = pdb.status ?? {}
  if ((status.observedGeneration ?? 0) < (pdb.metadata?.generation ?? 1)) throw tooManyRequests(`The disruption budget ${name} is still being processed by the server.`)
  const healthy = (status.currentHealthy ?? 0) >= (status.desiredHealthy ?? 0)
  const policy = pdb.spec?.unhealthyPodEvictionPolicy ?? 'IfHealthyBudget'
  if (!isReady(pod) && (policy === 'AlwaysAllow' || healthy)) return
  const allowed = status.disruptionsAllowed ?? 0
  if (allowed < 0) throw new ApiError(403, 'Forbidden', 'pdb disruptions allowed is negative')
  if (allowed === 0) throw tooManyRequests(`The disruption budget ${name} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`)
  if (dryRun) return
  const disruptedPods = {...(status.disruptedPods ?? {}), [pod.metadata!.name!]: kubeTime(Date.now())}
  store.update({...pdbObject, metadata: {...pdbObject.metadata, resourceVersion: undefined}, status: {...status, disruptionsAllowed: allowed - 1, disruptedPods}})
}

/** POST pods/NAME/eviction. */
export async function evict(store: Store, lifecycle: Lifecycle, request: ApiRequest, namespace: string, name: string): Promise<void> {
  const body = ((await readJsonBody(request.req)) ?? {}) as EvictionBody
  const options = body.deleteOptions ?? {}
  const dryRun = isDryRun(request.params) || (options.dryRun ?? []).includes('All')
  const pod = store.get('pods', namespace, name)?.object
  if (!pod) throw errors.notFound('pods', '', name)
  if (!ignoresBudgets(pod)) {
    const budgets = budgetsFor(store, pod)
    if (budgets.length > 1) throw new ApiError(500, 'InternalError', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.')
    if (budgets.length === 1) admitUnderBudget(store, budgets[0]!, pod, dryRun)
  }
  const deletion: DeleteRequest = {}
  if (options.gracePeriodSeconds !== undefined) deletion.gracePeriodSeconds = options.gracePeriodSeconds
  if (options.preconditions) deletion.preconditions = options.preconditions
  if (dryRun) deletion.dryRun = true
  lifecycle.delete(store.resources.find('v1', 'pods')!, namespace, name, deletion)
  reply(request, 201, {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success'})
}
