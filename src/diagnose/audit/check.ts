/**
 * One audit check per file in checks/, behind the diagnosis's Rule interface: `check(subject)`
 * returns the findings for one workload, node, namespace or the fleet. What the check adds is
 * what the report and the README table print: severity, the consequence and the fix.
 */
import type {Rule} from '../facts.js'
import type {Severity} from '../model.js'
import type {AuditInput, AuditScope, AuditSubjects} from './model.js'

export interface AuditCheck<S extends AuditScope = AuditScope> extends Rule<AuditSubjects[S]> {
  /** The check id (also its file name), e.g. `readiness-probe`. */
  name: string
  scope: S
  /** The severity of a failure (a finding may say less, never more). */
  severity: Severity
  /** What the practice is, e.g. `every serving container has a readiness probe`. */
  title: string
  /** What goes wrong without it, in the words of the failure it prevents. */
  consequence: string
  /** How to fix it, in general (each finding carries its own patch or command). */
  fix: string
  /** What must be readable for the check to run; missing input skips it, with the reason. */
  needs: AuditInput[]
  /** Whether the check applies to a subject at all (probes do not apply to Jobs); default: yes. */
  applies?(subject: AuditSubjects[S]): boolean
  /** Fleet checks: how many workloads fail (those outside the majority), since their findings are groups. */
  failing?(subject: AuditSubjects[S]): number
}

export type AnyAuditCheck = {[S in AuditScope]: AuditCheck<S>}[AuditScope]

export const severityWeight: Record<Severity, number> = {critical: 3, warning: 2, info: 0}
