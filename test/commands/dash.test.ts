/**
 * `kubectl dash` as a command, in process: it refuses to start without a terminal on both
 * ends, in one line; its flags parse (the dash itself is driven in test/ui/dash).
 */
import {afterEach, describe, expect, it} from 'vitest'
import Dash from '../../src/commands/dash.js'
import {runInProcess} from '../cli/in-process.js'

const saved = {stdin: process.stdin.isTTY, stdout: process.stdout.isTTY}

function terminals(stdin: boolean, stdout: boolean) {
  process.stdin.isTTY = stdin
  process.stdout.isTTY = stdout
}

afterEach(() => {
  process.stdin.isTTY = saved.stdin
  process.stdout.isTTY = saved.stdout
})

const noTerminal = 'error: kubectl dash needs an interactive terminal; use kubectl diagnose/tail/capacity show for scripts\n'

describe('kubectl dash without a terminal', () => {
  it('neither end a terminal: one error line, exit 1', async () => {
    terminals(false, false)
    expect(await runInProcess(Dash, ['-A'])).toEqual({stdout: '', stderr: noTerminal, exit: 1})
  })

  it('output piped from a terminal: the same', async () => {
    terminals(true, false)
    expect(await runInProcess(Dash, ['--all-namespaces', '-n', 'shop', '--context', 'prod'])).toEqual({stdout: '', stderr: noTerminal, exit: 1})
  })

  it('a flag it does not know is a usage error before anything else', async () => {
    terminals(false, false)
    expect(await runInProcess(Dash, ['--all-namespace'])).toEqual({stdout: '', stderr: 'error: unknown flag: --all-namespace (did you mean "--all-namespaces"?)\n', exit: 1})
  })
})
