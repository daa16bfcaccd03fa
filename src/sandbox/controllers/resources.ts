/** Pod resource requests as the scheduler sums them: containers added up, init containers as a floor. */
import {parseQuantity} from '../../capacity/quantity.js'
import type {KubeObject} from '../types.js'
import {podSpec, type ContainerSpec, type ResourceList} from './objects.js'

export interface Requests {
  /** Millicores. */
  cpu: number
  /** Bytes. */
  memory: number
}

/** A quantity in whole `unit`s (given in nanos: 1_000_000_000n for bytes), or undefined when absent or not a quantity. */
export function quantityIn(value: string | number | undefined, unit: bigint): bigint | undefined {
  if (value === undefined) return undefined
  try {
    return parseQuantity(String(value)).nanos / unit
  } catch {
    return undefined
  }
}

function amount(value: string | number | undefined, unit: bigint): number {
  return Number(quantityIn(value, unit) ?? 0n)
}

function containerRequests(list: ResourceList | undefined): Requests {
  return {cpu: amount(list?.cpu, 1_000_000n), memory: amount(list?.memory, 1_000_000_000n)}
}

/** Requests of a container: its requests, or its limits where requests are unset (the API server's defaulting). */
function requestsOf(container: ContainerSpec): Requests {
  const requests = container.resources?.requests
  const limits = container.resources?.limits
  return containerRequests({cpu: requests?.cpu ?? limits?.cpu, memory: requests?.memory ?? limits?.memory})
}

const memo = new WeakMap<object, Requests>()

/** The pod's effective requests; memoised per containers array (scenario pods share theirs). */
export function podRequests(pod: KubeObject): Requests {
  const spec = podSpec(pod)
  const containers = spec.containers ?? []
  const cached = memo.get(containers)
  if (cached && !spec.initContainers) return cached
  const sum: Requests = {cpu: 0, memory: 0}
  for (const c of containers) {
    const r = requestsOf(c)
    sum.cpu += r.cpu
    sum.memory += r.memory
  }
  for (const c of spec.initContainers ?? []) {
    const r = requestsOf(c)
    sum.cpu = Math.max(sum.cpu, r.cpu)
    sum.memory = Math.max(sum.memory, r.memory)
  }
  if (!spec.initContainers) memo.set(containers, sum)
  return sum
}

export function nodeAllocatable(node: KubeObject): Requests & {pods: number} {
  const allocatable = ((node.status as {allocatable?: ResourceList} | undefined)?.allocatable ?? {}) as ResourceList
  return {...containerRequests(allocatable), pods: allocatable.pods === undefined ? 110 : amount(allocatable.pods, 1_000_000_000n)}
}
