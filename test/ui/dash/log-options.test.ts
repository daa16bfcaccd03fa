import {describe, expect, it} from 'vitest'
import {defaultLogOptions, nextSince, optionsText, tailFlags} from '../../../src/ui/dash/log-options.js'
import {navigate, promptKey, submitGrep} from '../../../src/ui/dash/navigation.js'
import {initialState, type UiState} from '../../../src/ui/dash/state.js'
import type {DashCluster} from '../../../src/ui/dash/cluster.js'

const cluster = {contextName: 'c', defaultNamespace: 'shop'} as DashCluster
const inLogs = (change: Partial<UiState> = {}): UiState => ({...initialState(cluster, false), stack: ['pods', 'logs'], target: {namespace: 'shop', name: 'web-1'}, ...change})

describe('logs view options', () => {
  it('make the tail core flags: one pod, since, container, include, timestamps, previous read once', () => {
    expect(tailFlags('shop', 'web-1', defaultLogOptions)).toEqual({query: '^web-1$', fieldSelector: 'metadata.name=web-1', namespace: 'shop', tail: 500, since: '48h', template: '{{.ContainerName}} {{.Message}}'})
    const flags = tailFlags('shop', 'web.1', {previous: true, timestamps: true, since: '5m', container: 'nginx', grep: 'err(or)?'})
    expect(flags).toMatchObject({query: '^web\\.1$', since: '5m', container: '^nginx$', include: ['err(or)?'], timestamps: true, noFollow: true, template: '{{.Timestamp}} {{.ContainerName}} {{.Message}}'})
  })

  it('since cycles 48h → 5m → 1h → 48h', () => {
    expect([nextSince('48h'), nextSince('5m'), nextSince('1h')]).toEqual(['5m', '1h', '48h'])
  })

  it('p, t and s change the options in the logs view only, and follow again', () => {
    const s = inLogs({follow: false})
    expect(navigate(s, 'previous')).toMatchObject({logOptions: {previous: true}, follow: true})
    expect(navigate(s, 'timestamps')).toMatchObject({logOptions: {timestamps: true}})
    expect(navigate(s, 'since')).toMatchObject({logOptions: {since: '5m'}, message: 'lines of the last 5m'})
    expect(navigate({...s, stack: ['pods']}, 'previous')).toBeUndefined()
    expect(optionsText({previous: true, timestamps: true, since: '1h', container: 'app', grep: 'x'})).toBe('previous run, container app, since 1h, timestamps, matching /x/')
  })

  it('/ and S open a prompt: the grep with the current expression, the save path with ./<pod>.log', () => {
    expect(navigate(inLogs(), 'grep')).toEqual({prompt: {kind: 'grep', text: ''}})
    expect(navigate(inLogs(), 'save')).toEqual({prompt: {kind: 'save', text: './web-1.log'}})
    const typed = promptKey({kind: 'grep', text: 'er'}, 'r')
    expect(typed).toEqual({prompt: {kind: 'grep', text: 'err'}})
    expect(promptKey({kind: 'grep', text: 'err'}, 'enter')).toEqual({submit: 'err'})
    expect(promptKey({kind: 'grep', text: 'err'}, 'esc')).toEqual({cancel: true})
    expect(submitGrep(inLogs(), 'err')).toMatchObject({logOptions: {grep: 'err'}, prompt: undefined})
    expect(submitGrep(inLogs(), 'err(')).toMatchObject({prompt: undefined, message: expect.stringMatching(/^not a regular expression/)})
  })

})
