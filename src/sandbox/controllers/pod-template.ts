/** Pods made from a workload's pod template, as the controllers create them through the API. */
import {applyCreateDefaults} from '../defaults.js'
import type {KubeObject} from '../types.js'
import {controllerReference, meta, type PodTemplate} from './objects.js'

export interface PodFromTemplate {
  owner: KubeObject
  template: PodTemplate
  /** `generateName` (`web-7d4b9c8f6d-`) or a fixed `name` (`db-0`). */
  generateName?: string
  name?: string
  extraLabels?: Record<string, string>
  extraAnnotations?: Record<string, string>
  /** Spec fields set on top of the template's (hostname, subdomain, affinity...). */
  extraSpec?: Record<string, unknown>
}

export function podFromTemplate(input: PodFromTemplate): KubeObject {
  const templateMeta = input.template.metadata ?? {}
  const labels = {...(templateMeta.labels ?? {}), ...input.extraLabels}
  const annotations = {...(templateMeta.annotations ?? {}), ...input.extraAnnotations}
  const metadata: Record<string, unknown> = {}
  if (input.name) metadata.name = input.name
  if (input.generateName) metadata.generateName = input.generateName
  metadata.namespace = meta(input.owner).namespace
  if (Object.keys(labels).length) metadata.labels = labels
  if (Object.keys(annotations).length) metadata.annotations = annotations
  metadata.ownerReferences = [controllerReference(input.owner)]
  const spec = {...structuredClone(input.template.spec ?? {containers: []}), ...input.extraSpec}
  return applyCreateDefaults({apiVersion: 'v1', kind: 'Pod', metadata, spec})
}
