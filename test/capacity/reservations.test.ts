import {describe, expect, it} from 'vitest'
import {parseQuantity} from '../../src/capacity/quantity.js'
import {
  aksCpuReserved,
  aksMemoryReserved,
  allocatableOf,
  eksMaxPods,
  eksMemoryReserved,
  gkeNodePodMask,
  parseEvictionHard,
  parseReservedList,
  reservationFor,
  tieredCpuReserved,
  tieredMemoryReserved,
  totalReserved,
} from '../../src/capacity/reservations.js'

const q = (text: string) => parseQuantity(text).nanos

describe('GKE', () => {
  it('reserves 80m on 4 cores (GKE doc: allocatable 3920m) and 110m on 16', () => {
    expect(tieredCpuReserved(q('4'))).toBe(q('80m'))
    expect(tieredCpuReserved(q('16'))).toBe(q('110m'))
    expect(tieredCpuReserved(q('1'))).toBe(q('60m'))
    expect(tieredCpuReserved(q('2'))).toBe(q('70m'))
  })

  it('reserves 5.48Gi of 64Gi, 9.76Gi of 150Gi (+100Mi eviction = 9.8577Gi) and 255Mi below 1Gi', () => {
    expect(tieredMemoryReserved(q('64Gi'))).toBe(q('5.48Gi'))
    expect(tieredMemoryReserved(q('150Gi'))).toBe(q('9.76Gi'))
    expect(tieredMemoryReserved(q('512Mi'))).toBe(q('255Mi'))
  })

  it('leaves 15.89 cores and 64Gi − 5.48Gi − 100Mi on a 16c/64Gi node', () => {
    const capacity = {cpu: q('16'), memory: q('64Gi')}
    const allocatable = allocatableOf(capacity, reservationFor('gke', capacity, 110))
    expect(allocatable.cpu).toBe(q('15.89'))
    expect(allocatable.memory).toBe(q('64Gi') - q('5.48Gi') - q('100Mi'))
  })
})

describe('EKS', () => {
  it('m5.large (2 vCPU, 29 pods): 70m and 574Mi', () => {
    expect(tieredCpuReserved(q('2'))).toBe(q('70m'))
    expect(eksMemoryReserved(29)).toBe(q('574Mi'))
  })

  it('m5.4xlarge (16 vCPU, 234 pods): 110m and 2829Mi; allocatable 61.14Gi with eviction', () => {
    const capacity = {cpu: q('16'), memory: q('64Gi')}
    const reservation = reservationFor('eks', capacity, 234)
    expect(reservation.kubeReserved).toEqual({cpu: q('110m'), memory: q('2829Mi')})
    expect(totalReserved(reservation).memory).toBe(q('2929Mi'))
    expect(allocatableOf(capacity, reservation).memory).toBe(q('64Gi') - q('2929Mi'))
  })

  it('max pods: ENIs × (IPs per ENI − 1) + 2, prefix delegation ×16 capped at 110/250', () => {
    expect(eksMaxPods({enis: 3, ipsPerEni: 10})).toBe(29)
    expect(eksMaxPods({enis: 4, ipsPerEni: 15})).toBe(58)
    expect(eksMaxPods({enis: 8, ipsPerEni: 30})).toBe(234)
    expect(eksMaxPods({enis: 3, ipsPerEni: 10, prefixDelegation: true, vcpu: 2})).toBe(110)
    expect(eksMaxPods({enis: 8, ipsPerEni: 30, prefixDelegation: true, vcpu: 48})).toBe(250)
  })
})

describe('AKS', () => {
  it('CPU follows the published table and rounds up between rows', () => {
    expect([1, 2, 4, 8, 16, 32, 64].map((cores) => aksCpuReserved(BigInt(cores) * 1_000_000_000n) / 1_000_000n)).toEqual([60n, 100n, 140n, 180n, 260n, 420n, 740n])
    expect(aksCpuReserved(q('3'))).toBe(q('140m'))
    expect(aksCpuReserved(q('96'))).toBe(q('1060m'))
  })

  it('memory ≥1.29: 8GB with 30 pods → 650MB; 4GB with 70 pods → 25% = 1000MB', () => {
    expect(aksMemoryReserved(q('8G'), 30)).toBe(q('650M'))
    expect(aksMemoryReserved(q('4G'), 70)).toBe(q('1000M'))
    const capacity = {cpu: q('2'), memory: q('8G')}
    expect(allocatableOf(capacity, reservationFor('aks', capacity, 30)).memory).toBe(q('8G') - q('650M') - q('100Mi'))
  })

  it('16 cores / 64Gi with 110 pods: 260m, 2250MB + 100Mi', () => {
    const capacity = {cpu: q('16'), memory: q('64Gi')}
    const allocatable = allocatableOf(capacity, reservationFor('aks', capacity, 110))
    expect(allocatable.cpu).toBe(q('15.74'))
    expect(allocatable.memory).toBe(q('64Gi') - q('2250M') - q('100Mi'))
  })

  it('before 1.29: GKE-like memory tiers and a 750Mi eviction threshold', () => {
    const capacity = {cpu: q('16'), memory: q('64Gi')}
    expect(totalReserved(reservationFor('aks-legacy', capacity, 110)).memory).toBe(q('5.48Gi') + q('750Mi'))
  })
})

describe('custom and none', () => {
  it('reproduces the upstream Node Allocatable example: 14.5 CPU, 28.5Gi, 88Gi', () => {
    const capacity = {cpu: q('16'), memory: q('32Gi'), 'ephemeral-storage': q('100Gi')}
    const custom = {
      kubeReserved: parseReservedList('cpu=1,memory=2Gi,ephemeral-storage=1Gi', '--kube-reserved'),
      systemReserved: parseReservedList('cpu=500m,memory=1Gi,ephemeral-storage=1Gi', '--system-reserved'),
      ...parseEvictionHard('memory.available<500Mi,nodefs.available<10%', '--eviction-hard'),
    }
    const allocatable = allocatableOf(capacity, reservationFor('custom', capacity, 110, custom))
    // The page rounds 32Gi − 2Gi − 1Gi − 500Mi to "28.5Gi"; exactly it is 29Gi − 500Mi.
    expect(allocatable).toEqual({cpu: q('14.5'), memory: q('29Gi') - q('500Mi'), 'ephemeral-storage': q('88Gi')})
  })

  it('none leaves capacity as is', () => {
    const capacity = {cpu: q('16'), memory: q('64Gi')}
    expect(allocatableOf(capacity, reservationFor('none', capacity, 110))).toEqual(capacity)
  })

  it('rejects malformed lists naming the flag', () => {
    expect(() => parseReservedList('cpu', '--kube-reserved')).toThrow('--kube-reserved: "cpu" is not resource=quantity')
    expect(() => parseReservedList('memory=2GB', '--kube-reserved')).toThrow(/--kube-reserved memory: "2GB"/)
    expect(() => parseEvictionHard('memory.available=1Gi', '--eviction-hard')).toThrow('--eviction-hard: "memory.available=1Gi" is not signal<threshold')
  })
})

describe('GKE pod range per node', () => {
  it.each([
    [8, 28],
    [16, 27],
    [32, 26],
    [64, 25],
    [110, 24],
    [9, 27],
    [65, 24],
  ])('%i max pods → /%i', (maxPods, mask) => {
    expect(gkeNodePodMask(maxPods)).toBe(mask)
  })
})
