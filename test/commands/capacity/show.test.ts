// `kubectl capacity show` as a real process against the demo sandbox (running in this process),
// with kubectl as the oracle for per-node sums.
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {startSandbox, type Sandbox} from '../../../src/sandbox/index.js'
import {run} from '../../helpers/run.js'

const home = mkdtempSync(join(tmpdir(), 'kubekit-capacity-show-'))
const capacity = (args: string[], kubeconfig = '/nonexistent') => run('kubectl-capacity', args, {KUBECONFIG: kubeconfig, HOME: home, NO_COLOR: '1'})

describe('kubectl capacity show against the demo sandbox', () => {
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
    const {stdout} = await run('kubectl', ['describe', 'node', node], {KUBECONFIG: demo.kubeconfigPath, HOME: home})
    const block = stdout.split('Allocated resources:')[1]!.split('Events:')[0]!
    const rows: Record<string, [string, string]> = {}
    for (const match of block.matchAll(/^\s+(cpu|memory)\s+(\S+) \(\d+%\)\s+(\S+) \(\d+%\)/gm)) rows[match[1]!] = [match[2]!, match[3]!]
    return rows
  }

  it('show: per-node requests and limits match kubectl describe node', async () => {
    const {stdout, code} = await capacity(['show', '-u', '-o', 'json'], demo.kubeconfigPath)
    expect(code).toBe(0)
    const data = JSON.parse(stdout)
    const {parseQuantity} = await import('../../../src/capacity/quantity.js')
    const {amountNumber} = await import('../../../src/capacity/report.js')
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

  it('show: a bad -t, -g or -r value is one error line and exit 1; a filter that leaves no node exits 0 and says so', async () => {
    const cases: Array<[string[], string]> = [
      [['show', '-t', 'a:NoShedule'], 'error: --node-taints: "a:NoShedule" has the effect "NoShedule": it must be NoSchedule, PreferNoSchedule or NoExecute'],
      [['show', '--group-by', 'pod'], 'error: --group-by: "pod" is not node or namespace'],
      [['show', '-r', 'gpu'], 'error: --resource-name: no resource of this cluster\'s nodes matches "gpu"'],
    ]
    for (const [args, message] of cases) {
      const {code, stdout, stderr} = await capacity(args, demo.kubeconfigPath)
      expect([args, code, stdout, stderr.trimEnd().split('\n').length]).toEqual([args, 1, '', 1])
      expect(stderr).toContain(message)
    }
    const none = await capacity(['show', '-t', 'dedicated=gpu', '-o', 'json'], demo.kubeconfigPath)
    expect(none.code).toBe(0)
    expect(JSON.parse(none.stdout)).toMatchObject({nodes: [], noNodes: expect.stringMatching(/^no node has a taint matching --node-taints dedicated=gpu; /)})
    expect(none.stderr).toMatch(/^no node has a taint matching --node-taints dedicated=gpu; the nodes' taints: cp-1 node-role\.kubernetes\.io\/control-plane:NoSchedule; /)
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

})
