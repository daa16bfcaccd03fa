/**
 * What the scheduler reserves for one pod: max(Σ containers + sidecars, the largest init
 * container step) + pod overhead, per resource; a limit without a request counts as the
 * request (API defaulting). Limits are summed over the containers, as kubectl does.
 */
import {maxAmounts} from './model.js'
import type {ResourceAmounts} from './model.js'
import {parseRequest} from './quantity.js'

export type QuantityValue = string | number

export interface ContainerResources {
  requests?: Record<string, QuantityValue> | null
  limits?: Record<string, QuantityValue> | null
}

export interface ContainerLike {
  name?: string
  resources?: ContainerResources | null
  restartPolicy?: string
}

export interface PodSpecLike {
  containers?: ContainerLike[] | null
  initContainers?: ContainerLike[] | null
  overhead?: Record<string, QuantityValue> | null
}

/** Names where a value sits, for errors: (path inside the pod spec) → `file.yaml:12` or `pod shop/web-1`. */
export type Locator = (path: Array<string | number>) => string

const parsed = new Map<string, bigint>()

/** Parses with a small cache: live clusters repeat the same few quantity strings. */
function amount(value: QuantityValue, locate: Locator, path: Array<string | number>): bigint {
  const key = typeof value === 'number' ? `#${value}` : value
  const cached = parsed.get(key)
  if (cached !== undefined) return cached
  const nanos = parseRequest(value, locate(path))
  if (parsed.size < 10_000) parsed.set(key, nanos)
  return nanos
}

function containerAmounts(container: ContainerLike, locate: Locator, base: Array<string | number>): {requests: ResourceAmounts; limits: ResourceAmounts} {
  const requests: ResourceAmounts = {}
  const limits: ResourceAmounts = {}
  const given = container.resources ?? {}
  for (const [resource, value] of Object.entries(given.limits ?? {})) limits[resource] = amount(value, locate, [...base, 'resources', 'limits', resource])
  for (const [resource, value] of Object.entries(given.requests ?? {})) requests[resource] = amount(value, locate, [...base, 'resources', 'requests', resource])
  for (const [resource, limit] of Object.entries(limits)) if (requests[resource] === undefined) requests[resource] = limit
  return {requests, limits}
}

function add(into: ResourceAmounts, amounts: ResourceAmounts): void {
  for (const [resource, value] of Object.entries(amounts)) into[resource] = (into[resource] ?? 0n) + value
}

export function podRequests(spec: PodSpecLike, locate: Locator, base: Array<string | number> = []): {requests: ResourceAmounts; limits: ResourceAmounts} {
  const running: ResourceAmounts = {}
  const limits: ResourceAmounts = {}
  ;(spec.containers ?? []).forEach((container, index) => {
    const amounts = containerAmounts(container, locate, [...base, 'containers', index])
    add(running, amounts.requests)
    add(limits, amounts.limits)
  })
  let initPeak: ResourceAmounts = {}
  const sidecars: ResourceAmounts = {}
  ;(spec.initContainers ?? []).forEach((container, index) => {
    const amounts = containerAmounts(container, locate, [...base, 'initContainers', index])
    if (container.restartPolicy === 'Always') {
      // A sidecar keeps running beside the app containers.
      add(sidecars, amounts.requests)
      add(limits, amounts.limits)
      return
    }
    const step: ResourceAmounts = {...sidecars}
    add(step, amounts.requests)
    initPeak = maxAmounts(initPeak, step)
  })
  add(running, sidecars)
  const requests = maxAmounts(running, initPeak)
  for (const [resource, value] of Object.entries(spec.overhead ?? {})) {
    const overhead = amount(value, locate, [...base, 'overhead', resource])
    requests[resource] = (requests[resource] ?? 0n) + overhead
    if (limits[resource] !== undefined) limits[resource] += overhead
  }
  return {requests, limits}
}
