// The real binary (built dist/) against the sandbox API server, with kubectl as the oracle.
import {execFile} from 'node:child_process'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {promisify} from 'node:util'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {startSandbox} from '../../src/sandbox/index.js'
import type {Sandbox} from '../../src/sandbox/index.js'

const exec = promisify(execFile)
const bin = join(import.meta.dirname, '../../bin/kubectl-capacity')

async function capacity(args: string[], kubeconfig = '/nonexistent'): Promise<{stdout: string; stderr: string; code: number}> {
  try {
    const {stdout, stderr} = await exec(bin, args, {env: {...process.env, KUBECONFIG: kubeconfig, NO_COLOR: '1'}, encoding: 'utf8'})
    return {stdout, stderr, code: 0}
  } catch (error) {
    const failure = error as {stdout: string; stderr: string; code: number}
    return {stdout: failure.stdout, stderr: failure.stderr, code: failure.code}
  }
}

const seed = ['plan', '--services', '18', '--replicas', '2', '--cpu', '2', '--memory', '4Gi', '--redundancy', '10%', '--node-cpu', '16', '--node-memory', '64Gi', '--reserved', 'gke', '--spare-nodes', '1']

describe('capacity plan (no cluster)', () => {
  it('prints the seed example with the why lines', async () => {
    const {stdout, code} = await capacity(seed)
    expect(code).toBe(0)
    expect(stdout).toContain('cpu (cores)         72      79.2')
    expect(stdout).toContain('nodes            7 (6 needed + 1 for failures)')
    expect(stdout).toContain('cpu binds (7 × 2 cores = 14 cores of 15.89 cores; one more needs 16 cores)')
  })

  it('-o json has the documented fields', async () => {
    const {stdout} = await capacity([...seed, '-o', 'json'])
    const data = JSON.parse(stdout)
    expect(data.totals).toMatchObject({cpu: 79.2, memory: 170080704922, pods: 36, podsWithRedundancy: 40})
    expect(data.nodes).toMatchObject({count: 7, needed: 6, podsPerNode: 7, allocatable: {cpu: 15.89}})
  })

  it('-o yaml and -o markdown', async () => {
    expect((await capacity([...seed, '-o', 'yaml'])).stdout).toContain('podsPerNode: 7')
    expect((await capacity([...seed, '-o', 'markdown'])).stdout).toContain('| cpu (cores) | 72 | 79.2 |')
  })

  it.each([
    [['--cpu', '2 cores'], 'error: --cpu: "2 cores" is not a quantity'],
    [['--cpu', '-1'], 'error: --cpu: "-1" is negative'],
    [['--cpu', '1', '--memory', '4GB'], 'error: --memory: "4GB" is not a quantity: use G (10^9) or Gi (2^30) instead of "GB"'],
    [['--cpu', '1', '-i'], 'error: -i needs a terminal'],
    [['--cpu', '1', '--redundancy', '10'], 'error: --redundancy: "10" would be 1000%'],
    [['--cpu', '1', '--pod-cidr', '10.0.0.0'], 'error: --pod-cidr: "10.0.0.0" is not a CIDR range'],
    [['-f', '/nonexistent/plan.yaml'], 'error: -f /nonexistent/plan.yaml: no such file or directory'],
  ])('%j fails with one line', async (args, message) => {
    const {stderr, code} = await capacity(['plan', ...args])
    expect(code).toBe(1)
    expect(stderr.split('\n')[0]).toContain(message)
  })

  it('exits 1 after the report when pods fit on no node (--gpu on nodes without GPUs)', async () => {
    const {stdout, stderr, code} = await capacity([...seed, '--gpu', '1'])
    expect(code).toBe(1)
    expect(stdout).toContain('cannot be placed on 16c/64Gi')
    expect(stderr.split('\n')[0]).toBe('error: 40 pod(s) of service-1 and 17 more fit on no 16c/64Gi node (see Warnings); pick a larger node shape')
  })

  it('prints the report, then fails on overlapping ranges', async () => {
    const {stdout, stderr, code} = await capacity([...seed, '--pod-cidr', '10.0.0.0/14', '--service-cidr', '10.2.0.0/16'])
    expect(code).toBe(1)
    expect(stdout).toContain('problems         --pod-cidr 10.0.0.0/14 overlaps --service-cidr 10.2.0.0/16')
    expect(stderr).toBe('error: --pod-cidr 10.0.0.0/14 overlaps --service-cidr 10.2.0.0/16; pod, service and VPC ranges must be disjoint\n')
  })

  it('names the file and line of a bad plan file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capacity-cli-'))
    writeFileSync(join(dir, 'plan.yaml'), 'services:\n  - name: api\n    replicas: 2\n    cpu: 2\n    memory: 4GB\n')
    const {stderr, code} = await capacity(['plan', '-f', join(dir, 'plan.yaml')])
    expect(code).toBe(1)
    expect(stderr).toMatch(/^error: .*plan\.yaml:5: "4GB" is not a quantity/)
  })
})

