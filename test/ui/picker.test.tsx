import {render} from 'ink-testing-library'
import {describe, expect, it} from 'vitest'
import {Picker} from '../../src/ui/picker.js'
import {framesWith, keys as key, press, tick, until} from '../helpers/frames.js'

const items = ['dev-2', 'dev-10', 'prod', 'kind-kind', 'jupiter']
const {esc: ESC, down: DOWN, up: UP} = key

/** Presses `keys` (the picker reads every key against its latest state, drawn or not) and returns what it chose. */
async function pick(keys: string[], current?: string): Promise<string | undefined> {
  let choice: string | undefined = 'not called'
  const app = render(<Picker items={items} current={current} prompt="context" onDone={(picked) => (choice = picked)} />)
  await framesWith(app.lastFrame, 'context> ')
  for (const key of keys) {
    app.stdin.write(key)
    await tick()
  }
  if (keys.at(-1) === '\r' || keys.at(-1) === ESC) await until(() => choice, (c) => c !== 'not called', 'a choice')
  app.unmount()
  return choice
}

/** The picker on screen, for tests that follow its frames key by key. */
const shown = () => render(<Picker items={items} prompt="context" onDone={() => {}} />)

describe('Picker', () => {
  it('shows every item, the current one selected, with a count', async () => {
    const app = render(<Picker items={items} current="prod" prompt="context" onDone={() => {}} />)
    const frame = await framesWith(app.lastFrame, '5/5')
    app.unmount()
    expect(frame).toContain('context> ')
    expect(frame).toContain('5/5')
    expect(frame.split('\n').find((line) => line.startsWith('▌'))).toBe('▌ prod')
  })

  it('filters fuzzily as you type and enter picks the best match', async () => {
    const app = shown()
    await framesWith(app.lastFrame, 'context> ')
    await press(app, 'p', 'context> p')
    await press(app, 'r', 'context> pr')
    expect(await press(app, 'd', 'context> prd')).toContain('1/5')
    app.unmount()
    expect(await pick(['p', 'r', 'd', '\r'])).toBe('prod')
  })

  it('moves with arrows, and with j/k before anything is typed', async () => {
    expect(await pick([DOWN, DOWN, '\r'])).toBe('prod')
    expect(await pick(['j', 'j', 'j', 'k', '\r'])).toBe('prod')
    expect(await pick([DOWN, UP, UP, '\r'])).toBe('dev-2')
    expect(await pick(['\r'], 'kind-kind')).toBe('kind-kind')
  })

  it('types j and k into the query once filtering has started', async () => {
    expect(await pick(['u', 'j', '\r'])).toBeUndefined() // "uj" matches nothing, so enter picks nothing
    const app = shown()
    await framesWith(app.lastFrame, 'context> ')
    await press(app, 'p', 'context> p')
    await press(app, 'k', 'context> pk')
    app.unmount()
  })

  it('edits the query with backspace', async () => {
    const app = shown()
    await framesWith(app.lastFrame, 'context> ')
    await press(app, 'z', 'context> z')
    expect(await press(app, 'z', 'context> zz')).toContain('no match')
    await press(app, key.backspace, /context> z /)
    expect(await press(app, key.backspace, '5/5')).toContain('context> ')
    app.unmount()
    expect(await pick(['z', 'z', key.backspace, key.backspace, '\r'])).toBe('dev-2')
  })

  it('Esc cancels with no choice', async () => {
    expect(await pick([ESC])).toBeUndefined()
  })
})
