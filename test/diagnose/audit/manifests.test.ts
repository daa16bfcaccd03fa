// diagnose audit -f: the checks over manifests written here, before they are applied; no cluster.
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {auditManifests, readManifests} from '../../../src/diagnose/audit/manifests.js'
import type {Audit} from '../../../src/diagnose/audit/model.js'
import {UserError} from '../../../src/errors.js'

const objectsOf = (audit: Audit, id: string) => audit.checks.find((c) => c.id === id)?.objects.map((o) => o.object) ?? []

describe('manifest mode', () => {
  it('audits YAML before it is applied, including a Namespace without a quota, and reads List documents', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubekit-audit-'))
    writeFileSync(
      join(dir, 'app.yaml'),
      `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      containers:
      - name: web
        image: nginx:latest
        env: [{name: API_TOKEN, value: abc123}]
`,
    )
    writeFileSync(join(dir, 'list.json'), JSON.stringify({apiVersion: 'v1', kind: 'List', items: [{apiVersion: 'batch/v1', kind: 'CronJob', metadata: {name: 'report', namespace: 'shop'}, spec: {jobTemplate: {spec: {template: {spec: {containers: [{name: 'r', image: 'busybox', securityContext: {privileged: true}}]}}}}}}]}))
    writeFileSync(join(dir, 'notes.txt'), 'not a manifest')
    const objects = await readManifests([dir])
    const audit = auditManifests(objects, {paths: [dir], namespace: 'default', top: 10})
    expect(audit.summary.workloads).toBe(2)
    expect(objectsOf(audit, 'image-tag')).toEqual(['deployment/shop/web', 'cronjob/shop/report'])
    expect(objectsOf(audit, 'config-in-spec')).toEqual(['deployment/shop/web'])
    expect(objectsOf(audit, 'privileged')).toEqual(['cronjob/shop/report'])
    expect(objectsOf(audit, 'resource-quota')).toEqual(['namespace/shop'])
    expect(audit.checks.find((c) => c.id === 'control-plane-taint')).toMatchObject({status: 'skipped', skipped: 'the manifests hold no Node'})
    expect(JSON.stringify(audit)).not.toContain('abc123')
  })
})

describe('readManifests', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'kubekit-audit-'))

  it('reads a single file, and directories recursively in name order, YAML and JSON only', async () => {
    const root = dir()
    mkdirSync(join(root, 'b-apps'))
    writeFileSync(join(root, 'b-apps', 'web.yml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\n')
    writeFileSync(join(root, 'a.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\n# only a comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n')
    writeFileSync(join(root, 'README.md'), 'kind: Deployment\n')
    expect((await readManifests([root])).map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual(['Namespace/shop', 'ConfigMap/settings', 'Service/web'])
    expect((await readManifests([join(root, 'a.yaml')])).map((o) => o.kind)).toEqual(['Namespace', 'ConfigMap'])
  })

  it('opens nested Lists and leaves out documents without a kind', async () => {
    const root = dir()
    const list = {kind: 'List', items: [{kind: 'ServiceList', items: [{kind: 'Service', metadata: {name: 'a'}}]}, {metadata: {name: 'no-kind'}}, {kind: 'Pod', metadata: {name: 'p'}}]}
    writeFileSync(join(root, 'list.json'), JSON.stringify(list))
    writeFileSync(join(root, 'scalar.yaml'), 'just a string\n')
    expect((await readManifests([root])).map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual(['Service/a', 'Pod/p'])
  })

  it('a missing path and YAML that does not parse: one line naming the file', async () => {
    const root = dir()
    await expect(readManifests([join(root, 'nope')])).rejects.toThrow(new UserError(`-f ${join(root, 'nope')}: no such file or directory`))
    writeFileSync(join(root, 'bad.yaml'), 'kind: Deployment\nmetadata: {name: [unclosed\n')
    const error = await readManifests([root]).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(UserError)
    expect((error as Error).message).toMatch(new RegExp(`^${join(root, 'bad.yaml')}: not valid YAML: .+`))
    expect((error as Error).message).not.toContain('\n')
  })

  it('an empty directory holds nothing', async () => {
    expect(await readManifests([dir()])).toEqual([])
  })
})

describe('auditManifests', () => {
  const deployment = (namespace: string | undefined, resources?: object) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {name: 'api', ...(namespace ? {namespace} : {})},
    spec: {template: {spec: {containers: [{name: 'api', image: 'registry.example.com/api:1.4.2', ...(resources ? {resources} : {})}]}}},
  })

  it('objects without a namespace belong to the -n namespace', () => {
    const audit = auditManifests([deployment(undefined)], {paths: ['k8s/'], namespace: 'payments', top: 10})
    expect(objectsOf(audit, 'resources')).toEqual(['deployment/payments/api'])
    expect(audit.scope).toContain('manifests k8s/')
  })

  it('a LimitRange with container defaults in the namespace satisfies the resources check; one without defaults does not', () => {
    const withDefaults = {kind: 'LimitRange', metadata: {name: 'defaults', namespace: 'shop'}, spec: {limits: [{type: 'Container', default: {cpu: '500m', memory: '512Mi'}, defaultRequest: {cpu: '100m', memory: '128Mi'}}]}}
    const podOnly = {kind: 'LimitRange', metadata: {name: 'pods', namespace: 'shop'}, spec: {limits: [{type: 'Pod', max: {cpu: '4'}}]}}
    expect(objectsOf(auditManifests([podOnly, deployment('shop')], {paths: ['a'], namespace: 'default', top: 10}), 'resources')).toEqual(['deployment/shop/api'])
    expect(objectsOf(auditManifests([withDefaults, deployment('shop')], {paths: ['a'], namespace: 'default', top: 10}), 'resources')).toEqual([])
    // Another namespace's LimitRange does not count.
    expect(objectsOf(auditManifests([withDefaults, deployment('web')], {paths: ['a'], namespace: 'default', top: 10}), 'resources')).toEqual(['deployment/web/api'])
  })

  it('a quota is judged only for namespaces the manifests create', () => {
    const namespace = {kind: 'Namespace', metadata: {name: 'shop'}}
    const quota = {kind: 'ResourceQuota', metadata: {name: 'q', namespace: 'shop'}, spec: {hard: {'requests.cpu': '10'}}}
    expect(objectsOf(auditManifests([deployment('shop')], {paths: ['a'], namespace: 'default', top: 10}), 'resource-quota')).toEqual([])
    expect(objectsOf(auditManifests([namespace, deployment('shop')], {paths: ['a'], namespace: 'default', top: 10}), 'resource-quota')).toEqual(['namespace/shop'])
    expect(objectsOf(auditManifests([namespace, quota], {paths: ['a'], namespace: 'default', top: 10}), 'resource-quota')).toEqual([])
  })

  it('nothing to audit: no workloads, every check that needs nodes skipped', () => {
    const audit = auditManifests([], {paths: ['empty/'], namespace: 'default', top: 10})
    expect(audit.summary.workloads).toBe(0)
    expect(audit.checks.filter((c) => c.status === 'failed')).toEqual([])
    expect(audit.checks.find((c) => c.id === 'control-plane-taint')).toMatchObject({status: 'skipped', skipped: 'the manifests hold no Node'})
  })
})
