// `kubectl ctx -r NAME`: what it refuses before a proxy or a shell is started. Everything after that
// is a process (the user's $SHELL on this terminal); test/kubeconfig/ns-ops.test.ts runs one.
import {Readable} from 'node:stream'
import {describe, expect, it} from 'vitest'
import type {CtxRun} from '../../src/kubeconfig/ctx-run.js'
import {CtxError} from '../../src/kubeconfig/errors.js'
import {Printer, type CtxIo} from '../../src/kubeconfig/output.js'
import {startReadonlyShell} from '../../src/kubeconfig/readonly-shell.js'
import {handWrittenSetup, sandboxDir} from './helpers.js'

function ctxRun(env: NodeJS.ProcessEnv, explicit?: string): CtxRun & {stderr: string[]} {
  const stderr: string[] = []
  const io: CtxIo = {stdout: {write: () => true}, stderr: {write: (text: string) => stderr.push(text)}, stdin: Readable.from([]), env: {...env, SHELL: '/nonexistent/shell'}, self: 'kubectl ctx'}
  return {io, source: {env: io.env, explicit}, printer: new Printer(io), kubectl: {}, stderr}
}

describe('startReadonlyShell refuses before starting anything', () => {
  it('a context the kubeconfig does not have, in kubectx\'s words', async () => {
    const {env} = handWrittenSetup()
    const run = ctxRun(env)
    await expect(startReadonlyShell(run, 'dev-3')).rejects.toThrow(new CtxError('no context exists with the name: "dev-3"'))
    // No banner: nothing was started.
    expect(run.stderr).toEqual([])
  })

  it('names are exact: no prefix or case match', async () => {
    const {env} = handWrittenSetup()
    await expect(startReadonlyShell(ctxRun(env), 'Prod')).rejects.toThrow('no context exists with the name: "Prod"')
    await expect(startReadonlyShell(ctxRun(env), 'dev')).rejects.toThrow('no context exists with the name: "dev"')
  })

  it('--kubeconfig naming a file that is not there', async () => {
    const {env, dir} = sandboxDir()
    await expect(startReadonlyShell(ctxRun(env, `${dir}/missing`), 'prod')).rejects.toThrow(CtxError)
  })
})
