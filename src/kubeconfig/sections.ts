import {load as loadYaml, YAMLException} from 'js-yaml'
import {KubeconfigError, kubeconfigSchema, type KubeconfigData} from './files.js'

/**
 * Reads only some top-level keys of a kubeconfig (`contexts`, `current-context`) without
 * parsing the rest: clusters and users hold the CA data and tokens, which are most of the
 * bytes (about 95% of a 1,000-context file), and the list/switch/prompt hot paths never look
 * at them. A block-mapping kubeconfig (which is what kubectl writes) starts every top-level
 * key at column 0 and nothing else there except comments and sequence items, so each key's
 * section is the text up to the next column-0 key. Each section is parsed by js-yaml with
 * its line numbers kept. Anything unusual (flow or JSON root, anchors, aliases, tags,
 * several documents, a key twice) returns undefined and the caller parses the whole file.
 */
export function readTopLevelSections(text: string, path: string, keys: readonly string[]): KubeconfigData | undefined {
  // Anchors, aliases and tags can tie sections together; base64 data never has these characters.
  if ((text.includes('&') || text.includes('*') || text.includes('!')) && /(?:^|[\s:,[{-])[&*!][^\s]/.test(text)) return undefined
  const starts: Array<{key: string; offset: number; line: number}> = []
  let seenContent = false
  // Only lines that start in column 0 with something other than a space, comment or "-".
  const columnZero = /^[^\s#-].*|^(?:---|\.\.\.)(?=[ \t\r]|$).*/gm
  let lineCount = 0
  let counted = 0
  for (let match = columnZero.exec(text); match; match = columnZero.exec(text)) {
    const lineText = match[0]
    const offset = match.index
    if (lineText.startsWith('---') || lineText.startsWith('...')) {
      if (seenContent && (lineText.startsWith('---') || lineText.startsWith('...'))) return undefined // a second document
      continue
    }
    const key = /^([A-Za-z_][\w.-]*|"[\w.-]+"|'[\w.-]+')[ \t]*:(?:[ \t]|\r?$)/.exec(lineText)
    if (!key) return undefined
    const name = key[1]!.replace(/^["']|["']$/g, '')
    if (keys.includes(name)) {
      // Line numbers only for the sections that will be parsed.
      for (let i = text.indexOf('\n', counted); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
        lineCount++
        counted = i + 1
      }
    }
    starts.push({key: name, offset, line: lineCount})
    seenContent = true
  }
  const data: KubeconfigData = {}
  const found = new Set<string>()
  for (const [i, start] of starts.entries()) {
    if (found.has(start.key)) return undefined
    found.add(start.key)
    if (!keys.includes(start.key)) continue
    const section = text.slice(start.offset, starts[i + 1]?.offset ?? text.length)
    let parsed: unknown
    try {
      parsed = loadYaml('\n'.repeat(start.line) + section, {filename: path, schema: kubeconfigSchema})
    } catch (error) {
      if (error instanceof YAMLException) {
        const where = error.mark ? ` line ${error.mark.line + 1}` : ''
        throw new KubeconfigError(`malformed kubeconfig ${path}${where}: ${error.reason}`, path)
      }
      throw error
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined
    Object.assign(data, parsed)
  }
  return data
}
