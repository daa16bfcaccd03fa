import {isAlias, isMap, isScalar, isSeq, parseAllDocuments, parseDocument, stringify, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq} from 'yaml'
import {CannotEditInPlace, CtxError} from './errors.js'
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
  // kubectl reads the first document of a file that holds several; so is it edited.
  const docs = parseAllDocuments(text, {keepSourceTokens: false, uniqueKeys: false})
  const doc = Array.isArray(docs) ? (docs[0] ?? parseDocument('')) : parseDocument(text)
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
  if (!range) throw new CannotEditInPlace('a value has no position in the text')
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

/** True for a scalar written as a block (`|` or `>`). */
function isBlockScalar(node: Node | null | undefined): boolean {
  return isScalar(node) && (node.type === 'BLOCK_FOLDED' || node.type === 'BLOCK_LITERAL')
}

/**
 * A splice setting the value of `pair` (a scalar, an alias or null value) to the string
 * `value`. A block scalar's range ends with its last line break, which the new value keeps;
 * an alias is replaced by the value itself (the anchor's other uses are untouched).
 */
function setPairScalar(text: string, pair: Pair, value: string): Splice {
  const node = pair.value as Node | null
  if (node && !isScalar(node) && !isAlias(node)) throw new CannotEditInPlace('the value to change is a mapping or a list, not a single value')
  const encoded = encodeScalar(value, isBlockScalar(node) ? 'plain' : styleOf(node))
  if (!node || node.range === undefined || node.range === null || (isScalar(node) && (node.value === null || node.value === undefined) && rangeOf(node)[0] === rangeOf(node)[1])) {
    // `key:` with nothing after it: put the value right after the colon.
    const keyEnd = rangeOf(pair.key as Node)[1]
    const colon = text.indexOf(':', keyEnd)
    return {start: colon + 1, end: colon + 1, text: ` ${encoded}`}
  }
  const [start, end] = rangeOf(node)
  const lineBreak = isBlockScalar(node) && text[end - 1] === '\n' ? '\n' : ''
  return {start, end, text: encoded + lineBreak}
}

/** A map written JSON-style (`{"key": ...}`) gets JSON-style additions. */
function isJsonStyle(map: YAMLMap): boolean {
  const key = map.items[0]?.key
  return isScalar(key) && key.type === 'QUOTE_DOUBLE'
}

/** A splice adding `key: value` to `map` (block or flow), after its last entry. */
function addPair(text: string, map: YAMLMap, key: string, value: string): Splice {
  const json = map.flow === true && isJsonStyle(map)
  return addRawPair(text, map, key, json ? JSON.stringify(value) : encodeScalar(value))
}

/** A splice adding `key: <raw source>` to `map` (block or flow), after its last entry. */
function addRawPair(text: string, map: YAMLMap, key: string, raw: string): Splice {
  if (map.flow) {
    const encoded = isJsonStyle(map) ? `${JSON.stringify(key)}: ${raw}` : `${key}: ${raw}`
    const [, end] = rangeOf(map)
    // The range ends just past the closing brace (which may be followed by an outer one).
    const close = text.lastIndexOf('}', end - 1)
    return {start: close, end: close, text: map.items.length > 0 ? `, ${encoded}` : encoded}
  }
  const first = map.items[0]
  if (!first) throw new CannotEditInPlace('an empty block mapping')
  const firstKeyStart = rangeOf(first.key as Node)[0]
  const indent = firstKeyStart - lineStartBefore(text, firstKeyStart)
  const last = map.items[map.items.length - 1]!
  const lastEnd = last.value ? rangeOf(last.value as Node)[1] : rangeOf(last.key as Node)[1]
  const at = afterLineOf(text, lastEnd)
  const newline = at === text.length && !text.endsWith('\n') ? '\n' : ''
  return {start: at, end: at, text: `${newline}${' '.repeat(indent)}${key}: ${raw}\n`}
}

function topLevel(doc: Document): YAMLMap | undefined {
  return isMap(doc.contents) ? doc.contents : undefined
}

function contextItems(doc: Document, path: string): {seq: YAMLSeq | undefined; items: Array<YAMLMap | Node>} {
  const root = topLevel(doc)
  const value = root ? pairOf(root, 'contexts')?.value : undefined
  if (value === undefined || value === null || (isScalar(value) && value.value === null)) return {seq: undefined, items: []}
  if (!isSeq(value)) throw new CtxError(`malformed kubeconfig ${path}: "contexts" must be a list`)
  return {seq: value, items: value.items.filter((item): item is YAMLMap | Node => isMap(item) || isAlias(item))}
}

