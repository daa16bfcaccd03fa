/** Configuration lives in ConfigMaps and Secrets: no credentials or endpoints written into the pod spec. */
import type {AuditCheck} from '../check.js'
import {appContainers, patchCommand, workloadFinding} from '../helpers.js'
import type {Finding} from '../model.js'
import type {WorkloadView} from '../model.js'

const secretName = /(^|_)(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|SECRET_?KEY|PRIVATE_?KEY|CREDENTIALS?)(_|$)/i
const pathLike = /(_FILE|_PATH|_DIR)$/i
const url = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i
const urlPassword = /^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]+):[^@\s]+@/i

interface Literal {
  container: string
  name: string
  value: string
  kind: 'secret' | 'endpoint'
}

function literals(view: WorkloadView): Literal[] {
  const found: Literal[] = []
  for (const c of appContainers(view)) {
    for (const env of c.env ?? []) {
      const value = env.value
      if (!value || env.valueFrom || value.startsWith('$(') || value.startsWith('/')) continue
      if ((secretName.test(env.name) && !pathLike.test(env.name)) || urlPassword.test(value)) found.push({container: c.name, name: env.name, value, kind: 'secret'})
      else if (url.test(value)) found.push({container: c.name, name: env.name, value, kind: 'endpoint'})
    }
  }
  return found
}

/** The evidence never repeats a credential. */
function shown(literal: Literal): string {
  if (literal.kind === 'endpoint') return `${literal.name}=${literal.value}`
  if (urlPassword.test(literal.value)) return `${literal.name}=${literal.value.replace(urlPassword, '$1:<redacted>@')}`
  return `${literal.name}=<redacted, ${literal.value.length} characters>`
}

function remedy(view: WorkloadView, found: Literal[]): string[] {
  const secrets = found.filter((l) => l.kind === 'secret')
  const endpoints = found.filter((l) => l.kind === 'endpoint')
  const steps: string[] = []
  const envPatch = (l: Literal, from: string, source: string) => ({name: l.name, value: null, valueFrom: {[from]: {name: source, key: l.name}}})
  if (secrets.length) steps.push(`kubectl create secret generic ${view.name}-env -n ${view.namespace} ${secrets.map((l) => `--from-literal=${l.name}=...`).join(' ')}`)
  if (endpoints.length) steps.push(`kubectl create configmap ${view.name}-config -n ${view.namespace} ${endpoints.map((l) => `--from-literal=${l.name}=${l.value}`).join(' ')}`)
  const byContainer = new Map<string, unknown[]>()
  for (const l of found) byContainer.set(l.container, [...(byContainer.get(l.container) ?? []), l.kind === 'secret' ? envPatch(l, 'secretKeyRef', `${view.name}-env`) : envPatch(l, 'configMapKeyRef', `${view.name}-config`)])
  steps.push(patchCommand(view, {containers: [...byContainer].map(([name, env]) => ({name, env}))}))
  return steps
}

export const configInSpecCheck: AuditCheck<'workload'> = {
  name: 'config-in-spec',
  scope: 'workload',
  severity: 'critical',
  title: 'configuration comes from ConfigMaps and Secrets, not literals in the pod spec',
  consequence:
    'a password in the spec is readable by anyone who can get the Deployment or its ReplicaSets and lands in every CI log that prints it; an endpoint in the spec means a different manifest per environment and a rollout of every workload to move it.',
  fix: 'move credentials into a Secret and endpoints into a ConfigMap, and reference them with valueFrom (or envFrom).',
  needs: ['workloads'],
  check(view) {
    const found = literals(view)
    if (found.length === 0) return []
    const secret = found.some((l) => l.kind === 'secret')
    const names = found.map((l) => l.name).join(', ')
    const summary = secret
      ? `a credential is written into the pod spec (${names}): everyone who can read the ${view.kind} can read it, and rotating it means a rollout.`
      : `configuration is written into the pod spec (${names}): each environment needs its own manifest, and changing it means a rollout.`
    const finding: Finding = workloadFinding('config-in-spec', secret ? 'critical' : 'warning', view, summary, found.map((l) => `container "${l.container}": env ${shown(l)}`), remedy(view, found))
    return [finding]
  },
}
