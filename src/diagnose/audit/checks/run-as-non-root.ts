/** Containers do not run as root: runAsNonRoot, or a non-zero runAsUser, on the pod or the container. */
import type {AuditCheck} from '../check.js'
import {allContainers, patchCommand, workloadFinding} from '../helpers.js'
import type {AuditContainer, WorkloadView} from '../model.js'

/** How the container's user is decided: `root` (runAsUser 0), `unset` (the image decides), or undefined when it is not root. */
function rootness(view: WorkloadView, container: AuditContainer): 'root' | 'unset' | undefined {
  const pod = view.template.spec.securityContext ?? {}
  const own = container.securityContext ?? {}
  const user = own.runAsUser ?? pod.runAsUser
  if (user === 0) return 'root'
  if (user !== undefined) return undefined
  if ((own.runAsNonRoot ?? pod.runAsNonRoot) === true) return undefined
  return 'unset'
}

export const runAsNonRootCheck: AuditCheck<'workload'> = {
  name: 'run-as-non-root',
  scope: 'workload',
  severity: 'warning',
  title: 'containers do not run as root (runAsNonRoot: true or a non-zero runAsUser)',
  consequence: 'a container running as root turns any code-execution bug into root on a shared kernel: one escape away from the node and every pod on it.',
  fix: 'set securityContext.runAsNonRoot: true and a runAsUser the image works with (build the image with a USER); the kubelet then refuses to start a root image instead of running it.',
  needs: ['workloads'],
  check(view) {
    const bad = allContainers(view)
      .map((c) => ({name: c.name, how: rootness(view, c)}))
      .filter((c) => c.how !== undefined)
    if (bad.length === 0) return []
    const explicit = bad.some((b) => b.how === 'root')
    const summary = explicit
      ? `container ${bad.map((b) => `"${b.name}"`).join(', ')} runs as root (runAsUser: 0) by choice.`
      : `nothing stops container ${bad.map((b) => `"${b.name}"`).join(', ')} from running as root: neither runAsNonRoot nor runAsUser is set, so the image's USER decides (often root).`
    return [
      workloadFinding(
        'run-as-non-root',
        'warning',
        view,
        summary,
        bad.map((b) => `container "${b.name}": ${b.how === 'root' ? 'runAsUser: 0' : 'no runAsNonRoot, no runAsUser (pod or container)'}`),
        [patchCommand(view, {securityContext: {runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001}}), 'the image must run as that user (files it writes owned by it); if it cannot, the pod fails with "container has runAsNonRoot and image will run as root", which is the point'],
      ),
    ]
  },
}
