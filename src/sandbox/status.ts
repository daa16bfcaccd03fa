/** metav1.Status error bodies, worded and shaped as kube-apiserver writes them. */

export interface StatusBody {
  kind: 'Status'
  apiVersion: 'v1'
  metadata: {continue?: string}
  status: 'Failure' | 'Success'
  message?: string
  reason?: string
  details?: StatusDetails
  code: number
}

export interface StatusCause {
  reason?: string
  message: string
  field?: string
}

export interface StatusDetails {
  name?: string
  group?: string
  kind?: string
  uid?: string
  causes?: StatusCause[]
  retryAfterSeconds?: number
}

/** A field error as apimachinery's field.Error renders it: `Required value`, `Invalid value: "x": why`. */
export interface FieldError {
  field: string
  /** FieldValueRequired, FieldValueInvalid, FieldValueForbidden, FieldValueNotSupported, FieldValueTypeInvalid. */
  reason: string
  /** `Required value`, `Invalid value: "Bad_Name!": a lowercase RFC 1123 ...`. */
  message: string
}

/** An error that the server answers with a Status object. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message)
  }

  /** ListMeta of the Status (an expired continue token's replacement). */
  listMeta?: {continue?: string}

  toStatus(): StatusBody {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: this.listMeta ?? {},
      status: 'Failure',
      message: this.message,
      ...(this.reason ? {reason: this.reason} : {}),
      ...(this.details ? {details: this.details} : {}),
      code: this.code,
    }
  }
}

/** Go's omitempty: the core group is left out of details. */
function details(resource: string, group: string, name?: string): StatusDetails {
  const d: StatusDetails = {}
  if (name) d.name = name
  if (group) d.group = group
  d.kind = resource
  return d
}

function qualified(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource
}

/** apierrors.NewForbidden's subject: `pods "x"`, or just `pods` without a name. */
function forbiddenSubject(resource: string, group: string, name: string): string {
  return name ? `${qualified(resource, group)} "${name}"` : qualified(resource, group)
}

export const errors = {
  notFound: (resource: string, group: string, name: string) =>
    new ApiError(404, 'NotFound', `${qualified(resource, group)} "${name}" not found`, details(resource, group, name)),
  alreadyExists: (resource: string, group: string, name: string) =>
    new ApiError(409, 'AlreadyExists', `${qualified(resource, group)} "${name}" already exists`, details(resource, group, name)),
  conflict: (resource: string, group: string, name: string) =>
    new ApiError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualified(resource, group)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      details(resource, group, name),
    ),
  badRequest: (message: string) => new ApiError(400, 'BadRequest', message),
  invalid: (kind: string, group: string, name: string, field: string, message: string) =>
    new ApiError(422, 'Invalid', `${kind} "${name}" is invalid: ${field}: ${message}`, {
      name,
      ...(group ? {group} : {}),
      kind,
      causes: [{reason: 'FieldValueInvalid', message, field}],
    }),
  unauthorized: () => new ApiError(401, 'Unauthorized', 'Unauthorized'),
  /** `pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"`. */
  forbidden: (user: string, verb: string, resource: string, group: string, namespace: string | undefined, name: string | undefined) => {
    const subject = name ? `${qualified(resource.split('/')[0]!, group)} "${name}"` : qualified(resource.split('/')[0]!, group)
    const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope'
    return new ApiError(
      403,
      'Forbidden',
      `${subject} is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "${group}" ${scope}`,
      details(resource.split('/')[0]!, group, name),
    )
  },
  methodNotSupported: (resource: string, group: string, verb: string) =>
    new ApiError(405, 'MethodNotAllowed', `${verb} is not supported on resources of kind "${qualified(resource, group)}"`, details(resource, group)),
  unsupportedMediaType: (contentType: string) =>
    new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json; got ${contentType}`),
  expired: (message: string) => new ApiError(410, 'Expired', message),
  /** A known group version without this resource or subresource: details present but empty (kubectl debug reads them). */
  pathNotFound: () => new ApiError(404, 'NotFound', 'the server could not find the requested resource', {}),
  /** storage.NewTooLargeResourceVersionError as the watch cache answers it (retry after 1 s). */
  tooLargeResourceVersion: (wanted: number, current: number) =>
    new ApiError(504, 'Timeout', `Timeout: Too large resource version: ${wanted}, current: ${current}`, {
      causes: [{reason: 'ResourceVersionTooLarge', message: 'Too large resource version'}],
      retryAfterSeconds: 1,
    }),
  /** apierrors.NewInvalid: `Kind.group "name" is invalid: [field: message, ...]`. */
  invalidFields: (kind: string, group: string, name: string, fieldErrors: FieldError[]) => {
    const rendered = fieldErrors.map((e) => `${e.field}: ${e.message}`)
    const summary = rendered.length === 1 ? rendered[0] : `[${rendered.join(', ')}]`
    return new ApiError(422, 'Invalid', `${qualified(kind, group)} "${name}" is invalid: ${summary}`, {
      name,
      ...(group ? {group} : {}),
      kind,
      causes: fieldErrors.map((e) => ({reason: e.reason, message: e.message, field: e.field})),
    })
  },
  /** An admission plugin's refusal: `namespaces "default" is forbidden: this namespace may not be deleted`. */
  admissionForbidden: (resource: string, group: string, name: string, reason: string) =>
    new ApiError(403, 'Forbidden', `${forbiddenSubject(resource, group, name)} is forbidden: ${reason}`, details(resource, group, name)),
  /** NamespaceLifecycle refusing a create in a terminating namespace. */
  namespaceTerminating: (resource: string, group: string, name: string, namespace: string) =>
    new ApiError(403, 'Forbidden', `${forbiddenSubject(resource, group, name)} is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`, {
      ...details(resource, group, name),
      causes: [{reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace'}],
    }),
}
