/**
 * Completion of `kubectl tail`: the real kubectl is the oracle. It finds bin/kubectl_complete-tail
 * on PATH (kubectl 1.26+ plugin completion) and relays its answer, so these tests run
 * `kubectl __complete tail WORDS...` as a shell's completion script does, against an in-process
 * sandbox; how words are read is tested in process with a recording stand-in for the cluster.
 */
import {createServer, type Server, type Socket} from 'node:net'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {startSandbox, type Sandbox} from '../../src/sandbox/index.js'
import type {FlagSpec} from '../../src/tail/argv.js'
import {analyse, completionLines, type ClusterNames} from '../../src/tail/completion.js'
import {run} from '../helpers/run.js'
import {noFollowCluster} from './pods.js'

const specs: FlagSpec[] = [
  {name: 'namespace', char: 'n', kind: 'value'},
  {name: 'container', char: 'c', kind: 'value'},
  {name: 'context', kind: 'value'},
  {name: 'kubeconfig', kind: 'value'},
  {name: 'output', char: 'o', kind: 'value', options: ['default', 'raw', 'json']},
  {name: 'timestamps', char: 't', kind: 'value', options: ['default', 'short']},
  {name: 'all-namespaces', char: 'A', kind: 'boolean'},
  {name: 'no-follow', kind: 'boolean'},
  {name: 'as-uid', kind: 'value', hidden: true},
]

/** A stand-in cluster that answers fixed names and records what it was asked, with what was typed. */
function recording(): {names: ClusterNames; asked: string[]} {
  const asked: string[] = []
  const answers = {pods: ['web-1', 'web-2', 'api-1'], containers: ['nginx', 'app', 'nginx'], namespaces: ['shop', 'payments'], contexts: ['prod', 'staging']}
  const names: ClusterNames = async (what, typed) => {
    asked.push(`${what} ns=${typed.namespaces.join(',')} all=${typed.allNamespaces} query=${typed.query ?? ''} context=${typed.connection.context ?? ''}`)
    return answers[what]
  }
  return {names, asked}
}

describe('completion, in process', () => {
  test('the QUERY completes pod names in the namespace typed; the flags before it are read as the command reads them', async () => {
    const {names, asked} = recording()
    expect(await completionLines(['-n', 'shop', '--context=prod', 'we'], specs, names)).toEqual(['web-1', 'web-2', ':4'])
    expect(await completionLines(['-At', ''], specs, names)).toEqual(['web-1', 'web-2', 'api-1', ':4'])
    expect(asked).toEqual(['pods ns=shop all=false query= context=prod', 'pods ns= all=true query= context='])
  })

  test('flag values: namespaces (after a comma too, and in --flag= form), containers once each, contexts, fixed options, files', async () => {
    const {names, asked} = recording()
    expect(await completionLines(['-n', 'shop,p'], specs, names)).toEqual(['shop,payments', ':4'])
    expect(await completionLines(['--namespace=s'], specs, names)).toEqual(['--namespace=shop', ':4'])
    expect(await completionLines(['web', '-c', ''], specs, names)).toEqual(['nginx', 'app', ':4'])
    expect(await completionLines(['--context', 's'], specs, names)).toEqual(['staging', ':4'])
    expect(await completionLines(['-o', 'j'], specs, names)).toEqual(['json', ':4'])
    expect(await completionLines(['--kubeconfig', ''], specs, names)).toEqual([':0'])
    expect(asked.map((a) => a.split(' ')[0])).toEqual(['namespaces', 'namespaces', 'containers', 'contexts'])
    expect(asked[2]).toContain('query=web')
  })

  test('flag names for "-" (hidden ones left out); nothing after the QUERY; -t takes no separate word', async () => {
    const {names} = recording()
    expect(await completionLines(['--n'], specs, names)).toEqual(['--namespace', '--no-follow', ':4'])
    expect(await completionLines(['-'], specs, names)).not.toContain('--as-uid')
    expect(await completionLines(['web', ''], specs, names)).toEqual([':4'])
    expect(analyse(['-t', 'we'], specs).slot).toEqual({kind: 'query'})
    expect(analyse(['--', '-x'], specs).slot).toEqual({kind: 'query'})
  })
})

describe('completion through kubectl (kubectl __complete tail ...)', () => {
  let sandbox: Sandbox
  let hung: Server
  const sockets: Socket[] = []
  let dir: string

  beforeAll(async () => {
    sandbox = await startSandbox(noFollowCluster)
    dir = mkdtempSync(join(tmpdir(), 'kubekit-tail-completion-'))
    // A server that accepts connections and never answers: completion must still end, with the directive.
    hung = createServer((socket) => void sockets.push(socket))
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve))
    const port = (hung.address() as {port: number}).port
    writeFileSync(join(dir, 'hung'), readFileSync(sandbox.kubeconfigPath, 'utf8').replace(/server: \S+/, `server: https://127.0.0.1:${port}`))
  })
  afterAll(async () => {
    for (const socket of sockets) socket.destroy()
    hung?.close()
    await sandbox?.stop()
  })

  // kubectl runs asynchronously: the sandbox answers from this process.
  const complete = async (kubeconfig: string, ...words: string[]) => {
    const result = await run('kubectl', ['__complete', 'tail', ...words], {KUBECONFIG: kubeconfig, HOME: dir})
    expect(result.code).toBe(0)
    return result.stdout
  }

  test('pods of the namespace in effect, namespaces, containers and contexts come from the cluster and the kubeconfig', async () => {
    const config = sandbox.kubeconfigPath
    expect(await complete(config, '-n', 'ns1', '')).toBe('api-7d9f\nworker-1\n:4\n')
    expect(await complete(config, '-n', 'ns1', 'w')).toBe('worker-1\n:4\n')
    expect(await complete(config, '-n', 'n')).toBe('ns1\nns2\n:4\n')
    expect(await complete(config, '-n', 'ns1', 'api', '-c', '')).toBe('migrate\napi\nproxy\n:4\n')
    expect(await complete(config, '--context', '')).toBe('kubekit-sandbox\n:4\n')
    expect(await complete(config, '-A', '--no-follow', 'api-')).toBe('api-7d9f\napi-5c2e\n:4\n')
  })

  test('words such as --help or -V are words to complete, not the launcher\'s own flags', async () => {
    expect(await complete(sandbox.kubeconfigPath, '--help', '-V', '-n', 'ns2', '')).toBe('api-5c2e\n:4\n')
  })

  test('no kubeconfig, or a server that never answers: only the directive', async () => {
    expect(await complete(join(dir, 'missing'), '')).toBe(':4\n')
    // Run directly, as kubectl runs it: this machine's kubectl itself waits on a silent server before
    // it runs any plugin, which is not what is tested here.
    const silent = await run('kubectl_complete-tail', ['-n', 'ns1', ''], {KUBECONFIG: join(dir, 'hung'), HOME: dir})
    expect([silent.code, silent.stdout]).toEqual([0, ':4\n'])
  })
})
