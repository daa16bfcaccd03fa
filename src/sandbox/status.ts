/** metav1.Status error bodies, worded and shaped as kube-apiserver writes them. */

export interface StatusBody {
  kind: 'Status'
  apiVersion: 'v1'
  metadata: Record<string, never>
  status: 'Failure' | 'Success'
  message?: string
  reason?: string
  details?: {name?: string; group?: string; kind?: string; causes?: Array<{reason?: string; message: string; field?: string}>}
  code: number
}

/** An error that the server answers with a Status object. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusBody['details'],
  ) {
    super(message)
  }

  toStatus(): StatusBody {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? {details: this.details} : {}),
      code: this.code,
    }
  }
}

/** Go's omitempty: the core group is left out of details. */
function details(resource: string, group: string, name?: string): StatusBody['details'] {
  const d: NonNullable<StatusBody['details']> = {}
  if (name) d.name = name
  if (group) d.group = group
  d.kind = resource
  return d
}

function qualified(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource
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
  pathNotFound: () => new ApiError(404, 'NotFound', 'the server could not find the requested resource'),
}
