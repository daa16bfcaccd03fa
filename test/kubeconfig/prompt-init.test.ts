// `kubectl ctx --prompt-init bash|zsh`: the shell code it prints, and the stamp files of shells that are gone.
// test/kubeconfig/prompt-tty.test.ts runs the code in a real bash.
import {mkdirSync, readdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {Readable} from 'node:stream'
import {describe, expect, it} from 'vitest'
import type {CtxRun} from '../../src/kubeconfig/ctx-run.js'
import {Printer, type CtxIo} from '../../src/kubeconfig/output.js'
import {isAlive, promptInitScript} from '../../src/kubeconfig/prompt-init.js'
import {sandboxDir} from './helpers.js'

function ctxRun(env: NodeJS.ProcessEnv): CtxRun {
  const io: CtxIo = {stdout: {write: () => true}, stderr: {write: () => true}, stdin: Readable.from([]), env, self: 'kubectl ctx'}
  return {io, source: {env}, printer: new Printer(io), kubectl: {}}
}

/** A pid no process has: above the kernel's limit of 2^22. */
const deadPid = 4_194_305

describe('promptInitScript', () => {
  it('bash: a PROMPT_COMMAND hook, a stamp file per shell in the private directory, and kubectl ctx --prompt bash', () => {
    const {env} = sandboxDir()
    const script = promptInitScript(ctxRun(env), 'bash')
    const stamps = join(env.XDG_RUNTIME_DIR!, 'kubekit')
    expect(script).toContain(`_kubekit_ps1_stamp='${stamps}'/prompt-$$\n`)
    expect(script).toContain('PROMPT_COMMAND="_kubekit_ps1_update;${PROMPT_COMMAND:-:}"')
    expect(script).toMatch(/KUBEKIT_PS1=\$\( \(\(\$\{#settings\[@\]\}\)\) && export "\$\{settings\[@\]\}"; .+ --prompt bash 2>\/dev\/null\)/)
    // Modified files are found by the shell's own test against the stamp, never by a process.
    expect(script).toContain('[[ -e $f && ! $f -ot $_kubekit_ps1_stamp ]] && changed=1')
    expect(script).not.toContain('add-zsh-hook')
  })

  it('zsh: a precmd hook and kubectl ctx --prompt zsh', () => {
    const {env} = sandboxDir()
    const script = promptInitScript(ctxRun(env), 'zsh')
    expect(script).toContain('add-zsh-hook precmd _kubekit_ps1_update')
    expect(script).toContain('setopt PROMPT_SUBST')
    expect(script).toMatch(/export \$settings; .+ --prompt zsh 2>\/dev\/null\)/)
    expect(script).not.toContain('PROMPT_COMMAND')
  })

  it('quotes a private directory with a quote in its name for the shell', () => {
    const {env, dir} = sandboxDir()
    env.XDG_RUNTIME_DIR = join(dir, "it's")
    mkdirSync(env.XDG_RUNTIME_DIR, {mode: 0o700})
    expect(promptInitScript(ctxRun(env), 'bash')).toContain(`_kubekit_ps1_stamp='${dir}/it'\\''s/kubekit'/prompt-$$`)
  })

  it('removes the stamps of shells that are gone and keeps the rest', () => {
    const {env} = sandboxDir()
    promptInitScript(ctxRun(env), 'bash')
    const stamps = join(env.XDG_RUNTIME_DIR!, 'kubekit')
    for (const name of [`prompt-${deadPid}`, `prompt-${process.pid}`, 'prompt-notapid', 'session-abc']) writeFileSync(join(stamps, name), '')
    promptInitScript(ctxRun(env), 'zsh')
    expect(readdirSync(stamps).sort()).toEqual(['prompt-notapid', `prompt-${process.pid}`, 'session-abc'].sort())
  })
})

describe('isAlive', () => {
  it('is true for a running process and false for a pid nothing has', () => {
    expect(isAlive(process.pid)).toBe(true)
    expect(isAlive(deadPid)).toBe(false)
  })
})
