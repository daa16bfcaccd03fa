/** Writes the kubeconfig that points kubectl and kubekit at a running sandbox. */
import {mkdir} from 'node:fs/promises'
import {dirname} from 'node:path'
import {stringify} from 'yaml'
import {writeFileAtomic} from '../kubeconfig/atomic-write.js'

export const SANDBOX_CONTEXT = 'kubekit-sandbox'

export interface KubeconfigInput {
  server: string
  token: string
  /** PEM of the CA; absent over plain HTTP. */
  ca?: string
  namespace?: string
}

export function kubeconfigText(input: KubeconfigInput): string {
  const cluster: Record<string, string> = {server: input.server}
  if (input.ca) cluster['certificate-authority-data'] = Buffer.from(input.ca).toString('base64')
  const context: Record<string, string> = {cluster: SANDBOX_CONTEXT, user: SANDBOX_CONTEXT}
  if (input.namespace) context.namespace = input.namespace
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{name: SANDBOX_CONTEXT, cluster}],
    users: [{name: SANDBOX_CONTEXT, user: {token: input.token}}],
    contexts: [{name: SANDBOX_CONTEXT, context}],
    'current-context': SANDBOX_CONTEXT,
    preferences: {},
  })
}

/**
 * The kubeconfig holds the sandbox's bearer token, so it is always 0600, also when it
 * replaces an existing file of another mode: a new 0600 file is renamed over the old one
 * (kubectl creates kubeconfigs 0600 too). Failures are CtxErrors naming the file.
 */
export async function writeKubeconfig(path: string, input: KubeconfigInput): Promise<void> {
  await mkdir(dirname(path), {recursive: true, mode: 0o755})
  writeFileAtomic(path, kubeconfigText(input), {mode: 0o600})
}
