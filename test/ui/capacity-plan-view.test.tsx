import {render} from 'ink-testing-library'
import {describe, expect, it} from 'vitest'
import {adjust, knobsFrom} from '../../src/capacity/adjust.js'
import {buildPlanInput} from '../../src/capacity/inputs.js'
import {CapacityPlanView} from '../../src/ui/capacity-plan-view.js'
import {framesWith, keys, press} from '../helpers/frames.js'

const input = buildPlanInput({services: 18, replicas: 2, cpu: '2', memory: '4Gi', redundancy: '10%', 'node-cpu': '16', 'node-memory': '64Gi', reserved: 'gke', 'spare-nodes': 1})

describe('capacity plan -i', () => {
  it('shows the seed plan and recomputes on every key', async () => {
    const view = render(<CapacityPlanView input={input} />)
    expect(await framesWith(view.lastFrame, 'nodes       7 (6 needed + 1)')).toContain('pods/node   7 (cpu binds)')
    // replicas 2 → 3: 54 pods + 6 → 60 pods, 7 per node → 9 nodes + 1 spare
    expect(await press(view, keys.right, /› replicas per service\s+3/)).toContain('nodes       10 (9 needed + 1)')
    // down to cpu per pod, 2 → 1.75 cores: 9 pods per node
    await press(view, keys.down, /› cpu per pod\s+2 cores/)
    expect(await press(view, keys.left, /› cpu per pod\s+1\.75 cores/)).toContain('pods/node   9 (cpu binds)')
    view.unmount()
  })

  it('changes spare nodes, node shape and reservations from the keyboard', async () => {
    const view = render(<CapacityPlanView input={input} />)
    await framesWith(view.lastFrame, '› replicas per service')
    for (const knob of ['cpu per pod', 'memory per pod', 'redundancy', 'node cpu', 'node memory', 'spare nodes']) await press(view, keys.down, `› ${knob}`)
    expect(view.lastFrame()).toMatch(/› spare nodes\s+1/)
    // 0 spares: 6 nodes hold the 40 pods, but losing one is not absorbed (N−1 rule), and the view says so
    await press(view, keys.left, /nodes {7}6 — losing one is NOT absorbed/)
    await press(view, keys.up, '› node memory')
    await press(view, keys.up, '› node cpu')
    expect(await press(view, keys.right, /› node cpu\s+32 cores/)).toContain('pods/node   14 (memory binds)')
    view.unmount()
  })

  it('shows a pod too big for the node instead of failing', async () => {
    const view = render(<CapacityPlanView input={buildPlanInput({cpu: '20', memory: '1Gi'})} />)
    await framesWith(view.lastFrame, 'NOT PLACED')
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
