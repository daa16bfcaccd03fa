import {render} from 'ink-testing-library'
import {describe, expect, it} from 'vitest'
import {adjust, knobsFrom} from '../../src/capacity/adjust.js'
import {buildPlanInput} from '../../src/capacity/inputs.js'
import {CapacityPlanView} from '../../src/ui/capacity-plan-view.js'

const input = buildPlanInput({services: 18, replicas: 2, cpu: '2', memory: '4Gi', redundancy: '10%', 'node-cpu': '16', 'node-memory': '64Gi', reserved: 'gke', 'spare-nodes': 1})
const tick = () => new Promise((resolve) => setTimeout(resolve, 20))
const arrow = {up: '\u001B[A', down: '\u001B[B', right: '\u001B[C', left: '\u001B[D'}

describe('capacity plan -i', () => {
  it('shows the seed plan and recomputes on every key', async () => {
    const view = render(<CapacityPlanView input={input} />)
    await tick()
    expect(view.lastFrame()).toContain('nodes       7 (6 needed + 1)')
    expect(view.lastFrame()).toContain('pods/node   7 (cpu binds)')
    // replicas 2 → 3: 54 pods + 6 → 60 pods, 7 per node → 9 nodes + 1 spare
    view.stdin.write(arrow.right)
    await tick()
    expect(view.lastFrame()).toMatch(/› replicas per service\s+3/)
    expect(view.lastFrame()).toContain('nodes       10 (9 needed + 1)')
    // down to cpu per pod, 2 → 1.75 cores: 9 pods per node
    view.stdin.write(arrow.down)
    await tick()
    view.stdin.write(arrow.left)
    await tick()
    expect(view.lastFrame()).toMatch(/› cpu per pod\s+1\.75 cores/)
    expect(view.lastFrame()).toContain('pods/node   9 (cpu binds)')
    view.unmount()
  })

  it('changes spare nodes, node shape and reservations from the keyboard', async () => {
    const view = render(<CapacityPlanView input={input} />)
    await tick()
    for (let i = 0; i < 6; i++) {
      view.stdin.write(arrow.down)
      await tick()
    }
    expect(view.lastFrame()).toMatch(/› spare nodes\s+1/)
    view.stdin.write(arrow.left)
    await tick()
    // 0 spares: 6 nodes hold the 40 pods, but losing one is not absorbed (N−1 rule), and the view says so
    expect(view.lastFrame()).toMatch(/nodes {7}6 — losing one is NOT absorbed/)
    view.stdin.write(arrow.up)
    await tick()
    view.stdin.write(arrow.up)
    await tick()
    view.stdin.write(arrow.right)
    await tick()
    expect(view.lastFrame()).toMatch(/› node cpu\s+32 cores/)
    expect(view.lastFrame()).toContain('pods/node   14 (memory binds)')
    view.unmount()
  })

  it('shows a pod too big for the node instead of failing', async () => {
    const view = render(<CapacityPlanView input={buildPlanInput({cpu: '20', memory: '1Gi'})} />)
    await tick()
    expect(view.lastFrame()).toContain('NOT PLACED')
    view.unmount()
  })
})

describe('knobs', () => {
  it('steps cpu, memory, node shape and reservations', () => {
    const knobs = knobsFrom(input)
    expect(knobs).toMatchObject({replicas: 2, redundancyPercent: 10, spareNodes: 1, reserved: 'gke'})
    expect(adjust(knobs, 'cpu', 1).cpu).toBe(2_250_000_000n)
    expect(adjust({...knobs, cpu: 4_000_000_000n}, 'cpu', 1).cpu).toBe(5_000_000_000n)
    expect(adjust(knobs, 'memory', 1).memory).toBe(4n * 2n ** 30n * 1_000_000_000n + 512n * 2n ** 20n * 1_000_000_000n)
    expect(adjust(knobs, 'nodeMemory', -1).nodeMemory).toBe(32n * 2n ** 30n * 1_000_000_000n)
    expect(adjust(knobs, 'reserved', 1).reserved).toBe('eks')
    expect(adjust({...knobs, spareNodes: 0}, 'spareNodes', -1).spareNodes).toBe(0)
  })
})
