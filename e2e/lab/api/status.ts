// Errors as the real API returns them: metav1.Status objects with reason, details and code.
import type { ResourceDef } from './resources';

export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, unknown>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: StatusCause[]; retryAfterSeconds?: number };
  code: number;
}

/** Thrown by handlers; the server turns it into a Status response. */
export class ApiError extends Error {
  constructor(
    readonly status: StatusBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(status.message);
  }
}

function failure(code: number, reason: string | undefined, message: string, details?: StatusBody['details']): ApiError {
  const s: StatusBody = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, code };
  if (reason) s.reason = reason;
  if (details) s.details = details;
  return new ApiError(s);
}

const qualified = (r: ResourceDef) => (r.group ? `${r.plural}.${r.group}` : r.plural);

export const errors = {
  badRequest: (message: string) => failure(400, 'BadRequest', message),
  unauthorized: () => failure(401, 'Unauthorized', 'Unauthorized'),
  forbidden: (message: string, details?: StatusBody['details']) => failure(403, 'Forbidden', message, details),
  notFound: (r: ResourceDef, name: string) => failure(404, 'NotFound', `${qualified(r)} "${name}" not found`, { name, group: r.group, kind: r.plural }),
  pathNotFound: () => failure(404, 'NotFound', 'the server could not find the requested resource', {}),
  methodNotAllowed: (message = 'the server does not allow this method on the requested resource') => failure(405, 'MethodNotAllowed', message, {}),
  alreadyExists: (r: ResourceDef, name: string) => failure(409, 'AlreadyExists', `${qualified(r)} "${name}" already exists`, { name, group: r.group, kind: r.plural }),
  conflict: (r: ResourceDef, name: string) =>
    failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(r)} "${name}": the object has been modified; please apply your changes to the latest version and try again`, { name, group: r.group, kind: r.plural }),
  gone: (message: string) => failure(410, 'Expired', message),
  invalid: (r: ResourceDef, name: string, causes: StatusCause[]) => {
    const list = causes.map((c) => `${c.field}: ${c.message}`);
    const summary = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
    return failure(422, 'Invalid', `${r.kind} "${name}" is invalid: ${summary}`, { name, group: r.group, kind: r.kind, causes });
  },
  unsupportedMediaType: (ct: string) => failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/merge-patch+json, application/strategic-merge-patch+json, application/json-patch+json, application/apply-patch+yaml (got ${ct})`),
  tooManyRequests: (retryAfterSeconds: number) => {
    const e = failure(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds });
    return new ApiError(e.status, { 'Retry-After': String(retryAfterSeconds) });
  },
  internal: (message: string, code = 500) => failure(code, code === 503 ? 'ServiceUnavailable' : code === 504 ? 'Timeout' : 'InternalError', message, { causes: [{ reason: 'UnexpectedServerResponse', message }] }),
};

export function successStatus(details?: StatusBody['details']): StatusBody {
  const s: StatusBody = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 200 };
  if (details) s.details = details;
  return s;
}
