/**
 * Runs the checks over subjects as they stream in and keeps only what the report needs: per
 * check a count, the namespaces and the first --top failing objects; per namespace the weights
 * for its score; for the fleet checks a few bounded tallies. Memory does not grow with the
 * number of objects audited.
 */
import type {Node} from '../objects.js'
import type {Finding, Severity} from '../model.js'
import {severityWeight, type AnyAuditCheck, type AuditCheck} from './check.js'
import {allContainers, objectRef, registryOf} from './helpers.js'
import type {Audit, AuditInput, AuditObject, AuditScope, AuditSubjects, CheckResult, FleetFacts, NamespaceScore, NamespaceView, Tally, WorkloadView} from './model.js'
import {timeZoneOf} from './checks/timezone.js'

const severityRank: Record<Severity, number> = {critical: 0, warning: 1, info: 2}
const maxExamples = 3

interface CheckTally {
  check: AnyAuditCheck
  checked: number
  failed: number
  namespaces: Set<string>
  objects: AuditObject[]
}

interface NamespaceTally {
  workloads: number
  applied: number
  failedWeight: number
  failed: Record<Severity, number>
}

function count(map: Map<string, Tally>, key: string, example: string): void {
  const tally = map.get(key) ?? {count: 0, examples: []}
  tally.count++
  if (tally.examples.length < maxExamples) tally.examples.push(example)
  map.set(key, tally)
}

export class AuditRun {
  private readonly tallies: CheckTally[]
  private readonly namespaces = new Map<string, NamespaceTally>()
  readonly fleet: FleetFacts = {registries: new Map(), timeZones: new Map(), workloads: 0}
  private nodes = 0

  constructor(
    checks: readonly AnyAuditCheck[],
    private readonly top: number,
  ) {
    this.tallies = checks.map((check) => ({check, checked: 0, failed: 0, namespaces: new Set(), objects: []}))
  }

  addWorkload(view: WorkloadView): void {
    this.fleet.workloads++
    this.namespace(view.namespace).workloads++
    const ref = objectRef(view)
    for (const c of allContainers(view)) if (c.image) count(this.fleet.registries, registryOf(c.image), `${ref} ${c.name}=${c.image}`)
    count(this.fleet.timeZones, timeZoneOf(view), ref)
    this.run('workload', view, view.namespace)
  }

  addNode(node: Node): void {
    this.nodes++
    this.run('node', node, undefined)
  }

  addNamespace(view: NamespaceView): void {
    this.namespace(view.name)
    this.run('namespace', view, view.name)
  }

  private namespace(name: string): NamespaceTally {
    let tally = this.namespaces.get(name)
    if (!tally) this.namespaces.set(name, (tally = {workloads: 0, applied: 0, failedWeight: 0, failed: {critical: 0, warning: 0, info: 0}}))
    return tally
  }

  private run<S extends AuditScope>(scope: S, subject: AuditSubjects[S], namespace: string | undefined): void {
    for (const tally of this.tallies) {
      if (tally.check.scope !== scope) continue
      const check = tally.check as AuditCheck<S>
      if (check.applies && !check.applies(subject)) continue
      tally.checked++
      const ns = namespace === undefined ? undefined : this.namespace(namespace)
      if (ns) ns.applied += severityWeight[check.severity]
      const findings = check.check(subject, {now: Date.now()})
      if (findings.length === 0) continue
      tally.failed++
      if (namespace !== undefined) tally.namespaces.add(namespace)
      if (ns) {
        ns.failedWeight += severityWeight[check.severity]
        ns.failed[worst(findings)]++
      }
      for (const finding of findings) this.keep(tally, finding, namespace)
    }
  }

  /** Keeps the first --top objects, letting a more severe one replace the least severe kept. */
  private keep(tally: CheckTally, finding: Finding, namespace: string | undefined): void {
    const object: AuditObject = {object: finding.subject, namespace, severity: finding.severity, summary: finding.summary, evidence: finding.evidence, remedy: finding.remedy}
    if (tally.objects.length < this.top) {
      tally.objects.push(object)
      return
    }
    const weakest = tally.objects.reduce((w, o, i) => (severityRank[o.severity] > severityRank[tally.objects[w]!.severity] ? i : w), 0)
    if (severityRank[object.severity] < severityRank[tally.objects[weakest]!.severity]) tally.objects[weakest] = object
  }

  /** Runs the fleet checks and assembles the document. `unavailable`: inputs that could not be read, and why. */
  finish(scope: string, unavailable: Partial<Record<AuditInput, string>>, notes: string[]): Audit {
    for (const tally of this.tallies) {
      if (tally.check.scope !== 'fleet' || tally.check.needs.some((n) => unavailable[n])) continue
      const check = tally.check
      if (check.applies && !check.applies(this.fleet)) continue
      tally.checked += this.fleet.workloads
      const findings = check.check(this.fleet, {now: Date.now()})
      if (findings.length) tally.failed += check.failing ? check.failing(this.fleet) : findings.length
      for (const finding of findings) this.keep(tally, finding, undefined)
    }
    const checks = this.tallies.map((t) => result(t, unavailable)).sort(byImportance)
    const namespaces = [...this.namespaces.entries()].map(([name, t]) => namespaceScore(name, t)).sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    const totals = [...this.namespaces.values()].reduce((sum, t) => ({applied: sum.applied + t.applied, failed: sum.failed + t.failedWeight}), {applied: 0, failed: 0})
    const failedChecks = checks.filter((c) => c.status === 'failed')
    return {
      apiVersion: 'kubekit.dev/v1',
      kind: 'Audit',
      scope,
      status: failedChecks.some((c) => c.objects.some((o) => o.severity !== 'info')) ? 'ProblemsFound' : 'Passed',
      summary: {workloads: this.fleet.workloads, nodes: this.nodes, namespaces: this.namespaces.size, score: score(totals.applied, totals.failed), failedChecks: failedChecks.length, skippedChecks: checks.filter((c) => c.status === 'skipped').length},
      checks,
      namespaces,
      notes,
    }
  }
}

function worst(findings: Finding[]): Severity {
  return findings.reduce<Severity>((w, f) => (severityRank[f.severity] < severityRank[w] ? f.severity : w), 'info')
}

function score(applied: number, failed: number): number {
  return applied === 0 ? 100 : Math.round(100 * (1 - failed / applied))
}

function namespaceScore(name: string, t: NamespaceTally): NamespaceScore {
  return {name, workloads: t.workloads, score: score(t.applied, t.failedWeight), failed: t.failed}
}

function result(t: CheckTally, unavailable: Partial<Record<AuditInput, string>>): CheckResult {
  const missing = t.check.needs.find((n) => unavailable[n])
  const base = {id: t.check.name, severity: t.check.severity, title: t.check.title, consequence: t.check.consequence}
  if (missing) return {...base, status: 'skipped', skipped: unavailable[missing], checked: 0, failed: 0, namespaces: 0, objects: []}
  const objects = [...t.objects].sort((a, b) => severityRank[a.severity] - severityRank[b.severity])
  return {...base, status: t.failed > 0 ? 'failed' : 'passed', checked: t.checked, failed: t.failed, namespaces: t.namespaces.size, objects}
}

const statusRank = {failed: 0, passed: 1, skipped: 2}

function byImportance(a: CheckResult, b: CheckResult): number {
  return statusRank[a.status] - statusRank[b.status] || severityRank[a.severity] - severityRank[b.severity] || b.failed - a.failed
}
