/**
 * Key bindings as data (k9s' KeyActions): each view declares its table, the global table
 * applies everywhere, and the footer hints and the help view are generated from the same
 * tables, so what the help says is what the keys do.
 */
import type {Key} from 'ink'

export type ActionId =
  | 'quit'
  | 'back'
  | 'help'
  | 'up'
  | 'down'
  | 'pageUp'
  | 'pageDown'
  | 'top'
  | 'bottom'
  | 'left'
  | 'right'
  | 'diagnose'
  | 'logs'
  | 'contexts'
  | 'namespaces'
  | 'allNamespaces'
  | 'capacity'
  | 'filter'
  | 'failingOnly'
  | 'sort'
  | 'refresh'
  | 'follow'
  | 'wrap'
  | 'command'
  | 'yaml'
  | 'nodePods'
  | 'xray'
  | 'trace'
  | 'previous'
  | 'timestamps'
  | 'since'
  | 'container'
  | 'grep'
  | 'save'

export interface Binding {
  /** Key names as keyNames() produces them: `j`, `G`, `up`, `enter`, `esc`, `ctrl+c`, `pgdn`, ... */
  keys: readonly string[]
  action: ActionId
  /** What the key does, for the help view. */
  help: string
  /** A one-word label for the footer; bindings without one are only in the help view. */
  hint?: string
}

export type ViewId = 'pods' | 'objects' | 'diagnosis' | 'logs' | 'yaml' | 'xray' | 'trace' | 'capacity' | 'help'

const moves: Binding[] = [
  {keys: ['k', 'up'], action: 'up', help: 'move up one line'},
  {keys: ['j', 'down'], action: 'down', help: 'move down one line'},
  {keys: ['pgup', 'ctrl+u', 'ctrl+b'], action: 'pageUp', help: 'one page up'},
  {keys: ['pgdn', 'ctrl+d', 'ctrl+f', 'space'], action: 'pageDown', help: 'one page down'},
  {keys: ['g', 'home'], action: 'top', help: 'to the top'},
]
const sideways: Binding[] = [
  {keys: ['w'], action: 'wrap', help: 'wrap long lines / cut them', hint: 'wrap'},
  {keys: ['h', 'left'], action: 'left', help: 'scroll left (when lines are cut)'},
  {keys: ['right'], action: 'right', help: 'scroll right (when lines are cut)'},
]
const back: Binding = {keys: ['esc', 'q'], action: 'back', help: 'back to the previous view', hint: 'back'}

/** Keys that work in every view (a view's own table wins when both bind a key). */
export const globalBindings: readonly Binding[] = [
  {keys: ['ctrl+c'], action: 'quit', help: 'quit'},
  {keys: ['?'], action: 'help', help: 'this help', hint: 'help'},
  {keys: ['c'], action: 'contexts', help: 'switch context (only the dash; your kubeconfig is not changed)', hint: 'ctx'},
  {keys: ['n'], action: 'namespaces', help: 'switch namespace (or all namespaces)', hint: 'ns'},
  {keys: ['a', '0'], action: 'allNamespaces', help: 'toggle all namespaces / the chosen namespace', hint: 'all-ns'},
  {keys: ['C'], action: 'capacity', help: 'cluster capacity: requests, limits and allocatable per node', hint: 'capacity'},
  {keys: [':'], action: 'command', help: 'open a kind: deploy, sts, ds, jobs, cj, nodes, svc, ing, pvc, ns, events, pods', hint: 'kind'},
]

