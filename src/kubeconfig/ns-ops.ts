import type {NsOp} from './args.js'
import {remember} from './ctx-ops.js'
import type {CtxRun} from './ctx-run.js'
import {CtxError} from './errors.js'
import type {KubeconfigData} from './files.js'
import {readPreviousNamespace, writePreviousNamespace} from './state.js'
import {shellSession} from './shell-session.js'
import {existingPaths, loadContexts, shellWord, transact} from './store.js'
import {KubeError} from '../kube/errors.js'
import type {ConnectionOptions} from '../kube/options.js'
import {redactSecrets} from '../util/redact.js'
import {didYouMean} from '../util/suggest.js'

/**
 * The context kubens works on (--context NAME, as kubectl forwards it, else the current one)
 * and its namespace ('default' when the context sets none), as kubens reads them.
 */
export function currentNamespace(run: CtxRun): {context: string; namespace: string; cluster: string | undefined} {
  const merged = loadContexts(existingPaths(run.source)).merged
  const context = run.kubectl.context ?? merged.currentContext
  if (!context) throw new CtxError('current-context is not set')
  const entry = merged.contexts.get(context)
  if (!entry) {
    if (run.kubectl.context !== undefined) throw new CtxError(`context "${context}" (--context) not found${didYouMean(context, merged.contexts.keys())}`)
    throw new CtxError(`failed to get current namespace: context with name "${context}" not found`)
  }
  return {context, namespace: entry.entry.namespace || 'default', cluster: entry.entry.cluster}
}

/** kubectl's connection flags as src/kube takes them; the context is the one kubens works on. */
function connectionOptions(run: CtxRun, context: string): ConnectionOptions {
  const flags = run.kubectl
  return {
    kubeconfig: run.source.explicit,
    env: run.io.env,
    context,
    cluster: flags.cluster,
    user: flags.user,
    requestTimeout: flags['request-timeout'],
    server: flags.server,
    token: flags.token,
    insecureSkipTlsVerify: flags['insecure-skip-tls-verify'] === 'true' ? true : undefined,
    certificateAuthority: flags['certificate-authority'],
    clientCertificate: flags['client-certificate'],
    clientKey: flags['client-key'],
    tlsServerName: flags['tls-server-name'],
    impersonate: flags.as,
  }
}

/** The namespaces API of the current context, through src/kube (client-node loads only here). */
export interface NamespaceSource {
  names(): AsyncGenerator<string[]>
  exists(name: string): Promise<boolean>
}

function forbiddenHint(run: CtxRun, what: string, error: Error): CtxError {
  return new CtxError(`${what}: ${error.message}; if you know the namespace exists, switch without the check: ${run.io.self} NAME --force`)
}

export async function clusterNamespaces(run: CtxRun): Promise<NamespaceSource> {
  const {context, cluster} = currentNamespace(run)
  if (!cluster && !run.kubectl.cluster && !run.kubectl.server) {
    throw new CtxError(`context "${context}" names no cluster, so there is no cluster to ask: set one with kubectl config set-context ${context} --cluster=NAME, or switch without the check: ${run.io.self} NAME --force`)
  }
  const {connect} = await import('../kube/client.js')
  // --debug (main.ts turns it into kubectx's DEBUG=1): one line per request, as every command prints them.
  const trace = run.io.env.DEBUG ? (line: string) => void run.io.stderr.write(`debug: ${redactSecrets(line)}\n`) : undefined
  const client = await connect(connectionOptions(run, context), {trace})
  return {
    async *names() {
      for await (const page of client.listPages<{metadata: {name: string}}>('namespaces', {})) yield page.map((ns) => ns.metadata.name)
    },
    async exists(name) {
      try {
        await client.get('namespaces', name)
        return true
      } catch (error) {
        if (error instanceof KubeError && error.reason === 'not-found') return false
        throw error
      }
    },
  }
}

export async function listNamespaces(run: CtxRun, source?: NamespaceSource): Promise<void> {
  const {namespace} = currentNamespace(run)
  const namespaces = source ?? (await clusterNamespaces(run))
  const paint = run.printer.out
  try {
    for await (const page of namespaces.names()) {
      if (page.length === 0) continue
      run.printer.data(page.map((name) => (name === namespace && paint.enabled ? paint.paint('bold', paint.paint('green', name)) : name)).join('\n'))
    }
  } catch (error) {
    if (error instanceof KubeError && (error.reason === 'forbidden' || error.reason === 'unauthorized')) throw forbiddenHint(run, 'cannot list namespaces', error)
    if (error instanceof KubeError) throw new CtxError(`cannot list namespaces: ${error.message}`)
    throw error
  }
}

