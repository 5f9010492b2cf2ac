// V1Node → NodeInfo: addresses, pod CIDRs, readiness, and the CNI device addresses that
// MASQUERADE may pick (fact sheet §1: bridge gateway, overlay device).
import type { V1Node } from '@kubernetes/client-node';
import { isCIDR, isIP, nthAddress, normalizeIP } from './detect-address';
import { at, field, guarded, list, metaName, nonEmptyStr, own, str, strMap } from './detect-json';
import type { NodeInfo, NodeTunnel, Taint } from './types';

const ZONE_LABELS = ['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'];

function emptyNode(name: string): NodeInfo {
  return {
    name,
    addresses: { internalIPs: [], externalIPs: [], hostnames: [] },
    podCIDRs: [],
    zone: null,
    ready: false,
    unschedulable: false,
    taints: [],
    labels: {},
    tunnel: null,
    routerAddress: null,
    flannelBackend: null,
    warnings: [],
  };
}

function firstIPv4Cidr(cidrs: string[]): string | null {
  return cidrs.find((c) => !c.includes(':')) ?? null;
}

/** Overlay address from CNI annotations; calico's device addresses win over flannel's derived one. */
function tunnelFrom(annotations: Record<string, string>, podCIDRs: string[], warnings: string[]): NodeTunnel | null {
  // Calico writes its device addresses on the Node (calico/node startup).
  const calico: [string, NodeTunnel['kind']][] = [
    ['projectcalico.org/IPv4WireguardInterfaceAddr', 'wireguard'],
    ['projectcalico.org/IPv4VXLANTunnelAddr', 'vxlan'],
    ['projectcalico.org/IPv4IPIPTunnelAddr', 'ipip'],
  ];
  for (const [key, kind] of calico) {
    const v = own(annotations, key);
    if (v === null) continue;
    const address = normalizeIP(v.split('/')[0]);
    if (address) return { kind, address, source: key };
    warnings.push(`annotation ${key} is not an address`);
  }
  // flannel: flannel.1 (vxlan) / flannel-wg (wireguard) hold the network address (.0) of the
  // node's subnet (fact sheet §1).
  const backend = own(annotations, 'flannel.alpha.coreos.com/backend-type');
  if (backend !== null) {
    // host-gw (and alloc/extension) route over the node network: no device address.
    const byBackend: Record<string, NodeTunnel['kind']> = { vxlan: 'vxlan', wireguard: 'wireguard', ipip: 'ipip', udp: 'unknown' };
    const kind = Object.prototype.hasOwnProperty.call(byBackend, backend) ? (byBackend[backend] ?? null) : null;
    if (kind) {
      const cidr = firstIPv4Cidr(podCIDRs);
      const address = cidr ? nthAddress(cidr, 0) : null;
      if (address) return { kind, address, source: 'flannel.alpha.coreos.com/backend-type + .0 of podCIDR' };
      warnings.push('flannel overlay address unknown: node has no IPv4 pod CIDR');
    }
  }
  return null;
}

export function nodeInfo(node: V1Node): NodeInfo {
  const raw: unknown = node;
  const name = metaName(raw);
  return guarded(`node ${name}`, () => emptyNode(name), () => {
    const info = emptyNode(name);
    if (!name) info.warnings.push('node without a name');

    for (const a of list(at(raw, 'status', 'addresses'))) {
      const type = str(field(a, 'type'));
      const value = str(field(a, 'address'));
      if (!value) continue;
      if (type === 'InternalIP' || type === 'ExternalIP') {
        const ip = normalizeIP(value);
        if (!ip) {
          info.warnings.push(`${type} ${JSON.stringify(value.slice(0, 64))} is not an address`);
          continue;
        }
        const target = type === 'InternalIP' ? info.addresses.internalIPs : info.addresses.externalIPs;
        if (!target.includes(ip)) target.push(ip);
      } else if (type === 'Hostname' || type === 'InternalDNS' || type === 'ExternalDNS') {
        if (!info.addresses.hostnames.includes(value)) info.addresses.hostnames.push(value);
      }
    }
    if (info.addresses.internalIPs.length === 0) info.warnings.push('node has no InternalIP');

    const cidrs = [...list(at(raw, 'spec', 'podCIDRs')), at(raw, 'spec', 'podCIDR')]
      .map((c) => nonEmptyStr(c))
      .filter((c): c is string => c !== null);
    for (const c of cidrs) {
      if (!isCIDR(c)) info.warnings.push(`podCIDR ${JSON.stringify(c.slice(0, 64))} is not a CIDR`);
      else if (!info.podCIDRs.includes(c)) info.podCIDRs.push(c);
    }

    info.labels = strMap(at(raw, 'metadata', 'labels'));
    for (const key of ZONE_LABELS) {
      const z = own(info.labels, key);
      if (z) {
        info.zone = z;
        break;
      }
    }

    info.ready = list(at(raw, 'status', 'conditions')).some(
      (c) => str(field(c, 'type')) === 'Ready' && str(field(c, 'status')) === 'True',
    );
    info.unschedulable = field(field(raw, 'spec'), 'unschedulable') === true;
    info.taints = list(at(raw, 'spec', 'taints'))
      .map((t): Taint | null => {
        const key = str(field(t, 'key'));
        const effect = str(field(t, 'effect'));
        return key === null || effect === null ? null : { key, value: str(field(t, 'value')), effect };
      })
      .filter((t): t is Taint => t !== null);

    const annotations = strMap(at(raw, 'metadata', 'annotations'));
    info.flannelBackend = own(annotations, 'flannel.alpha.coreos.com/backend-type');
    info.tunnel = tunnelFrom(annotations, info.podCIDRs, info.warnings);
    const router = own(annotations, 'network.cilium.io/ipv4-cilium-host') ?? own(annotations, 'io.cilium.network.ipv4-cilium-host');
    if (router !== null) {
      if (isIP(router)) info.routerAddress = normalizeIP(router);
      else info.warnings.push('cilium host address annotation is not an address');
    }
    return info;
  });
}

/** The node's primary address: first InternalIP, else first ExternalIP. */
export function primaryAddress(node: NodeInfo): string | null {
  return node.addresses.internalIPs[0] ?? node.addresses.externalIPs[0] ?? null;
}
