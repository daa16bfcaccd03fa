import {isMap, isScalar, isSeq, parseDocument, stringify, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq} from 'yaml'
import {CtxError} from './errors.js'
import {encodeScalar, type ScalarStyle} from './scalar.js'

/**
 * Byte-preserving kubeconfig edits. Each function parses the file with the `yaml` package
 * (which records every node's source range), works out the smallest splice that makes the
 * change, and applies it to the original text: comments, key order, quoting and indentation
 * elsewhere stay byte for byte. Callers re-parse the result and compare it to the intended
 * data before writing (see store.ts), so a splice that went wrong never reaches the disk.
 */

interface Splice {
  start: number
  end: number
  text: string
}

function applySplices(text: string, splices: Splice[]): string {
  let result = text
  for (const splice of [...splices].sort((a, b) => b.start - a.start)) {
    result = result.slice(0, splice.start) + splice.text + result.slice(splice.end)
  }
  return result
}

function parse(text: string, path: string): Document {
  const doc = parseDocument(text, {keepSourceTokens: false, uniqueKeys: false})
  const error = doc.errors[0]
  if (error) {
    const line = error.linePos?.[0]?.line
    throw new CtxError(`malformed kubeconfig ${path}${line ? ` line ${line}` : ''}: ${error.message.split('\n')[0]}`)
  }
  if (doc.contents !== null && !isMap(doc.contents)) throw new CtxError(`malformed kubeconfig ${path}: the top level must be a mapping`)
  return doc
}

function styleOf(node: Node | null | undefined): ScalarStyle {
  if (isScalar(node)) {
    if (node.type === 'QUOTE_DOUBLE') return 'double'
    if (node.type === 'QUOTE_SINGLE') return 'single'
  }
  return 'plain'
}

function rangeOf(node: Node): [number, number, number] {
  const range = node.range
  if (!range) throw new CtxError('internal error: a kubeconfig node has no source position')
  return range
}

function lineStartBefore(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1
}

/** Offset just past the end of the line that contains `offset - 1` (for a range end). */
function afterLineOf(text: string, end: number): number {
  if (end > 0 && text[end - 1] === '\n') return end
  const newline = text.indexOf('\n', end)
  return newline === -1 ? text.length : newline + 1
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => isScalar(pair.key) && pair.key.value === key) as Pair | undefined
}

/** A splice setting the value of `pair` (a scalar or null value) to the string `value`. */
function setPairScalar(text: string, pair: Pair, value: string): Splice {
  const node = pair.value as Node | null
  if (node && !isScalar(node)) throw new CtxError('cannot edit this kubeconfig in place: expected a plain value')
  const encoded = encodeScalar(value, styleOf(node))
  if (!node || node.range === undefined || node.range === null || (isScalar(node) && (node.value === null || node.value === undefined) && rangeOf(node)[0] === rangeOf(node)[1])) {
    // `key:` with nothing after it: put the value right after the colon.
    const keyEnd = rangeOf(pair.key as Node)[1]
    const colon = text.indexOf(':', keyEnd)
    return {start: colon + 1, end: colon + 1, text: ` ${encoded}`}
  }
  const [start, end] = rangeOf(node)
  return {start, end, text: encoded}
}

/** A splice adding `key: value` to `map` (block or flow), after its last entry. */
function addPair(text: string, map: YAMLMap, key: string, value: string): Splice {
  const encoded = `${key}: ${encodeScalar(value)}`
  if (map.flow) {
    const [, end] = rangeOf(map)
    const close = text.lastIndexOf('}', end)
    return {start: close, end: close, text: map.items.length > 0 ? `, ${encoded}` : encoded}
  }
  const first = map.items[0]
  if (!first) throw new CtxError('cannot edit this kubeconfig in place: an empty block mapping')
  const firstKeyStart = rangeOf(first.key as Node)[0]
  const indent = firstKeyStart - lineStartBefore(text, firstKeyStart)
  const last = map.items[map.items.length - 1]!
  const lastEnd = last.value ? rangeOf(last.value as Node)[1] : rangeOf(last.key as Node)[1]
  const at = afterLineOf(text, lastEnd)
  const newline = at === text.length && !text.endsWith('\n') ? '\n' : ''
  return {start: at, end: at, text: `${newline}${' '.repeat(indent)}${encoded}\n`}
}