async function collectNames(source: NamespaceSource): Promise<string[]> {
  const names: string[] = []
  for await (const page of source.names()) names.push(...page)
  return names
}

/** Writes `namespace` into the current context, in the file that defines that context. */
async function setNamespace(run: CtxRun, context: string, namespace: string): Promise<void> {
  // Inside `kubectl ctx --shell/--export` this edits the per-terminal file: its directory is checked first.
  if (!run.source.explicit) shellSession(run.io.env)
  const paths = existingPaths(run.source)
  await transact(paths, (loaded) => {
    const owner = loaded.merged.contexts.get(context)?.file
    if (!owner) throw new CtxError(`context "${context}" not found`)
    return {
      changes: [
        {
          path: owner,
          edit: async (text: string) => {
            const {setContextNamespaceInText} = await import('./document-edit.js')
            return setContextNamespaceInText(text, context, namespace, owner)
          },
          expect: (data: KubeconfigData) => {
            const entry = data.contexts!.find((c) => c.name === context)!
            entry.context = {...(entry.context ?? {}), namespace}
            return data
          },
          fallback: `kubectl config set-context ${shellWord(context)} --namespace=${shellWord(namespace)}`,
        },
      ],
      result: undefined,
    }
  })
}

export async function switchNamespace(run: CtxRun, requested: string, force: boolean, source?: NamespaceSource): Promise<void> {
  const {context, namespace: before} = currentNamespace(run)
  let target = requested
  if (requested === '-') {
    const previous = readPreviousNamespace(context, run.io.env)
    if (!previous) throw new CtxError(`No previous namespace found for current context (${context})`)
    target = previous
  }
  if (!force) {
    const namespaces = source ?? (await clusterNamespaces(run))
    let exists: boolean
    try {
      exists = await namespaces.exists(target)
    } catch (error) {
      if (error instanceof KubeError && (error.reason === 'forbidden' || error.reason === 'unauthorized')) {
        throw forbiddenHint(run, `cannot check that namespace "${target}" exists`, error)
      }
      if (error instanceof KubeError) throw new CtxError(`failed to query if namespace exists (is cluster accessible?): ${error.message}`)
      throw error
    }
    if (!exists) {
      let hint = ''
      try {
        hint = didYouMean(target, await collectNames(namespaces))
      } catch {
        /* no suggestions without list rights */
      }
      throw new CtxError(`no namespace exists with name "${target}"${hint}`)
    }
  }
  await setNamespace(run, context, target)
  if (before !== target) remember(run, 'namespace', () => writePreviousNamespace(context, before, run.io.env))
  run.printer.success(`Active namespace is "${run.printer.value(target)}"`)
}

export async function runNsOp(op: NsOp, run: CtxRun): Promise<void> {
  switch (op.kind) {
    case 'list':
      return listNamespaces(run)
    case 'switch':
      return switchNamespace(run, op.target, op.force)
    case 'current':
      return run.printer.data(currentNamespace(run).namespace)
    case 'unset': {
      const {context} = currentNamespace(run)
      await setNamespace(run, context, 'default')
      return run.printer.success(`Active namespace is "${run.printer.value('default')}".`)
    }
    case 'help': {
      const {nsHelp} = await import('./help.js')
      return run.printer.data(nsHelp(run.io.self))
    }
    case 'version': {
      const {version} = await import('./help.js')
      return run.printer.data(version)
    }
    case 'interactive-switch': {
      const {namespace} = currentNamespace(run)
      const source = await clusterNamespaces(run)
      let names: string[]
      try {
        names = await collectNames(source)
      } catch (error) {
        if (error instanceof KubeError) throw forbiddenHint(run, 'cannot list namespaces', error)
        throw error
      }
      const {pickInteractively} = await import('./interactive.js')
      const choice = await pickInteractively(run.io, {items: names, current: namespace, prompt: 'namespace'})
      if (!choice) throw new CtxError('you did not choose any of the options')
      await switchNamespace(run, choice, true)
      return
    }
    case 'unsupported':
      throw new CtxError(op.message)
  }
}
