import {render} from 'ink-testing-library'
import {describe, expect, it} from 'vitest'
import {Picker} from '../../src/ui/picker.js'

const items = ['dev-2', 'dev-10', 'prod', 'kind-kind', 'jupiter']
const tick = () => new Promise((resolve) => setTimeout(resolve, 20))
const ESC = '\u001B'
const DOWN = '\u001B[B'
const UP = '\u001B[A'

async function pick(keys: string[], current?: string): Promise<{choice: string | undefined; frames: string[]}> {
  let choice: string | undefined = 'not called'
  const app = render(<Picker items={items} current={current} prompt="context" onDone={(picked) => (choice = picked)} />)
  const frames: string[] = []
  await tick()
  for (const key of keys) {
    app.stdin.write(key)
    await tick()
    frames.push(app.lastFrame() ?? '')
  }
  app.unmount()
  return {choice, frames}
}

describe('Picker', () => {
  it('shows every item, the current one selected, with a count', async () => {
    let frame = ''
    const app = render(<Picker items={items} current="prod" prompt="context" onDone={() => {}} />)
    await tick()
    frame = app.lastFrame() ?? ''
    app.unmount()
    expect(frame).toContain('context> ')
    expect(frame).toContain('5/5')
    expect(frame.split('\n').find((line) => line.startsWith('▌'))).toBe('▌ prod')
  })

  it('filters fuzzily as you type and enter picks the best match', async () => {
    const {choice, frames} = await pick(['p', 'r', 'd', '\r'])
    expect(frames[2]).toContain('1/5')
    expect(choice).toBe('prod')
  })

  it('moves with arrows, and with j/k before anything is typed', async () => {
    expect((await pick([DOWN, DOWN, '\r'])).choice).toBe('prod')
    expect((await pick(['j', 'j', 'j', 'k', '\r'])).choice).toBe('prod')
    expect((await pick([DOWN, UP, UP, '\r'])).choice).toBe('dev-2')
    expect((await pick(['\r'], 'kind-kind')).choice).toBe('kind-kind')
  })

  it('types j and k into the query once filtering has started', async () => {
    const {choice} = await pick(['u', 'j', '\r'])
    expect(choice).not.toBe('not called')
    const typed = await pick(['p', 'k'])
    expect(typed.frames[1]).toContain('context> pk')
  })

  it('edits the query with backspace', async () => {
    const {frames, choice} = await pick(['z', 'z', '\u007F', '\u007F', '\r'])
    expect(frames[1]).toContain('no match')
    expect(frames[3]).toContain('5/5')
    expect(choice).toBe('dev-2')
  })

  it('Esc cancels with no choice', async () => {
    expect((await pick([ESC])).choice).toBeUndefined()
  })
})
