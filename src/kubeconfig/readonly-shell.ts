import type {ChildProcess} from 'node:child_process'
import {spawn} from 'node:child_process'
import {rmSync} from 'node:fs'
import {join} from 'node:path'
import {dump as dumpYaml} from 'js-yaml'
import type {CtxRun} from './ctx-run.js'
import {CtxError} from './errors.js'
import {createPrivateFile, createPrivateSessionDir} from './private-files.js'
import {startReadonlyProxy, type ReadonlyProxy} from './readonly-proxy.js'
import {guardSession, minifiedKubeconfig, waitForExit} from './shell-session.js'
import {existingPaths, loadKubeconfig} from './store.js'

/**
 * `kubectl ctx -r/--readonly NAME`, kubectx's read-only shell (cmd/kubectx/readonly_shell.go):
 * $SHELL with a private kubeconfig whose only context, NAME[RO], talks to a local read-only
 * proxy (readonly-proxy.ts) instead of the cluster, and with KUBECTX_ISOLATED_SHELL=1 and
 * KUBECTX_READONLY_SHELL=1, so `kubectl ctx` refuses to switch inside it. The proxy and the
 * file go when the shell exits. The kubeconfig holds no credential of the user's: only the
 * proxy's one-time token.
 */
export async function startReadonlyShell(run: CtxRun, target: string): Promise<void> {
  const merged = loadKubeconfig(existingPaths(run.source)).merged
  if (!merged.contexts.has(target)) throw new CtxError(`no context exists with the name: "${target}"`)
  const previous = merged.currentContext ?? ''
  const session: {dir?: string; child?: ChildProcess} = {}
  const unguard = guardSession(session)
  let proxy: ReadonlyProxy | undefined
  try {
    proxy = await startReadonlyProxy({kubeconfig: run.source.explicit, env: run.io.env, context: target})
    session.dir = createPrivateSessionDir(run.io.env)
    const file = join(session.dir, 'config')
    createPrivateFile(file, readonlyKubeconfigText(merged, target, proxy))
    const badge = (text: string) => run.printer.err.paint('yellow', text)
    run.io.stderr.write(`${badge('[READONLY SHELL]')} kubectl context is ${run.printer.value(target)} in READ-ONLY mode — type 'exit' to leave.\n`)
    const shell = run.io.env.SHELL || '/bin/sh'
    const env = {...run.io.env, KUBECONFIG: file, KUBECTX_ISOLATED_SHELL: '1', KUBECTX_READONLY_SHELL: '1'}
    session.child = spawn(shell, [], {stdio: 'inherit', env})
    process.exitCode = await waitForExit(session.child, shell)
    run.io.stderr.write(`${badge('[READONLY SHELL EXITED]')} kubectl context is now ${run.printer.value(previous)}.\n`)
  } finally {
    unguard()
    await proxy?.close()
    if (session.dir) rmSync(session.dir, {recursive: true, force: true})
  }
}

/** The minified kubeconfig pointed at the proxy: server and token replaced, the context renamed NAME[RO]. */
function readonlyKubeconfigText(merged: ReturnType<typeof loadKubeconfig>['merged'], target: string, proxy: ReadonlyProxy): string {
  const data = minifiedKubeconfig(merged, target)
  const name = `${target}[RO]`
  const clusterName = data.contexts![0]!.context?.cluster ?? 'readonly'
  const userName = data.contexts![0]!.context?.user ?? 'readonly'
  data.clusters = [{name: clusterName, cluster: {server: proxy.url, 'certificate-authority-data': Buffer.from(proxy.ca).toString('base64')}}]
  data.users = [{name: userName, user: {token: proxy.token}}]
  data.contexts = [{name, context: {...data.contexts![0]!.context, cluster: clusterName, user: userName}}]
  data['current-context'] = name
  return '# kubekit read-only shell kubeconfig (kubectl ctx -r); deleted when the shell exits\n' + dumpYaml(data, {lineWidth: -1, noRefs: true})
}
