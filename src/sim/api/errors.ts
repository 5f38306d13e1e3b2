// API errors carried as exceptions and answered as `kind: Status` bodies,
// the shape every Kubernetes client decodes.

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: { reason?: string; message?: string; field?: string }[];
  retryAfterSeconds?: number;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }

  toStatus(): Record<string, unknown> {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

function resourceLabel(group: string, resource: string): string {
  return group ? `${resource}.${group}` : resource;
}

export const errors = {
  notFound: (group: string, resource: string, name: string) =>
    new ApiError(404, 'NotFound', `${resourceLabel(group, resource)} "${name}" not found`, {
      name,
      group,
      kind: resource,
    }),
  alreadyExists: (group: string, resource: string, name: string) =>
    new ApiError(409, 'AlreadyExists', `${resourceLabel(group, resource)} "${name}" already exists`, {
      name,
      group,
      kind: resource,
    }),
  conflict: (group: string, resource: string, name: string, why: string) =>
    new ApiError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${resourceLabel(group, resource)} "${name}": ${why}`,
      { name, group, kind: resource },
    ),
  invalid: (kind: string, name: string, causes: { field: string; message: string }[]) =>
    new ApiError(
      422,
      'Invalid',
      `${kind} "${name}" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}`,
      { name, kind, causes: causes.map((c) => ({ reason: 'FieldValueInvalid', ...c })) },
    ),
  badRequest: (message: string) => new ApiError(400, 'BadRequest', message),
  gone: (message: string) => new ApiError(410, 'Expired', message),
  unsupportedMedia: (type: string) =>
    new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (got ${type})`),
  methodNotAllowed: (method: string) => new ApiError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource (${method})`),
  forbidden: (group: string, resource: string, verb: string, ns?: string) =>
    new ApiError(
      403,
      'Forbidden',
      `${resourceLabel(group, resource)} is forbidden: User "system:serviceaccount:kubesim:operator" cannot ${verb} resource "${resource}" in API group "${group}"${ns ? ` in the namespace "${ns}"` : ' at the cluster scope'}`,
      { group, kind: resource },
    ),
  unauthorized: () => new ApiError(401, 'Unauthorized', 'Unauthorized'),
  internal: (message: string) => new ApiError(500, 'InternalError', `Internal error occurred: ${message}`),
  unavailable: (message: string) => new ApiError(503, 'ServiceUnavailable', message),
};
