import {describe, expect, it} from 'vitest'
import {nodeHints, nodeLogQueryAdvice, queryNodeLog, type DiagnoseClient} from '../../src/diagnose/gather.js'
import {KubeError} from '../../src/kube/errors.js'
import {node} from './fixtures.js'

async function* unusedPages(): AsyncGenerator<never> {
  yield* []
  throw new Error('not used')
}

/** A client whose only capability is one raw GET answer (or failure): the node log query's whole surface. */
function answering(answer: string | KubeError): DiagnoseClient & {paths: string[]} {
  const paths: string[] = []
  const refuse = () => Promise.reject(new Error('not used'))
  return {
    paths,
    get: refuse,
    getMetadata: refuse,
    list: refuse,
    listPages: unusedPages,
    listRawPages: unusedPages,
    podLogs: refuse,
    getRaw: async (path: string, query?: Record<string, string | number | boolean | undefined>) => {
      paths.push(`${path}?${new URLSearchParams(Object.entries(query ?? {}).map(([k, v]): [string, string] => [k, String(v)])).toString()}`)
      if (answer instanceof KubeError) throw answer
      return answer
    },
  } as DiagnoseClient & {paths: string[]}
}

describe('queryNodeLog', () => {
  it('asks the kubelet for the service with a tail, and splits the lines', async () => {
    const client = answering('Nov 21 08:40:00 worker-3 kubelet[1187]: I1121 started\nNov 21 08:40:05 worker-3 kubelet[1187]: E1121 cni plugin not initialized\n')
    const result = await queryNodeLog(client, 'worker-3', 'kubelet', 50)
    expect(client.paths).toEqual(['/api/v1/nodes/worker-3/proxy/logs/?query=kubelet&tailLines=50'])
    expect(result).toEqual({service: 'kubelet', state: 'fetched', lines: ['Nov 21 08:40:00 worker-3 kubelet[1187]: I1121 started', 'Nov 21 08:40:05 worker-3 kubelet[1187]: E1121 cni plugin not initialized']})
  })

  it('403: explains the nodes/proxy right', async () => {
    const result = await queryNodeLog(answering(new KubeError('forbidden', 'nodes "worker-3" is forbidden', 403)), 'worker-3', 'kubelet', 50)
    expect(result.state).toBe('forbidden')
    expect(result.note).toContain('"get" on nodes/proxy')
  })

  it('404 or a directory listing: the feature is off', async () => {
    expect((await queryNodeLog(answering(new KubeError('not-found', 'not found', 404)), 'n', 'kubelet', 50)).state).toBe('unavailable')
    expect((await queryNodeLog(answering('<pre>\n<a href="containers/">containers/</a>\n</pre>\n'), 'n', 'kubelet', 50)).state).toBe('unavailable')
  })

  it('in-band "log not found" is unavailable, with the kubelet\'s words', async () => {
    const result = await queryNodeLog(answering('log not found for containerd\n'), 'n', 'containerd', 50)
    expect(result).toEqual({service: 'containerd', state: 'unavailable', lines: [], note: 'the kubelet answered: log not found for containerd'})
  })

  it('anything else fails softly', async () => {
    const result = await queryNodeLog(answering(new KubeError('server', 'the API server answered 503: no endpoints', 503)), 'n', 'kubelet', 50)
    expect(result.state).toBe('failed')
  })
})

describe('nodeLogQueryAdvice', () => {
  it('depends on the server version', () => {
    expect(nodeLogQueryAdvice(26)).toContain('does not exist before Kubernetes 1.27')
    expect(nodeLogQueryAdvice(32)).toContain('feature gate NodeLogQuery=true')
    expect(nodeLogQueryAdvice(36)).toContain('the feature gate is on')
  })
})

describe('nodeHints', () => {
  it('does not query a kubelet that stopped posting status', async () => {
    const client = answering('never read')
    const dead = node({name: 'worker-4', ready: {status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.'}})
    const hints = await nodeHints(client, dead, {fetchLogs: true, tailLines: 20})
    expect(client.paths).toEqual([])
    expect(hints.logs.map((l) => l.state)).toEqual(['skipped'])
  })

  it('docker nodes get docker and cri-dockerd commands', async () => {
    const hints = await nodeHints(answering(''), node({name: 'old-1', runtime: 'docker://20.10.24'}), {fetchLogs: false, tailLines: 20})
    expect(hints.runtime).toBe('docker')
    expect(hints.commands).toContain('journalctl -u docker -n 200 --no-pager')
    expect(hints.commands.some((c) => c.includes('cri-docker'))).toBe(true)
  })
})
