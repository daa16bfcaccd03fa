/**
 * "The namespace is stuck Terminating: 3 objects of a CRD whose controller is gone still carry
 * finalizers." The content of a healthy namespace is diagnosed object by object by the core.
 */
import {age} from '../events.js'
import {type Rule, type RuleContext} from '../facts.js'
import type {Finding, NamespaceSnapshot} from '../model.js'

function checkNamespace(snapshot: NamespaceSnapshot, context: RuleContext): Finding[] {
  const ns = snapshot.namespace
  const name = ns.metadata.name
  if (ns.status?.phase !== 'Terminating' && !ns.metadata.deletionTimestamp) return []
  const deleted = ns.metadata.deletionTimestamp
  const conditions = (ns.status?.conditions ?? []).filter((c) => c.status === 'True')
  const evidence = [
    `status.phase=${ns.status?.phase ?? ''}${deleted ? ` deletionTimestamp=${deleted} (${age(deleted, context.now)} ago)` : ''}`,
    `spec.finalizers: ${(ns.spec?.finalizers ?? []).join(', ') || '<none>'}`,
    ...conditions.map((c) => `condition ${c.type}=True reason=${c.reason ?? ''}: ${c.message ?? ''}`),
  ]
  const discovery = conditions.find((c) => c.type === 'NamespaceDeletionDiscoveryFailure')
  const remaining = conditions.find((c) => c.type === 'NamespaceFinalizersRemaining')
  const content = conditions.find((c) => c.type === 'NamespaceContentRemaining')
  const cause = discovery
    ? 'an aggregated API (often metrics-server or a removed operator) is unavailable, so the namespace controller cannot list everything to delete'
    : remaining
      ? `objects inside still carry finalizers (${remaining.message ?? ''})`
      : content
        ? `objects remain inside (${content.message ?? ''})`
        : 'the namespace controller has not finished deleting its content'
  return [
    {
      code: 'NamespaceStuckTerminating',
      severity: 'critical',
      subject: `namespace/${name}`,
      summary: `Terminating${deleted ? ` for ${age(deleted, context.now)}` : ''}: ${cause}.`,
      evidence,
      remedy: discovery
        ? ['kubectl get apiservice | grep False  # fix or delete the unavailable APIService']
        : [
            `kubectl api-resources --verbs=list --namespaced -o name | xargs -n 1 kubectl get --show-kind --ignore-not-found -n ${name}`,
            'For each leftover object, find the controller that owns its finalizer; remove the finalizer only if that controller is gone for good.',
          ],
    },
  ]
}

export const namespaceRule: Rule<NamespaceSnapshot> = {name: 'namespace', check: checkNamespace}
