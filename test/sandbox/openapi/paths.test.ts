// The path items and operations of one resource, as resourcePaths builds them; documents.test.ts reads them in whole documents.
import {describe, expect, it} from 'vitest'
import {pathPrefix, referencedDefinitions, renderPaths, resourcePaths, tagOf} from '../../../src/sandbox/openapi/paths.js'
import {SERVED_RESOURCES, type ServedResource} from '../../../src/sandbox/resources.js'
import type {Json} from './shared.js'

const resource = (group: string, plural: string): ServedResource => SERVED_RESOURCES.find((r) => r.group === group && r.plural === plural)!
const POD = 'io.k8s.api.core.v1.Pod'

describe('names', () => {
  it('tag operations by group word and version, and prefix core paths with /api', () => {
    expect(tagOf('', 'v1')).toBe('core_v1')
    expect(tagOf('apps', 'v1')).toBe('apps_v1')
    expect(tagOf('rbac.authorization.k8s.io', 'v1')).toBe('rbacAuthorization_v1')
    expect(tagOf('discovery.k8s.io', 'v1')).toBe('discovery_v1')
    expect(pathPrefix({group: '', version: 'v1'})).toBe('/api/v1')
    expect(pathPrefix({group: 'batch', version: 'v1'})).toBe('/apis/batch/v1')
  })
})

describe('resourcePaths', () => {
  const pods = resourcePaths(resource('', 'pods'), POD)
  const item = (path: string) => pods.find((i) => i.path === path)!
  const ids = (path: string) => item(path).operations.map((o) => `${o.method} ${o.operationId}`)

  it('gives a namespaced resource its collection, item, subresource and all-namespaces paths', () => {
    expect(pods.map((i) => i.path)).toEqual(expect.arrayContaining(['/api/v1/namespaces/{namespace}/pods', '/api/v1/namespaces/{namespace}/pods/{name}', '/api/v1/namespaces/{namespace}/pods/{name}/log', '/api/v1/namespaces/{namespace}/pods/{name}/status', '/api/v1/pods']))
    expect(item('/api/v1/namespaces/{namespace}/pods/{name}').pathParameters).toEqual(['name', 'namespace', 'pretty'])
    expect(item('/api/v1/pods').pathParameters).toEqual(['pretty'])
  })

  it('names operations as upstream does: verb, group and version, Namespaced, kind, subresource', () => {
    expect(ids('/api/v1/namespaces/{namespace}/pods/{name}')).toEqual(['get readCoreV1NamespacedPod', 'put replaceCoreV1NamespacedPod', 'delete deleteCoreV1NamespacedPod', 'patch patchCoreV1NamespacedPod'])
    expect(ids('/api/v1/namespaces/{namespace}/pods/{name}/log')).toEqual(['get readCoreV1NamespacedPodLog'])
    expect(ids('/api/v1/namespaces/{namespace}/pods/{name}/status')).toEqual(['get readCoreV1NamespacedPodStatus', 'put replaceCoreV1NamespacedPodStatus', 'patch patchCoreV1NamespacedPodStatus'])
    expect(ids('/api/v1/pods')).toEqual(['get listCoreV1PodForAllNamespaces'])
    expect(ids('/api/v1/namespaces/{namespace}/pods').slice(0, 2)).toEqual(['get listCoreV1NamespacedPod', 'post createCoreV1NamespacedPod'])
    // deletecollection puts Collection after the group version, as the generated clients name it.
    expect(ids('/api/v1/namespaces/{namespace}/pods')).toContain('delete deleteCoreV1CollectionNamespacedPod')
    const clusterRoles = resourcePaths(resource('rbac.authorization.k8s.io', 'clusterroles'), 'io.k8s.api.rbac.v1.ClusterRole')
    expect(clusterRoles.map((i) => i.path)).toEqual(['/apis/rbac.authorization.k8s.io/v1/clusterroles', '/apis/rbac.authorization.k8s.io/v1/clusterroles/{name}'])
    expect(clusterRoles[1]!.operations[0]!.operationId).toBe('readRbacAuthorizationV1ClusterRole')
  })

  it('gives lists their watch and paging parameters, writes dryRun, fieldManager and fieldValidation, patches force', () => {
    const collection = item('/api/v1/namespaces/{namespace}/pods').operations
    expect(collection[0]).toMatchObject({action: 'list', gvk: {group: '', version: 'v1', kind: 'Pod'}, tag: 'core_v1'})
    expect(collection[0]!.parameters).toEqual(['allowWatchBookmarks', 'continue', 'fieldSelector', 'labelSelector', 'limit', 'resourceVersion', 'resourceVersionMatch', 'sendInitialEvents', 'timeoutSeconds', 'watch'])
    expect(collection[1]!.parameters).toEqual(['dryRun', 'fieldManager', 'fieldValidation'])
    expect(item('/api/v1/namespaces/{namespace}/pods/{name}').operations.find((o) => o.method === 'patch')!.parameters).toEqual(['dryRun', 'fieldManager', 'fieldValidation', 'force'])
    expect(item('/api/v1/namespaces/{namespace}/pods/{name}/log').operations[0]!.parameters).toContain('previous')
  })

  it('collects the definitions operations refer to', () => {
    const referenced = referencedDefinitions(pods)
    expect(referenced).toContain(POD)
    expect(referenced).not.toContain('string')
  })
})

describe('renderPaths', () => {
  const pods = resourcePaths(resource('', 'pods'), POD)

  it('writes v3 operations with request bodies and content per response, sorted by path', () => {
    const paths = renderPaths(pods, 'v3', () => 'Pod') as Json
    expect(Object.keys(paths)).toEqual([...Object.keys(paths)].sort())
    const patch = paths['/api/v1/namespaces/{namespace}/pods/{name}'].patch
    expect(patch.requestBody.required).toBe(true)
    expect(patch.requestBody.content['application/merge-patch+json'].schema).toEqual({$ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Patch'})
    expect(patch.responses['200'].content['application/json'].schema).toEqual({$ref: `#/components/schemas/${POD}`})
    expect(patch.responses['401']).toEqual({description: 'Unauthorized'})
    expect(paths['/api/v1/namespaces/{namespace}/pods/{name}'].parameters[0]).toEqual({description: 'name of the Pod', in: 'path', name: 'name', required: true, schema: {type: 'string', uniqueItems: true}})
  })

  it('writes v2 operations with a body parameter, consumes, produces and schemes', () => {
    const paths = renderPaths(pods, 'v2', () => 'Pod') as Json
    const put = paths['/api/v1/namespaces/{namespace}/pods/{name}'].put
    expect(put.parameters[0]).toEqual({in: 'body', name: 'body', required: true, schema: {$ref: `#/definitions/${POD}`}})
    expect(put.schemes).toEqual(['https'])
    expect(put.responses['201']).toEqual({description: 'Created', schema: {$ref: `#/definitions/${POD}`}})
    expect(paths['/api/v1/namespaces/{namespace}/pods/{name}'].get.consumes).toEqual(['*/*'])
    expect(paths['/api/v1/namespaces/{namespace}/pods/{name}'].parameters.at(-1)).toMatchObject({in: 'query', name: 'pretty', type: 'string'})
  })
})
