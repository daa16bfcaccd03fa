/**
 * The kubelet's node log query behind `GET /api/v1/nodes/<node>/proxy/logs/?query=<service>`.
 * Per node it is either off (the kubelet answers 404, as without the NodeLogQuery gate and
 * enableSystemLogQuery) or on, answering from the scenario's journal texts.
 */
import type {Store} from './store.js'

export interface NodeLogAnswer {
  code: number
  body: string
  contentType: string
}

const text = 'text/plain; charset=utf-8'
const servicePattern = /^[a-zA-Z\-_0-9@]+$/

export function answerNodeLogQuery(store: Store, node: string, rest: string, params: URLSearchParams): NodeLogAnswer {
  const spec = store.nodeLogs.get(node) ?? store.nodeLogs.get('*')
  if (!rest.startsWith('logs') || !spec || spec.enabled === false) return {code: 404, body: '404 page not found\n', contentType: text}
  const services = spec.services ?? {}
  const queries = params.getAll('query')
  if (queries.length === 0) {
    const listing = Object.keys(services).filter((s) => !s.includes('/')).map((s) => `<a href="${s}.log">${s}.log</a>`)
    return {code: 200, body: `<pre>\n${listing.join('\n')}\n</pre>\n`, contentType: 'text/html; charset=utf-8'}
  }
  const files = queries.filter((q) => q.includes('/') || q.includes('\\'))
  if (files.length && files.length !== queries.length) return {code: 406, body: 'query: Invalid value: "' + queries.join(',') + '": cannot mix files and services\n', contentType: text}
  if (queries.length > 4) return {code: 406, body: `query: Invalid value: "${queries.join(',')}": must not exceed 4 services\n`, contentType: text}
  for (const q of queries) if (!files.length && !servicePattern.test(q)) return {code: 406, body: `query: Invalid value: "${q}": must match "^[a-zA-Z\\-_0-9@]+$"\n`, contentType: text}
  const tailRaw = params.get('tailLines')
  const tail = tailRaw === null ? undefined : Number(tailRaw)
  if (tail !== undefined && (!Number.isInteger(tail) || tail < 0 || tail > 100_000)) return {code: 406, body: `tailLines: Invalid value: ${tailRaw}: must be in the range [0, 100000]\n`, contentType: text}
  const patternRaw = params.get('pattern')
  let pattern: RegExp | undefined
  try {
    pattern = patternRaw ? new RegExp(patternRaw) : undefined
  } catch {
    return {code: 400, body: `pattern: Invalid value: "${patternRaw}"\n`, contentType: text}
  }
  let lines: string[] = []
  for (const q of queries) {
    const journal = services[q]
    if (journal === undefined) lines.push(`log not found for ${q}`)
    else lines.push(...journal.replace(/\n$/, '').split('\n'))
  }
  if (pattern) lines = lines.filter((l) => pattern.test(l))
  if (tail !== undefined) lines = tail === 0 ? [] : lines.slice(-tail)
  return {code: 200, body: lines.length ? lines.join('\n') + '\n' : '', contentType: text}
}
