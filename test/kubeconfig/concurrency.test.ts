import {readdirSync, readFileSync, unlinkSync, writeFileSync} from 'node:fs'
import {hostname} from 'node:os'
import {load} from 'js-yaml'
import {expect, it} from 'vitest'
import {handWritten, sandboxDir, start, writeKubeconfig} from './helpers.js'

/**
 * Serialisation is shown by making every editor wait at once, not by hoping that enough of them
 * overlap: the test holds the kubeconfig's lock while 8 processes start, waits until each one
 * has said it is waiting for it, and lets go. All 8 then compete for the lock at the same
 * moment, which is the worst case 100 unsynchronised processes could only reach by chance.
 * Eight covers every kind of edit (4 renames, 2 switches, 2 namespace changes) with more
 * editors than cores; each rename touches its own context, so an edit written over by
 * another (a lost update) shows as a context that kept its old name.
 */
it('8 switches, renames and namespace changes from separate processes, all waiting on one lock, serialise: the file parses, no edit is lost, comments stay', async () => {
  const {dir, env} = sandboxDir()
  const extras = [0, 1, 2, 3].map((i) => `- context: {cluster: dev-cluster, user: dev}\n  name: extra-${i}\n`).join('')
  const original = handWritten.replace("current-context: 'prod'", `${extras}current-context: 'prod'`)
  const kubeconfig = writeKubeconfig(dir, 'config', original)
  env.KUBECONFIG = kubeconfig
  // Eight node processes on a small, busy machine: the wait for the lock may exceed the default.
  env.KUBEKIT_LOCK_TIMEOUT_MS = '120000'
  const lock = `${kubeconfig}.lock`
  writeFileSync(lock, `kubekit pid=${process.pid} host=${hostname()}\n`)
  const editors = [
    ...[0, 1, 2, 3].map((i) => start('kubectl-ctx', [`renamed-${i}=extra-${i}`], env)),
    start('kubectl-ctx', ['dev-10'], env),
    start('kubectl-ctx', ['prod'], env),
    start('kubectl-ns', ['ns-a', '--force'], env),
    start('kubectl-ns', ['ns-b', '--force'], env),
  ]
  try {
    await Promise.all(editors.map((editor) => editor.until(() => editor.stderr().includes(`waiting for ${lock}`), 'the note that it waits for the lock', 60_000)))
  } finally {
    unlinkSync(lock)
  }
  const results = await Promise.all(editors.map((editor) => editor.result))
  for (const result of results) expect(result, result.stderr).toMatchObject({code: 0})

  const text = readFileSync(kubeconfig, 'utf8')
  const data = load(text) as {
    'current-context': string
    contexts: Array<{name: string; context: {namespace?: string}}>
    clusters: Array<{name: string}>
    users: Array<{name: string}>
  }
  expect(data.contexts.map((c) => c.name)).toEqual(['prod', 'dev-10', 'dev-2', 'renamed-0', 'renamed-1', 'renamed-2', 'renamed-3'])
  expect(data.clusters.map((c) => c.name)).toEqual(['prod-cluster', 'dev-cluster'])
  expect(data.users.map((u) => u.name)).toEqual(['admin', 'dev'])
  expect(['prod', 'dev-10']).toContain(data['current-context'])
  // The last namespace change is on whichever context was current at its turn.
  expect(data.contexts.map((c) => c.context.namespace).filter((namespace) => namespace === 'ns-a' || namespace === 'ns-b').length).toBeGreaterThan(0)
  for (const comment of ['# team kubeconfig: do not reformat', '# relative to this file', '# production first', '# ours', '# keep this comment']) {
    expect(text).toContain(comment)
  }
  // Every line of the original is still there, except the kinds of value that were edited.
  const kept = original.split('\n').filter((line) => !line.startsWith('current-context') && !line.includes('{cluster: dev-cluster, user: dev}') && !line.includes('namespace:') && !line.includes('name: extra-'))
  for (const line of kept) expect(text.split('\n')).toContain(line)
  // No lock or temp file left behind.
  expect(readdirSync(dir).filter((name) => name !== 'config' && name !== 'cache')).toEqual([])
}, 120_000)
