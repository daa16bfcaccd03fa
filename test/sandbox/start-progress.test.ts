// `kubekit sandbox start` on a terminal: the start says what it is doing and leaves the event loop
// free between its steps (so the spinner turns while the scale scenario is built and loaded), and
// it ends with the same cluster as a start without progress.
import {describe, expect, it} from 'vitest'
import {buildScaleScenario, scaleScenario} from '../../src/sandbox/scenarios/index.js'
import {startSandbox} from '../../src/sandbox/index.js'

const params = {nodes: 40, pods: 9000, events: 9000, namespaces: 5}

describe('sandbox start progress', () => {
  it('builds the scale scenario in steps, each reported, with the event loop free between them', async () => {
    const reports: string[] = []
    let ticks = 0
    const timer = setInterval(() => ticks++, 0)
    let ticksAtReports: number[] = []
    try {
      const built = await buildScaleScenario(params, (text) => {
        reports.push(text)
        ticksAtReports.push(ticks)
      }, 1_750_000_000_000)
      const direct = scaleScenario(params, 1_750_000_000_000)
      // Event names carry a process-wide sequence number; everything else is named the same.
      const names = (objects: typeof direct.objects) => objects.map((o) => (o.kind === 'Event' ? 'Event' : `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`))
      expect(names(built.objects)).toEqual(names(direct.objects))
    } finally {
      clearInterval(timer)
    }
    expect(reports).toContain('building 2,000 of 9,000 pods')
    expect(reports).toContain('building 8,000 of 9,000 events')
    // A timer fired between the first and the last step: the build did not hold the loop throughout.
    ticksAtReports = ticksAtReports.filter((tick, i) => i === 0 || tick !== ticksAtReports[i - 1])
    expect(ticksAtReports.length).toBeGreaterThan(1)
  })

  it('a start with progress reports its steps and serves every object a start without it serves', async () => {
    const reports: string[] = []
    const [quiet, reported] = await Promise.all([
      startSandbox({scenario: 'scale', scaleParams: params, controllers: false}),
      startSandbox({scenario: 'scale', scaleParams: params, controllers: false, onProgress: (text) => reports.push(text)}),
    ])
    try {
      expect(reports[0]).toBe('building the scenario')
      expect(reports.filter((text) => /^loading 5,000 of [\d,]+ objects$/.test(text))).toHaveLength(1)
      expect(reports.at(-1)).toMatch(/^starting the API server over [\d,]+ objects$/)
      // (Names carry the start time, so the two are compared by count.)
      for (const resource of ['pods', 'nodes', 'events', 'namespaces', 'deployments.apps', 'replicasets.apps']) {
        expect(reported.store.list(resource).entries.length).toBe(quiet.store.list(resource).entries.length)
      }
    } finally {
      await Promise.all([quiet.stop(), reported.stop()])
    }
  })
})
