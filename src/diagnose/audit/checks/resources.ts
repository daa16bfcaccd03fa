/** Every container asks for CPU and memory and caps its memory (or a LimitRange supplies the defaults). */
import type {AuditCheck} from '../check.js'
import {allContainers, kubectlRef, workloadFinding} from '../helpers.js'
import type {AuditContainer} from '../model.js'

function missing(container: AuditContainer): string[] {
  const requests = container.resources?.requests ?? {}
  const limits = container.resources?.limits ?? {}
  const gaps: string[] = []
  if (requests.cpu === undefined) gaps.push('cpu request')
  // The API server copies a limit into an absent request, so a memory limit alone is a request too.
  if (requests.memory === undefined && limits.memory === undefined) gaps.push('memory request')
  if (limits.memory === undefined) gaps.push('memory limit')
  return gaps
}

function setResources(container: AuditContainer): string {
  const requests = container.resources?.requests ?? {}
  const limits = container.resources?.limits ?? {}
  const cpu = requests.cpu ?? '100m'
  const memory = requests.memory ?? limits.memory ?? '128Mi'
  const limit = limits.memory ?? (requests.memory ? String(requests.memory) : '256Mi')
  return `--requests=cpu=${cpu},memory=${memory} --limits=memory=${limit}`
}

export const resourcesCheck: AuditCheck<'workload'> = {
  name: 'resources',
  scope: 'workload',
  severity: 'warning',
  title: 'every container sets CPU and memory requests and a memory limit (or a LimitRange supplies them)',
  consequence:
    'without requests the scheduler packs pods onto nodes that cannot hold them, and the kubelet evicts them under pressure; without a memory limit one leaking container runs the node out of memory and takes its neighbours with it.',
  fix: '`kubectl set resources` with requests from observed use (`kubectl top pods`) and a memory limit above the peak, or a LimitRange with defaults in the namespace.',
  needs: ['workloads'],
  check(view) {
    if (view.limitRangeDefaults) return []
    const gaps = allContainers(view)
      .map((c) => ({container: c, gaps: missing(c)}))
      .filter((g) => g.gaps.length > 0)
    if (gaps.length === 0) return []
    const evidence = gaps.map((g) => `container "${g.container.name}": no ${g.gaps.join(', no ')}`)
    if (view.limitRangeDefaults === undefined) evidence.push('LimitRanges could not be read: defaults they might supply were not considered')
    const remedy = gaps.map((g) => `kubectl set resources ${kubectlRef(view)} -c ${g.container.name} ${setResources(g.container)}   # size from kubectl top pods -n ${view.namespace}`)
    const names = gaps.map((g) => `"${g.container.name}"`).join(', ')
    return [workloadFinding('resources', 'warning', view, `container ${names} runs without ${gaps[0]!.gaps.join(', ')}: the scheduler cannot place it safely and nothing stops it from taking the node's memory.`, evidence, remedy)]
  },
}
