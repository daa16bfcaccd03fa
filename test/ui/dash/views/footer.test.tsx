/** The dash's last line: what is being typed, else the last key's message, else the view's keys that fit. */
import {describe, expect, it} from 'vitest'
import type {DashCluster} from '../../../../src/ui/dash/cluster.js'
import type {ViewId} from '../../../../src/ui/dash/keymap.js'
import {initialState, type UiState} from '../../../../src/ui/dash/state.js'
import {Footer} from '../../../../src/ui/dash/views/footer.js'
import {frameOf} from '../helpers.js'

const ui = initialState({contextName: 'prod', defaultNamespace: 'shop'} as DashCluster, false)
// ink-testing-library's terminal is 100 columns wide.
const footer = (change: Partial<UiState>, {view = 'pods', width = 100}: {view?: ViewId | 'none'; width?: number} = {}) =>
  frameOf(<Footer ui={{...ui, ...change}} view={view === 'none' ? undefined : view} width={width} />)

describe('Footer', () => {
  it("the view's keys, as many as fit, and always <?> help", () => {
    const wide = footer({})
    expect(wide).toMatch(/^<enter> diagnose {2}<l> logs {2}/)
    expect(wide).toContain('<?> help')
    const narrow = footer({}, {width: 30})
    expect(narrow).toContain('<?> help')
    expect(narrow.length).toBeLessThanOrEqual(30)
    expect(narrow.split('<').length).toBeLessThan(wide.split('<').length)
  })

  it('the : command line with the kinds it completes to', () => {
    expect(footer({command: 'de'})).toBe(':de   deployments  (tab completes, enter opens, esc cancels)')
  })

  it('the pod filter being typed, with its forms', () => {
    expect(footer({filterEditing: true, filter: 'web'})).toBe('/web   enter keep, esc clear  (/re/, !not, -l k=v, -f fuzzy)')
  })

  it("the logs view's prompts: a regex, a file to save to", () => {
    expect(footer({prompt: {kind: 'grep', text: 'err'}})).toBe('only lines matching /err /  enter apply (empty: every line), esc cancel')
    expect(footer({prompt: {kind: 'save', text: './web.log'}})).toBe('save the lines to ./web.log   enter write, esc cancel')
  })

  it("the last key's message, else nothing under a chooser", () => {
    expect(footer({message: 'no pod selected'})).toBe('no pod selected')
    expect(footer({}, {view: 'none'})).toBe('')
  })

  it('what is typed comes before a message', () => {
    expect(footer({command: 'po', message: 'no pod selected'})).toMatch(/^:po /)
  })
})
