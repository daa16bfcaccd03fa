/**
 * The pods/ephemeralcontainers subresource (what `kubectl debug POD --image=...` patches): GET
 * answers the pod; PATCH and PUT may only add ephemeral containers — existing ones cannot be changed
 * or removed — and every other field of the pod stays as it is. The simulated kubelet starts them.
 */
import {readJsonBody, reply, type ApiRequest} from './http.js'
import {applyPatch} from './patch.js'
import {errors, type FieldError} from './status.js'
import type {Store} from './store.js'
import type {KubeObject} from './types.js'
import {isDryRun} from './writes.js'

interface EphemeralContainer {
  name?: string
  image?: string
  targetContainerName?: string
  [field: string]: unknown
}

function ephemeralOf(pod: KubeObject): EphemeralContainer[] {
  return ((pod.spec as {ephemeralContainers?: EphemeralContainer[]} | undefined)?.ephemeralContainers ?? [])
}

function containerNames(pod: KubeObject): string[] {
  const spec = (pod.spec ?? {}) as {containers?: Array<{name: string}>; initContainers?: Array<{name: string}>}
  return [...(spec.containers ?? []), ...(spec.initContainers ?? [])].map((c) => c.name)
}

/** ValidatePodEphemeralContainersUpdate, for what kubectl and users get wrong. */
function validate(current: KubeObject, wanted: EphemeralContainer[]): FieldError[] {
  const found: FieldError[] = []
  const before = ephemeralOf(current)
  const taken = new Set(containerNames(current))
  const seen = new Set<string>()
  wanted.forEach((c, i) => {
    const path = `spec.ephemeralContainers[${i}]`
    if (!c.name) found.push({field: `${path}.name`, reason: 'FieldValueRequired', message: 'Required value'})
    else if (taken.has(c.name) || seen.has(c.name)) found.push({field: `${path}.name`, reason: 'FieldValueDuplicate', message: `Duplicate value: ${JSON.stringify(c.name)}`})
    if (!c.image) found.push({field: `${path}.image`, reason: 'FieldValueRequired', message: 'Required value'})
    if (c.targetContainerName && !taken.has(c.targetContainerName)) found.push({field: `${path}.targetContainerName`, reason: 'FieldValueNotFound', message: `Not found: ${JSON.stringify(c.targetContainerName)}`})
    if (c.name) seen.add(c.name)
  })
  for (const old of before) {
    const now = wanted.find((c) => c.name === old.name)
    if (!now || JSON.stringify(now) !== JSON.stringify(old)) {
      found.push({field: 'spec.ephemeralContainers', reason: 'FieldValueForbidden', message: 'Forbidden: existing ephemeral containers may not be removed or changed'})
      break
    }
  }
  return found
}

/** GET, PATCH or PUT of pods/NAME/ephemeralcontainers. */
export async function serveEphemeralContainers(store: Store, request: ApiRequest, verb: string, namespace: string, name: string): Promise<void> {
  const current = store.get('pods', namespace, name)?.object
  if (!current) throw errors.notFound('pods', '', name)
  if (verb === 'get') return reply(request, 200, current)
  const dryRun = isDryRun(request.params)
  const body = await readJsonBody(request.req)
  const changed = (verb === 'patch' ? applyPatch(current, body, request.req.headers['content-type'] ?? '') : body) as KubeObject
  const wanted = ephemeralOf(changed)
  const problems = validate(current, wanted)
  if (problems.length > 0) throw errors.invalidFields('Pod', '', name, problems)
  const resourceVersion = (body as KubeObject | null)?.metadata?.resourceVersion
  const spec = wanted.length > 0 ? {...(current.spec as object), ephemeralContainers: wanted.map(withDefaults)} : current.spec
  const next: KubeObject = {...current, metadata: {...current.metadata, resourceVersion}, spec}
  reply(request, 200, store.update(next, dryRun ? {dryRun} : {}))
}

/** The defaults an ephemeral container gets (as a container does). */
function withDefaults(c: EphemeralContainer): EphemeralContainer {
  const image = c.image ?? ''
  const pullPolicy = image.endsWith(':latest') || !image.split('/').at(-1)!.includes(':') ? 'Always' : 'IfNotPresent'
  return {imagePullPolicy: pullPolicy, resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', ...c}
}
