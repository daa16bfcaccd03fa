/** The dash's first state, and clamp. */
import {describe, expect, it} from 'vitest'
import type {DashCluster} from '../../../src/ui/dash/cluster.js'
import {defaultLogOptions} from '../../../src/ui/dash/log-options.js'
import {clamp, initialState} from '../../../src/ui/dash/state.js'

const cluster = {contextName: 'prod', defaultNamespace: 'shop'} as DashCluster

describe('initialState', () => {
  it("the pod list of the context's namespace, or of every namespace; nothing selected, typed or open", () => {
    const state = initialState(cluster, false)
    expect(state).toMatchObject({stack: ['pods'], cluster, selection: {namespace: 'shop', allNamespaces: false}, cursorKey: undefined, filter: '', filterEditing: false, chooser: undefined, command: undefined, prompt: undefined, target: undefined, follow: true, logOptions: defaultLogOptions})
    expect(initialState(cluster, true).selection).toEqual({namespace: 'shop', allNamespaces: true})
  })

  it('the diagnosis and the trace wrap their long lines; the other panes scroll sideways; all at the top', () => {
    const state = initialState(cluster, false)
    expect(Object.entries(state.wrap).filter(([, wrap]) => wrap).map(([pane]) => pane)).toEqual(['diagnosis', 'trace'])
    for (const scroll of Object.values(state.scroll)) expect(scroll).toEqual({top: 0, left: 0})
  })
})

describe('clamp', () => {
  it('keeps a value between its bounds', () => {
    expect(clamp(5, 0, 3)).toBe(3)
    expect(clamp(-1, 0, 3)).toBe(0)
    expect(clamp(2, 0, 3)).toBe(2)
  })
})
