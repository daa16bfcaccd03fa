// An Ingress link by link, on objects held in memory: address → class and controller → TLS Secret
// (metadata only) → backend Services → endpoints → pods. test/diagnose/kinds.integration.test.ts
// runs the chain on the sandbox.
import {describe, expect, it} from 'vitest'
import {Diagnoser} from '../../../src/diagnose/core.js'
import type {Ingress} from '../../../src/diagnose/objects.js'
import {backendsOf, diagnoseIngress} from '../../../src/diagnose/targets/ingress.js'
import {KubeError} from '../../../src/kube/errors.js'
import {NOW, node, pod} from '../fixtures.js'
import {storeClient} from './store-client.js'

const backend = (name: string, port: number | string) => ({service: {name, port: typeof port === 'number' ? {number: port} : {name: port}}})

function ingress(spec: Ingress['spec'], annotations?: Record<string, string>): Ingress {
  return {apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: {name: 'shop', namespace: 'shop', uid: 'i-shop', ...(annotations ? {annotations} : {})}, spec, status: {loadBalancer: {ingress: [{ip: '47.96.10.20'}]}}} as Ingress
}

describe('backendsOf', () => {
  it('the default backend first, then each rule\'s paths, each Service and port once', () => {
    const shop = ingress({
      defaultBackend: backend('web', 80),
      rules: [
        {host: 'shop.example.com', http: {paths: [{path: '/', pathType: 'Prefix', backend: backend('web', 80)}, {path: '/api', pathType: 'Prefix', backend: backend('api', 'http')}]}},
        {http: {paths: [{pathType: 'Prefix', backend: backend('api', 'http')}, {path: '/admin', pathType: 'Prefix', backend: backend('api', 8443)}]}},
      ],
    })
    expect(backendsOf(shop).map((b) => [b.from, b.backend.service!.name, b.backend.service!.port])).toEqual([
      ['defaultBackend', 'web', {number: 80}],
      ['rule shop.example.com/api', 'api', {name: 'http'}],
      ['rule */admin', 'api', {number: 8443}],
    ])
  })

  it('resource backends (a bucket, not a Service) and rules without http are left out; no rules, no backends', () => {
    const resource = {resource: {apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'static-assets'}}
    expect(backendsOf(ingress({rules: [{host: 'static.example.com', http: {paths: [{path: '/', pathType: 'Prefix', backend: resource}]}}, {host: 'empty.example.com'}]}))).toEqual([])
    expect(backendsOf(ingress({}))).toEqual([])
  })
})

function cluster(extra: object[] = []) {
  const controller = pod({name: 'ingress-nginx-controller-5c8d66c76d-7xkqp', namespace: 'ingress-nginx', metadata: {labels: {'app.kubernetes.io/name': 'ingress-nginx'}, ownerReferences: []}})
  const web = pod({name: 'web-6b7f9c-abcde', metadata: {labels: {app: 'web'}, ownerReferences: []}})
  return [
    node({name: 'worker-1'}),
    controller,
    web,
    {apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: {name: 'nginx', annotations: {'ingressclass.kubernetes.io/is-default-class': 'true'}}, spec: {controller: 'k8s.io/ingress-nginx'}},
    {apiVersion: 'v1', kind: 'Service', metadata: {name: 'web', namespace: 'shop', uid: 's-web'}, spec: {type: 'ClusterIP', selector: {app: 'web'}, ports: [{name: 'http', port: 80, targetPort: 8080}]}},
    {apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: {name: 'web-x7k2p', namespace: 'shop', labels: {'kubernetes.io/service-name': 'web'}}, endpoints: [{addresses: ['10.244.1.17'], conditions: {ready: true}}], ports: [{name: 'http', port: 8080}]},
    {apiVersion: 'v1', kind: 'Secret', metadata: {name: 'shop-tls', namespace: 'shop'}, type: 'kubernetes.io/tls', data: {'tls.crt': 'LS0tLS1CRUdJTi1jZXJ0', 'tls.key': 'LS0tLS1CRUdJTi1rZXk='}},
    ...extra,
  ]
}

const run = async (objects: object[], name = 'shop') => {
  const client = storeClient(objects as never)
  const d = await diagnoseIngress(new Diagnoser(client, {namespace: 'shop', tailLines: 20, logs: false, nodeLogs: false, maxPods: 3, now: NOW}), name)
  return {d, client}
}

const rules = (service: string) => [{host: 'shop.example.com', http: {paths: [{path: '/', pathType: 'Prefix' as const, backend: backend(service, 80)}]}}]

describe('diagnoseIngress', () => {
  it('a healthy chain: every link in what was checked; the TLS Secret read as metadata only', async () => {
    const {d, client} = await run(cluster([ingress({ingressClassName: 'nginx', tls: [{hosts: ['shop.example.com'], secretName: 'shop-tls'}], rules: rules('web')})]))
    expect(d.findings.filter((f) => f.severity !== 'info')).toEqual([])
    expect(d.checked).toEqual([
      'address: 47.96.10.20',
      'class: nginx (k8s.io/ingress-nginx), controller pods running: 1',
      'TLS secrets: shop-tls (found)',
      'rule shop.example.com/ → service web:80 (found), endpoints 1 ready',
    ])
    expect(client.reads).toContain('metadata secrets shop/shop-tls')
    expect(client.reads.filter((read) => read.startsWith('get secrets'))).toEqual([])
  })

  it('no class named: the default IngressClass is used', async () => {
    const {d} = await run(cluster([ingress({rules: rules('web')})]))
    expect(d.checked[1]).toBe('class: nginx (k8s.io/ingress-nginx), controller pods running: 1')
  })

  it('names the broken links: a TLS Secret that is missing, a backend Service that is not there', async () => {
    const {d} = await run(cluster([ingress({ingressClassName: 'nginx', tls: [{secretName: 'shop-tls-2026'}], rules: rules('checkout')})]))
    expect(d.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['IngressTlsSecretMissing', 'IngressBackendServiceMissing']))
    expect(d.checked.slice(2)).toEqual(['TLS secrets: shop-tls-2026 (missing)', 'rule shop.example.com/ → service checkout:80 (missing), endpoints 0 ready'])
  })

  it('a class that does not exist, and no controller pods looked for', async () => {
    const {d} = await run(cluster([ingress({ingressClassName: 'traefik', rules: rules('web')})]))
    expect(d.rootCause?.code).toBe('IngressClassMissing')
    expect(d.checked[1]).toBe('class: traefik (missing)')
  })

  it('an Ingress that is not there, and a server without the Ingress API, say which', async () => {
    await expect(run(cluster())).rejects.toThrow('ingresses "shop" not found')
    const client = storeClient(cluster() as never)
    const getRaw = client.getRaw.bind(client)
    client.getRaw = async (path, query) => {
      if (path === '/apis/networking.k8s.io/v1') throw new KubeError('not-found', 'the server could not find the requested resource', 404)
      return getRaw(path, query)
    }
    const diagnoser = new Diagnoser(client, {namespace: 'shop', tailLines: 20, logs: false, nodeLogs: false, maxPods: 3, now: NOW})
    await expect(diagnoseIngress(diagnoser, 'shop')).rejects.toThrow('the API server does not serve ingresses.networking.k8s.io (no Ingress API in this cluster): nothing to diagnose')
  })
})
