// The process front end of kubectl ctx / ns: the core with the process's streams and a picker.
import {describe, expect, it} from 'vitest'
import {terminalIo} from '../../src/cli/ctx-entry.js'

describe('terminalIo', () => {
  it('is the process with the name typed and the terminal picker', () => {
    const io = terminalIo('ns')
    expect(io.self).toBe('kubectl ns')
    expect([io.stdout, io.stderr, io.stdin, io.env]).toEqual([process.stdout, process.stderr, process.stdin, process.env])
    expect(typeof io.pick).toBe('function')
  })
})
