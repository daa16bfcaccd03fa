/**
 * The knobs of the interactive plan view: replicas, per-pod cpu and memory, redundancy,
 * node shape and spare nodes, applied to a PlanInput. Pure, so the view only renders.
 */
import type {PlanInput} from './model.js'
import {NANO, formatBytes, formatCores} from './quantity.js'
import type {Ratio} from './quantity.js'
import {providers} from './reservations.js'
import type {Provider} from './reservations.js'

const Mi = 2n ** 20n * NANO
const Gi = 2n ** 30n * NANO

export interface Knobs {
  replicas: number
  cpu: bigint
  memory: bigint
  /** Redundancy in whole percent. */
  redundancyPercent: number
  nodeCpu: bigint
  nodeMemory: bigint
  spareNodes: number
  reserved: Provider
}

export const knobNames = ['replicas', 'cpu', 'memory', 'redundancyPercent', 'nodeCpu', 'nodeMemory', 'spareNodes', 'reserved'] as const
export type KnobName = (typeof knobNames)[number]

export const knobLabels: Record<KnobName, string> = {
  replicas: 'replicas per service',
  cpu: 'cpu per pod',
  memory: 'memory per pod',
  redundancyPercent: 'redundancy',
  nodeCpu: 'node cpu',
  nodeMemory: 'node memory',
  spareNodes: 'spare nodes',
  reserved: 'reservations',
}

/** The starting knobs: from the first service and the first node shape. */
export function knobsFrom(input: PlanInput): Knobs {
  const first = input.workloads.find((workload) => !workload.perNode)
  const shape = input.nodeShapes[0]
  const percent = Number((input.redundancy.numerator * 100n) / input.redundancy.denominator)
  return {
    replicas: first?.replicas ?? 1,
    cpu: first?.requests.cpu ?? 0n,
    memory: first?.requests.memory ?? 0n,
    redundancyPercent: percent,
    nodeCpu: shape?.capacity.cpu ?? 16n * NANO,
    nodeMemory: shape?.capacity.memory ?? 64n * Gi,
    spareNodes: input.spareNodes,
    reserved: input.reserved,
  }
}

function stepCpu(value: bigint, direction: 1 | -1): bigint {
  const step = value < NANO || (value === NANO && direction < 0) ? 100_000_000n : value < 4n * NANO || (value === 4n * NANO && direction < 0) ? 250_000_000n : NANO
  const next = value + step * BigInt(direction)
  return next < 0n ? 0n : next
}

function stepMemory(value: bigint, direction: 1 | -1): bigint {
  const step = value < Gi || (value === Gi && direction < 0) ? 128n * Mi : value < 8n * Gi || (value === 8n * Gi && direction < 0) ? 512n * Mi : Gi
  const next = value + step * BigInt(direction)
  return next < 0n ? 0n : next
}

/** Node sizes move in whole units up to 4, then double or halve: 1, 2, 3, 4, 8, 16, 32, ... */
function stepNodeSize(value: bigint, unit: bigint, direction: 1 | -1): bigint {
  const units = value / unit
  const next = direction > 0 ? (units < 4n ? units + 1n : units * 2n) : units <= 4n ? units - 1n : units / 2n
  return (next < 1n ? 1n : next) * unit
}

export function adjust(knobs: Knobs, name: KnobName, direction: 1 | -1): Knobs {
  const next = {...knobs}
  switch (name) {
    case 'replicas':
      next.replicas = Math.max(0, knobs.replicas + direction)
      break
    case 'cpu':
      next.cpu = stepCpu(knobs.cpu, direction)
      break
    case 'memory':
      next.memory = stepMemory(knobs.memory, direction)
      break
    case 'redundancyPercent':
      next.redundancyPercent = Math.max(0, knobs.redundancyPercent + 5 * direction)
      break
    case 'nodeCpu':
      next.nodeCpu = stepNodeSize(knobs.nodeCpu, NANO, direction)
      break
    case 'nodeMemory':
      next.nodeMemory = stepNodeSize(knobs.nodeMemory, Gi, direction)
      break
    case 'spareNodes':
      next.spareNodes = Math.max(0, knobs.spareNodes + direction)
      break
    case 'reserved': {
      const choices = providers.filter((provider) => provider !== 'custom')
      const index = choices.indexOf(knobs.reserved as (typeof choices)[number])
      next.reserved = choices[(index + direction + choices.length) % choices.length]!
      break
    }
  }
  return next
}

export function knobText(knobs: Knobs, name: KnobName): string {
  switch (name) {
    case 'replicas':
      return String(knobs.replicas)
    case 'cpu':
      return `${formatCores(knobs.cpu)} cores`
    case 'memory':
      return formatBytes(knobs.memory)
    case 'redundancyPercent':
      return `${knobs.redundancyPercent}%`
    case 'nodeCpu':
      return `${formatCores(knobs.nodeCpu)} cores`
    case 'nodeMemory':
      return formatBytes(knobs.nodeMemory)
    case 'spareNodes':
      return String(knobs.spareNodes)
    case 'reserved':
      return knobs.reserved
  }
}

/** The input with the knobs applied: every service takes the replicas and per-pod cpu/memory. */
export function applyKnobs(input: PlanInput, knobs: Knobs): PlanInput {
  const redundancy: Ratio = {numerator: BigInt(knobs.redundancyPercent), denominator: 100n}
  const first = input.nodeShapes[0]
  const shape = {
    name: `${formatCores(knobs.nodeCpu)}c/${formatBytes(knobs.nodeMemory)}`,
    capacity: {...(first?.capacity ?? {}), cpu: knobs.nodeCpu, memory: knobs.nodeMemory},
    maxPods: first?.maxPods ?? 110,
  }
  return {
    ...input,
    workloads: input.workloads.map((workload) =>
      workload.perNode ? workload : {...workload, replicas: knobs.replicas, requests: {...workload.requests, cpu: knobs.cpu, memory: knobs.memory}},
    ),
    redundancy,
    nodeShapes: [shape],
    spareNodes: knobs.spareNodes,
    reserved: knobs.reserved,
  }
}

