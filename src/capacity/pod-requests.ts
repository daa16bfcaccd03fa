/**
 * What the scheduler reserves for one pod: max(Σ containers + sidecars, the largest init
 * container step) + pod overhead, per resource; a limit without a request counts as the
 * request (API defaulting). Limits follow the same rule, as kubectl's
 * PodRequestsAndLimits does.
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
  const running = {requests: {} as ResourceAmounts, limits: {} as ResourceAmounts}
  ;(spec.containers ?? []).forEach((container, index) => {
    const amounts = containerAmounts(container, locate, [...base, 'containers', index])
    add(running.requests, amounts.requests)
    add(running.limits, amounts.limits)
  })
  // kubectl's rule, for requests and limits alike: max(app containers + sidecars, each init step).
  const initPeak = {requests: {} as ResourceAmounts, limits: {} as ResourceAmounts}
  const sidecars = {requests: {} as ResourceAmounts, limits: {} as ResourceAmounts}
  ;(spec.initContainers ?? []).forEach((container, index) => {
    const amounts = containerAmounts(container, locate, [...base, 'initContainers', index])
    if (container.restartPolicy === 'Always') {
      // A sidecar keeps running beside the later init containers and the app containers.
      add(sidecars.requests, amounts.requests)
      add(sidecars.limits, amounts.limits)
    }
    for (const kind of ['requests', 'limits'] as const) {
      const step: ResourceAmounts = {...sidecars[kind]}
      if (container.restartPolicy !== 'Always') add(step, amounts[kind])
      initPeak[kind] = maxAmounts(initPeak[kind], step)
    }
  })
  add(running.requests, sidecars.requests)
  add(running.limits, sidecars.limits)
  const requests = maxAmounts(running.requests, initPeak.requests)
  const limits = maxAmounts(running.limits, initPeak.limits)
  for (const [resource, value] of Object.entries(spec.overhead ?? {})) {
    const overhead = amount(value, locate, [...base, 'overhead', resource])
    requests[resource] = (requests[resource] ?? 0n) + overhead
    if (limits[resource] !== undefined) limits[resource] += overhead
  }
  return {requests, limits}
}
