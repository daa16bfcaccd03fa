/**
 * The part of Go's text/template that stern templates use: `{{.Field}}`, `.A.B` on maps,
 * pipelines `x | f`, function calls, `(...)`, variables `$x := ...`, `if`/`else if`/`else`,
 * `with`, `range`, `{{- -}}` trimming, comments, string/number literals, and Go's builtins
 * and, or, not, eq, ne, lt, le, gt, ge, len, index, print, printf, println. Functions are
 * supplied by the caller (stern's: color, parseJSON, levelColor, ...).
 */
import {UserError} from '../errors.js'

export class TemplateError extends UserError {
  override name = 'TemplateError'
}

export type TemplateFunction = (...args: unknown[]) => unknown

type Node =
  | {type: 'text'; text: string}
  | {type: 'action'; pipe: Pipeline}
  | {type: 'if' | 'with' | 'range'; pipe: Pipeline; body: Node[]; otherwise: Node[]}

interface Pipeline {
  declare?: string | undefined
  commands: Operand[][]
}

type Operand =
  | {type: 'field'; base: 'dot' | string; path: string[]}
  | {type: 'literal'; value: unknown}
  | {type: 'function'; name: string}
  | {type: 'sub'; pipe: Pipeline; path: string[]}

// ---------------------------------------------------------------- lexing

/** Splits a template into text and action sources, applying `{{-` and `-}}` trimming. */
function splitActions(source: string): Array<{text: string} | {action: string}> {
  const parts: Array<{text: string} | {action: string}> = []
  let at = 0
  let trimNext = false
  while (at <= source.length) {
    const open = source.indexOf('{{', at)
    let text = source.slice(at, open < 0 ? undefined : open)
    if (trimNext) text = text.replace(/^\s+/, '')
    if (open < 0) {
      if (text) parts.push({text})
      break
    }
    const trimBefore = source.startsWith('{{- ', open) || source.startsWith('{{-\t', open) || source.startsWith('{{-\n', open)
    if (trimBefore) text = text.replace(/\s+$/, '')
    if (text) parts.push({text})
    const close = findClose(source, open + 2)
    if (close < 0) throw new TemplateError('unclosed action: a "{{" without "}}"')
    let inner = source.slice(open + (trimBefore ? 3 : 2), close)
    trimNext = /\s-$/.test(inner)
    if (trimNext) inner = inner.slice(0, -1)
    parts.push({action: inner.trim()})
    at = close + 2
  }
  return parts
}

/** The `}}` that ends an action, skipping string literals. */
function findClose(source: string, from: number): number {
  for (let i = from; i < source.length; i++) {
    const c = source[i]
    if (c === '"') {
      for (i++; i < source.length && source[i] !== '"'; i++) if (source[i] === '\\') i++
    } else if (c === '`') {
      i = source.indexOf('`', i + 1)
      if (i < 0) return -1
    } else if (c === '}' && source[i + 1] === '}') return i
  }
  return -1
}

const tokenPattern = /\s*(?:("(?:[^"\\]|\\.)*")|(`[^`]*`)|(:=|\||\(|\))|([-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?)|(\$[A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)|(\.[A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)|([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*))/y

function tokenize(text: string): string[] {
  const tokens: string[] = []
  tokenPattern.lastIndex = 0
  let at = 0
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break
    tokenPattern.lastIndex = at
    const m = tokenPattern.exec(text)
    if (!m) throw new TemplateError(`unexpected "${text.slice(at).trim().slice(0, 10)}" in {{${text}}}`)
    tokens.push(m.slice(1).find((g) => g !== undefined)!)
    at = tokenPattern.lastIndex
  }
  return tokens
}

