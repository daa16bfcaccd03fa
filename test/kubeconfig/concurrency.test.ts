import {readdirSync, readFileSync} from 'node:fs'
import {load} from 'js-yaml'
import {expect, it} from 'vitest'
import {handWritten, run, sandboxDir, writeKubeconfig} from './helpers.js'

it('100 concurrent switches from separate processes serialise: the file parses, nothing is lost, comments stay', async () => {
  const {dir, env} = sandboxDir()
  const kubeconfig = writeKubeconfig(dir, 'config', handWritten)
  env.KUBECONFIG = kubeconfig
  // 100 node processes on a small, busy machine: the wait for the lock may exceed the 10 s default.
  env.KUBEKIT_LOCK_TIMEOUT_MS = '120000'
  const contexts = ['prod', 'dev-10', 'dev-2']
  const runs = Array.from({length: 100}, (_, i) =>
    i % 4 === 3 ? run('kubectl-ns', [`ns-${i}`, '--force'], env) : run('kubectl-ctx', [contexts[i % 3]!], env),
  )
  const results = await Promise.all(runs)
  for (const result of results) expect(result, result.stderr).toMatchObject({code: 0})

  const text = readFileSync(kubeconfig, 'utf8')
  const data = load(text) as {
    'current-context': string
    contexts: Array<{name: string; context: {namespace?: string}}>
    clusters: Array<{name: string}>
    users: Array<{name: string}>
  }
  expect(data.contexts.map((c) => c.name)).toEqual(['prod', 'dev-10', 'dev-2'])
  expect(data.clusters.map((c) => c.name)).toEqual(['prod-cluster', 'dev-cluster'])
  expect(data.users.map((u) => u.name)).toEqual(['admin', 'dev'])
  expect(contexts).toContain(data['current-context'])
  for (const comment of ['# team kubeconfig: do not reformat', '# relative to this file', '# production first', '# ours', '# keep this comment']) {
    expect(text).toContain(comment)
  }
  // Every line of the original is still there, except the two kinds of value that were edited.
  const kept = handWritten.split('\n').filter((line) => !line.startsWith('current-context') && !line.includes('{cluster: dev-cluster, user: dev}') && !line.includes('namespace:'))
  for (const line of kept) expect(text.split('\n')).toContain(line)
  // No lock or temp file left behind.
  expect(readdirSync(dir).filter((name) => name !== 'config' && name !== 'cache')).toEqual([])
}, 120_000)
