// `kubectl capacity plan` as a real process: the report, its formats, the exit codes and the
// one-line usage errors; with --from-cluster, against the demo sandbox running in this process.
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {sandboxForFile} from '../../helpers/kube.js'
import {run} from '../../helpers/run.js'

const home = mkdtempSync(join(tmpdir(), 'kubekit-capacity-plan-'))
const capacity = (args: string[], kubeconfig = '/nonexistent') => run('kubectl-capacity', args, {KUBECONFIG: kubeconfig, HOME: home, NO_COLOR: '1'})

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
    // Ran out of memory and aborted with V8's native stack before the bound.
    [['--services', '99999999999', '--cpu', '1'], "error: --services × --replicas: 99,999,999,999 pods is above Kubernetes' documented limit of 150,000 pods per cluster"],
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

describe('plan --from-cluster against the demo sandbox', () => {
  const shared = sandboxForFile({scenario: 'demo'})

  it('plan --from-cluster groups pods by controller and DaemonSets per node', async () => {
    const {stdout, code, stderr} = await capacity(['plan', '--from-cluster', '--node-cpu', '8', '--node-memory', '32Gi', '-o', 'json'], shared.sandbox.kubeconfigPath)
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
    const {stdout, stderr, code} = await capacity(['plan', '--from-cluster'], shared.sandbox.kubeconfigPath)
    expect(code).toBe(1)
    expect(stdout).toContain('live allocatable')
    expect(stdout).toMatch(/pod\(s\) of analytics\/deployment\/report-generator cannot be placed on .*: each needs 6 cores/)
    expect(stderr).toMatch(/^error: \d+ pod\(s\) of analytics\/deployment\/report-generator fit on no .* node \(see Warnings\); pick a larger node shape\n$/)
  })
})
