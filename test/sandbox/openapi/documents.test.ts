// The sandbox's OpenAPI documents, built from @kubernetes/client-node's models: their shape, the
// extensions kubectl reads (group-version-kind, fieldValidation on writes, patch merge keys) and the
// descriptions kubectl explain prints.
import {beforeAll, describe, expect, it} from 'vitest'
import {documents, parameterNames, parse, type Json} from './shared.js'

describe('OpenAPI v3 documents', () => {
  let core: Json
  let apps: Json

  beforeAll(async () => {
    core = parse((await documents.groupVersion('api/v1'))!.body)
    apps = parse((await documents.groupVersion('apis/apps/v1'))!.body)
  })

  it('lists every served group version in the root with its hash', async () => {
    const root = parse((await documents.root()).body)
    expect(Object.keys(root.paths)).toEqual(expect.arrayContaining(['api/v1', 'apis/apps/v1', 'apis/batch/v1', 'apis/authorization.k8s.io/v1']))
    const appsDocument = (await documents.groupVersion('apis/apps/v1'))!
    expect(root.paths['apis/apps/v1'].serverRelativeURL).toBe(`/openapi/v3/apis/apps/v1?hash=${appsDocument.etag}`)
    expect(appsDocument.etag).toMatch(/^[0-9A-F]{128}$/)
    expect(root.paths).not.toHaveProperty(['apis/metrics.k8s.io/v1beta1'])
  })

  it('is OpenAPI 3.0 with schemas under the upstream names, kinds marked with their group, version and kind', () => {
    expect(core.openapi).toBe('3.0.0')
    const pod = core.components.schemas['io.k8s.api.core.v1.Pod']
    expect(pod['x-kubernetes-group-version-kind']).toEqual([{group: '', version: 'v1', kind: 'Pod'}])
    expect(pod.type).toBe('object')
    expect(pod.properties.metadata.allOf).toEqual([{$ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'}])
    expect(apps.components.schemas['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind']).toEqual([{group: 'apps', version: 'v1', kind: 'Deployment'}])
    // shared types keep their own package: PodTemplateSpec is core even in the apps document
    expect(apps.components.schemas).toHaveProperty(['io.k8s.api.core.v1.PodTemplateSpec'])
    expect(apps.components.schemas).toHaveProperty(['io.k8s.api.autoscaling.v1.Scale'])
  })

  it('offers fieldValidation, dryRun and fieldManager on create, update and patch, each operation with its kind', () => {
    const item = core.paths['/api/v1/namespaces/{namespace}/pods/{name}']
    expect(item.patch['x-kubernetes-group-version-kind']).toEqual({group: '', version: 'v1', kind: 'Pod'})
    expect(item.patch.operationId).toBe('patchCoreV1NamespacedPod')
    expect(parameterNames(item.patch)).toEqual(['dryRun', 'fieldManager', 'fieldValidation', 'force'])
    expect(parameterNames(item.put)).toEqual(['dryRun', 'fieldManager', 'fieldValidation'])
    expect(Object.keys(item.patch.requestBody.content)).toContain('application/strategic-merge-patch+json')
    const collection = apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments']
    expect(parameterNames(collection.post)).toEqual(['dryRun', 'fieldManager', 'fieldValidation'])
    expect(collection.post['x-kubernetes-action']).toBe('post')
    expect(parameterNames(collection.get)).toContain('labelSelector')
    expect(apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'].patch['x-kubernetes-group-version-kind']).toEqual({group: 'autoscaling', version: 'v1', kind: 'Scale'})
    expect(core.paths).toHaveProperty(['/api/v1/nodes/{name}'])
    expect(core.paths).toHaveProperty(['/api/v1/pods'])
  })

  it('describes Pod.spec.containers as kubectl explain prints it, with the merge key apply needs', () => {
    const containers = core.components.schemas['io.k8s.api.core.v1.PodSpec'].properties.containers
    expect(containers.description).toMatch(/^List of containers belonging to the pod/)
    expect(containers.items.allOf).toEqual([{$ref: '#/components/schemas/io.k8s.api.core.v1.Container'}])
    expect(containers['x-kubernetes-patch-merge-key']).toBe('name')
    expect(containers['x-kubernetes-patch-strategy']).toBe('merge')
    const container = core.components.schemas['io.k8s.api.core.v1.Container']
    expect(container.description).toBe('A single application container that you want to run within a pod.')
    expect(container.required).toEqual(['name'])
    expect(container.properties.image.description).toMatch(/^Container image name/)
    expect(container.properties.resources.allOf[0].$ref).toBe('#/components/schemas/io.k8s.api.core.v1.ResourceRequirements')
    expect(core.components.schemas['io.k8s.api.core.v1.ResourceRequirements'].properties.limits.additionalProperties).toEqual({$ref: '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity'})
    expect(core.components.schemas['io.k8s.apimachinery.pkg.api.resource.Quantity'].oneOf).toEqual([{type: 'string'}, {type: 'number'}])
  })
})

describe('the swagger 2.0 document', () => {
  it('holds every served resource in one document with #/definitions references', async () => {
    const swagger = parse((await documents.swagger()).body)
    expect(swagger.swagger).toBe('2.0')
    expect(swagger.paths).toHaveProperty(['/api/v1/namespaces/{namespace}/pods/{name}'])
    expect(swagger.paths).toHaveProperty(['/apis/batch/v1/namespaces/{namespace}/cronjobs'])
    const patch = swagger.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch
    expect(patch.consumes).toContain('application/strategic-merge-patch+json')
    expect(parameterNames(patch)).toEqual(['body', 'dryRun', 'fieldManager', 'fieldValidation', 'force'])
    const spec = swagger.definitions['io.k8s.api.core.v1.PodSpec']
    expect(spec.properties.containers.items).toEqual({$ref: '#/definitions/io.k8s.api.core.v1.Container'})
    expect(swagger.definitions['io.k8s.api.batch.v1.CronJob']['x-kubernetes-group-version-kind']).toEqual([{group: 'batch', version: 'v1', kind: 'CronJob'}])
  })
})
