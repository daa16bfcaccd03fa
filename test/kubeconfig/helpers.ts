import {spawn} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll} from 'vitest'

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
export const binPath = (name: string) => join(repoRoot, 'bin', name)

/** A fresh folder with HOME and XDG_CACHE_HOME inside it, so no test touches the real ones. */
const created: string[] = []
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, {recursive: true, force: true})
})

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

export interface RunResult {
  code: number
  stdout: string
  stderr: string
}

export function run(bin: string, args: readonly string[], env: NodeJS.ProcessEnv, input?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath(bin), ...args], {env, stdio: ['pipe', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({code: code ?? -1, stdout, stderr}))
    child.stdin.end(input ?? '')
  })
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
