import {describe, expect, it} from 'vitest'
import {checkNetwork, formatAddress, overlaps, parseCidr} from '../../src/capacity/network.js'

describe('CIDR ranges', () => {
  it('parses IPv4 and IPv6 and refuses bad ones naming the flag', () => {
    expect(parseCidr('10.0.0.0/14', '--pod-cidr')).toMatchObject({version: 4, prefix: 14, size: 2n ** 18n})
    expect(parseCidr('fd00::/48', '--pod-cidr')).toMatchObject({version: 6, prefix: 48})
    expect(() => parseCidr('10.0.0.0', '--pod-cidr')).toThrow('--pod-cidr: "10.0.0.0" is not a CIDR range')
    expect(() => parseCidr('10.0.0.300/8', '--vpc-cidr')).toThrow('--vpc-cidr: "10.0.0.300/8" is not a CIDR range')
    expect(() => parseCidr('10.1.0.0/8', '--pod-cidr')).toThrow('has host bits set; the range starts at 10.0.0.0/8')
    expect(formatAddress(parseCidr('fd00:1::/32', 'x').start, 6)).toBe('fd00:1::')
  })

  it('detects overlap', () => {
    expect(overlaps(parseCidr('10.0.0.0/14', 'a'), parseCidr('10.3.255.0/24', 'b'))).toBe(true)
    expect(overlaps(parseCidr('10.0.0.0/14', 'a'), parseCidr('10.4.0.0/16', 'b'))).toBe(false)
  })

  it('max nodes = 2^(node mask − pod prefix): /14 with /24 → 1024', () => {
    const check = checkNetwork({podCidr: '10.0.0.0/14', vpcCidrs: [], nodes: 1000, maxPods: 110})
    expect(check).toMatchObject({maxNodes: 1024n, podAddressesPerNode: 256n, fits: true, errors: []})
    const tooMany = checkNetwork({podCidr: '10.0.0.0/14', vpcCidrs: [], nodes: 1025, maxPods: 110})
    expect(tooMany.fits).toBe(false)
    expect(tooMany.errors[0]).toContain('allows 1024 nodes, the plan needs 1025')
  })

  it('checks the node block against max pods', () => {
    expect(checkNetwork({podCidr: '10.0.0.0/14', vpcCidrs: [], nodePodCidrMask: 26, nodes: 1, maxPods: 110}).errors[0]).toBe('a /26 node block has 64 addresses, fewer than 110 max pods per node')
    expect(checkNetwork({podCidr: '10.0.0.0/14', vpcCidrs: [], nodePodCidrMask: 25, nodes: 1, maxPods: 110}).warnings[0]).toContain('less than twice the 110 max pods')
    expect(checkNetwork({podCidr: '10.0.0.0/14', vpcCidrs: [], nodePodCidrMask: 12, nodes: 1, maxPods: 110}).errors[0]).toContain('does not fit in --pod-cidr')
  })

  it('reports every overlapping pair of pod, service and VPC ranges', () => {
    const check = checkNetwork({podCidr: '10.0.0.0/14', serviceCidr: '10.4.0.0/20', vpcCidrs: ['10.4.0.0/16', '192.168.0.0/16'], nodes: 3, maxPods: 110})
    expect(check.errors).toEqual(['--service-cidr 10.4.0.0/20 overlaps --vpc-cidr 10.4.0.0/16; pod, service and VPC ranges must be disjoint'])
  })
})
