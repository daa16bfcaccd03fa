/** The text report of an audit: failing checks first (consequence, the objects, the fix), then the rest, then scores per namespace. */
import type {Painter} from '../../print/colour.js'
import {renderTable} from '../../print/table.js'
import type {Audit, CheckResult} from './model.js'

function label(check: CheckResult, paint: Painter): string {
  const style = check.severity === 'critical' ? 'red' : check.severity === 'warning' ? 'yellow' : 'blue'
  return paint.paint(style, check.severity.toUpperCase())
}

function renderFailed(check: CheckResult, paint: Painter): string[] {
  const where = check.namespaces ? ` in ${check.namespaces} namespace${check.namespaces === 1 ? '' : 's'}` : ''
  const lines = [`${paint.paint('bold', `FAIL ${check.id}`)} (${label(check, paint)}): ${check.failed} of ${check.checked} failing${where}`, `  ${check.title}`, `  ${paint.paint('bold', 'Why')}: ${check.consequence}`]
  check.objects.forEach((o, i) => {
    lines.push(`  - ${paint.paint('bold', o.object)}: ${o.summary}`)
    if (i > 0) return
    for (const e of o.evidence.slice(0, 4)) lines.push(`      ${paint.paint('gray', e)}`)
    lines.push(`    ${paint.paint('bold', 'Fix')}:`)
    for (const r of o.remedy) lines.push(`      ${r}`)
  })
  const more = check.failed - check.objects.length
  if (more > 0) lines.push(`  ... and ${more} more (--top raises the number listed; -o json has each one's fix)`)
  return lines
}

export function renderAudit(audit: Audit, paint: Painter): string {
  const s = audit.summary
  const out = [`${paint.paint('bold', `Audit of ${audit.scope}`)}: ${s.workloads} workload(s)${s.nodes ? `, ${s.nodes} node(s)` : ''}, score ${s.score}/100; ${s.failedChecks} of ${audit.checks.length} checks fail${s.skippedChecks ? `, ${s.skippedChecks} skipped` : ''}.`]
  for (const check of audit.checks.filter((c) => c.status === 'failed')) out.push('', ...renderFailed(check, paint))
  const passed = audit.checks.filter((c) => c.status === 'passed')
  if (passed.length) {
    out.push('', `${paint.paint('green', 'PASS')}: ${passed.map((c) => (c.checked ? `${c.id} (${c.checked})` : `${c.id} (nothing to check)`)).join(', ')}`)
  }
  for (const check of audit.checks.filter((c) => c.status === 'skipped')) out.push(`${paint.paint('yellow', 'SKIP')} ${check.id}: ${check.skipped ?? ''}`)
  if (audit.namespaces.length) {
    const table = renderTable(audit.namespaces.slice(0, 20), [
      {header: 'namespace', value: (n) => n.name},
      {header: 'workloads', value: (n) => String(n.workloads)},
      {header: 'score', value: (n) => String(n.score)},
      {header: 'critical', value: (n) => String(n.failed.critical)},
      {header: 'warning', value: (n) => String(n.failed.warning)},
    ])
    out.push('', paint.paint('bold', 'Score per namespace (lowest first; 100 = every check passes)'), table.trimEnd())
    if (audit.namespaces.length > 20) out.push(`  ... and ${audit.namespaces.length - 20} more namespaces (-o json lists all)`)
  }
  if (audit.notes.length) out.push('', paint.paint('bold', 'Notes'), ...audit.notes.map((n) => `  - ${n}`))
  return out.join('\n') + '\n'
}