describe('against the sandbox', () => {
  let demo: Sandbox
  let quiet: Sandbox
  beforeAll(async () => {
    ;[demo, quiet] = await Promise.all([startSandbox({scenario: 'demo'}), startSandbox({scenario: 'demo-no-metrics'})])
  })
  afterAll(async () => {
    await Promise.all([demo?.stop(), quiet?.stop()])
  })

  /** kubectl describe node's "Allocated resources" block: the oracle for per-node sums. */
  async function kubectlAllocated(node: string): Promise<Record<string, [string, string]>> {
    const {stdout} = await exec('kubectl', ['describe', 'node', node], {env: {...process.env, KUBECONFIG: demo.kubeconfigPath}, encoding: 'utf8'})
    const block = stdout.split('Allocated resources:')[1]!.split('Events:')[0]!
    const rows: Record<string, [string, string]> = {}
    for (const match of block.matchAll(/^\s+(cpu|memory)\s+(\S+) \(\d+%\)\s+(\S+) \(\d+%\)/gm)) rows[match[1]!] = [match[2]!, match[3]!]
    return rows
  }

  it('show: per-node requests and limits match kubectl describe node', async () => {
    const {stdout, code} = await capacity(['show', '-u', '-o', 'json'], demo.kubeconfigPath)
    expect(code).toBe(0)
    const data = JSON.parse(stdout)
    const {parseQuantity} = await import('../../src/capacity/quantity.js')
    const {amountNumber} = await import('../../src/capacity/report.js')
    for (const name of ['worker-1', 'worker-2']) {
      const oracle = await kubectlAllocated(name)
      const node = data.nodes.find((n: {name: string}) => n.name === name)
      for (const resource of ['cpu', 'memory']) {
        expect([name, resource, node.requests[resource] ?? 0]).toEqual([name, resource, amountNumber(resource, parseQuantity(oracle[resource]![0]).nanos)])
        expect([name, resource, node.limits[resource] ?? 0]).toEqual([name, resource, amountNumber(resource, parseQuantity(oracle[resource]![1]).nanos)])
      }
    }
    expect(data.metrics).toEqual({served: true})
    expect(data.nodes.find((n: {name: string}) => n.name === 'worker-1').usage.cpu).toBeGreaterThan(0)
    expect(data.unscheduled.pods).toBe(1)
    // cp-1 (control-plane NoSchedule) and worker-3 (not-ready taints) take no new pods
    expect(data.headroom.excluded).toEqual(['cp-1', 'worker-3'])
    expect(['worker-1', 'worker-2']).toContain(data.headroom.lostNode)
    expect(data.nodes.find((n: {name: string}) => n.name === 'cp-1').taints).toEqual(['node-role.kubernetes.io/control-plane'])
  })

  it('show: says plainly when metrics are not served; --pods, --sort and label columns', async () => {
    const plain = await capacity(['show', '--util'], quiet.kubeconfigPath)
    expect(plain.stdout).toContain('metrics.k8s.io is not served by this cluster (no metrics-server): utilisation is not shown')
    expect(plain.stdout).not.toContain('CPU UTIL')
    const pods = await capacity(['show', '--pods', '--sort', 'cpu.request', '-L', 'topology.kubernetes.io/zone'], demo.kubeconfigPath)
    const lines = pods.stdout.split('\n')
    expect(lines[0]).toMatch(/^NODE\s+NAMESPACE\s+POD\s+ZONE\s+CPU REQUESTS/)
    expect(lines[2]).toMatch(/^worker-2\s+\*\s+\*\s+eu-west-1b\s+2\.1 \(53%\)/)
    expect(pods.stdout).toMatch(/monitoring\s+prometheus-0/)
    expect((await capacity(['show', '--sort', 'bogus'], demo.kubeconfigPath)).stderr).toContain('error: --sort: "bogus" is not name, pods or <resource>.<request|limit|util|allocatable|available>[.percentage]')
  })

  it('show: says so when metrics.k8s.io is forbidden', async () => {
    const denied = await startSandbox({scenario: 'demo', deny: [{resource: 'nodes', group: 'metrics.k8s.io'}]})
    try {
      const {stdout, code} = await capacity(['show', '-u', '-o', 'json'], denied.kubeconfigPath)
      expect(code).toBe(0)
      expect(JSON.parse(stdout).metrics).toEqual({served: false, reason: 'metrics.k8s.io is not readable with these credentials (forbidden): utilisation is not shown'})
    } finally {
      await denied.stop()
    }
  })

  it('show -f: can this plan be scheduled here', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capacity-cli-'))
    writeFileSync(join(dir, 'small.yaml'), 'services:\n  - name: api\n    replicas: 2\n    cpu: 500m\n    memory: 512Mi\n')
    writeFileSync(join(dir, 'big.yaml'), 'services:\n  - name: api\n    replicas: 10\n    cpu: 2\n    memory: 1Gi\n')
    const small = JSON.parse((await capacity(['show', '-f', join(dir, 'small.yaml'), '-o', 'json'], demo.kubeconfigPath)).stdout)
    expect(small.planCheck).toMatchObject({pods: 2, placed: 2, fits: true})
    const big = await capacity(['show', '-f', join(dir, 'big.yaml')], demo.kubeconfigPath)
    expect(big.stdout).toMatch(/can the plan be scheduled here: no \(\d+ of 10 plan pods fit on the free space of the whole cluster; unplaced: \d+ × api\)/)
  })

  it('plan --from-cluster groups pods by controller and DaemonSets per node', async () => {
    const {stdout, code, stderr} = await capacity(['plan', '--from-cluster', '--node-cpu', '8', '--node-memory', '32Gi', '-o', 'json'], demo.kubeconfigPath)
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const data = JSON.parse(stdout)
    const web = data.workloads.find((w: {name: string}) => w.name === 'shop/deployment/web')
    expect(web).toMatchObject({kind: 'Deployment', replicas: 3, requests: {cpu: 0.25}})
    expect(data.daemonSets.names.sort()).toEqual(['kube-system/daemonset/kindnet', 'kube-system/daemonset/kube-proxy', 'monitoring/daemonset/node-exporter'])
    expect(data.sources[0]).toMatch(/^cluster kubekit-sandbox: \d+ pods on 4 nodes$/)
    expect(data.nodes.count).toBeGreaterThan(0)
  })

  it('plan --from-cluster without a shape uses the live nodes, names pods too big for them and exits 1', async () => {
    const {stdout, stderr, code} = await capacity(['plan', '--from-cluster'], demo.kubeconfigPath)
    expect(code).toBe(1)
    expect(stdout).toContain('live allocatable')
    expect(stdout).toMatch(/pod\(s\) of analytics\/deployment\/report-generator cannot be placed on .*: each needs 6 cores/)
    expect(stderr).toMatch(/^error: \d+ pod\(s\) of analytics\/deployment\/report-generator fit on no .* node \(see Warnings\); pick a larger node shape\n$/)
  })
})
