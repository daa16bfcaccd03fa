/** The terminal's size as a hook: a fixed size wins; otherwise stdout's, following its resizes. */
import {cleanup} from 'ink-testing-library'
import {afterEach, describe, expect, it} from 'vitest'
import {useTerminalSize} from '../../../src/ui/dash/use-terminal-size.js'
import {renderHook, until} from './helpers.js'

afterEach(() => cleanup())

type Fixed = {columns: number; rows: number} | undefined

/** Gives ink-testing-library's stdout (100 columns, no rows) another size. */
function resize(stdout: NodeJS.EventEmitter, columns: number, rows: number | undefined) {
  Object.defineProperty(stdout, 'columns', {value: columns, configurable: true})
  Object.defineProperty(stdout, 'rows', {value: rows, configurable: true})
  stdout.emit('resize')
}

describe('useTerminalSize', () => {
  it("stdout's size, 24 rows when it has none, then each resize", async () => {
    const size = renderHook(({fixed}: {fixed: Fixed}) => useTerminalSize(fixed), {fixed: undefined})
    expect(size.value()).toEqual({columns: 100, rows: 24})
    resize(size.app.stdout, 132, 40)
    await until(size.value, (s) => s.columns === 132, 'the new size')
    expect(size.value()).toEqual({columns: 132, rows: 40})
    resize(size.app.stdout, 0, 0)
    await until(size.value, (s) => s.columns === 80, 'the default size')
    expect(size.value()).toEqual({columns: 80, rows: 24})
  })

  it('a fixed size wins over stdout and its resizes', async () => {
    const size = renderHook(({fixed}: {fixed: Fixed}) => useTerminalSize(fixed), {fixed: {columns: 60, rows: 10}})
    expect(size.value()).toEqual({columns: 60, rows: 10})
    resize(size.app.stdout, 132, 40)
    size.rerender({fixed: {columns: 60, rows: 10}})
    expect(size.value()).toEqual({columns: 60, rows: 10})
  })
})