function unquote(token: string): string {
  if (token.startsWith('`')) return token.slice(1, -1)
  try {
    return JSON.parse(token.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1')) as string
  } catch {
    throw new TemplateError(`bad string literal ${token}`)
  }
}

// ---------------------------------------------------------------- parsing

class Parser {
  private i = 0
  constructor(private readonly tokens: string[]) {}

  pipeline(): Pipeline {
    let declare: string | undefined
    if (this.tokens[this.i]?.startsWith('$') && this.tokens[this.i + 1] === ':=') {
      declare = this.tokens[this.i]!
      this.i += 2
    }
    const commands: Operand[][] = [this.command()]
    while (this.tokens[this.i] === '|') {
      this.i++
      commands.push(this.command())
    }
    return {declare, commands}
  }

  done(): boolean {
    return this.i >= this.tokens.length
  }

  private command(): Operand[] {
    const operands: Operand[] = []
    while (this.i < this.tokens.length && this.tokens[this.i] !== '|' && this.tokens[this.i] !== ')') operands.push(this.operand())
    if (operands.length === 0) throw new TemplateError('missing value in pipeline')
    return operands
  }

  private operand(): Operand {
    const token = this.tokens[this.i++]!
    if (token === '(') {
      const pipe = this.pipeline()
      if (this.tokens[this.i++] !== ')') throw new TemplateError('unclosed "("')
      const next = this.tokens[this.i]
      const path = next?.startsWith('.') && next.length > 1 ? (this.i++, next.slice(1).split('.')) : []
      return {type: 'sub', pipe, path}
    }
    if (token.startsWith('"') || token.startsWith('`')) return {type: 'literal', value: unquote(token)}
    if (/^[-+]?\d/.test(token)) return {type: 'literal', value: Number(token)}
    if (token.startsWith('.')) return {type: 'field', base: 'dot', path: token === '.' ? [] : token.slice(1).split('.')}
    if (token.startsWith('$')) {
      const [name, ...path] = token.split('.')
      return {type: 'field', base: name!, path}
    }
    if (token === 'true' || token === 'false') return {type: 'literal', value: token === 'true'}
    if (token === 'nil') return {type: 'literal', value: undefined}
    if (token.includes('.')) throw new TemplateError(`unexpected "${token}"`)
    return {type: 'function', name: token}
  }
}

function parsePipeline(text: string): Pipeline {
  const parser = new Parser(tokenize(text))
  const pipe = parser.pipeline()
  if (!parser.done()) throw new TemplateError(`unexpected ")" in {{${text}}}`)
  return pipe
}

interface Frame {
  kind: 'root' | 'if' | 'with' | 'range'
  nodes: Node[]
  block?: Extract<Node, {type: 'if' | 'with' | 'range'}>
  /** `else if` chains close together at one `end`. */
  chained?: number
}

export function parseTemplate(source: string, functions: Record<string, TemplateFunction>): Node[] {
  const stack: Frame[] = [{kind: 'root', nodes: []}]
  const top = () => stack[stack.length - 1]!
  for (const part of splitActions(source)) {
    if ('text' in part) {
      top().nodes.push({type: 'text', text: part.text})
      continue
    }
    const action = part.action
    if (action.startsWith('/*')) continue
    const keyword = /^(if|with|range|else|end)\b\s*/.exec(action)
    if (!keyword) {
      const pipe = parsePipeline(action)
      checkFunctions(pipe, functions)
      top().nodes.push({type: 'action', pipe})
      continue
    }
    const rest = action.slice(keyword[0].length)
    switch (keyword[1]) {
      case 'if':
      case 'with':
      case 'range': {
        const pipe = parsePipeline(rest)
        checkFunctions(pipe, functions)
        const block = {type: keyword[1], pipe, body: [], otherwise: []} as Extract<Node, {type: 'if' | 'with' | 'range'}>
        top().nodes.push(block)
        stack.push({kind: keyword[1], nodes: block.body, block})
        break
      }
      case 'else': {
        const frame = top()
        if (!frame.block) throw new TemplateError('{{else}} outside if, with or range')
        if (frame.nodes === frame.block.otherwise) throw new TemplateError('a second {{else}} in one block')
        frame.nodes = frame.block.otherwise
        const elseIf = /^(if|with)\s+/.exec(rest)
        if (elseIf) {
          const pipe = parsePipeline(rest.slice(elseIf[0].length))
          checkFunctions(pipe, functions)
          const block: Extract<Node, {type: 'if' | 'with' | 'range'}> = {type: elseIf[1] as 'if' | 'with', pipe, body: [], otherwise: []}
          frame.nodes.push(block)
          stack.push({kind: elseIf[1] as 'if' | 'with', nodes: block.body, block, chained: (frame.chained ?? 0) + 1})
        } else if (rest) throw new TemplateError(`unexpected "${rest}" after else`)
        break
      }
      case 'end': {
        if (stack.length === 1) throw new TemplateError('unexpected {{end}}')
        const chained = top().chained ?? 0
        for (let n = 0; n <= chained; n++) stack.pop()
        break
      }
    }
  }
  if (stack.length > 1) throw new TemplateError(`unexpected end of template: a {{${top().kind}}} without {{end}}`)
  return stack[0]!.nodes
}

function checkFunctions(pipe: Pipeline, functions: Record<string, TemplateFunction>): void {
  for (const command of pipe.commands) {
    for (const operand of command) {
      if (operand.type === 'function' && !(operand.name in functions) && !(operand.name in builtins)) {
        throw new TemplateError(`function "${operand.name}" not defined`)
      }
      if (operand.type === 'sub') checkFunctions(operand.pipe, functions)
    }
  }
}

// ---------------------------------------------------------------- values

/** Go's truth: false, 0, nil, and empty strings, arrays and maps are false. */
export function truthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return false
  if (Array.isArray(value)) return value.length > 0
  if (typeof value === 'object' && value.constructor === Object) return Object.keys(value).length > 0
  return true
}

