// Helpers for tests that talk to a cluster through the real client.
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, expect} from 'vitest'
import {connect, type ClientTuning, type KubeClient} from '../../src/kube/client.js'
import {KubeError} from '../../src/kube/errors.js'
import {startSandbox, type Sandbox, type SandboxOptions} from '../../src/sandbox/index.js'

/** The KubeError a promise rejects with; fails the test if it resolves or rejects otherwise. */
export async function failure(promise: Promise<unknown>): Promise<KubeError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(KubeError)
    return error as KubeError
  }
  throw new Error('expected the request to fail')
}

/**
 * A sandbox for the whole file and a client connected to it (quick retries), started before the
 * tests and stopped after them. Read `.sandbox` and `.client` inside tests.
 */
export function sandboxForFile(options: SandboxOptions, tuning: Partial<ClientTuning> = {retryBackoff: {initialMs: 5, maxMs: 10}}): {sandbox: Sandbox; client: KubeClient} {
  const shared = {} as {sandbox: Sandbox; client: KubeClient}
  beforeAll(async () => {
    shared.sandbox = await startSandbox(options)
    shared.client = await connect({kubeconfig: shared.sandbox.kubeconfigPath, env: {}}, {tuning})
  })
  afterAll(async () => {
    shared.client?.close()
    await shared.sandbox?.stop()
  })
  return shared
}

/**
 * Writes a one-context kubeconfig in a fresh temp directory and returns its path: context and
 * cluster `test`, user `alice` with the fields of `userYaml` (YAML text, written as given, so a
 * test can hand the loader anything), an optional CA, more cluster fields (`clusterFields`, the
 * inside of a flow mapping) and a namespace.
 */
export function oneContextKubeconfig(server: string, options: {userYaml: string; ca?: string; clusterFields?: string; namespace?: string}): string {
  const file = join(mkdtempSync(join(tmpdir(), 'kubekit-kubeconfig-')), 'config')
  const ca = options.ca ? `, certificate-authority-data: ${Buffer.from(options.ca).toString('base64')}` : ''
  const more = options.clusterFields ? `, ${options.clusterFields}` : ''
  const namespace = options.namespace ? `, namespace: ${options.namespace}` : ''
  writeFileSync(
    file,
    `apiVersion: v1
kind: Config
current-context: test
clusters:
- name: test
  cluster: {server: "${server}"${ca}${more}}
users:
- name: alice
  user:
${options.userYaml.replace(/^/gm, '    ')}
contexts:
- name: test
  context: {cluster: test, user: alice${namespace}}
`,
  )
  return file
}
