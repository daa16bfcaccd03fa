import {describe, expect, it} from 'vitest'
import {applyPatch, jsonPatch, mergePatch, strategicMerge} from '../../src/sandbox/patch.js'
import {thrown} from './api-request.js'

type Json = Parameters<typeof mergePatch>[0]
interface Deployment {
  metadata: {labels: Record<string, string>}
  spec: {template: {spec: {containers: Array<{name: string}>}}}
}

const deployment = (): Json => ({
  metadata: {name: 'web', labels: {app: 'web', tier: 'front'}, finalizers: ['a']},
  spec: {
    replicas: 2,
    template: {
      spec: {
        containers: [
          {name: 'app', image: 'nginx:1.25', env: [{name: 'A', value: '1'}, {name: 'B', value: '2'}], ports: [{containerPort: 80}]},
          {name: 'sidecar', image: 'envoy:1'},
        ],
      },
    },
  },
})

describe('mergePatch (RFC 7386)', () => {
  it('merges objects, deletes keys set to null, and replaces lists whole', () => {
    const patched = mergePatch(deployment(), {metadata: {labels: {tier: null, env: 'prod'}}, spec: {template: {spec: {containers: [{name: 'only', image: 'x'}]}}}})
    expect(patched).toMatchObject({metadata: {labels: {app: 'web', env: 'prod'}}, spec: {replicas: 2, template: {spec: {containers: [{name: 'only', image: 'x'}]}}}})
    expect((patched as {metadata: {labels: object}}).metadata.labels).not.toHaveProperty('tier')
  })

  it('replaces the target when the patch is not an object, and builds objects where the target had none', () => {
    expect(mergePatch({a: 1}, [1, 2])).toEqual([1, 2])
    expect(mergePatch('text', {a: {b: 1}})).toEqual({a: {b: 1}})
  })

  it('leaves the target unchanged', () => {
    const target = deployment()
    mergePatch(target, {metadata: {labels: {app: null}}})
    expect((target as unknown as Deployment).metadata.labels.app).toBe('web')
  })
})

describe('strategicMerge', () => {
  it('merges containers by name and env by name, keeping the items the patch does not name', () => {
    const patched = strategicMerge(deployment(), {spec: {template: {spec: {containers: [{name: 'app', image: 'nginx:1.26', env: [{name: 'B', value: 'two'}, {name: 'C', value: '3'}]}]}}}}) as unknown as Deployment
    const [app, sidecar] = patched.spec.template.spec.containers
    expect(app).toEqual({name: 'app', image: 'nginx:1.26', env: [{name: 'A', value: '1'}, {name: 'B', value: 'two'}, {name: 'C', value: '3'}], ports: [{containerPort: 80}]})
    expect(sidecar).toEqual({name: 'sidecar', image: 'envoy:1'})
  })

  it('appends items with a new key and removes items marked $patch: delete', () => {
    const patched = strategicMerge(deployment(), {spec: {template: {spec: {containers: [{name: 'sidecar', $patch: 'delete'}, {name: 'debug', image: 'busybox'}]}}}}) as unknown as Deployment
    expect(patched.spec.template.spec.containers.map((c) => c.name)).toEqual(['app', 'debug'])
  })

  it('replaces a list holding a $patch: replace item with the rest of the patch list', () => {
    const patched = strategicMerge(deployment(), {spec: {template: {spec: {containers: [{$patch: 'replace'}, {name: 'solo', image: 'x'}]}}}}) as unknown as Deployment
    expect(patched.spec.template.spec.containers).toEqual([{name: 'solo', image: 'x'}])
  })

  it('replaces an object marked $patch: replace instead of merging it', () => {
    const patched = strategicMerge(deployment(), {metadata: {labels: {$patch: 'replace', only: 'this'}}}) as unknown as Deployment
    expect(patched.metadata.labels).toEqual({only: 'this'})
  })

  it('merges finalizers as a set and replaces lists without a merge key', () => {
    const patched = strategicMerge({metadata: {finalizers: ['a', 'b']}, spec: {args: ['x', 'y']}}, {metadata: {finalizers: ['b', 'c']}, spec: {args: ['z']}})
    expect(patched).toEqual({metadata: {finalizers: ['a', 'b', 'c']}, spec: {args: ['z']}})
  })

  it("merges a Service's ports by port, and a container's by containerPort", () => {
    const service = {spec: {ports: [{port: 80, targetPort: 8080, containerPort: 1}, {port: 443, targetPort: 8443, containerPort: 1}]}}
    expect(strategicMerge(service, {spec: {ports: [{port: 443, targetPort: 9443, containerPort: 1}]}})).toEqual({
      spec: {ports: [{port: 80, targetPort: 8080, containerPort: 1}, {port: 443, targetPort: 9443, containerPort: 1}]},
    })
    const pod = {spec: {containers: [{name: 'app', ports: [{containerPort: 80, name: 'http'}]}]}}
    expect(strategicMerge(pod, {spec: {containers: [{name: 'app', ports: [{containerPort: 80, name: 'web'}, {containerPort: 9090}]}]}})).toEqual({
      spec: {containers: [{name: 'app', ports: [{containerPort: 80, name: 'web'}, {containerPort: 9090}]}]},
    })
  })

  it('deletes a key set to null and merges into a list the target did not have', () => {
    expect(strategicMerge({metadata: {name: 'x', labels: {a: '1'}}}, {metadata: {labels: null}, spec: {containers: [{name: 'b', env: [{name: 'E', value: '1'}]}]}})).toEqual({
      metadata: {name: 'x'},
      spec: {containers: [{name: 'b', env: [{name: 'E', value: '1'}]}]},
    })
  })

  it('drops the items marked $patch: delete from a list the target did not have', () => {
    expect(strategicMerge({spec: {}}, {spec: {containers: [{name: 'gone', $patch: 'delete'}, {name: 'kept', image: 'x'}]}})).toEqual({spec: {containers: [{name: 'kept', image: 'x'}]}})
  })
})