/** A value as Go's fmt %v prints it. */
export function goString(value: unknown): string {
  if (value === undefined || value === null) return '<nil>'
  if (typeof value === 'string') return value
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) < 1e21 ? String(value) : String(value).replace(/e\+?(-?)(\d)$/, 'e+$10$2').replace('e+-', 'e-')
  if (Array.isArray(value)) return `[${value.map(goString).join(' ')}]`
  if (typeof value === 'object') {
    if ('toString' in value && value.toString !== Object.prototype.toString) return String(value)
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `map[${entries.map(([k, v]) => `${k}:${goString(v)}`).join(' ')}]`
  }
  return String(value)
}

function field(value: unknown, name: string): unknown {
  if (value === undefined || value === null) throw new TemplateError(`nil pointer evaluating .${name}`)
  if (typeof value !== 'object') throw new TemplateError(`can't evaluate field ${name} in type ${typeof value}`)
  const record = value as Record<string, unknown>
  if (Object.prototype.hasOwnProperty.call(record, name)) return record[name]
  if (record.constructor === Object) return undefined // a missing map key: <no value>
  throw new TemplateError(`can't evaluate field ${name}`)
}

const compare = (a: unknown, b: unknown): number => {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0
  throw new TemplateError(`incompatible types for comparison`)
}

/** Go's fmt verbs that templates use: %s %v %d %f %q %x %t %%, with flags, width and precision. */
export function sprintf(format: string, ...args: unknown[]): string {
  let n = 0
  return format.replace(/%([-+ 0#]*)(\d+)?(?:\.(\d+))?([svdfqxtTeg%])/g, (_whole, flags: string, width: string | undefined, precision: string | undefined, verb: string) => {
    if (verb === '%') return '%'
    if (n >= args.length) return `%!${verb}(MISSING)`
    const value = args[n++]
    let text: string
    switch (verb) {
      case 'd':
        text = typeof value === 'number' ? String(Math.trunc(value)) : `%!d(${goString(value)})`
        break
      case 'f':
      case 'e':
      case 'g':
        text = typeof value === 'number' ? (verb === 'f' ? value.toFixed(precision ? Number(precision) : 6) : verb === 'e' ? value.toExponential(precision ? Number(precision) : 6) : String(value)) : `%!${verb}(${goString(value)})`
        break
      case 'q':
        text = JSON.stringify(goString(value))
        break
      case 'x':
        text = typeof value === 'number' ? value.toString(16) : Buffer.from(goString(value)).toString('hex')
        break
      case 'T':
        text = typeof value
        break
      default:
        text = goString(value)
        if (precision && verb === 's') text = text.slice(0, Number(precision))
    }
    const w = width ? Number(width) : 0
    if (text.length >= w) return text
    if (flags.includes('-')) return text.padEnd(w)
    return text.padStart(w, flags.includes('0') && verb !== 's' ? '0' : ' ')
  })
}

const builtins: Record<string, TemplateFunction> = {
  and: (...args) => args.find((a) => !truthy(a)) ?? args[args.length - 1],
  or: (...args) => args.find((a) => truthy(a)) ?? args[args.length - 1],
  not: (a) => !truthy(a),
  eq: (a, ...rest) => rest.some((b) => a === b),
  ne: (a, b) => a !== b,
  lt: (a, b) => compare(a, b) < 0,
  le: (a, b) => compare(a, b) <= 0,
  gt: (a, b) => compare(a, b) > 0,
  ge: (a, b) => compare(a, b) >= 0,
  len: (a) => (typeof a === 'string' || Array.isArray(a) ? a.length : a && typeof a === 'object' ? Object.keys(a).length : 0),
  index: (a, ...keys) => keys.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[String(k)] : undefined), a),
  print: (...args) => args.map(goString).join(''),
  println: (...args) => args.map(goString).join(' ') + '\n',
  printf: (format, ...args) => sprintf(String(format), ...args),
}

