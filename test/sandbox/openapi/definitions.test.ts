// The naming helpers of definitions.ts; the DefinitionSet's output is read in documents.test.ts.
import {describe, expect, it} from 'vitest'
import {apiPackage, INT_OR_STRING, QUANTITY, TIME, typeName} from '../../../src/sandbox/openapi/definitions.js'

describe('definition names', () => {
  it('put a group version in its upstream Go package', () => {
    expect(apiPackage('', 'v1')).toBe('io.k8s.api.core.v1')
    expect(apiPackage('apps', 'v1')).toBe('io.k8s.api.apps.v1')
    expect(apiPackage('discovery.k8s.io', 'v1')).toBe('io.k8s.api.discovery.v1')
    expect(apiPackage('rbac.authorization.k8s.io', 'v1')).toBe('io.k8s.api.rbac.v1')
    expect(apiPackage('autoscaling', 'v2')).toBe('io.k8s.api.autoscaling.v2')
  })

  it("take a model's Go type name from its client-node class name", () => {
    expect(typeName('V1DeploymentSpec')).toBe('DeploymentSpec')
    expect(typeName('V2HorizontalPodAutoscaler')).toBe('HorizontalPodAutoscaler')
    expect(typeName('V1beta1FlowSchema')).toBe('FlowSchema')
    expect(typeName('CoreV1Event')).toBe('Event')
    expect(typeName('EventsV1EventSeries')).toBe('EventSeries')
  })

  it('name the apimachinery types as upstream', () => {
    expect(TIME).toBe('io.k8s.apimachinery.pkg.apis.meta.v1.Time')
    expect(INT_OR_STRING).toBe('io.k8s.apimachinery.pkg.util.intstr.IntOrString')
    expect(QUANTITY).toBe('io.k8s.apimachinery.pkg.api.resource.Quantity')
  })
})