export const viewBindings: Readonly<Record<ViewId, readonly Binding[]>> = {
  pods: [
    {keys: ['enter', 'd'], action: 'diagnose', help: 'diagnose the selected pod (root cause, evidence, remedy)', hint: 'diagnose'},
    {keys: ['l'], action: 'logs', help: "follow the selected pod's logs (every container)", hint: 'logs'},
    {keys: ['x'], action: 'xray', help: 'xray: the ConfigMaps, Secrets, PVCs and node the selected pod uses', hint: 'xray'},
    {keys: ['t'], action: 'trace', help: 'trace the selected pod live: its changes and events as they happen', hint: 'trace'},
    {keys: ['/'], action: 'filter', help: 'filter: text, /regex/, !inverse, -l key=value, -f fuzzy', hint: 'filter'},
    {keys: ['f'], action: 'failingOnly', help: 'show only failing pods / every pod', hint: 'failing'},
    {keys: ['s'], action: 'sort', help: 'sort by name, failing first, restarts, age', hint: 'sort'},
    {keys: ['r'], action: 'refresh', help: 'list the pods again (after the watch stopped on an error)'},
    {keys: ['esc'], action: 'back', help: 'clear the filter'},
    {keys: ['q'], action: 'quit', help: 'quit', hint: 'quit'},
    ...moves,
    {keys: ['G', 'end'], action: 'bottom', help: 'to the bottom'},
  ],
  objects: [
    back,
    {keys: ['enter', 'd'], action: 'diagnose', help: 'diagnose the selected object (kinds the diagnose core handles)', hint: 'diagnose'},
    {keys: ['y'], action: 'yaml', help: 'the selected object as YAML (read-only)', hint: 'yaml'},
    {keys: ['p'], action: 'nodePods', help: 'nodes: the pods on the selected node', hint: 'pods'},
    {keys: ['x'], action: 'xray', help: 'xray: what the selected object owns and uses, as a tree', hint: 'xray'},
    {keys: ['t'], action: 'trace', help: 'trace the selected object live: its changes and events', hint: 'trace'},
    {keys: ['r'], action: 'refresh', help: 'list again', hint: 'refresh'},
    ...moves,
    {keys: ['G', 'end'], action: 'bottom', help: 'to the bottom'},
  ],
  diagnosis: [
    back,
    {keys: ['l'], action: 'logs', help: "follow this pod's logs", hint: 'logs'},
    {keys: ['y'], action: 'yaml', help: 'the object as YAML (read-only)', hint: 'yaml'},
    {keys: ['r'], action: 'refresh', help: 'diagnose again', hint: 'again'},
    ...moves,
    {keys: ['G', 'end'], action: 'bottom', help: 'to the bottom'},
    ...sideways,
  ],
  logs: [
    back,
    {keys: ['f'], action: 'follow', help: 'follow new lines / pause (scrolling up pauses too)', hint: 'follow'},
    {keys: ['p'], action: 'previous', help: 'the previous run of the containers (after a restart) / the current one', hint: 'previous'},
    {keys: ['t'], action: 'timestamps', help: 'timestamps on / off', hint: 'time'},
    {keys: ['s'], action: 'since', help: 'how far back: 48h, 5m, 1h', hint: 'since'},
    {keys: ['o'], action: 'container', help: 'pick one container / all', hint: 'container'},
    {keys: ['/'], action: 'grep', help: 'only lines matching a regular expression (empty: all)', hint: 'grep'},
    {keys: ['S'], action: 'save', help: 'save the lines shown to a file (default ./<pod>.log)', hint: 'save'},
    {keys: ['d'], action: 'diagnose', help: 'diagnose this pod', hint: 'diagnose'},
    ...moves,
    {keys: ['G', 'end'], action: 'bottom', help: 'to the bottom, and follow again'},
    ...sideways,
  ],
  yaml: [back, ...moves, {keys: ['G', 'end'], action: 'bottom', help: 'to the bottom'}, ...sideways],
  xray: [back, {keys: ['r'], action: 'refresh', help: 'read the tree again', hint: 'refresh'}, ...moves, {keys: ['G', 'end'], action: 'bottom', help: 'to the bottom'}, ...sideways],
  trace: [back, {keys: ['f'], action: 'follow', help: 'follow new changes / pause', hint: 'follow'}, ...moves, {keys: ['G', 'end'], action: 'bottom', help: 'to the bottom, and follow again'}, ...sideways],
  capacity: [back, {keys: ['r'], action: 'refresh', help: 'read the cluster again', hint: 'refresh'}, ...moves, {keys: ['G', 'end'], action: 'bottom', help: 'to the bottom'}, ...sideways],
  help: [{keys: ['esc', 'q', '?'], action: 'back', help: 'close the help', hint: 'close'}, ...moves, {keys: ['G', 'end'], action: 'bottom', help: 'to the bottom'}],
}

/** The text-entry modes (filter, context and namespace choosers), for the help view. */
export const entryBindings: ReadonlyArray<{keys: string; help: string}> = [
  {keys: 'type', help: 'narrow the list (the filter applies as you type)'},
  {keys: 'up/down', help: 'move in a chooser'},
  {keys: 'enter', help: 'choose / keep the filter'},
  {keys: 'ctrl+f', help: 'namespace chooser: mark / unmark the namespace as a favourite (listed first)'},
  {keys: 'esc', help: 'cancel'},
  {keys: 'backspace', help: 'delete a character'},
]