// ---------------------------------------------------------------- execution

class Execution {
  private readonly variables: Array<Map<string, unknown>> = []

  constructor(
    private readonly functions: Record<string, TemplateFunction>,
    private readonly root: unknown,
  ) {}

  run(nodes: Node[], dot: unknown): string {
    this.variables.push(new Map<string, unknown>().set('$', this.root))
    try {
      return this.nodes(nodes, dot)
    } finally {
      this.variables.pop()
    }
  }

  private nodes(nodes: Node[], dot: unknown): string {
    let out = ''
    for (const node of nodes) {
      if (node.type === 'text') out += node.text
      else if (node.type === 'action') {
        const value = this.pipeline(node.pipe, dot)
        if (!node.pipe.declare) out += value === undefined ? '<no value>' : goString(value)
      } else out += this.block(node, dot)
    }
    return out
  }

  private block(node: Extract<Node, {type: 'if' | 'with' | 'range'}>, dot: unknown): string {
    this.variables.push(new Map())
    try {
      const value = this.pipeline(node.pipe, dot)
      if (node.type === 'if') return this.nodes(truthy(value) ? node.body : node.otherwise, dot)
      if (node.type === 'with') return truthy(value) ? this.nodes(node.body, value) : this.nodes(node.otherwise, dot)
      const items = Array.isArray(value) ? value : value && typeof value === 'object' ? Object.keys(value).sort().map((k) => (value as Record<string, unknown>)[k]) : []
      if (items.length === 0) return this.nodes(node.otherwise, dot)
      return items.map((item) => this.nodes(node.body, item)).join('')
    } finally {
      this.variables.pop()
    }
  }

  // Runs once per line and action: plain loops, no intermediate arrays beyond the call's arguments.
  private pipeline(pipe: Pipeline, dot: unknown): unknown {
    let value: unknown
    for (let i = 0; i < pipe.commands.length; i++) value = this.command(pipe.commands[i]!, dot, i > 0, value)
    if (pipe.declare) this.variables[this.variables.length - 1]!.set(pipe.declare, value)
    return value
  }

  /** One command; `piped`: the previous command's value is its last argument. */
  private command(command: Operand[], dot: unknown, piped: boolean, previous: unknown): unknown {
    const head = command[0]!
    if (head.type === 'function') {
      const fn = this.functions[head.name] ?? builtins[head.name]!
      const args: unknown[] = []
      for (let i = 1; i < command.length; i++) args.push(this.operand(command[i]!, dot))
      if (piped) args.push(previous)
      return fn(...args)
    }
    if (command.length > 1 || piped) throw new TemplateError(`can't give argument to non-function`)
    return this.operand(head, dot)
  }

  private operand(operand: Operand, dot: unknown): unknown {
    switch (operand.type) {
      case 'literal':
        return operand.value
      case 'function': {
        const fn = this.functions[operand.name] ?? builtins[operand.name]!
        return fn()
      }
      case 'sub':
        return fieldPath(this.pipeline(operand.pipe, dot), operand.path)
      case 'field':
        return fieldPath(operand.base === 'dot' ? dot : this.variable(operand.base), operand.path)
    }
  }

  private variable(name: string): unknown {
    for (let i = this.variables.length - 1; i >= 0; i--) if (this.variables[i]!.has(name)) return this.variables[i]!.get(name)
    throw new TemplateError(`undefined variable "${name}"`)
  }
}

function fieldPath(base: unknown, path: readonly string[]): unknown {
  let value = base
  for (const name of path) value = field(value, name)
  return value
}

/** A compiled template: parse once, run per line. */
export class Template {
  private readonly nodes: Node[]

  constructor(
    source: string,
    private readonly functions: Record<string, TemplateFunction>,
  ) {
    this.nodes = parseTemplate(source, functions)
  }

  execute(data: unknown): string {
    try {
      return new Execution(this.functions, data).run(this.nodes, data)
    } catch (error) {
      if (error instanceof TemplateError) throw error
      throw new TemplateError(error instanceof Error ? error.message : String(error))
    }
  }
}
