import {describe, expect, it} from 'vitest'
import {podFromTemplate} from '../../../src/sandbox/controllers/pod-template.js'
import type {KubeObject} from '../../../src/sandbox/types.js'

const owner: KubeObject = {apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: {name: 'web-7d4b9c8f6d', namespace: 'shop', uid: 'rs-uid'}}
const template = {metadata: {labels: {app: 'web'}, annotations: {team: 'a'}}, spec: {containers: [{name: 'web', image: 'nginx:1.25'}]}}

describe('podFromTemplate', () => {
  it("makes a defaulted pod in the owner's namespace, owned by it, with the template's labels and annotations plus the extra ones", () => {
    const pod = podFromTemplate({owner, template, generateName: 'web-7d4b9c8f6d-', extraLabels: {'pod-template-hash': '7d4b9c8f6d'}})
    expect(pod.metadata).toEqual({
      generateName: 'web-7d4b9c8f6d-',
      namespace: 'shop',
      labels: {app: 'web', 'pod-template-hash': '7d4b9c8f6d'},
      annotations: {team: 'a'},
      ownerReferences: [{apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d4b9c8f6d', uid: 'rs-uid', controller: true, blockOwnerDeletion: true}],
    })
    expect(pod.status).toEqual({phase: 'Pending', qosClass: 'BestEffort'})
    expect((pod.spec as {containers: Array<{imagePullPolicy: string}>}).containers[0]!.imagePullPolicy).toBe('IfNotPresent')
  })

  it('sets a fixed name and extra spec fields, never changing the template', () => {
    const pod = podFromTemplate({owner, template, name: 'db-0', extraSpec: {hostname: 'db-0', subdomain: 'db'}})
    expect(pod.metadata?.name).toBe('db-0')
    expect(pod.metadata).not.toHaveProperty('generateName')
    expect(pod.spec).toMatchObject({hostname: 'db-0', subdomain: 'db'})
    ;(pod.spec as {containers: Array<{image: string}>}).containers[0]!.image = 'changed'
    expect(template.spec.containers[0]!.image).toBe('nginx:1.25')
  })

  it('leaves out empty labels and annotations', () => {
    const pod = podFromTemplate({owner, template: {spec: {containers: []}}, generateName: 'x-'})
    expect(pod.metadata).not.toHaveProperty('labels')
    expect(pod.metadata).not.toHaveProperty('annotations')
  })
})
