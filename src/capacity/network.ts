/**
 * The network plan: pod, service and VPC ranges must not overlap; the pod range split into
 * per-node blocks caps the node count (2^(node mask − pod prefix)); each node's block must
 * hold its max pods.
 */

import {CapacityError} from './errors.js'

export interface Cidr {
  text: string
  version: 4 | 6
  /** First address as an integer. */
  start: bigint
  prefix: number
  /** Address count: 2^(bits − prefix). */
  size: bigint
}

export class CidrError extends CapacityError {
  override name = 'CidrError'
}

function parseIPv4(text: string): bigint | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  let value = 0n
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined
    value = value * 256n + BigInt(part)
  }
  return value
}

function parseIPv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(text) || text.split('::').length > 2) return undefined
  const [head = '', tail] = text.split('::')
  const headGroups = head === '' ? [] : head.split(':')
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':')
  const missing = 8 - headGroups.length - tailGroups.length
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined
  const groups = [...headGroups, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailGroups]
  let value = 0n
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined
    value = value * 65536n + BigInt(`0x${group}`)
  }
  return value
}

/** `10.0.0.0/14` or `fd00::/48`. `where` names the flag for the error. */
export function parseCidr(text: string, where: string): Cidr {
  const [address = '', prefixText, ...extra] = text.trim().split('/')
  const v4 = parseIPv4(address)
  const v6 = v4 === undefined ? parseIPv6(address) : undefined
  const version = v4 !== undefined ? 4 : v6 !== undefined ? 6 : undefined
  const bits = version === 4 ? 32 : 128
  if (version === undefined || prefixText === undefined || extra.length > 0 || !/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) {
    throw new CidrError(`${where}: "${text}" is not a CIDR range; write e.g. 10.0.0.0/14`)
  }
  const prefix = Number(prefixText)
  const size = 2n ** BigInt(bits - prefix)
  const value = (v4 ?? v6)!
  if (value % size !== 0n) {
    throw new CidrError(`${where}: "${text}" has host bits set; the range starts at ${formatAddress(value - (value % size), version)}/${prefix}`)
  }
  return {text: text.trim(), version, start: value, prefix, size}
}

export function formatAddress(value: bigint, version: 4 | 6): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.')
  const groups: string[] = []
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((value >> shift) & 0xffffn).toString(16))
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::')
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  if (a.version !== b.version) return false
  return a.start < b.start + b.size && b.start < a.start + a.size
}

export interface NetworkCheck {
  podCidr?: string
  serviceCidr?: string
  vpcCidrs: string[]
  /** Prefix length of each node's pod block. */
  nodePodCidrMask?: number
  /** Why that mask: given, provider rule, or Kubernetes default. */
  nodePodCidrMaskSource?: string
  /** Nodes the pod range can give a block to (exact: IPv6 ranges exceed 2^53). */
  maxNodes?: bigint
  /** Addresses in one node's pod block. */
  podAddressesPerNode?: bigint
  serviceAddresses?: bigint
  /** True when the planned node count fits the pod range. */
  fits?: boolean
  errors: string[]
  warnings: string[]
}

export interface NetworkRequest {
  podCidr?: string | undefined
  serviceCidr?: string | undefined
  vpcCidrs: string[]
  nodePodCidrMask?: number | undefined
  /** The provider's rule for the node mask when none is given, by IP version. */
  defaultMask?: ((version: 4 | 6) => {mask: number; source: string}) | undefined
  nodes: number
  maxPods: number
}

/** Checks the ranges against each other and against the planned nodes; errors are reported, not thrown. */
export function checkNetwork(request: NetworkRequest): NetworkCheck {
  const result: NetworkCheck = {vpcCidrs: request.vpcCidrs, errors: [], warnings: []}
  const named: Array<{name: string; cidr: Cidr}> = []
  if (request.podCidr !== undefined) {
    result.podCidr = request.podCidr
    named.push({name: '--pod-cidr', cidr: parseCidr(request.podCidr, '--pod-cidr')})
  }
  if (request.serviceCidr !== undefined) {
    result.serviceCidr = request.serviceCidr
    const service = parseCidr(request.serviceCidr, '--service-cidr')
    named.push({name: '--service-cidr', cidr: service})
    result.serviceAddresses = service.size
  }
  for (const vpc of request.vpcCidrs) named.push({name: '--vpc-cidr', cidr: parseCidr(vpc, '--vpc-cidr')})
  for (let i = 0; i < named.length; i++) {
    for (let j = i + 1; j < named.length; j++) {
      const a = named[i]!
      const b = named[j]!
      if (overlaps(a.cidr, b.cidr)) result.errors.push(`${a.name} ${a.cidr.text} overlaps ${b.name} ${b.cidr.text}; pod, service and VPC ranges must be disjoint`)
    }
  }
  const pod = named.find((entry) => entry.name === '--pod-cidr')?.cidr
  if (!pod) return result
  const bits = pod.version === 4 ? 32 : 128
  let mask = request.nodePodCidrMask
  let source = 'given (--node-pod-cidr-mask)'
  if (mask === undefined) ({mask, source} = (request.defaultMask ?? ((version) => defaultNodePodMask('none', version, request.maxPods)))(pod.version))
  result.nodePodCidrMask = mask
  result.nodePodCidrMaskSource = source
  if (mask < pod.prefix || mask > bits) {
    result.errors.push(`the node pod block /${mask} does not fit in --pod-cidr ${pod.text} (/${pod.prefix}); use a node mask between /${pod.prefix} and /${bits}`)
    return result
  }
  result.maxNodes = 2n ** BigInt(mask - pod.prefix)
  result.podAddressesPerNode = 2n ** BigInt(bits - mask)
  result.fits = BigInt(request.nodes) <= result.maxNodes
  if (!result.fits) {
    result.errors.push(`--pod-cidr ${pod.text} with /${mask} per node allows ${result.maxNodes} nodes, the plan needs ${request.nodes}; widen the pod range or use a longer node mask`)
  }
  if (BigInt(request.maxPods) > result.podAddressesPerNode) {
    result.errors.push(`a /${mask} node block has ${result.podAddressesPerNode} addresses, fewer than ${request.maxPods} max pods per node`)
  } else if (BigInt(request.maxPods * 2) > result.podAddressesPerNode) {
    result.warnings.push(`a /${mask} node block has ${result.podAddressesPerNode} addresses, less than twice the ${request.maxPods} max pods (GKE keeps 2× for pod churn)`)
  }
  return result
}

/**
 * The node pod-range mask when none is given. GKE sizes it from max pods (at least 2×, IPv4);
 * everyone else, and every IPv6 range, uses kube-controller-manager's default (/24, /64):
 * max nodes = pod CIDR addresses / addresses per node, independent of max pods.
 */
export function defaultNodePodMask(provider: string, version: 4 | 6, maxPods: number): {mask: number; source: string} {
  if (provider === 'gke' && version === 4) return {mask: gkeNodePodMask(maxPods), source: `GKE rule: at least 2 × ${maxPods} max pods`}
  const mask = version === 4 ? 24 : 64
  return {mask, source: `Kubernetes default (kube-controller-manager --node-cidr-mask-size${version === 6 ? '-ipv6' : ''} ${mask})`}
}

/** GKE: the per-node pod range holds at least twice the max pods: 8 → /28 … 65–110 → /24. */
export function gkeNodePodMask(maxPods: number): number {
  let size = 1
  let mask = 32
  while (size < 2 * maxPods) {
    size *= 2
    mask--
  }
  return Math.min(mask, 28)
}
