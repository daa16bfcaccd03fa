/**
 * The pod list's columns against the real kubectl (`kubectl get pods -A`) on the sandbox's demo
 * cluster, and its failing marks against the diagnose core's own health rule.
 */
import {execFile} from 'node:child_process'
import {promisify} from 'node:util'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {podHealthy} from '../../src/diagnose/diagnose.js'
import type {Pod} from '../../src/diagnose/objects.js'
import {startSandbox, type Sandbox} from '../../src/sandbox/index.js'
import {ageText, isFailing, podRow, restartsText, type PodObject} from '../../src/ui/dash/pod-rows.js'

let sandbox: Sandbox

beforeAll(async () => {
  sandbox = await startSandbox({scenario: 'demo'})
})

afterAll(async () => {
  await sandbox?.stop()
})

// Asynchronous: the sandbox answers from this same process.
const kubectl = async (...args: string[]) => (await promisify(execFile)('kubectl', ['--kubeconfig', sandbox.kubeconfigPath, ...args], {encoding: 'utf8'})).stdout

describe('pod rows', () => {
  it('say what kubectl get pods says: READY, STATUS, RESTARTS and AGE', async () => {
    const before = Date.now()
    const table = await kubectl('get', 'pods', '-A', '--no-headers')
    const after = Date.now()
    const pods = (JSON.parse(await kubectl('get', 'pods', '-A', '-o', 'json')) as {items: PodObject[]}).items
    const rows = new Map(pods.map((pod) => [`${pod.metadata.namespace}/${pod.metadata.name}`, podRow(pod, after)]))
    const lines = table.trim().split('\n')
    expect(lines.length).toBe(25)
    for (const line of lines) {
      // NAMESPACE NAME READY STATUS RESTARTS [(Xm ago)] AGE
      const match = /^(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\d+(?: \([^)]+\))?)\s+(\S+)$/.exec(line)
      expect(match, line).not.toBeNull()
      const [, namespace, name, ready, status, restarts, age] = match!
      const row = rows.get(`${namespace}/${name}`)!
      expect(row, line).toBeDefined()
      expect(row.ready, line).toBe(ready)
      expect(row.status, line).toBe(status)
      // kubectl counted at some moment between before and after.
      expect([restartsText(row, before), restartsText(row, after)], line).toContain(restarts)
      expect([ageText(row.createdAt, before), ageText(row.createdAt, after)], line).toContain(age)
    }
  })

  it('mark as failing exactly the pods the diagnose core calls unhealthy', async () => {
    const now = Date.now()
    const pods = (JSON.parse(await kubectl('get', 'pods', '-A', '-o', 'json')) as {items: Pod[]}).items
    const failing = pods.filter((pod) => isFailing(podRow(pod as PodObject, now), now)).map((pod) => pod.metadata.name)
    const unhealthy = pods.filter((pod) => !podHealthy(pod, now)).map((pod) => pod.metadata.name)
    expect(failing).toEqual(unhealthy)
    expect(failing).toHaveLength(6)
  })
})
