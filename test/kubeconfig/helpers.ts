import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Readable} from 'node:stream'
import {main, type Plugin} from '../../src/kubeconfig/main.js'
import type {RunResult} from '../helpers/run.js'

// Processes start through the one run()/start() of test/helpers/run.ts.
export {binPath, repoRoot, run, start, type RunResult, type Running} from '../helpers/run.js'

/**
 * Folders made by sandboxDir(), removed when the worker exits (not in an afterAll: workers run
 * several files in one module graph, and a module-level hook would belong to the first file only).
 */
const created: string[] = []
process.once('exit', () => {
  for (const dir of created.splice(0)) rmSync(dir, {recursive: true, force: true})
})

/** A fresh folder with HOME and XDG_CACHE_HOME inside it, so no test touches the real ones. */

export function sandboxDir(): {dir: string; env: NodeJS.ProcessEnv} {
  const dir = mkdtempSync(join(tmpdir(), 'kubekit-ctx-test-'))
  created.push(dir)
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: join(dir, 'home'),
    XDG_CACHE_HOME: join(dir, 'cache'),
    // --export/--shell sessions go here rather than the shared temp dir.
    XDG_RUNTIME_DIR: join(dir, 'run'),
    NO_COLOR: '1',
  }
  return {dir, env}
}

/** A kubectl-style kubeconfig with hand-written touches (comments, quoting, flow style). */
export const handWritten = `# team kubeconfig: do not reformat
apiVersion: v1
clusters:
- cluster:
    certificate-authority: ca.crt   # relative to this file
    server: https://prod.example:6443
  name: prod-cluster
- cluster: {server: 'https://dev.example:6443'}
  name: dev-cluster
contexts:
# production first
- context:
    cluster: prod-cluster
    user: admin
  name: prod
- context: {cluster: dev-cluster, user: dev}
  name: "dev-10"
- context:
    cluster: dev-cluster
    namespace: team-a   # ours
    user: dev
  name: dev-2
current-context: 'prod'   # keep this comment
kind: Config
preferences: {}
users:
- name: admin
  user:
    token: admin-token
- name: dev
  user:
    token: dev-token
x-unknown-field:
  kept: [1, 2, 3]
`

export function writeKubeconfig(dir: string, name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

/** A fresh folder (sandboxDir) holding the hand-written kubeconfig, which `env.KUBECONFIG` names. */
export function handWrittenSetup(): {dir: string; env: NodeJS.ProcessEnv; kubeconfig: string} {
  const {dir, env} = sandboxDir()
  const kubeconfig = writeKubeconfig(dir, 'config', handWritten)
  env.KUBECONFIG = kubeconfig
  return {dir, env, kubeconfig}
}

/**
 * `kubectl ctx|ns ARGS` in this process: the fast entry's main() (src/kubeconfig/main.ts, what
 * bin/kubectl-ctx and bin/kubectl-ns run), with stdout, stderr and stdin as strings and `env` as
 * the whole environment; the same exit code, stdout and stderr as the process. Use run() where
 * only a process shows the behaviour: help (read from the build, dist/help.json), terminals,
 * signals, and lock waits (KUBEKIT_LOCK_TIMEOUT_MS is read from the process environment).
 */
export async function inProcess(plugin: Plugin, args: readonly string[], env: NodeJS.ProcessEnv, input = ''): Promise<RunResult> {
  let stdout = ''
  let stderr = ''
  const exitCode = process.exitCode
  process.exitCode = undefined
  try {
    const code = await main(plugin, [...args], {
      stdout: {write: (text: string) => ((stdout += text), true)},
      stderr: {write: (text: string) => ((stderr += text), true)},
      stdin: Readable.from([input]),
      env: {...env},
      self: `kubectl ${plugin}`,
    })
    return {code, stdout, stderr}
  } finally {
    process.exitCode = exitCode
  }
}
