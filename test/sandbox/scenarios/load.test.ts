import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {loadScenarioFile, validateScenario} from '../../../src/sandbox/scenarios/load.js'

const pod = {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'web-1', namespace: 'shop'}, spec: {containers: [{name: 'app', image: 'nginx'}]}}

describe('scenario files', () => {
  it('accepts the documented shape', () => {
    const scenario = validateScenario({objects: [pod], logs: {'shop/web-1/app': {current: 'a\n', previous: 'b\n', generate: {lines: 10, perSecond: 0}, dropAfterLines: 5}}, metrics: false}, 'x.yaml')
    expect(scenario.objects).toHaveLength(1)
    expect(scenario.logs!['shop/web-1/app']!.dropAfterLines).toBe(5)
  })

  it.each([
    [{objects: 'nope'}, 'bad.yaml: `objects` must be a list of Kubernetes objects'],
    [{objects: [], extra: 1}, 'bad.yaml: unknown key "extra" (expected objects, logs, nodeLogs, metrics, faults)'],
    [{objects: {pod}}, 'bad.yaml: `objects` must be a list of Kubernetes objects'],
    [{objects: null, logs: {}}, 'bad.yaml: `objects` must be a list of Kubernetes objects'],
    [['objects'], 'bad.yaml: a scenario must be a mapping of objects, logs, nodeLogs, metrics and faults'],
    [{objects: [pod, {apiVersion: 'v1', kind: 'Podd', metadata: {name: 'x'}}]}, 'bad.yaml: objects[1] (Podd "x"): the sandbox does not serve kind "Podd" in apiVersion "v1"'],
    [{objects: [{apiVersion: 'v1', kind: 'Pod', metadata: {}}]}, 'bad.yaml: objects[0] (Pod): metadata.name is missing'],
    [{objects: [{kind: 'Pod', metadata: {name: 'a'}}]}, 'bad.yaml: objects[0] (Pod "a"): apiVersion is missing'],
    [{objects: [{apiVersion: 'v1', kind: 'Node', metadata: {name: 'n', namespace: 'x'}}]}, 'bad.yaml: objects[0] (Node "n"): Node is cluster-scoped but has metadata.namespace "x"'],
    [{objects: [pod, pod]}, 'bad.yaml: objects[1] (Pod "web-1"): duplicates objects[0]'],
    [{objects: [{...pod, metadata: {name: 'Web_1'}}]}, 'bad.yaml: objects[0] (Pod "Web_1"): metadata.name "Web_1" is not a valid name'],
    [{objects: [{...pod, metadata: {name: 'a', labels: {x: 1}}}]}, 'bad.yaml: objects[0] (Pod "a"): metadata.labels must map strings to strings'],
    [{objects: [], logs: {'shop/web-1': {current: ''}}}, 'bad.yaml: logs["shop/web-1"]: the key must be "<namespace>/<pod>/<container>"'],
    [{objects: [], logs: {'a/b/c': {curent: ''}}}, 'bad.yaml: logs["a/b/c"]: unknown key "curent"'],
    [{objects: [], logs: {'a/b/c': {generate: {perSecond: 1}}}}, 'bad.yaml: logs["a/b/c"].generate: needs lines'],
  ])('refuses %j with one clear error', (data, message) => {
    expect(() => validateScenario(data, 'bad.yaml')).toThrow(message)
  })

  it('takes a file without `objects` as one with none (logs only)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubekit-scenario-'))
    const json = join(dir, 'logs-only.json')
    writeFileSync(json, JSON.stringify({logs: {'shop/web-1/app': {current: 'hello\n'}}}))
    const scenario = await loadScenarioFile(json)
    expect(scenario.objects).toEqual([])
    expect(scenario.logs!['shop/web-1/app']!.current).toBe('hello\n')
    const yaml = join(dir, 'faults-only.yaml')
    writeFileSync(yaml, 'faults:\n- {status: 503, group: metrics.k8s.io}\n')
    expect((await loadScenarioFile(yaml)).objects).toEqual([])
  })

  it('names the file when it is not YAML, or missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubekit-scenario-'))
    const file = join(dir, 'broken.yaml')
    writeFileSync(file, 'objects: [\n')
    await expect(loadScenarioFile(file)).rejects.toThrow(`${file}: not valid YAML`)
    await expect(loadScenarioFile(join(dir, 'absent.yaml'))).rejects.toThrow(`${join(dir, 'absent.yaml')}: cannot read the scenario file (ENOENT)`)
    const json = join(dir, 'ok.json')
    writeFileSync(json, JSON.stringify({objects: [pod]}))
    expect((await loadScenarioFile(json)).objects).toHaveLength(1)
  })
})
