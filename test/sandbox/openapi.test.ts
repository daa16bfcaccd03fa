// The sandbox's OpenAPI documents, built from @kubernetes/client-node's models: their shape, the
// extensions kubectl reads (group-version-kind, fieldValidation on writes, patch merge keys), the
// descriptions kubectl explain prints, and the caching headers of kube-openapi's handlers.
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {startSandbox, type Sandbox} from '../../src/sandbox/index.js'
import {OpenApiDocuments} from '../../src/sandbox/openapi/documents.js'
import {answerOpenApi} from '../../src/sandbox/openapi/handler.js'
import {parseDeclaration} from '../../src/sandbox/openapi/models.js'
import {decodeSwaggerProtobuf} from '../../src/sandbox/openapi/v2-protobuf.js'
import {run} from '../helpers/run.js'

// Documents are walked by key in the assertions; their shape is what the tests check.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any

const documents = new OpenApiDocuments()
const parse = (body: Buffer) => JSON.parse(body.toString('utf8')) as Json
const parameterNames = (operation: Json) => (operation.parameters as Json[]).map((p) => p.name)

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

describe('the swagger 2.0 document as gnostic protobuf', () => {
  it('is what /openapi/v2 answers to kubectl\'s Accept, with vendor extensions as YAML', async () => {
    const url = new URL('http://sandbox/openapi/v2')
    const answer = (await answerOpenApi(documents, url.pathname, url.searchParams, {accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf'}))!
    expect(answer.status).toBe(200)
    expect(answer.headers['Content-Type']).toBe('application/com.github.proto-openapi.spec.v2.v1.0+protobuf')
    const document = decodeSwaggerProtobuf(answer.body) as Json
    expect(document.swagger).toBe('2.0')
    const deployment = document.definitions.additionalProperties.find((d: Json) => d.name === 'io.k8s.api.apps.v1.Deployment').value
    expect(deployment.vendorExtension).toEqual([{name: 'x-kubernetes-group-version-kind', value: {yaml: '[{"group":"apps","version":"v1","kind":"Deployment"}]'}}])
    const patch = document.paths.path.find((p: Json) => p.name === '/apis/apps/v1/namespaces/{namespace}/deployments/{name}').value.patch
    expect(patch.parameters.map((p: Json) => p.parameter.bodyParameter?.name ?? p.parameter.nonBodyParameter.queryParameterSubSchema.name)).toEqual(['body', 'dryRun', 'fieldManager', 'fieldValidation', 'force'])
  })
})

describe('the OpenAPI handlers', () => {
  const get = (path: string, headers: {accept?: string; ifNoneMatch?: string} = {}) => {
    const url = new URL(path, 'http://sandbox')
    return answerOpenApi(documents, url.pathname, url.searchParams, headers)
  }

  it('serves the root with an ETag and answers 304 to a matching If-None-Match', async () => {
    const root = (await get('/openapi/v3'))!
    expect(root.status).toBe(200)
    expect(root.headers['Content-Type']).toBe('application/json')
    expect(root.headers.ETag).toMatch(/^"[0-9A-F]{128}"$/)
    expect((await get('/openapi/v3', {ifNoneMatch: root.headers.ETag}))!.status).toBe(304)
  })

  it('makes a group version with the current hash immutable and redirects a stale hash', async () => {
    const {etag} = (await documents.groupVersion('apis/batch/v1'))!
    const current = (await get(`/openapi/v3/apis/batch/v1?hash=${etag}`, {accept: 'application/json'}))!
    expect(current.status).toBe(200)
    expect(current.headers['Cache-Control']).toBe('public, immutable')
    expect(current.headers.Vary).toBe('Accept')
    expect(new Date(current.headers.Expires!).getTime()).toBeGreaterThan(Date.now() + 300 * 24 * 3600 * 1000)
    const stale = (await get('/openapi/v3/apis/batch/v1?hash=ABC'))!
    expect(stale.status).toBe(301)
    expect(stale.headers.Location).toBe(`/openapi/v3/apis/batch/v1?hash=${etag}`)
  })

  it('answers 404 for a group version it does not serve, 406 for an Accept it cannot produce, and leaves other paths alone', async () => {
    expect((await get('/openapi/v3/apis/nothing.example.com/v1'))!.status).toBe(404)
    expect((await get('/openapi/v3/api/v1', {accept: 'application/com.github.proto-openapi.spec.v3.v1.0+protobuf'}))!.status).toBe(406)
    expect((await get('/openapi/v2', {accept: 'application/json'}))!.status).toBe(200)
    expect(await get('/api/v1')).toBeUndefined()
  })
})

describe('model declarations', () => {
  it('reads class and field descriptions and required fields from a .d.ts', () => {
    const source = `/**\n * Kubernetes\n */\nimport {X} from './X.js';\n/**\n* A thing\\'s \\"kind\\".\n*/\nexport declare class V1Thing {\n    /**\n    * The name.\n    */\n    'name': string;\n    'spec'?: X;\n}\n`
    const doc = parseDeclaration(source)
    expect(doc.description).toBe(`A thing's "kind".`)
    expect(doc.fields.get('name')).toEqual({description: 'The name.', required: true})
    expect(doc.fields.get('spec')).toEqual({required: false})
  })
})

describe('kubectl explain against the sandbox', () => {
  let sandbox: Sandbox
  const kubectl = (...args: string[]) => run('kubectl', ['--kubeconfig', sandbox.kubeconfigPath, ...args], {HOME: '/nonexistent'})

  beforeAll(async () => {
    sandbox = await startSandbox({scenario: 'empty', controllers: false})
  })
  afterAll(async () => {
    await sandbox?.stop()
  })

  it('explains pod.spec.containers from the v3 document: type, description, fields', async () => {
    const explained = await kubectl('explain', 'pod.spec.containers')
    expect(explained.stderr).toBe('')
    expect(explained.stdout).toMatch(/^KIND:\s+Pod\nVERSION:\s+v1\n\nFIELD: containers <\[\]Container>/)
    expect(explained.stdout).toMatch(/List of containers belonging to the pod\./)
    expect(explained.stdout).toMatch(/\n {2}image\t<string>\n/)
    expect(explained.stdout).toMatch(/\n {2}name\t<string> -required-\n/)
    expect(explained.stdout).toMatch(/\n {2}resources\t<ResourceRequirements>\n/)
  })

  it('explains from the swagger 2.0 document (gnostic protobuf) with --output=plaintext-openapiv2', async () => {
    const explained = await kubectl('explain', 'pods.spec.containers', '--output=plaintext-openapiv2')
    expect(explained.stderr).toBe('')
    expect(explained.stdout).toMatch(/^KIND:\s+Pod\nVERSION:\s+v1\n\nRESOURCE: containers <\[\]Object>/)
    expect(explained.stdout).toMatch(/\n {3}image\t<string>\n/)
  })

  it('explains a kind of a named group version', async () => {
    const explained = await kubectl('explain', 'deployments', '--api-version=apps/v1')
    expect(explained.stdout).toMatch(/^GROUP:\s+apps\nKIND:\s+Deployment\nVERSION:\s+v1\n/)
    expect(explained.stdout).toMatch(/Deployment enables declarative updates for Pods and ReplicaSets\./)
  })
})