export const viewTitles: Readonly<Record<ViewId, string>> = {
  pods: 'Pods',
  objects: 'Objects',
  yaml: 'YAML',
  xray: 'Xray',
  trace: 'Trace',
  diagnosis: 'Diagnosis',
  logs: 'Logs',
  capacity: 'Capacity',
  help: 'Help',
}

/** The action a key triggers in a view: the view's table first, then the global one. */
export function actionFor(view: ViewId, keyName: string): ActionId | undefined {
  return viewBindings[view].find((b) => b.keys.includes(keyName))?.action ?? globalBindings.find((b) => b.keys.includes(keyName))?.action
}

/** Footer hints for a view: `<key> label` for every binding that has a hint. */
export function hints(view: ViewId): Array<{key: string; label: string}> {
  const own = viewBindings[view].filter((b) => b.hint)
  const taken = new Set(own.flatMap((b) => b.keys))
  const global = globalBindings.filter((b) => b.hint && !b.keys.some((k) => taken.has(k)))
  return [...own, ...global].map((b) => ({key: b.keys[0]!, label: b.hint!}))
}

/**
 * The hints that fit a footer of `width` columns (`<key> label` and two spaces each), in their
 * order; `<?> help` is always among them, so every other key can be found.
 */
export function fitHints(all: ReadonlyArray<{key: string; label: string}>, width: number): Array<{key: string; label: string}> {
  const size = (h: {key: string; label: string}) => h.key.length + h.label.length + 5
  const help = all.find((h) => h.key === '?')
  let room = width - (help ? size(help) : 0)
  const out: Array<{key: string; label: string}> = []
  for (const hint of all) {
    if (hint === help) {
      out.push(hint)
      continue
    }
    if (size(hint) > room) continue
    out.push(hint)
    room -= size(hint)
  }
  return out
}

/** Width of the keys column in the help view. */
export const helpKeyWidth = 28

/** The help view's text: one section per view and the global keys, from the tables above. */
export function helpLines(): string[] {
  const lines: string[] = []
  const section = (title: string, bindings: readonly Binding[]) => {
    lines.push(title)
    for (const b of bindings) lines.push(`  ${b.keys.join(', ').padEnd(helpKeyWidth)} ${b.help}`)
    lines.push('')
  }
  section('Everywhere', globalBindings)
  for (const view of ['pods', 'objects', 'diagnosis', 'logs', 'yaml', 'xray', 'trace', 'capacity'] as const) section(viewTitles[view], viewBindings[view])
  lines.push('Filter and choosers')
  for (const b of entryBindings) lines.push(`  ${b.keys.padEnd(helpKeyWidth)} ${b.help}`)
  return lines
}

/**
 * The key names of one useInput call. ink hands over a whole run of typed characters at once
 * (a paste, or keys sent faster than it reads), so plain text becomes one name per character.
 */
export function keyNames(input: string, key: Key): string[] {
  if (key.upArrow) return ['up']
  if (key.downArrow) return ['down']
  if (key.leftArrow) return ['left']
  if (key.rightArrow) return ['right']
  if (key.pageUp) return ['pgup']
  if (key.pageDown) return ['pgdn']
  if (key.home) return ['home']
  if (key.end) return ['end']
  if (key.return) return ['enter']
  if (key.escape) return ['esc']
  if (key.tab) return ['tab']
  if (key.backspace || key.delete) return ['backspace']
  if (key.ctrl && input.length === 1) return [`ctrl+${input.toLowerCase()}`]
  // Esc then a key, typed fast, arrives as one "meta+key" sequence: take it as the two keys.
  if (key.meta) return /^[a-zA-Z0-9]$/.test(input) ? ['esc', input] : []
  return [...input].flatMap(charName)
}

/**
 * One character of a typed run. Backspaces typed fast arrive as a run of DEL (or BS)
 * characters that ink does not mark as a key: each is a backspace. Other control characters
 * are never text.
 */
function charName(char: string): string[] {
  if (char === ' ') return ['space']
  if (char === '\r' || char === '\n') return ['enter']
  if (char === '\u007F' || char === '\b') return ['backspace']
  if (char === '\t') return ['tab']
  // eslint-disable-next-line no-control-regex
  if (/^[\u0000-\u001F\u0080-\u009F]$/.test(char)) return []
  return [char]
}
