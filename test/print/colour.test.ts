import {describe, expect, it} from 'vitest'
import {applyColourPolicy, colourFlag} from '../../bin/launch.js'
import {colourEnabled, painter, stripAnsi} from '../../src/print/colour.js'
import {renderTable} from '../../src/print/table.js'

describe('colour policy', () => {
  const tty = {isTTY: true}
  it('colours a terminal only', () => {
    expect(colourEnabled(tty, {})).toBe(true)
    expect(colourEnabled({isTTY: false}, {})).toBe(false)
  })

  it('honours NO_COLOR, TERM=dumb and FORCE_COLOR', () => {
    expect(colourEnabled(tty, {NO_COLOR: '1'})).toBe(false)
    expect(colourEnabled(tty, {TERM: 'dumb'})).toBe(false)
    expect(colourEnabled(tty, {FORCE_COLOR: '0'})).toBe(false)
    expect(colourEnabled({isTTY: false}, {FORCE_COLOR: '1'})).toBe(true)
    expect(colourEnabled(tty, {NO_COLOR: ''})).toBe(true)
  })

  it('the launcher turns NO_COLOR, --no-color and TERM=dumb into FORCE_COLOR=0 before chalk loads', () => {
    for (const [argv, env] of [
      [[], {NO_COLOR: '1'}],
      [['--no-color'], {}],
      [['--color=never'], {}],
      [[], {TERM: 'dumb'}],
    ] as Array<[string[], NodeJS.ProcessEnv]>) {
      applyColourPolicy(argv, env)
      expect(env.FORCE_COLOR).toBe('0')
    }
    const untouched: NodeJS.ProcessEnv = {TERM: 'xterm'}
    applyColourPolicy(['pod', 'x'], untouched)
    expect(untouched.FORCE_COLOR).toBeUndefined()
  })

  it('--color is decided at the launcher too, and wins over NO_COLOR and TERM=dumb', () => {
    for (const argv of [['--color'], ['--color=always'], ['web', '--color', 'always'], ['--no-color', '--color']]) {
      const env: NodeJS.ProcessEnv = {NO_COLOR: '1', TERM: 'dumb'}
      applyColourPolicy(argv, env)
      expect(env.FORCE_COLOR).toBe('1')
    }
    const forced: NodeJS.ProcessEnv = {FORCE_COLOR: '3'}
    applyColourPolicy(['--color'], forced)
    expect(forced.FORCE_COLOR).toBe('3')
  })

  it('reads the last colour flag before --', () => {
    expect(colourFlag(['--color', 'pod'])).toBe(true)
    expect(colourFlag(['--color', 'never'])).toBe(false)
    expect(colourFlag(['--color=auto'])).toBeUndefined()
    expect(colourFlag(['--color', '--no-color'])).toBe(false)
    expect(colourFlag(['--', '--color'])).toBeUndefined()
  })

  it('paints only when enabled', () => {
    expect(painter(false).paint('red', 'x')).toBe('x')
    expect(painter(true).paint('red', 'x')).toBe('\u001B[31mx\u001B[39m')
    expect(stripAnsi(painter(true).paint('bold', 'y'))).toBe('y')
  })
})

describe('renderTable', () => {
  it('aligns columns by visible width, with no trailing spaces', () => {
    const paint = painter(true)
    const text = renderTable(
      [
        {name: 'web-0', cpu: '250m', state: paint.paint('green', 'Running')},
        {name: 'db', cpu: '2', state: 'Pending'},
      ],
      [
        {header: 'name', value: (r) => r.name},
        {header: 'cpu', value: (r) => r.cpu, align: 'right'},
        {header: 'status', value: (r) => r.state},
      ],
    )
    expect(stripAnsi(text)).toBe('NAME     CPU   STATUS\nweb-0   250m   Running\ndb         2   Pending\n')
  })
})
