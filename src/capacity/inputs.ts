/**
 * Builds a PlanInput from `kubectl capacity plan` flags, plan files / manifests and,
 * optionally, what was gathered from a live cluster. Flags win over file settings.
 */
import {CapacityError} from './errors.js'
import type {LoadedFiles} from './files.js'
import {clusterLimits, emptyPlanInput, podLimitMessage} from './model.js'
import type {NodeShape, PlanInput, ResourceAmounts, Workload} from './model.js'
import {formatQuantity, parsePercent, parseQuantity, parseRequest, QuantityError} from './quantity.js'
import {eksMaxPods, parseEvictionHard, parseReservedList, providers, terwayMaxPods} from './reservations.js'
import type {Provider} from './reservations.js'

export interface PlanFlags {
  services?: number | undefined
  replicas?: number | undefined
  cpu?: string | undefined
  memory?: string | undefined
  'ephemeral-storage'?: string | undefined
  gpu?: string | undefined
  redundancy?: string | undefined
  daemonset?: string[] | undefined
  'node-cpu'?: string | undefined
  'node-memory'?: string | undefined
  'node-ephemeral-storage'?: string | undefined
  'max-pods'?: number | undefined
  node?: string[] | undefined
  reserved?: string | undefined
  'kube-reserved'?: string | undefined
  'system-reserved'?: string | undefined
  'eviction-hard'?: string | undefined
  'eks-enis'?: number | undefined
  'eks-ips-per-eni'?: number | undefined
  'eks-prefix-delegation'?: boolean | undefined
  'terway-enis'?: number | undefined
  'terway-ips-per-eni'?: number | undefined
  'host-network-pods'?: number | undefined
  recommend?: boolean | undefined
  catalogue?: string | undefined
  'spare-nodes'?: number | undefined
  zones?: number | undefined
  'max-loss'?: string | undefined
  round?: boolean | undefined
  'pod-cidr'?: string | undefined
  'service-cidr'?: string | undefined
  'vpc-cidr'?: string[] | undefined
  'node-pod-cidr-mask'?: number | undefined
}

export class PlanInputError extends CapacityError {
  override name = 'PlanInputError'
}

/** `cpu=100m,memory=200Mi[,name=fluent-bit]` (for --daemonset and --node). */
export function parseKeyValues(text: string, flag: string): Record<string, string> {
  const result: Record<string, string> = {}
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const index = part.indexOf('=')
    if (index <= 0) throw new PlanInputError(`${flag}: "${part}" is not key=value (e.g. ${flag === '--node' ? 'cpu=16,memory=64Gi' : 'cpu=100m,memory=200Mi'})`)
    result[part.slice(0, index)] = part.slice(index + 1)
  }
  return result
}

function resourcesFrom(values: Record<string, string>, flag: string, skip: string[]): ResourceAmounts {
  const amounts: ResourceAmounts = {}
  for (const [key, value] of Object.entries(values)) {
    if (skip.includes(key)) continue
    if (!['cpu', 'memory', 'ephemeral-storage', 'gpu'].includes(key) && !key.includes('/')) {
      throw new PlanInputError(`${flag}: unknown key "${key}" (use cpu, memory, ephemeral-storage, gpu${skip.length ? ', ' + skip.join(', ') : ''})`)
    }
    amounts[key === 'gpu' ? 'nvidia.com/gpu' : key] = parseRequest(value, `${flag} ${key}`)
  }
  return amounts
}

function shapeName(capacity: ResourceAmounts): string {
  const cores = formatQuantity({nanos: capacity.cpu ?? 0n, format: 'DecimalSI'})
  const memory = formatQuantity({nanos: capacity.memory ?? 0n, format: 'BinarySI'})
  return `${cores}c/${memory}`
}

function nothingToPlan(sources: string[]): string {
  const where = sources.length > 0 ? `${sources.join(', ')} ${sources.length > 1 ? 'hold' : 'holds'} no workloads; ` : ''
  return `nothing to plan: ${where}give a pod spec (--cpu and/or --memory, with --services and --replicas), -f plan.yaml or manifests, or --from-cluster`
}

/** Refuses a plan whose workload pods exceed Kubernetes' per-cluster limit. */
function checkPodCount(workloads: Workload[]): void {
  const pods = workloads.reduce((sum, workload) => sum + (workload.perNode ? 0 : workload.replicas), 0)
  if (pods > clusterLimits.pods) throw new PlanInputError(podLimitMessage('the plan', pods))
}

function positiveInteger(value: number | undefined, flag: string, minimum = 0): number | undefined {
  if (value === undefined) return undefined
  if (!Number.isInteger(value) || value < minimum) throw new PlanInputError(`${flag}: must be a whole number ≥ ${minimum}`)
  return value
}