describe('jsonPatch (RFC 6902)', () => {
  it('adds, replaces, removes, moves and copies, escaping ~1 and ~0 in pointers', () => {
    const doc = {metadata: {annotations: {'a/b': '1', 'c~d': '2'}}, spec: {list: [1, 2, 3]}}
    const patched = jsonPatch(doc, [
      {op: 'replace', path: '/metadata/annotations/a~1b', value: 'one'},
      {op: 'remove', path: '/metadata/annotations/c~0d'},
      {op: 'add', path: '/spec/list/1', value: 9},
      {op: 'add', path: '/spec/list/-', value: 4},
      {op: 'remove', path: '/spec/list/0'},
      {op: 'copy', from: '/spec/list', path: '/spec/copy'},
      {op: 'move', from: '/metadata/annotations', path: '/metadata/moved'},
      {op: 'test', path: '/spec/copy/0', value: 9},
    ])
    expect(patched).toEqual({metadata: {moved: {'a/b': 'one'}}, spec: {list: [9, 2, 3, 4], copy: [9, 2, 3, 4]}})
    expect(doc.spec.list).toEqual([1, 2, 3])
  })

  it('replaces the whole document at the empty path', () => {
    expect(jsonPatch({a: 1}, [{op: 'add', path: '', value: {b: 2}}])).toEqual({b: 2})
  })

  it('answers 422 for a missing path or a failed test, and 400 for a body that is not a list or an unknown op', () => {
    const missing = thrown(() => jsonPatch({spec: {}}, [{op: 'replace', path: '/spec/replicas', value: 3}]))
    expect(missing.code).toBe(422)
    expect(missing.message).toContain('replace operation does not apply: doc is missing key: /spec/replicas: missing value')
    expect(thrown(() => jsonPatch({spec: {}}, [{op: 'remove', path: '/spec/x'}])).message).toContain('Unable to remove nonexistent key: x: missing value')
    expect(thrown(() => jsonPatch({}, [{op: 'add', path: '/a/b', value: 1}])).message).toContain('doc is missing path: "/a/b": missing value')
    expect(thrown(() => jsonPatch({a: 1}, [{op: 'test', path: '/a', value: 2}])).message).toContain('testing value failed')
    const notList = thrown(() => jsonPatch({}, {op: 'add'}))
    expect(notList.code).toBe(400)
    expect(notList.message).toBe('json: cannot unmarshal object into Go value of type jsonpatch.Patch')
    expect(thrown(() => jsonPatch({}, [{op: 'frobnicate', path: '/a'}])).message).toBe('Unexpected kind: frobnicate')
    expect(thrown(() => jsonPatch({}, [{op: 'add', path: 'a', value: 1}])).code).toBe(400)
  })
})

describe('applyPatch', () => {
  it('chooses the patch type by Content-Type, ignoring parameters', () => {
    const target = {metadata: {finalizers: ['a']}}
    expect(applyPatch(target, {metadata: {finalizers: ['b']}}, 'application/merge-patch+json')).toEqual({metadata: {finalizers: ['b']}})
    expect(applyPatch(target, {metadata: {finalizers: ['b']}}, 'application/strategic-merge-patch+json; charset=utf-8')).toEqual({metadata: {finalizers: ['a', 'b']}})
    expect(applyPatch(target, [{op: 'add', path: '/metadata/finalizers/-', value: 'c'}], 'application/json-patch+json')).toEqual({metadata: {finalizers: ['a', 'c']}})
  })

  it('answers 415 naming the accepted types for any other', () => {
    const error = thrown(() => applyPatch({}, {}, 'application/apply-patch+yaml'))
    expect(error.code).toBe(415)
    expect(error.message).toBe(
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json; got application/apply-patch+yaml',
    )
  })
})
