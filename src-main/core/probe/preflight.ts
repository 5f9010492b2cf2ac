// Before creating anything: ask the API (SelfSubjectAccessReview) for every verb x resource the
// plan needs. If anything is missing, report exactly which and create nothing.
import type { KubeClient } from '../cluster/kube-client';

export interface PermissionNeed {
  verb: string;
  resource: string;
  group: string;
  subresource?: string;
  namespace: string | null;
}

export interface PermissionResult extends PermissionNeed {
  allowed: boolean;
  reason: string | null;
}

export function probePermissions(namespace: string, opts: { loadBalancer: boolean; ingress?: boolean }): PermissionNeed[] {
  const ns = namespace;
  const needs: PermissionNeed[] = [
    { verb: 'create', resource: 'namespaces', group: '', namespace: null },
    { verb: 'delete', resource: 'namespaces', group: '', namespace: null },
    { verb: 'get', resource: 'namespaces', group: '', namespace: null },
    { verb: 'list', resource: 'namespaces', group: '', namespace: null },
    { verb: 'create', resource: 'configmaps', group: '', namespace: ns },
    { verb: 'create', resource: 'pods', group: '', namespace: ns },
    { verb: 'get', resource: 'pods', group: '', namespace: ns },
    { verb: 'list', resource: 'pods', group: '', namespace: ns },
    { verb: 'watch', resource: 'pods', group: '', namespace: ns },
    { verb: 'get', resource: 'pods', subresource: 'log', group: '', namespace: ns },
    { verb: 'create', resource: 'services', group: '', namespace: ns },
    { verb: 'get', resource: 'services', group: '', namespace: ns },
    { verb: 'list', resource: 'endpointslices', group: 'discovery.k8s.io', namespace: ns },
    { verb: 'list', resource: 'nodes', group: '', namespace: null },
  ];
  if (opts.ingress) needs.push({ verb: 'create', resource: 'ingresses', group: 'networking.k8s.io', namespace: ns });
  return needs;
}

export function describeNeed(n: PermissionNeed): string {
  const res = `${n.resource}${n.subresource ? `/${n.subresource}` : ''}${n.group ? `.${n.group}` : ''}`;
  return `${n.verb} ${res}${n.namespace ? ` in ${n.namespace}` : ' (cluster-wide)'}`;
}

export async function checkPermissions(client: KubeClient, needs: PermissionNeed[], signal?: AbortSignal): Promise<PermissionResult[]> {
  return Promise.all(
    needs.map(async (n) => {
      const review = await client.request<{ status?: { allowed?: boolean; denied?: boolean; reason?: string } }>({
        method: 'POST',
        path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        retryable: true,
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: {
            resourceAttributes: {
              verb: n.verb,
              resource: n.resource,
              group: n.group,
              ...(n.subresource ? { subresource: n.subresource } : {}),
              ...(n.namespace ? { namespace: n.namespace } : {}),
            },
          },
        },
        ...(signal ? { signal } : {}),
      });
      return { ...n, allowed: review?.status?.allowed === true, reason: review?.status?.reason ?? null };
    }),
  );
}
