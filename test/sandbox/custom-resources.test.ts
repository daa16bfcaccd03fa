// resourceOfDefinition; serving custom resources runs end to end in test/sandbox/cluster-kinds.test.ts.
import {describe, expect, it} from 'vitest'
import {resourceOfDefinition} from '../../src/sandbox/custom-resources.js'
import type {KubeObject} from '../../src/sandbox/types.js'

const crd = (spec: Record<string, unknown>): KubeObject => ({apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: {name: 'widgets.example.com'}, spec})
const names = {plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd'], categories: ['all']}

describe('resourceOfDefinition', () => {
  it('serves the storage version with its names, subresources and printer columns', () => {
    const columns = [{name: 'Size', type: 'integer', jsonPath: '.spec.size'}]
    const resource = resourceOfDefinition(
      crd({
        group: 'example.com',
        scope: 'Namespaced',
        names,
        versions: [
          {name: 'v1alpha1', served: true, storage: false},
          {name: 'v1', served: true, storage: true, subresources: {status: {}, scale: {specReplicasPath: '.spec.replicas'}}, additionalPrinterColumns: columns},
        ],
      }),
    )
    expect(resource).toEqual({
      group: 'example.com',
      version: 'v1',
      plural: 'widgets',
      singular: 'widget',
      kind: 'Widget',
      namespaced: true,
      verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'watch', 'create', 'update'],
      shortNames: ['wd'],
      categories: ['all'],
      subresources: ['scale', 'status'],
      printerColumns: columns,
    })
  })

  it('defaults the singular name, the Age column, and takes Cluster scope', () => {
    const resource = resourceOfDefinition(crd({group: 'example.com', scope: 'Cluster', names: {plural: 'gadgets', kind: 'Gadget'}, versions: [{name: 'v1beta1', served: true}]}))
    expect(resource).toMatchObject({version: 'v1beta1', singular: 'gadget', namespaced: false, printerColumns: [{name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp'}]})
    expect(resource).not.toHaveProperty('shortNames')
    expect(resource).not.toHaveProperty('subresources')
  })

  it('is undefined for an incomplete definition', () => {
    expect(resourceOfDefinition(crd({names, versions: [{name: 'v1', storage: true}]}))).toBeUndefined()
    expect(resourceOfDefinition(crd({group: 'example.com', names: {plural: 'widgets'}, versions: [{name: 'v1', storage: true}]}))).toBeUndefined()
    expect(resourceOfDefinition(crd({group: 'example.com', names, versions: [{name: 'v1', served: false}]}))).toBeUndefined()
    expect(resourceOfDefinition(crd({group: 'example.com', names}))).toBeUndefined()
  })
})