/** Node shapes from --node (repeatable) or --node-cpu/--node-memory. */
function nodeShapesFromFlags(flags: PlanFlags, defaultMaxPods: number): NodeShape[] {
  const shapes: NodeShape[] = []
  for (const text of flags.node ?? []) {
    const values = parseKeyValues(text, '--node')
    const capacity = resourcesFrom(values, '--node', ['name', 'max-pods', 'maxPods'])
    if (capacity.cpu === undefined || capacity.memory === undefined) throw new PlanInputError(`--node "${text}": give at least cpu and memory, e.g. cpu=16,memory=64Gi`)
    const maxPodsText = values['max-pods'] ?? values.maxPods
    const maxPods = maxPodsText === undefined ? defaultMaxPods : Number(maxPodsText)
    if (!Number.isInteger(maxPods) || maxPods < 1) throw new PlanInputError(`--node "${text}": max-pods must be a whole number ≥ 1`)
    shapes.push({name: values.name ?? shapeName(capacity), capacity, maxPods})
  }
  if (flags['node-cpu'] !== undefined || flags['node-memory'] !== undefined) {
    if (flags['node-cpu'] === undefined || flags['node-memory'] === undefined) throw new PlanInputError('--node-cpu and --node-memory go together: give both, e.g. --node-cpu 16 --node-memory 64Gi')
    const capacity: ResourceAmounts = {cpu: parseRequest(flags['node-cpu'], '--node-cpu'), memory: parseRequest(flags['node-memory'], '--node-memory')}
    if (flags['node-ephemeral-storage']) capacity['ephemeral-storage'] = parseRequest(flags['node-ephemeral-storage'], '--node-ephemeral-storage')
    shapes.unshift({name: shapeName(capacity), capacity, maxPods: defaultMaxPods})
  }
  return shapes
}

/** The default node shape when none is given: 16 cores / 64Gi, the ACK guide's example. */
export const defaultNodeShape: NodeShape = {name: '16c/64Gi', capacity: {cpu: 16n * 1_000_000_000n, memory: 64n * 2n ** 30n * 1_000_000_000n}, maxPods: 110}

export interface ClusterInput {
  workloads: Workload[]
  nodeShapes: NodeShape[]
  source: string
  /** The reservation preset the nodes' labels, providerID and kubelet version point to. */
  provider?: {preset: Provider; evidence: string}
}

export function buildPlanInput(flags: PlanFlags, files?: LoadedFiles, cluster?: ClusterInput): PlanInput {
  try {
    return build(flags, files, cluster)
  } catch (error) {
    if (error instanceof QuantityError) throw new PlanInputError(error.message)
    throw error
  }
}

function build(flags: PlanFlags, files?: LoadedFiles, cluster?: ClusterInput): PlanInput {
  const input = emptyPlanInput()
  const settings = files?.settings ?? {}
  if (files) {
    input.workloads.push(...files.workloads)
    input.sources.push(...files.sources)
    input.warnings.push(...files.warnings)
  }
  if (cluster) {
    input.workloads.push(...cluster.workloads)
    input.sources.push(cluster.source)
  }
  addFlagWorkloads(flags, input)
  if (input.workloads.length === 0) throw new PlanInputError(nothingToPlan(input.sources))
  // A live cluster is what it is; what is planned from flags and files must fit Kubernetes' limits.
  const live = new Set(cluster?.workloads)
  checkPodCount(input.workloads.filter((workload) => !live.has(workload)))
  input.redundancy = flags.redundancy !== undefined ? parsePercent(flags.redundancy, '--redundancy') : (settings.redundancy ?? input.redundancy)
  const userShapes = (flags.node ?? []).length > 0 || flags['node-cpu'] !== undefined || flags['node-memory'] !== undefined || (settings.nodeShapes ?? []).length > 0
  chooseReservation(flags, settings, cluster, userShapes, input)
  const maxPods = maxPodsFromFlags(flags, input)
  input.nodeShapes = chooseShapes(flags, settings, cluster, maxPods)
  input.recommend = flags.recommend ? 'use' : userShapes || (cluster && cluster.nodeShapes.length > 0) ? 'off' : 'show'
  if (flags.catalogue) input.catalogue = flags.catalogue.split(',').map((name) => name.trim()).filter(Boolean)
  failureSettings(flags, settings, input)
  input.roundUp = flags.round === true
  networkSettings(flags, settings, input)
  return input
}

