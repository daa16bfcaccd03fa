/**
 * The scheduler's FailedScheduling text in every wording it has had, read into one shape, and the
 * one table that sorts each reason into its cause:
 *
 * - 1.4–1.5: `pod (x) failed to fit in any node\nfit failure on node (n1): Insufficient cpu` and
 *   `fit failure summary on nodes : PodToleratesNodeTaints (1), Insufficient pods (2)`
 * - 1.6–1.9: `No nodes are available that match all of the following predicates:: Insufficient cpu (9), MatchNodeSelector (18).`
 * - 1.10+:   `0/3 nodes are available: 3 Insufficient memory.`, from 1.24 often with `preemption: ...` after it.
 */

export type SchedulerCause = 'resource' | 'pod-limit' | 'volume-zone' | 'volume-binding' | 'cordoned' | 'node-condition' | 'taint' | 'selector' | 'ports' | 'pod-affinity' | 'spread' | 'other'

/** One reason: `3 Insufficient memory`, `MatchNodeSelector (18)`, or a fit failure on named nodes. */
export interface SchedulerReason {
  count: number
  text: string
  cause: SchedulerCause
  /** `cpu`, `memory`, `nvidia.com/gpu`; undefined when the wording does not say (PodFitsResources). */
  resource?: string | undefined
  /** The taint inside `{...}` when the wording names it. */
  taint?: string | undefined
  /** The nodes the 1.4–1.5 wording names. */
  nodes?: string[] | undefined
}

export interface SchedulerMessage {
  available: number
  /** Nodes considered; undefined when the wording does not say (1.6–1.9). */
  total: number | undefined
  reasons: SchedulerReason[]
  wording: 'current' | 'predicates' | 'fit-failure'
}

