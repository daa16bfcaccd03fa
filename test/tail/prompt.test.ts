/**
 * `kubectl tail --prompt`, in process against the sandbox: which pods and containers are offered,
 * in what order, and what the session then tails. The picker is replaced by a scripted chooser
 * that records what it was shown (src/ui/picker.tsx has tests of its own); the missing-terminal
 * error is tested through the real binary in test/commands/tail.test.ts.
 */
import {describe, expect, test} from 'vitest'
import {podSource, resolveQuery, sessionFor} from '../../src/tail/cluster.js'
import type {TailFlags} from '../../src/tail/options.js'
import {checkPromptTerminal, promptChoice, type Choose} from '../../src/tail/prompt.js'
import {runTailSession} from '../../src/tail/session.js'
import {sandboxForFile} from '../helpers/kube.js'
import {noFollowCluster} from './pods.js'

const shared = sandboxForFile(noFollowCluster)
const defaults: TailFlags = {since: '48h', tail: -1, timezone: 'UTC', output: 'default', initContainers: true, ephemeralContainers: true, noFollow: true, onlyLogLines: true}

/** A chooser that answers with `answers` in turn (undefined = Esc) and records each list it was shown. */
function scripted(...answers: Array<string | undefined>): {choose: Choose; shown: Array<{prompt: string; items: readonly string[]}>} {
  const shown: Array<{prompt: string; items: readonly string[]}> = []
  const choose: Choose = async (request) => {
    shown.push({prompt: request.prompt, items: [...request.items]})
    return answers.shift()
  }
  return {choose, shown}
}

async function prompt(flags: TailFlags, choose: Choose) {
  const list = (selection: Parameters<ReturnType<typeof podSource>['list']>[0]) => podSource(shared.client).list(selection)
  return promptChoice(list, await resolveQuery(shared.client, {...defaults, ...flags}), shared.client.namespace, choose)
}

async function tailOnce(flags: TailFlags): Promise<string> {
  let stdout = ''
  const options = await sessionFor(shared.client, flags, {out: false, err: false})
  const output = {out: {write: (text: string) => ((stdout += text), true), once: () => undefined}, err: () => undefined}
  await runTailSession(podSource(shared.client), options, output, new AbortController().signal)
  return stdout
}

describe('--prompt', () => {
  test('offers the pods the flags select, sorted; then the containers of the chosen pod, init first; tails just that one', async () => {
    const {choose, shown} = scripted('api-7d9f', 'proxy')
    const choice = await prompt({namespace: 'ns1'}, choose)
    expect(shown).toEqual([
      {prompt: 'pod', items: ['api-7d9f', 'worker-1']},
      {prompt: 'container of api-7d9f', items: ['migrate', 'api', 'proxy']},
    ])
    expect(choice.note).toBe('Pod: ns1/api-7d9f, container: proxy')
    expect(await tailOnce(choice.flags)).toBe('api-7d9f proxy proxy ready\n')
  })

  test('asks for the pod even when one matches (as stern does), and not for the container when there is one', async () => {
    const {choose, shown} = scripted('worker-1')
    const choice = await prompt({namespace: 'ns1', query: 'work'}, choose)
    expect(shown).toEqual([{prompt: 'pod', items: ['worker-1']}])
    expect(choice.note).toBe('Pod: ns1/worker-1')
    expect(await tailOnce(choice.flags)).toBe('worker-1 worker connecting to db\nworker-1 worker panic: connection refused\n')
  })

  test('across namespaces the items name the namespace, and the chosen pod is tailed in its own', async () => {
    const {choose, shown} = scripted('ns2/api-5c2e')
    const choice = await prompt({allNamespaces: true, query: 'api', container: '^api$'}, choose)
    expect(shown).toEqual([{prompt: 'pod', items: ['ns1/api-7d9f', 'ns2/api-5c2e']}])
    expect(choice.flags).toMatchObject({namespace: 'ns2', allNamespaces: false, query: 'pod/api-5c2e'})
    expect(await tailOnce(choice.flags)).toBe('api-5c2e api listening on :8080\n')
  })

  test('the container flags narrow the containers offered; a KIND/NAME query the pods', async () => {
    const {choose, shown} = scripted('api-7d9f', 'api')
    await prompt({namespace: 'ns1', query: 'deployment/api', initContainers: false}, choose)
    expect(shown).toEqual([
      {prompt: 'pod', items: ['api-7d9f']},
      {prompt: 'container of api-7d9f', items: ['api', 'proxy']},
    ])
  })

  test('no candidate, or Esc, is one error naming what was asked', async () => {
    await expect(prompt({namespace: 'ns1', query: 'nomatch'}, scripted().choose)).rejects.toThrow('--prompt: no pod "nomatch" in namespace "ns1" to choose from')
    await expect(prompt({namespace: 'ns1'}, scripted(undefined).choose)).rejects.toThrow('--prompt: no pod chosen')
    await expect(prompt({namespace: 'ns1'}, scripted('api-7d9f', undefined).choose)).rejects.toThrow('--prompt: no container chosen')
    await expect(prompt({namespace: 'ns1', query: 'api', container: 'nomatch'}, scripted('api-7d9f').choose)).rejects.toThrow('pod "api-7d9f" has no container matching -c nomatch to tail')
  })

  test('needs a terminal on stdin and stderr, and is not for --stdin', () => {
    expect(() => checkPromptTerminal(true, true, false)).not.toThrow()
    expect(() => checkPromptTerminal(false, true, false)).toThrow('--prompt needs a terminal')
    expect(() => checkPromptTerminal(true, false, false)).toThrow('--prompt needs a terminal')
    expect(() => checkPromptTerminal(true, true, true)).toThrow('--stdin')
  })
})