function addFlagWorkloads(flags: PlanFlags, input: PlanInput): void {
  const services = positiveInteger(flags.services, '--services')
  const replicas = positiveInteger(flags.replicas, '--replicas')
  const specGiven = flags.cpu !== undefined || flags.memory !== undefined || flags.gpu !== undefined || flags['ephemeral-storage'] !== undefined
  if ((services !== undefined || replicas !== undefined) && !specGiven) throw new PlanInputError('--services and --replicas need a pod spec: add --cpu and/or --memory (per pod), e.g. --cpu 2 --memory 4Gi')
  const pods = Math.max(services ?? 1, (services ?? 1) * (replicas ?? 1))
  if (pods > clusterLimits.pods) throw new PlanInputError(podLimitMessage('--services × --replicas', pods))
  if (specGiven) {
    const requests: ResourceAmounts = {}
    if (flags.cpu !== undefined) requests.cpu = parseRequest(flags.cpu, '--cpu')
    if (flags.memory !== undefined) requests.memory = parseRequest(flags.memory, '--memory')
    if (flags['ephemeral-storage'] !== undefined) requests['ephemeral-storage'] = parseRequest(flags['ephemeral-storage'], '--ephemeral-storage')
    if (flags.gpu !== undefined) requests['nvidia.com/gpu'] = parseRequest(flags.gpu, '--gpu')
    const count = services ?? 1
    for (let n = 0; n < count; n++) input.workloads.push({name: count > 1 ? `service-${n + 1}` : 'service', kind: 'Service', replicas: replicas ?? 1, perNode: false, requests, limits: {}, source: 'flags'})
    input.sources.push(`flags: ${count} service(s) × ${replicas ?? 1} replica(s)`)
  }
  for (const [index, text] of (flags.daemonset ?? []).entries()) input.workloads.push(daemonSetFromFlag(text, index))
}

/** One --daemonset value: `cpu=100m,memory=200Mi[,name=X]`, with at least one resource. */
function daemonSetFromFlag(text: string, index: number): Workload {
  const values = parseKeyValues(text, '--daemonset')
  const requests = resourcesFrom(values, '--daemonset', ['name'])
  if (Object.keys(requests).length === 0) throw new PlanInputError(`--daemonset "${text}": give what each pod requests, e.g. cpu=100m,memory=200Mi[,name=log-agent]`)
  return {name: values.name ?? `daemonset-${index + 1}`, kind: 'DaemonSet', replicas: 1, perNode: true, requests, limits: {}, source: '--daemonset'}
}

function chooseReservation(flags: PlanFlags, settings: LoadedFiles['settings'], cluster: ClusterInput | undefined, userShapes: boolean, input: PlanInput): void {
  const given = flags.reserved ?? settings.reserved
  if (given !== undefined && !(providers as readonly string[]).includes(given)) throw new PlanInputError(`--reserved: "${given}" is not one of ${providers.join(', ')}`)
  if (given !== undefined) {
    input.reserved = given as Provider
    input.reservedSource = `${given} (${flags.reserved !== undefined ? '--reserved' : 'plan file'})`
  } else if (cluster?.provider) {
    input.reserved = cluster.provider.preset
    input.reservedSource = `${cluster.provider.preset} (detected from the cluster: ${cluster.provider.evidence})${userShapes ? '' : "; the live nodes' own allocatable is used"}`
  } else if (cluster && cluster.nodeShapes.length > 0 && !userShapes) {
    input.reservedSource = "the live nodes' own allocatable (provider not detected)"
  } else {
    input.reservedSource = 'gke (the default; give --reserved for another provider)'
  }
  if (input.reserved === 'custom') {
    input.customReservation = {
      kubeReserved: flags['kube-reserved'] ? wrap(() => parseReservedList(flags['kube-reserved']!, '--kube-reserved')) : {},
      systemReserved: flags['system-reserved'] ? wrap(() => parseReservedList(flags['system-reserved']!, '--system-reserved')) : {},
      ...(flags['eviction-hard'] ? wrap(() => parseEvictionHard(flags['eviction-hard']!, '--eviction-hard')) : {eviction: {}, evictionPercent: {}}),
    }
  } else if (flags['kube-reserved'] || flags['system-reserved'] || flags['eviction-hard']) {
    throw new PlanInputError('--kube-reserved, --system-reserved and --eviction-hard need --reserved custom')
  }
}

