// EndpointSlices → EndpointInfo[] with the conditions kube-proxy uses (ready / serving /
// terminating) and the node each endpoint runs on.
import type { V1EndpointSlice } from '@kubernetes/client-node';
import { normalizeIP } from './detect-address';
import { field, int, list, nonEmptyStr, str } from './detect-json';
import type { EndpointInfo, Protocol } from './types';

function protocolOf(x: unknown): Protocol {
  const p = str(x);
  return p === 'UDP' || p === 'SCTP' ? p : 'TCP';
}

export function endpointsFromSlices(slices: readonly V1EndpointSlice[]): EndpointInfo[] {
  const byAddress = new Map<string, EndpointInfo>();
  for (const slice of list(slices as unknown)) {
    try {
      const addressType = str(field(slice, 'addressType'));
      if (addressType === 'FQDN') continue;
      const ports = list(field(slice, 'ports'))
        .map((p) => ({ name: nonEmptyStr(field(p, 'name')), port: int(field(p, 'port')), protocol: protocolOf(field(p, 'protocol')) }))
        .filter((p): p is EndpointInfo['ports'][number] => p.port !== null && p.port > 0 && p.port <= 65535);
      for (const ep of list(field(slice, 'endpoints'))) {
        // kube-proxy uses the first address of an endpoint (they are fungible).
        const address = normalizeIP(list(field(ep, 'addresses'))[0]);
        if (address === null) continue;
        const cond = field(ep, 'conditions');
        // API semantics: a nil `ready` means ready; nil `serving` follows ready; nil terminating = false.
        const readyRaw = field(cond, 'ready');
        const ready = readyRaw !== false;
        const servingRaw = field(cond, 'serving');
        const serving = typeof servingRaw === 'boolean' ? servingRaw : ready;
        const terminating = field(cond, 'terminating') === true;
        const ref = field(ep, 'targetRef');
        const refName = nonEmptyStr(field(ref, 'name'));
        const info: EndpointInfo = {
          address,
          nodeName: nonEmptyStr(field(ep, 'nodeName')),
          zone: nonEmptyStr(field(ep, 'zone')),
          ready,
          serving,
          terminating,
          targetRef: refName === null ? null : { kind: nonEmptyStr(field(ref, 'kind')) ?? 'Pod', namespace: nonEmptyStr(field(ref, 'namespace')), name: refName },
          ports,
        };
        const seen = byAddress.get(address);
        if (!seen) byAddress.set(address, info);
        else {
          // The same endpoint in two slices (mid-update): keep the more usable conditions.
          seen.ready ||= info.ready;
          seen.serving ||= info.serving;
          seen.terminating &&= info.terminating;
          seen.nodeName ??= info.nodeName;
          seen.targetRef ??= info.targetRef;
          for (const p of info.ports) if (!seen.ports.some((q) => q.port === p.port && q.protocol === p.protocol && q.name === p.name)) seen.ports.push(p);
        }
      }
    } catch {
      // A malformed slice is skipped; the others still count.
    }
  }
  return [...byAddress.values()];
}