function topLevel(doc: Document): YAMLMap | undefined {
  return isMap(doc.contents) ? doc.contents : undefined
}

function contextItems(doc: Document, path: string): {seq: YAMLSeq | undefined; items: YAMLMap[]} {
  const root = topLevel(doc)
  const value = root ? pairOf(root, 'contexts')?.value : undefined
  if (value === undefined || value === null || (isScalar(value) && value.value === null)) return {seq: undefined, items: []}
  if (!isSeq(value)) throw new CtxError(`malformed kubeconfig ${path}: "contexts" must be a list`)
  return {seq: value, items: value.items.filter((item): item is YAMLMap => isMap(item))}
}

function findNamed(items: YAMLMap[], name: string): YAMLMap | undefined {
  return items.find((item) => {
    const pair = pairOf(item, 'name')
    return isScalar(pair?.value) && String(pair.value.value) === name
  })
}

/** Sets (or clears, with '') the top-level current-context. */
export function setCurrentContextInText(text: string, value: string, path: string): string {
  const doc = parse(text, path)
  const root = topLevel(doc)
  const pair = root ? pairOf(root, 'current-context') : undefined
  if (pair) return applySplices(text, [setPairScalar(text, pair, value)])
  if (root && !root.flow && root.items.length > 0) {
    const separator = text.endsWith('\n') || text === '' ? '' : '\n'
    return `${text}${separator}current-context: ${value === '' ? '""' : encodeScalar(value)}\n`
  }
  if (root?.flow) return applySplices(text, [addPair(text, root, 'current-context', value)])
  return `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}current-context: ${value === '' ? '""' : encodeScalar(value)}\n`
}

/** Sets the namespace of context `name` (defined in this file). */
export function setContextNamespaceInText(text: string, name: string, namespace: string, path: string): string {
  const doc = parse(text, path)
  const item = findNamed(contextItems(doc, path).items, name)
  if (!item) throw new CtxError(`context "${name}" is not defined in ${path}`)
  const contextPair = pairOf(item, 'context')
  const context = contextPair?.value
  if (isMap(context) && context.items.length > 0) {
    const nsPair = pairOf(context, 'namespace')
    return applySplices(text, [nsPair ? setPairScalar(text, nsPair, namespace) : addPair(text, context, 'namespace', namespace)])
  }
  const flowValue = `{namespace: ${encodeScalar(namespace)}}`
  if (contextPair) {
    const node = contextPair.value as Node | null
    if (node && node.range && rangeOf(node)[0] !== rangeOf(node)[1]) {
      const [start, end] = rangeOf(node)
      return applySplices(text, [{start, end, text: flowValue}])
    }
    const colon = text.indexOf(':', rangeOf(contextPair.key as Node)[1])
    return applySplices(text, [{start: colon + 1, end: colon + 1, text: ` ${flowValue}`}])
  }
  const adding = addPair(text, item, 'context', 'x')
  return applySplices(text, [{...adding, text: adding.text.replace(/context: x/, `context: ${flowValue}`)}])
}

/** Renames the context entry `from` to `to` (only the name; current-context is the caller's). */
export function renameContextInText(text: string, from: string, to: string, path: string): string {
  const doc = parse(text, path)
  const item = findNamed(contextItems(doc, path).items, from)
  if (!item) throw new CtxError(`context "${from}" is not defined in ${path}`)
  return applySplices(text, [setPairScalar(text, pairOf(item, 'name')!, to)])
}

