// SelfSubjectAccessReview and SelfSubjectRulesReview, answered from the same rules the API enforces.
import { authorize, authorizeNonResource, rulesFor, type LabUser } from './rbac';
import { errors } from './status';

type Body = Record<string, unknown> & { spec?: Record<string, unknown> };

export function accessReview(user: LabUser, body: Body): Record<string, unknown> {
  const spec = body.spec ?? {};
  const ra = spec.resourceAttributes as Record<string, string> | undefined;
  const nra = spec.nonResourceAttributes as Record<string, string> | undefined;
  let decision;
  if (ra) {
    decision = authorize(user, {
      verb: ra.verb ?? '',
      group: ra.group ?? '',
      resource: ra.resource ?? '',
      subresource: ra.subresource || undefined,
      name: ra.name || undefined,
      namespace: ra.namespace || undefined,
    });
  } else if (nra) decision = authorizeNonResource(user, nra.verb ?? '', nra.path ?? '');
  else throw errors.invalid({ group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectAccessReview', plural: 'selfsubjectaccessreviews', singular: '', namespaced: false, verbs: [], subresources: [] }, '', [
    { reason: 'FieldValueRequired', field: 'spec.resourceAttributes', message: 'Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified' },
  ]);
  const status: Record<string, unknown> = { allowed: decision.allowed };
  if (decision.reason) status.reason = decision.reason;
  return { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: { creationTimestamp: null }, spec, status };
}

export function rulesReview(user: LabUser, body: Body): Record<string, unknown> {
  const spec = body.spec ?? {};
  const namespace = String(spec.namespace ?? '');
  return { kind: 'SelfSubjectRulesReview', apiVersion: 'authorization.k8s.io/v1', metadata: { creationTimestamp: null }, spec, status: rulesFor(user, namespace) };
}
