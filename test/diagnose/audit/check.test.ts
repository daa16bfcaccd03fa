// The audit check's contract (src/diagnose/audit/check.ts): what every registered check declares,
// and the severity weights a namespace's score is made of (README: critical 3, warning 2).
import {describe, expect, it} from 'vitest'
import {severityWeight, type AuditCheck} from '../../../src/diagnose/audit/check.js'
import {auditChecks} from '../../../src/diagnose/audit/checks/index.js'
import {auditManifests} from '../../../src/diagnose/audit/manifests.js'
import type {AuditInput, AuditScope, WorkloadView} from '../../../src/diagnose/audit/model.js'

const scopes: readonly AuditScope[] = ['workload', 'node', 'namespace', 'fleet']
const inputs: readonly AuditInput[] = ['workloads', 'nodes', 'resourcequotas']

describe('severityWeight', () => {
  it('critical failures weigh 3, warnings 2, information nothing', () => {
    expect(severityWeight).toEqual({critical: 3, warning: 2, info: 0})
  })

  it('is what a namespace\'s score is made of: 100 × (1 − failed weight / applied weight)', () => {
    const check = (name: string, severity: 'critical' | 'warning' | 'info', fails: boolean): AuditCheck<'workload'> => ({
      name,
      scope: 'workload',
      severity,
      title: name,
      consequence: 'c',
      fix: 'f',
      needs: ['workloads'],
      check: (view: WorkloadView) => (fails ? [{code: name, severity, subject: `${view.kind.toLowerCase()}/${view.name}`, summary: 's', evidence: [], remedy: []}] : []),
    })
    const objects = [{apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'web', namespace: 'shop'}, spec: {template: {spec: {containers: [{name: 'web', image: 'web:1'}]}}}}]
    const scoreWith = (...checks: Array<AuditCheck<'workload'>>) => auditManifests(objects, {paths: ['t'], namespace: 'default', top: 10, checks}).namespaces.find((n) => n.name === 'shop')!.score
    // one critical failed (3) of critical + warning applied (5): 100 × (1 − 3/5)
    expect(scoreWith(check('a', 'critical', true), check('b', 'warning', false))).toBe(40)
    expect(scoreWith(check('a', 'critical', false), check('b', 'warning', true))).toBe(60)
    // information neither counts against a namespace nor dilutes it
    expect(scoreWith(check('a', 'info', true), check('b', 'warning', true))).toBe(0)
    expect(scoreWith(check('a', 'info', true))).toBe(100)
  })
})

describe('every registered check', () => {
  it('has a unique kebab-case id', () => {
    const names = auditChecks.map((c) => c.name)
    expect(names.filter((name) => !/^[a-z]+(-[a-z]+)*$/.test(name))).toEqual([])
    expect(new Set(names).size).toBe(names.length)
  })

  it('declares a scope, a weighted severity, what it needs, and the words the report prints', () => {
    for (const c of auditChecks) {
      const problems = [
        !scopes.includes(c.scope) && `scope ${c.scope}`,
        !(c.severity in severityWeight) && `severity ${c.severity}`,
        (c.needs.length === 0 || c.needs.some((n) => !inputs.includes(n))) && `needs ${c.needs.join(',')}`,
        ...(['title', 'consequence', 'fix'] as const).filter((key) => c[key].trim() === '' || c[key].includes('\n')).map((key) => `${key} empty or several lines`),
      ].filter(Boolean)
      expect([c.name, problems]).toEqual([c.name, []])
    }
  })
})