/** Max pods from --max-pods, the EKS ENI rule or the Terway ENI rule; the rule is kept for the report. */
function maxPodsFromFlags(flags: PlanFlags, input: PlanInput): {maxPods?: number; rule?: string} {
  const given = positiveInteger(flags['max-pods'], '--max-pods', 1)
  const eks = flags['eks-enis'] !== undefined || flags['eks-ips-per-eni'] !== undefined
  const terway = flags['terway-enis'] !== undefined || flags['terway-ips-per-eni'] !== undefined
  if ((eks || terway) && given !== undefined) throw new PlanInputError(`give either --max-pods or --${eks ? 'eks' : 'terway'}-enis/--${eks ? 'eks' : 'terway'}-ips-per-eni, not both`)
  if (eks && terway) throw new PlanInputError('--eks-enis and --terway-enis are two providers\' rules: give one')
  if (eks) {
    const enis = positiveInteger(flags['eks-enis'], '--eks-enis', 1)
    const ips = positiveInteger(flags['eks-ips-per-eni'], '--eks-ips-per-eni', 2)
    if (enis === undefined || ips === undefined) throw new PlanInputError('--eks-enis and --eks-ips-per-eni go together (e.g. m5.large: --eks-enis 3 --eks-ips-per-eni 10)')
    const vcpu = flags['node-cpu'] ? Number(parseQuantity(flags['node-cpu']).nanos / 1_000_000_000n) : undefined
    const prefix = flags['eks-prefix-delegation'] === true
    return {maxPods: eksMaxPods({enis, ipsPerEni: ips, prefixDelegation: prefix, ...(vcpu === undefined ? {} : {vcpu})}), rule: `EKS: ${enis} ENIs × (${ips} IPs − 1)${prefix ? ' × 16 (prefix delegation, capped)' : ''} + 2`}
  }
  if (terway) {
    const enis = positiveInteger(flags['terway-enis'], '--terway-enis', 2)
    const ips = positiveInteger(flags['terway-ips-per-eni'], '--terway-ips-per-eni', 1)
    if (enis === undefined || ips === undefined) throw new PlanInputError('--terway-enis and --terway-ips-per-eni go together (e.g. ecs.g7.4xlarge: --terway-enis 8 --terway-ips-per-eni 30)')
    const hostNetwork = positiveInteger(flags['host-network-pods'], '--host-network-pods') ?? 0
    input.warnings.push('Terway pods take vSwitch addresses, not a pod CIDR: size the vSwitches for the pods; --pod-cidr does not apply')
    return {maxPods: terwayMaxPods({enis, ipsPerEni: ips, hostNetworkPods: hostNetwork}), rule: `Terway: (${enis} ENIs − 1) × ${ips} IPs + ${hostNetwork} host-network pods`}
  }
  if (flags['host-network-pods'] !== undefined) throw new PlanInputError('--host-network-pods goes with --terway-enis and --terway-ips-per-eni')
  return given === undefined ? {} : {maxPods: given}
}

function chooseShapes(flags: PlanFlags, settings: LoadedFiles['settings'], cluster: ClusterInput | undefined, rule: {maxPods?: number; rule?: string}): NodeShape[] {
  const {maxPods} = rule
  const withRule = (shape: NodeShape): NodeShape => (maxPods === undefined ? shape : {...shape, maxPods, ...(rule.rule ? {maxPodsRule: rule.rule} : {})})
  let shapes = nodeShapesFromFlags(flags, maxPods ?? 110).map(withRule)
  if (shapes.length === 0) shapes = (settings.nodeShapes ?? []).map(withRule)
  if (shapes.length === 0 && cluster) {
    // The live shapes: their real allocatable, or their capacity under the formula asked for.
    shapes = flags.reserved === undefined ? cluster.nodeShapes : cluster.nodeShapes.map(({allocatable: _allocatable, ...shape}) => withRule(shape))
  }
  if (shapes.length === 0) shapes = [withRule(defaultNodeShape)]
  return shapes
}

function failureSettings(flags: PlanFlags, settings: LoadedFiles['settings'], input: PlanInput): void {
  input.spareNodes = positiveInteger(flags['spare-nodes'], '--spare-nodes') ?? settings.spareNodes ?? 0
  input.zones = positiveInteger(flags.zones, '--zones', 1) ?? settings.zones ?? 1
  const maxLoss = flags['max-loss'] !== undefined ? parsePercent(flags['max-loss'], '--max-loss') : settings.maxLoss
  if (maxLoss) {
    if (maxLoss.numerator === 0n || maxLoss.numerator >= maxLoss.denominator) throw new PlanInputError('--max-loss: give a share between 0% and 100%, e.g. 10%')
    input.maxLoss = maxLoss
  }
}

function networkSettings(flags: PlanFlags, settings: LoadedFiles['settings'], input: PlanInput): void {
  const mask = positiveInteger(flags['node-pod-cidr-mask'], '--node-pod-cidr-mask') ?? settings.nodePodCidrMask
  input.network = {vpcCidrs: [...(flags['vpc-cidr'] ?? settings.vpcCidrs ?? [])]}
  const podCidr = flags['pod-cidr'] ?? settings.podCidr
  if (podCidr !== undefined) input.network.podCidr = podCidr
  const serviceCidr = flags['service-cidr'] ?? settings.serviceCidr
  if (serviceCidr !== undefined) input.network.serviceCidr = serviceCidr
  if (mask !== undefined) input.network.nodePodCidrMask = mask
}

function wrap<T>(parse: () => T): T {
  try {
    return parse()
  } catch (error) {
    throw new PlanInputError((error as Error).message)
  }
}
