import {describe, expect, it} from 'vitest'
import {answerNodeLogQuery} from '../../src/sandbox/node-logs.js'
import {Store} from '../../src/sandbox/store.js'

const kubelet = 'Mar 01 12:00:00 worker-1 kubelet[812]: I0301 started\nMar 01 12:00:05 worker-1 kubelet[812]: E0301 failed to pull image\nMar 01 12:00:09 worker-1 kubelet[812]: I0301 synced\n'

function store(): Store {
  const s = new Store()
  s.nodeLogs.set('worker-1', {enabled: true, services: {kubelet, containerd: 'Mar 01 12:00:01 worker-1 containerd[400]: ready\n', 'pods/x.log': 'file\n'}})
  s.nodeLogs.set('worker-2', {enabled: false})
  return s
}

const query = (node: string, search: string, rest = 'logs/') => answerNodeLogQuery(store(), node, rest, new URLSearchParams(search))

describe('answerNodeLogQuery', () => {
  it('answers 404 on a node without the query, and for other proxy paths', () => {
    expect(query('worker-2', 'query=kubelet')).toEqual({code: 404, body: '404 page not found\n', contentType: 'text/plain; charset=utf-8'})
    expect(query('worker-3', 'query=kubelet')).toMatchObject({code: 404})
    expect(query('worker-1', '', 'metrics')).toMatchObject({code: 404})
  })

  it('lists the services as an HTML directory without a query', () => {
    expect(query('worker-1', '')).toEqual({code: 200, body: '<pre>\n<a href="kubelet.log">kubelet.log</a>\n<a href="containerd.log">containerd.log</a>\n</pre>\n', contentType: 'text/html; charset=utf-8'})
  })

  it("answers a service's journal, filtered by pattern and cut by tailLines", () => {
    expect(query('worker-1', 'query=kubelet').body).toBe(kubelet)
    expect(query('worker-1', 'query=kubelet&pattern=E0301').body).toBe('Mar 01 12:00:05 worker-1 kubelet[812]: E0301 failed to pull image\n')
    expect(query('worker-1', 'query=kubelet&tailLines=1').body).toBe('Mar 01 12:00:09 worker-1 kubelet[812]: I0301 synced\n')
    expect(query('worker-1', 'query=kubelet&tailLines=0').body).toBe('')
    expect(query('worker-1', 'query=kubelet&query=containerd&tailLines=2').body.split('\n')).toEqual(['Mar 01 12:00:09 worker-1 kubelet[812]: I0301 synced', 'Mar 01 12:00:01 worker-1 containerd[400]: ready', ''])
    expect(query('worker-1', 'query=sshd').body).toBe('log not found for sshd\n')
  })

  it('answers the star entry for any node', () => {
    const s = new Store()
    s.nodeLogs.set('*', {enabled: true, services: {kubelet: 'x\n'}})
    expect(answerNodeLogQuery(s, 'any', 'logs/', new URLSearchParams('query=kubelet')).body).toBe('x\n')
  })

  it('refuses bad queries with 406 (400 for a bad pattern), in the kubelet words', () => {
    expect(query('worker-1', 'query=kube let')).toEqual({code: 406, body: 'query: Invalid value: "kube let": must match "^[a-zA-Z\\-_0-9@]+$"\n', contentType: 'text/plain; charset=utf-8'})
    expect(query('worker-1', 'query=a&query=b&query=c&query=d&query=e').body).toBe('query: Invalid value: "a,b,c,d,e": must not exceed 4 services\n')
    expect(query('worker-1', 'query=kubelet&query=pods/x.log').body).toBe('query: Invalid value: "kubelet,pods/x.log": cannot mix files and services\n')
    expect(query('worker-1', 'query=kubelet&tailLines=-1').body).toBe('tailLines: Invalid value: -1: must be in the range [0, 100000]\n')
    expect(query('worker-1', 'query=kubelet&pattern=(')).toMatchObject({code: 400, body: 'pattern: Invalid value: "("\n'})
  })
})
