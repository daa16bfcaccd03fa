/** The text report: root cause first, its evidence and remedy, then events, log tails and node hints. */
import type {Painter} from '../print/colour.js'
import {renderTable} from '../print/table.js'
import {age} from './events.js'
import type {Diagnosis, Finding, NodeHints} from './model.js'

function targetName(d: Diagnosis): string {
  if (d.target.kind === 'Cluster') return 'Cluster'
  return `${d.target.kind} ${d.target.namespace ? `${d.target.namespace}/` : ''}${d.target.name}`
}

function severityLabel(finding: Finding, paint: Painter): string {
  const style = finding.severity === 'critical' ? 'red' : finding.severity === 'warning' ? 'yellow' : 'blue'
  return paint.paint(style, finding.severity.toUpperCase())
}

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces)
  return text
    .split('\n')
    .map((l) => (l ? pad + l : l))
    .join('\n')
}

function renderFinding(finding: Finding, paint: Painter, heading: string): string {
  const lines = [`${heading}${paint.paint('bold', finding.code)} (${severityLabel(finding, paint)}, ${finding.subject})`, `  ${finding.summary}`]
  if (finding.evidence.length) {
    lines.push(`  ${paint.paint('bold', 'Evidence')}`)
    for (const e of finding.evidence) lines.push(`    - ${e}`)
  }
  if (finding.remedy.length) {
    lines.push(`  ${paint.paint('bold', 'Remedy')}`)
    finding.remedy.forEach((r, i) => lines.push(`    ${i + 1}. ${r}`))
  }
  return lines.join('\n')
}

function renderHints(hints: NodeHints, paint: Painter): string {
  const runtime = hints.runtime === 'unknown' ? hints.runtimeVersion || 'unknown runtime' : `${hints.runtime} ${hints.runtimeVersion}`.trim()
  const lines = [paint.paint('bold', `Node ${hints.node}`) + ` (${runtime})`]
  for (const log of hints.logs) {
    if (log.state === 'fetched') {
      lines.push(`  ${log.service} log (node log query, last ${log.lines.length} lines):`)
      for (const l of log.lines) lines.push(`    ${paint.paint('gray', '|')}${l ? ` ${l}` : ''}`)
      if (log.lines.length === 0) lines.push('    <empty>')
    } else {
      lines.push(`  ${log.service} log: not fetched (${log.state}): ${log.note ?? ''}`)
    }
  }
  lines.push('  On the node:')
  for (const c of hints.commands) lines.push(`    $ ${c}`)
  return lines.join('\n')
}

export function renderDiagnosis(d: Diagnosis, paint: Painter, now: number): string {
  const out: string[] = []
  const problems = d.findings.filter((f) => f.severity !== 'info')
  const notes = d.findings.filter((f) => f.severity === 'info')
  if (!d.rootCause) {
    out.push(`${paint.paint('bold', targetName(d))}: ${paint.paint('green', 'healthy')}${notes.length ? ` (${notes.length} note${notes.length === 1 ? '' : 's'})` : ', no problems found'}.`)
  } else {
    out.push(`${paint.paint('bold', targetName(d))}: ${paint.paint('red', `${problems.length} problem${problems.length === 1 ? '' : 's'} found`)}`)
    out.push('')
    // A namespace or a cluster holds independent problems; one object has a root cause and its consequences.
    const many = d.target.kind === 'Namespace' || d.target.kind === 'Cluster'
    problems.forEach((finding, i) => {
      if (i > 0) out.push('')
      out.push(renderFinding(finding, paint, many ? `PROBLEM ${i + 1}  ` : i === 0 ? 'ROOT CAUSE  ' : 'ALSO  '))
    })
  }
  if (d.checked.length) {
    out.push('')
    out.push(paint.paint('bold', 'Checked'))
    for (const line of d.checked) out.push(`  - ${line}`)
  }
  for (const finding of notes) {
    out.push('')
    out.push(renderFinding(finding, paint, 'NOTE  '))
  }
  out.push('')
  if (d.events.length === 0) out.push(`${paint.paint('bold', 'Events')}: <none>`)
  else {
    out.push(paint.paint('bold', 'Events'))
    const showObject = new Set(d.events.map((e) => e.object)).size > 1
    const table = renderTable(d.events, [
      {header: 'type', value: (e) => (e.type === 'Warning' ? paint.paint('yellow', e.type) : e.type)},
      {header: 'reason', value: (e) => e.reason},
      {header: 'age', value: (e) => (e.lastSeen ? age(e.lastSeen, now) : '<unknown>') + (e.count > 1 ? ` (x${e.count} over ${age(e.firstSeen, now)})` : '')},
      {header: 'from', value: (e) => e.from},
      ...(showObject ? [{header: 'object', value: (e: Diagnosis['events'][number]) => e.object}] : []),
      {header: 'message', value: (e) => e.message},
    ])
    out.push(indent(table.trimEnd(), 2))
  }
  const tails = d.logs.filter((l) => l.lines.length > 0 || l.note)
  if (tails.length) {
    out.push('')
    out.push(paint.paint('bold', 'Logs'))
    for (const tail of tails) {
      const which = tail.previous ? 'previous run' : 'current run'
      if (tail.lines.length === 0) {
        out.push(`  ${tail.pod} ${tail.container} (${which}): ${tail.note ?? '<empty>'}`)
        continue
      }
      out.push(`  ${tail.pod} ${tail.container} (${which}, last ${tail.lines.length} lines):`)
      for (const l of tail.lines) out.push(`    ${paint.paint('gray', '|')}${l ? ` ${l}` : ''}`)
    }
  }
  for (const hints of d.nodeHints) {
    out.push('')
    out.push(renderHints(hints, paint))
  }
  if (d.notes.length) {
    out.push('')
    out.push(paint.paint('bold', 'Notes'))
    for (const n of d.notes) out.push(`  - ${n}`)
  }
  return out.join('\n') + '\n'
}
