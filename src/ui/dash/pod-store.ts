/**
 * The live pod list, kept outside React: watch events update a map of rows, and listeners
 * hear about it at most once per interval, so a burst of thousands of events costs one render.
 * Views ask for a sorted, filtered array (memoised per version of the data and the query).
 */
import {compileFilter} from './pod-filter.js'
import {isFailing, podRow, type PodObject, type PodRow} from './pod-rows.js'

export type SortMode = 'name' | 'failing' | 'restarts' | 'age'
export const sortModes: readonly SortMode[] = ['name', 'failing', 'restarts', 'age']

export interface RowQuery {
  /** A filter form (pod-filter.ts): text, /regex/, !inverse, -l selector, -f fuzzy. */
  filter: string
  /** Only the pods on this node. */
  node?: string | undefined
  failingOnly: boolean
  sort: SortMode
  now: number
}

export interface PodListView {
  rows: readonly PodRow[]
  /** Pods in the store, before the filter. */
  total: number
  /** Failing pods in the store, before the filter. */
  failing: number
  /** What is wrong with the filter text (it then matches as plain text). */
  filterError?: string | undefined
}

type Listener = () => void

export class PodStore {
  private rows = new Map<string, PodRow>()
  /** The rows of a re-list in progress (page by page); swapped in at its end. */
  private incoming: Map<string, PodRow> | undefined
  private readonly listeners = new Set<Listener>()
  private timer: NodeJS.Timeout | undefined
  private pending = false
  private lastNotified = 0
  private memo: {version: number; query: RowQuery; view: PodListView} | undefined
  /** Bumped on every change; views re-read when it moves. */
  version = 0
  /** False until the first full list arrived (so the view can say "loading"). */
  synced = false

  constructor(
    private readonly intervalMs = 100,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * A full state (a list, or a re-list after 410 or a reconnect) begins. Its pages become rows
   * as they arrive (each page can then be dropped); the rows shown until now stay until endSync,
   * which replaces everything, so a pod deleted while the watch was away goes at once. A list
   * that fails part-way never ends: the next beginSync starts over.
   */
  beginSync(): void {
    this.incoming = new Map()
  }

  /** One page of the list in progress, kept only as rows. */
  addPage(pods: readonly PodObject[]): void {
    const incoming = (this.incoming ??= new Map())
    const now = this.clock()
    for (const pod of pods) {
      const row = podRow(pod, now)
      incoming.set(row.key, row)
    }
  }

  /** The list is complete: its rows replace the shown ones. */
  endSync(): void {
    this.rows = this.incoming ?? new Map()
    this.incoming = undefined
    this.synced = true
    this.changed()
  }

  /** A whole list at once (beginSync, one page, endSync). */
  replace(pods: readonly PodObject[]): void {
    this.beginSync()
    this.addPage(pods)
    this.endSync()
  }

  /** Rows of a re-list not yet complete (0 when none is in progress). */
  get pendingSize(): number {
    return this.incoming?.size ?? 0
  }

  apply(type: 'ADDED' | 'MODIFIED' | 'DELETED', pod: PodObject): void {
    const row = podRow(pod, this.clock())
    if (type === 'DELETED') this.rows.delete(row.key)
    else this.rows.set(row.key, row)
    this.changed()
  }

  /** Forgets everything (a new context or namespace is being listed). */
  reset(): void {
    this.rows = new Map()
    this.incoming = undefined
    this.synced = false
    this.changed()
  }

  get size(): number {
    return this.rows.size
  }

  get(key: string): PodRow | undefined {
    return this.rows.get(key)
  }

  /** Every row listed (unfiltered, in no order). */
  all(): IterableIterator<PodRow> {
    return this.rows.values()
  }

  /** The rows to show, sorted and filtered; the same array until data or query change. */
  view(query: RowQuery): PodListView {
    const memo = this.memo
    if (memo && memo.version === this.version && sameQuery(memo.query, query)) return memo.view
    const all = [...this.rows.values()]
    let failing = 0
    const failingKeys = new Set<string>()
    for (const row of all) {
      if (isFailing(row, query.now)) {
        failing++
        failingKeys.add(row.key)
      }
    }
    const filter = compileFilter(query.filter)
    const rows = filter.select(all.filter((row) => (!query.failingOnly || failingKeys.has(row.key)) && (query.node === undefined || row.node === query.node)))
    // Fuzzy matches stay best first; everything else takes the list's sort.
    if (!filter.ranked) rows.sort(comparator(query.sort, failingKeys))
    const view = {rows, total: all.length, failing, filterError: filter.error}
    this.memo = {version: this.version, query, view}
    return view
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Stops the pending notification timer. */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    this.listeners.clear()
  }

  private changed(): void {
    this.version++
    if (this.pending) return
    const wait = Math.max(0, this.lastNotified + this.intervalMs - Date.now())
    this.pending = true
    this.timer = setTimeout(() => {
      this.pending = false
      this.timer = undefined
      this.lastNotified = Date.now()
      for (const listener of this.listeners) listener()
    }, wait)
  }
}

function sameQuery(a: RowQuery, b: RowQuery): boolean {
  // Ages move with the clock, but the order and the failing set only on data changes or every few seconds.
  return a.filter === b.filter && a.node === b.node && a.failingOnly === b.failingOnly && a.sort === b.sort && a.now === b.now
}

const byName = (a: PodRow, b: PodRow) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

function comparator(sort: SortMode, failingKeys: ReadonlySet<string>): (a: PodRow, b: PodRow) => number {
  switch (sort) {
    case 'name':
      return byName
    case 'failing':
      return (a, b) => Number(failingKeys.has(b.key)) - Number(failingKeys.has(a.key)) || byName(a, b)
    case 'restarts':
      return (a, b) => b.restarts - a.restarts || byName(a, b)
    case 'age':
      // Newest first, as k9s sorts by age.
      return (a, b) => (Number.isFinite(b.createdAt) ? b.createdAt : 0) - (Number.isFinite(a.createdAt) ? a.createdAt : 0) || byName(a, b)
  }
}
