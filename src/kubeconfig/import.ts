import {existsSync, mkdirSync} from 'node:fs'
import {dirname, resolve} from 'node:path'
import type {CtxRun} from './ctx-run.js'
import {CtxError} from './errors.js'
import {defaultKubeconfigPath, mergeKubeconfigs, type KubeconfigData} from './files.js'
import {writeFileAtomic} from './atomic-write.js'
import {acquireLocks} from './lock.js'
import {loadKubeconfig, sameData, transact} from './store.js'
import {kubeconfigPaths} from './files.js'

type Kind = 'cluster' | 'user' | 'context'

/** What an import does: the entries to add (renamed where needed) and what was renamed. */
export interface ImportPlan {
  clusters: Array<{name: string; cluster: Record<string, unknown>}>
  users: Array<{name: string; user: Record<string, unknown>}>
  contexts: Array<{name: string; context: Record<string, unknown>}>
  renamed: Array<{kind: Kind; from: string; to: string}>
  /** Entries already present with identical content, reused instead of copied. */
  reused: Array<{kind: Kind; name: string}>
}

function freeName(wanted: string, taken: ReadonlySet<string>): string {
  if (!taken.has(wanted)) return wanted
  for (let i = 2; ; i++) {
    const candidate = `${wanted}-${i}`
    if (!taken.has(candidate)) return candidate
  }
}

/**
 * Plans merging `incoming` (the file at `incomingPath`) into the existing entries. Names
 * that collide are renamed with a -2, -3... suffix (an identical cluster or user is reused
 * instead), contexts are re-pointed at the renamed entries, and relative file paths are made
 * absolute against the imported file's folder. `contextName` renames the imported context
 * (the file's current-context, or its only context).
 */
export function planImport(
  existing: {clusters: Map<string, {entry: unknown}>; users: Map<string, {entry: unknown}>; contexts: Map<string, {entry: unknown}>},
  incoming: KubeconfigData,
  incomingPath: string,
  contextName?: string,
): ImportPlan {
  const source = mergeKubeconfigs([{path: incomingPath, data: incoming}])
  if (source.contexts.size === 0) throw new CtxError(`${incomingPath} has no contexts to import`)
  let renameTarget: string | undefined
  if (contextName !== undefined) {
    renameTarget = source.contexts.size === 1 ? [...source.contexts.keys()][0] : source.currentContext
    if (!renameTarget || !source.contexts.has(renameTarget)) {
      throw new CtxError(`--name needs a file with one context (or a current-context); ${incomingPath} has ${source.contexts.size}`)
    }
  }
  const plan: ImportPlan = {clusters: [], users: [], contexts: [], renamed: [], reused: []}
  const mapNames = (kind: 'cluster' | 'user', from: Map<string, {entry: Record<string, unknown>}>, into: Map<string, {entry: unknown}>) => {
    const taken = new Set(into.keys())
    const names = new Map<string, string>()
    for (const [name, {entry}] of from) {
      // An identical entry already there (under this name or an earlier import's) is reused.
      const same = into.get(name)
      const identical = same && sameData(same.entry, entry) ? name : [...into].find(([, existing]) => sameData(existing.entry, entry))?.[0]
      if (identical !== undefined) {
        names.set(name, identical)
        plan.reused.push({kind, name: identical})
        continue
      }
      const finalName = freeName(name, taken)
      taken.add(finalName)
      names.set(name, finalName)
      if (finalName !== name) plan.renamed.push({kind, from: name, to: finalName})
      if (kind === 'cluster') plan.clusters.push({name: finalName, cluster: entry})
      else plan.users.push({name: finalName, user: entry})
    }
    return names
  }
  const clusterNames = mapNames('cluster', source.clusters as Map<string, {entry: Record<string, unknown>}>, existing.clusters)
  const userNames = mapNames('user', source.users as Map<string, {entry: Record<string, unknown>}>, existing.users)
  const takenContexts = new Set(existing.contexts.keys())
  for (const [name, {entry}] of source.contexts) {
    const wanted = name === renameTarget && contextName ? contextName : name
    const finalName = freeName(wanted, takenContexts)
    takenContexts.add(finalName)
    if (finalName !== wanted) plan.renamed.push({kind: 'context', from: wanted, to: finalName})
    const context: Record<string, unknown> = {...entry}
    if (typeof entry.cluster === 'string') context.cluster = clusterNames.get(entry.cluster) ?? entry.cluster
    if (typeof entry.user === 'string') context.user = userNames.get(entry.user) ?? entry.user
    plan.contexts.push({name: finalName, context})
  }
  return plan
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

export async function importKubeconfig(run: CtxRun, file: string, contextName: string | undefined): Promise<void> {
  const incomingPath = resolve(file)
  if (!existsSync(incomingPath)) throw new CtxError(`cannot import ${file}: no such file`)
  const incoming = loadKubeconfig([incomingPath]).files[0]!.data
  const paths = run.source.explicit ? [resolve(run.source.explicit)] : kubeconfigPaths(undefined, run.io.env)
  // kubectl writes new entries to the first existing file, or creates the default one.
  const target = paths[0] ?? (run.source.explicit ? resolve(run.source.explicit) : defaultKubeconfigPath(run.io.env))
  if (paths.includes(incomingPath)) throw new CtxError(`${file} is already one of your kubeconfig files`)
  let plan: ImportPlan
  if (paths.length === 0) {
    plan = planImport({clusters: new Map(), users: new Map(), contexts: new Map()}, incoming, incomingPath, contextName)
    const {newKubeconfigText} = await import('./document-edit.js')
    mkdirSync(dirname(target), {recursive: true, mode: 0o755})
    const release = acquireLocks([target])
    try {
      const data = {apiVersion: 'v1', kind: 'Config', preferences: {}, clusters: plan.clusters, users: plan.users, contexts: plan.contexts, 'current-context': ''}
      writeFileAtomic(target, newKubeconfigText(data), {newFileMode: 0o600})
    } finally {
      release()
    }
  } else {
    plan = await transact(paths, (loaded) => {
      const plan = planImport(loaded.merged, incoming, incomingPath, contextName)
      const additions = {clusters: plan.clusters, users: plan.users, contexts: plan.contexts}
      return {
        changes: [
          {
            path: target,
            edit: async (text: string) => {
              const {appendEntriesInText} = await import('./document-edit.js')
              return appendEntriesInText(text, additions, target)
            },
            expect: (data: KubeconfigData) => {
              for (const key of ['clusters', 'users', 'contexts'] as const) {
                if (additions[key].length > 0) (data as Record<string, unknown[]>)[key] = [...((data[key] as unknown[] | undefined) ?? []), ...additions[key]]
              }
              return data
            },
          },
        ],
        result: plan,
      }
    })
  }
  for (const {kind, from, to} of plan.renamed) run.printer.warning(`${kind} "${from}" already exists; imported as "${to}".`)
  const names = plan.contexts.map((c) => c.name).join(', ')
  run.printer.success(
    `Imported ${plural(plan.contexts.length, 'context')} (${names}), ${plural(plan.clusters.length, 'cluster')} and ${plural(plan.users.length, 'user')} into ${target}. Switch with: ${run.io.self} ${plan.contexts[0]!.name}`,
  )
}
