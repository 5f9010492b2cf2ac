import { describe, expect, it } from 'vitest';
import { podSecurityViolations } from './pod-security';

describe('pod security', () => {
  const plain = { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };

  it('baseline allows a plain pod and rejects host namespaces and privileged containers', () => {
    expect(podSecurityViolations(plain, 'baseline')).toEqual([]);
    const bad = { metadata: { name: 'p' }, spec: { hostNetwork: true, containers: [{ name: 'c', securityContext: { privileged: true } }] } };
    expect(podSecurityViolations(bad, 'baseline')).toEqual(['host namespaces (hostNetwork=true)', 'privileged (container "c" must not set securityContext.privileged=true)']);
  });

  it('restricted lists the four classic violations of a plain pod', () => {
    expect(podSecurityViolations(plain, 'restricted')).toEqual([
      'allowPrivilegeEscalation != false (container "c" must set securityContext.allowPrivilegeEscalation=false)',
      'unrestricted capabilities (container "c" must set securityContext.capabilities.drop=["ALL"])',
      'runAsNonRoot != true (pod or container "c" must set securityContext.runAsNonRoot=true)',
      'seccompProfile (pod or container "c" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    ]);
    const ok = {
      metadata: { name: 'p' },
      spec: { securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }, containers: [{ name: 'c', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }] },
    };
    expect(podSecurityViolations(ok, 'restricted')).toEqual([]);
  });
});