/** Removes the context entry `name` (its cluster and user stay, as with kubectx -d). */
export function deleteContextInText(text: string, name: string, path: string): string {
  const doc = parse(text, path)
  const {seq, items} = contextItems(doc, path)
  const item = findNamed(items, name)
  if (!seq || !item) throw new CtxError(`context "${name}" is not defined in ${path}`)
  if (seq.flow) throw new CtxError(`cannot edit ${path} in place: its contexts list is in flow style [...]; rewrite it as a block list`)
  const index = seq.items.indexOf(item)
  const dashOf = (node: Node) => text.lastIndexOf('-', rangeOf(node)[0])
  const start = lineStartBefore(text, dashOf(item))
  const next = seq.items[index + 1] as Node | undefined
  if (next) return applySplices(text, [{start, end: lineStartBefore(text, dashOf(next)), text: ''}])
  const end = afterLineOf(text, rangeOf(item)[1])
  if (seq.items.length === 1) {
    // The last one: leave `contexts: []` rather than an empty (null) key.
    const root = topLevel(doc)!
    const keyEnd = rangeOf(pairOf(root, 'contexts')!.key as Node)[1]
    const colon = text.indexOf(':', keyEnd)
    return applySplices(text, [
      {start, end, text: ''},
      {start: colon + 1, end: colon + 1, text: ' []'},
    ])
  }
  return applySplices(text, [{start, end, text: ''}])
}

export type ListKey = 'clusters' | 'users' | 'contexts'

/** Appends entries to the clusters/users/contexts lists, creating a list where there is none. */
export function appendEntriesInText(text: string, additions: Partial<Record<ListKey, unknown[]>>, path: string): string {
  let result = text
  for (const key of ['clusters', 'contexts', 'users'] as const) {
    const entries = additions[key]
    if (!entries || entries.length === 0) continue
    const doc = parse(result, path)
    const root = topLevel(doc)
    const pair = root ? pairOf(root, key) : undefined
    const value = pair?.value as Node | null | undefined
    const block = (indent: number) =>
      stringify(entries, {indent: 2, lineWidth: 0, indentSeq: true, sortMapEntries: true})
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => ' '.repeat(indent) + line)
        .join('\n') + '\n'
    if (isSeq(value) && value.items.length > 0) {
      if (value.flow) throw new CtxError(`cannot edit ${path} in place: its ${key} list is in flow style [...]; rewrite it as a block list`)
      const firstStart = rangeOf(value.items[0] as Node)[0]
      const dash = result.lastIndexOf('-', firstStart) === -1 ? firstStart : result.lastIndexOf('-', firstStart)
      const indent = dash - lineStartBefore(result, dash)
      const at = afterLineOf(result, rangeOf(value.items[value.items.length - 1] as Node)[1])
      const newline = at === result.length && !result.endsWith('\n') ? '\n' : ''
      result = applySplices(result, [{start: at, end: at, text: newline + block(indent)}])
    } else if (pair) {
      const keyEnd = rangeOf(pair.key as Node)[1]
      const colon = result.indexOf(':', keyEnd)
      const valueEnd = value && value.range ? rangeOf(value)[1] : colon + 1
      const lineEnd = afterLineOf(result, Math.max(valueEnd, colon + 1))
      const comment = result.slice(Math.max(valueEnd, colon + 1), lineEnd).replace(/\r?\n$/, '')
      const keyIndent = rangeOf(pair.key as Node)[0] - lineStartBefore(result, rangeOf(pair.key as Node)[0])
      result = applySplices(result, [{start: colon + 1, end: lineEnd, text: `${comment.trimEnd()}\n${block(keyIndent)}`}])
    } else {
      const separator = result === '' || result.endsWith('\n') ? '' : '\n'
      result = `${result}${separator}${key}:\n${block(0)}`
    }
  }
  return result
}

/** A new kubeconfig file's text, in kubectl's layout (sorted keys, 2-space indent). */
export function newKubeconfigText(data: Record<string, unknown>): string {
  return stringify(data, {indent: 2, lineWidth: 0, indentSeq: false, sortMapEntries: true})
}