/** The classifier table: first match wins, so the order matters (cordoned before taint, pods before resources). */
const classifiers: ReadonlyArray<{cause: SchedulerCause; pattern: RegExp}> = [
  {cause: 'pod-limit', pattern: /Too many pods|Insufficient pods/i},
  {cause: 'resource', pattern: /^Insufficient \S+|PodFitsResources|didn't have enough resource|InsufficientFree/i},
  {cause: 'volume-zone', pattern: /volume node affinity conflict|NoVolumeZoneConflict|no available volume zone|VolumeNodeAffinityConflict|NoVolumeNodeConflict/i},
  {cause: 'volume-binding', pattern: /persistent ?volume|PersistentVolumeClaim|unbound immediate|VolumeBinding/i},
  {cause: 'cordoned', pattern: /unschedulable/i},
  // Before 1.13 the scheduler read node conditions itself (1.6–1.9 by predicate name, 1.10–1.16 in words); later the same nodes show as not-ready/pressure taints.
  {cause: 'node-condition', pattern: /were not ready|NodeNotReady|CheckNodeCondition|out of disk|NodeOutOfDisk|had (memory|disk|pid) pressure|NodeUnder(Memory|Disk|PID)Pressure|CheckNode(Memory|Disk|PID)Pressure|unavailable network|NodeNetworkUnavailable|unknown conditions|NodeUnknownCondition/i},
  {cause: 'taint', pattern: /PodToleratesNodeTaints|TaintToleration|taint/i},
  {cause: 'selector', pattern: /MatchNodeSelector|node affinity|node selector|NodeAffinity|HostName|didn't match the requested hostname/i},
  {cause: 'ports', pattern: /PodFitsHostPorts|PodFitsPorts|free ports|NodePorts/i},
  {cause: 'pod-affinity', pattern: /MatchInterPodAffinity|InterPodAffinity|pod affinity|anti-affinity/i},
  {cause: 'spread', pattern: /topology spread|PodTopologySpread/i},
]

/** How strongly a cause explains the failure: a node reporting Insufficient passed every filter before it. */
const causeRank: Record<SchedulerCause, number> = {'resource': 0, 'pod-limit': 0, 'volume-zone': 1, 'volume-binding': 1, 'selector': 2, 'pod-affinity': 2, 'spread': 2, 'ports': 2, 'taint': 3, 'cordoned': 3, 'node-condition': 3, 'other': 4}

export function classifyReason(text: string): SchedulerCause {
  return classifiers.find((c) => c.pattern.test(text))?.cause ?? 'other'
}

export function reasonRank(reason: SchedulerReason): number {
  return causeRank[reason.cause]
}

function resourceOf(text: string): string | undefined {
  const named = /^Insufficient (\S+)/i.exec(text)?.[1] ?? /enough resource: (\w[\w./-]*)/i.exec(text)?.[1]
  return named?.toLowerCase() === 'cpu' ? 'cpu' : named?.toLowerCase() === 'memory' ? 'memory' : named
}

function reason(count: number, text: string, nodes?: string[]): SchedulerReason {
  const clean = text.trim().replace(/\.$/, '')
  const cause = classifyReason(clean)
  return {count, text: clean, cause, resource: cause === 'resource' ? resourceOf(clean) : undefined, taint: /\{([^}]*)\}/.exec(clean)?.[1], ...(nodes ? {nodes} : {})}
}

function parseCurrent(message: string): SchedulerMessage | undefined {
  const head = /(\d+)\/(\d+) nodes are available(?::\s*(.*))?/s.exec(message)
  if (!head) return undefined
  const total = Number(head[2])
  const body = (head[3] ?? '').split(/\.?\s*preemption:/)[0]!.replace(/\.\s*$/, '')
  const reasons: SchedulerReason[] = []
  for (const part of body.split(/,\s+(?=\d+ )/)) {
    if (!part.trim()) continue
    const item = /^(\d+)\s+(.*)$/s.exec(part.trim())
    reasons.push(item ? reason(Number(item[1]), item[2]!) : reason(total, part))
  }
  return {available: Number(head[1]), total, reasons, wording: 'current'}
}

function parsePredicates(message: string): SchedulerMessage | undefined {
  const body = /No nodes are available that match all of the (?:following )?predicates:+\s*(.*)/s.exec(message)?.[1] ?? /fit failure summary on nodes\s*:\s*(.*)/s.exec(message)?.[1]
  if (body === undefined) return undefined
  const reasons = body
    .replace(/\.\s*$/, '')
    .split(/,\s*(?=[^,]*\(\d+\))/)
    .map((part) => /^(.*?)\s*\((\d+)\)\.?$/s.exec(part.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => reason(Number(m[2]), m[1]!))
  return {available: 0, total: undefined, reasons, wording: 'predicates'}
}

function parseFitFailures(message: string): SchedulerMessage | undefined {
  const byText = new Map<string, string[]>()
  for (const match of message.matchAll(/fit failure on node \(([^)]+)\):\s*([^\n]+)/g)) {
    for (const text of match[2]!.split(/,\s*/)) {
      const key = text.trim().replace(/\.$/, '')
      byText.set(key, [...(byText.get(key) ?? []), match[1]!])
    }
  }
  if (byText.size === 0) return undefined
  const nodes = new Set([...byText.values()].flat())
  return {available: 0, total: nodes.size, reasons: [...byText].map(([text, on]) => reason(on.length, text, on)), wording: 'fit-failure'}
}

/** Reads a FailedScheduling message in any wording from 1.4 to 1.32; undefined for other texts. */
export function parseSchedulerMessage(message: string): SchedulerMessage | undefined {
  return parseCurrent(message) ?? parsePredicates(message) ?? parseFitFailures(message)
}

/**
 * What a message says as a whole, in wordings with no per-node reasons: no nodes at all (1.4–1.9:
 * `no nodes available to schedule pods`), or a claim that is not bound or not there (before the
 * volume binder counted nodes).
 */
export function wholeMessageCause(message: string): 'no-nodes' | 'volume-binding' | undefined {
  if (/no nodes available to schedule pods/i.test(message)) return 'no-nodes'
  if (/unbound immediate PersistentVolumeClaims|persistentvolumeclaim ".*" not found/i.test(message)) return 'volume-binding'
  return undefined
}
