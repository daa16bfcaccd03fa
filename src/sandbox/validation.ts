/**
 * What the API server checks before it stores an object, in its words: the object's name
 * (DNS-1123 subdomain for most kinds, DNS-1123 label for namespaces, DNS-1035 label for services),
 * pods and pod templates with containers, port numbers (containers' and Services'), a workload's
 * replica count and selector. Answers 422 Invalid.
 */
import {matchesSelector, type LabelSelector} from './controllers/objects.js'
import {resourceId, type ServedResource} from './resources.js'
import {errors, type FieldError} from './status.js'
import type {KubeObject} from './types.js'

type Fields = Record<string, unknown>

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/
const LABEL_1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/
const LABEL_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/

const SUBDOMAIN_TEXT =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
const LABEL_1123_TEXT =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
const LABEL_1035_TEXT =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"

interface NameRule {
  pattern: RegExp
  text: string
  maxLength: number
}

const SUBDOMAIN_RULE: NameRule = {pattern: SUBDOMAIN, text: SUBDOMAIN_TEXT, maxLength: 253}
const NAME_RULES: Record<string, NameRule> = {
  namespaces: {pattern: LABEL_1123, text: LABEL_1123_TEXT, maxLength: 63},
  services: {pattern: LABEL_1035, text: LABEL_1035_TEXT, maxLength: 63},
}

/** field.Invalid: `Invalid value: "Bad_Name!": why`; `rendered` is the value as Go's %#v prints it. */
const invalid = (field: string, rendered: string, detail: string): FieldError => ({field, reason: 'FieldValueInvalid', message: `Invalid value: ${rendered}: ${detail}`})
const required = (field: string): FieldError => ({field, reason: 'FieldValueRequired', message: 'Required value'})

function nameErrors(resource: ServedResource, name: string): FieldError[] {
  const rule = NAME_RULES[resourceId(resource)] ?? SUBDOMAIN_RULE
  const found: FieldError[] = []
  if (name.length > rule.maxLength) found.push(invalid('metadata.name', JSON.stringify(name), `must be no more than ${rule.maxLength} characters`))
  if (!rule.pattern.test(name)) found.push(invalid('metadata.name', JSON.stringify(name), rule.text))
  return found
}

function podSpecErrors(spec: Fields | undefined, path: string): FieldError[] {
  const containers = spec?.containers
  if (!Array.isArray(containers) || containers.length === 0) return [required(`${path}.containers`)]
  const found: FieldError[] = []
  containers.forEach((c: Fields, i) => {
    if (!c.name) found.push(required(`${path}.containers[${i}].name`))
    else if (typeof c.name === 'string' && !LABEL_1123.test(c.name)) found.push(invalid(`${path}.containers[${i}].name`, JSON.stringify(c.name), LABEL_1123_TEXT))
    if (!c.image) found.push(required(`${path}.containers[${i}].image`))
    const ports = Array.isArray(c.ports) ? (c.ports as Fields[]) : []
    ports.forEach((p, j) => found.push(...portErrors(`${path}.containers[${i}].ports[${j}].containerPort`, p.containerPort)))
  })
  return found
}

/** IsValidPortNum, for a number (a named target port is checked elsewhere upstream, and not here). */
function portErrors(field: string, port: unknown): FieldError[] {
  return typeof port === 'number' && (port < 1 || port > 65535) ? [invalid(field, String(port), 'must be between 1 and 65535, inclusive')] : []
}

function serviceErrors(spec: Fields | undefined): FieldError[] {
  const ports = Array.isArray(spec?.ports) ? (spec.ports as Fields[]) : []
  return ports.flatMap((p, i) => [...portErrors(`spec.ports[${i}].port`, p.port), ...portErrors(`spec.ports[${i}].targetPort`, p.targetPort)])
}

/** Go's %v of a map[string]string, as the selector error prints it. */
function goMap(labels: Record<string, string>): string {
  return `map[string]string{${Object.entries(labels).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(', ')}}`
}

const SCALED = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController'])

function workloadErrors(kind: string, spec: Fields | undefined): FieldError[] {
  const template = spec?.template as {metadata?: {labels?: Record<string, string>}; spec?: Fields} | undefined
  const found: FieldError[] = []
  if (SCALED.has(kind) && typeof spec?.replicas === 'number' && spec.replicas < 0) found.push(invalid('spec.replicas', String(spec.replicas), 'must be greater than or equal to 0'))
  const selector = spec?.selector as Fields | undefined
  const needsSelector = kind !== 'Job'
  if (needsSelector && !selector) found.push(required('spec.selector'))
  const labels = template?.metadata?.labels ?? {}
  // A ReplicationController's selector is a plain map of labels; the others are LabelSelectors.
  const labelSelector = (kind === 'ReplicationController' ? {matchLabels: selector} : selector) as LabelSelector | undefined
  if (selector && !matchesSelector(labelSelector, labels)) found.push(invalid('spec.template.metadata.labels', goMap(labels), '`selector` does not match template `labels`'))
  found.push(...podSpecErrors(template?.spec, 'spec.template.spec'))
  return found
}

function kindErrors(object: KubeObject): FieldError[] {
  const spec = object.spec as Fields | undefined
  switch (`${object.apiVersion}/${object.kind}`) {
    case 'v1/Pod':
      return podSpecErrors(spec, 'spec')
    case 'v1/Service':
      return serviceErrors(spec)
    case 'v1/ReplicationController':
    case 'apps/v1/Deployment':
    case 'apps/v1/ReplicaSet':
    case 'apps/v1/StatefulSet':
    case 'apps/v1/DaemonSet':
    case 'batch/v1/Job':
      return workloadErrors(object.kind!, spec)
    default:
      return []
  }
}

/** 422 Invalid, worded as the API server words it, when an object would not be stored. */
export function validateObject(resource: ServedResource, object: KubeObject): void {
  const name = object.metadata?.name ?? ''
  const found = [...(name === '' ? [] : nameErrors(resource, name)), ...kindErrors(object)]
  if (found.length > 0) throw errors.invalidFields(resource.kind, resource.group, name, found)
}