function nameOf(doc: Document, map: YAMLMap): string | undefined {
  let value = pairOf(map, 'name')?.value as Node | null | undefined
  if (isAlias(value)) value = value.resolve(doc) as Node | undefined
  return isScalar(value) && value.value !== null ? String(value.value) : undefined
}

/** The entry named `name`; one that is an alias of another entry (`- *prod`) cannot be edited alone. */
function findNamed(doc: Document, items: Array<YAMLMap | Node>, name: string): YAMLMap | undefined {
  for (const item of items) {
    if (isMap(item) && nameOf(doc, item) === name) return item
    if (isAlias(item)) {
      const target = item.resolve(doc)
      if (isMap(target) && nameOf(doc, target) === name) {
        throw new CannotEditInPlace(`context "${name}" is written as an alias (${item.toString()}) of another entry`)
      }
    }
  }
  return undefined
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

/** `context: {namespace: ns}` written in the style of the entry it goes into. */
function namespaceMap(namespace: string, json: boolean): string {
  return json ? `{"namespace": ${JSON.stringify(namespace)}}` : `{namespace: ${encodeScalar(namespace)}}`
}

/** Sets the namespace of context `name` (defined in this file). */
export function setContextNamespaceInText(text: string, name: string, namespace: string, path: string): string {
  const doc = parse(text, path)
  const item = findNamed(doc, contextItems(doc, path).items, name)
  if (!item) throw new CtxError(`context "${name}" is not defined in ${path}`)
  const json = item.flow === true && isJsonStyle(item)
  const contextPair = pairOf(item, 'context')
  const context = contextPair?.value
  if (isAlias(context)) {
    // `context: *base`: keep what it refers to and set the namespace over it with a merge key,
    // which kubectl resolves (the anchor and its other uses stay as they are).
    const [start, end] = rangeOf(context)
    const entry = json ? `"namespace": ${JSON.stringify(namespace)}` : `namespace: ${encodeScalar(namespace)}`
    return applySplices(text, [{start, end, text: `{<<: ${text.slice(start, end)}, ${entry}}`}])
  }
  if (isMap(context) && context.items.length > 0) {
    const nsPair = pairOf(context, 'namespace')
    return applySplices(text, [nsPair ? setPairScalar(text, nsPair, namespace) : addPair(text, context, 'namespace', namespace)])
  }
  if (context !== undefined && context !== null && !isMap(context) && !(isScalar(context) && context.value === null)) {
    throw new CannotEditInPlace(`context "${name}" has a "context" value that is not a mapping`)
  }
  const flowValue = namespaceMap(namespace, json)
  if (contextPair) {
    const node = contextPair.value as Node | null
    if (node && node.range && rangeOf(node)[0] !== rangeOf(node)[1]) {
      const [start, end] = rangeOf(node)
      return applySplices(text, [{start, end, text: flowValue}])
    }
    const colon = text.indexOf(':', rangeOf(contextPair.key as Node)[1])
    return applySplices(text, [{start: colon + 1, end: colon + 1, text: ` ${flowValue}`}])
  }
  return applySplices(text, [addRawPair(text, item, 'context', flowValue)])
}

/** Renames the context entry `from` to `to` (only the name; current-context is the caller's). */
export function renameContextInText(text: string, from: string, to: string, path: string): string {
  const doc = parse(text, path)
  const item = findNamed(doc, contextItems(doc, path).items, from)
  if (!item) throw new CtxError(`context "${from}" is not defined in ${path}`)
  return applySplices(text, [setPairScalar(text, pairOf(item, 'name')!, to)])
}

/**
 * Where the comments directly above `lineStart` begin: comment-only lines with no blank line
 * between them and it. Such comments belong to the entry below them, and go with it.
 */
function commentsAbove(text: string, lineStart: number): number {
  let start = lineStart
  while (start > 0) {
    const previous = lineStartBefore(text, start - 1)
    if (!/^[ \t]*#/.test(text.slice(previous, start - 1))) break
    start = previous
  }
  return start
}

/** Removes item `index` of a flow list `[a, b, c]` with the comma that joins it to a neighbour. */
function removeFlowItem(seq: YAMLSeq, index: number): Splice {
  const [start, end] = rangeOf(seq.items[index] as Node)
  if (seq.items.length === 1) return {start, end, text: ''}
  if (index < seq.items.length - 1) return {start, end: rangeOf(seq.items[index + 1] as Node)[0], text: ''}
  return {start: rangeOf(seq.items[index - 1] as Node)[1], end, text: ''}
}

/** Removes the context entry `name` (its cluster and user stay, as with kubectx -d), with the comments above it. */
export function deleteContextInText(text: string, name: string, path: string): string {
  const doc = parse(text, path)
  const {seq, items} = contextItems(doc, path)
  const item = findNamed(doc, items, name)
  if (!seq || !item) throw new CtxError(`context "${name}" is not defined in ${path}`)
  const index = seq.items.indexOf(item)
  if (seq.flow) return applySplices(text, [removeFlowItem(seq, index)])
  const dashOf = (node: Node) => text.lastIndexOf('-', rangeOf(node)[0])
  const start = commentsAbove(text, lineStartBefore(text, dashOf(item)))
  // Up to the end of the entry's last line: blank lines and the next entry's comments stay.
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

/** Entries as a block list at `indent` (kubectl's layout: sorted keys, 2-space indent). */
function blockList(entries: unknown[], indent: number): string {
  return (
    stringify(entries, {indent: 2, lineWidth: 0, indentSeq: true, sortMapEntries: true})
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => ' '.repeat(indent) + line)
      .join('\n') + '\n'
  )
}

/** Entries appended inside a flow list `[...]`, as JSON (which is YAML flow style too). */
function appendToFlowList(text: string, seq: YAMLSeq, entries: unknown[]): Splice {
  const close = text.lastIndexOf(']', rangeOf(seq)[1] - 1)
  const json = entries.map((entry) => JSON.stringify(entry)).join(', ')
  return {start: close, end: close, text: seq.items.length > 0 ? `, ${json}` : json}
}

function appendToBlockList(text: string, seq: YAMLSeq, entries: unknown[]): Splice {
  const firstStart = rangeOf(seq.items[0] as Node)[0]
  const dash = text.lastIndexOf('-', firstStart) === -1 ? firstStart : text.lastIndexOf('-', firstStart)
  const indent = dash - lineStartBefore(text, dash)
  const at = afterLineOf(text, rangeOf(seq.items[seq.items.length - 1] as Node)[1])
  const newline = at === text.length && !text.endsWith('\n') ? '\n' : ''
  return {start: at, end: at, text: newline + blockList(entries, indent)}
}

/** `key:` (null, or an empty list) becomes `key:` followed by a block list; a comment on the line stays. */
function replaceWithBlockList(text: string, pair: Pair, entries: unknown[]): Splice {
  const value = pair.value as Node | null | undefined
  const keyEnd = rangeOf(pair.key as Node)[1]
  const colon = text.indexOf(':', keyEnd)
  const valueEnd = value && value.range ? rangeOf(value)[1] : colon + 1
  const lineEnd = afterLineOf(text, Math.max(valueEnd, colon + 1))
  const comment = text.slice(Math.max(valueEnd, colon + 1), lineEnd).replace(/\r?\n$/, '')
  const keyIndent = rangeOf(pair.key as Node)[0] - lineStartBefore(text, rangeOf(pair.key as Node)[0])
  return {start: colon + 1, end: lineEnd, text: `${comment.trimEnd()}\n${blockList(entries, keyIndent)}`}
}

function appendEntries(text: string, doc: Document, key: ListKey, entries: unknown[]): string {
  const root = topLevel(doc)
  const pair = root ? pairOf(root, key) : undefined
  const value = pair?.value as Node | null | undefined
  if (isSeq(value) && value.flow) return applySplices(text, [appendToFlowList(text, value, entries)])
  if (isSeq(value) && value.items.length > 0) return applySplices(text, [appendToBlockList(text, value, entries)])
  if (root?.flow) {
    const json = JSON.stringify(entries)
    if (pair && value && value.range) return applySplices(text, [{start: rangeOf(value)[0], end: rangeOf(value)[1], text: json}])
    if (!pair) return applySplices(text, [addRawPair(text, root, key, json)])
    throw new CannotEditInPlace(`"${key}" has no value to replace`)
  }
  if (pair) return applySplices(text, [replaceWithBlockList(text, pair, entries)])
  const separator = text === '' || text.endsWith('\n') ? '' : '\n'
  return `${text}${separator}${key}:\n${blockList(entries, 0)}`
}

/** Appends entries to the clusters/users/contexts lists, creating a list where there is none. */
export function appendEntriesInText(text: string, additions: Partial<Record<ListKey, unknown[]>>, path: string): string {
  let result = text
  for (const key of ['clusters', 'contexts', 'users'] as const) {
    const entries = additions[key]
    if (!entries || entries.length === 0) continue
    result = appendEntries(result, parse(result, path), key, entries)
  }
  return result
}

/** A new kubeconfig file's text, in kubectl's layout (sorted keys, 2-space indent). */
export function newKubeconfigText(data: Record<string, unknown>): string {
  return stringify(data, {indent: 2, lineWidth: 0, indentSeq: false, sortMapEntries: true})
}
