// Which address MASQUERADE picks. MASQUERADE uses the address of the interface the packet
// leaves by (fact sheet §1): the node's InternalIP towards another node over the node network,
// the pod bridge (.1 of the pod CIDR) towards a pod on the same node, the overlay device
// (flannel.1 = .0 of the pod CIDR, vxlan.calico, tunl0, cilium_host) across an overlay.
import { step, type ExplainStep } from '../explain/types';
import { nthAddress, sameIP } from '../inventory/detect-address';
import { primaryAddress } from '../inventory/detect-node';
import type { EndpointInfo, NodeInfo } from '../inventory/types';
import type { Ctx } from './context';
import type { SnatVia } from './types';

export interface MasqSource {
  address: string;
  via: SnatVia;
  /** The interface MASQUERADE takes the address from. */
  device: string;
  /** The node the packet is heading to, when it leaves this one. */
  peerNode: string | null;
  assumptions: ExplainStep[];
}

export function nodeAddress(node: NodeInfo): string {
  return primaryAddress(node) ?? `<${node.name}>`;
}

function ipv4PodCidr(node: NodeInfo): string | null {
  return node.podCIDRs.find((c) => !c.includes(':')) ?? node.podCIDRs[0] ?? null;
}

/** The pod bridge gateway of a node (cni0 / ptp host side), assumed .1 of its pod CIDR. */
export function bridgeGateway(node: NodeInfo): { address: string; assumptions: ExplainStep[] } {
  const cidr = ipv4PodCidr(node);
  const gw = cidr ? nthAddress(cidr, 1) : null;
  if (cidr && gw) return { address: gw, assumptions: [step('assume.bridgeGateway', { node: node.name, address: gw, cidr })] };
  return { address: nodeAddress(node), assumptions: [step('assume.noPodCidr', { node: node.name })] };
}

function viaNodeNetwork(entry: NodeInfo, peer: string | null, assumptions: ExplainStep[] = []): MasqSource {
  return { address: nodeAddress(entry), via: 'node-ip', device: 'node network', peerNode: peer, assumptions };
}

/** True when the endpoint is one of the node's own addresses (hostNetwork endpoint). */
export function isHostEndpoint(node: NodeInfo, ep: EndpointInfo): boolean {
  return [...node.addresses.internalIPs, ...node.addresses.externalIPs].some((a) => sameIP(a, ep.address));
}

export function masqueradeSource(ctx: Ctx, entry: NodeInfo, ep: EndpointInfo): MasqSource {
  const { cni } = ctx.inv;
  const sameNode = ep.nodeName === entry.name;
  if (ep.nodeName === null) return viaNodeNetwork(entry, null, [step('assume.endpointNodeUnknown', { endpoint: ep.address })]);

  if (sameNode) {
    switch (cni.kind) {
      case 'calico':
        // Calico's host-side veths carry no address: the kernel picks the node's primary address.
        return viaNodeNetwork(entry, null, [step('assume.calicoNoBridge', { node: entry.name })]);
      case 'aws-vpc-cni':
        return viaNodeNetwork(entry, null);
      case 'cilium':
        if (entry.routerAddress) {
          return { address: entry.routerAddress, via: 'bridge-gateway', device: 'cilium_host', peerNode: null, assumptions: [] };
        }
        return viaNodeNetwork(entry, null, [step('assume.ciliumHostUnknown', { node: entry.name })]);
      default: {
        const gw = bridgeGateway(entry);
        const via: SnatVia = gw.address === nodeAddress(entry) ? 'node-ip' : 'bridge-gateway';
        return { address: gw.address, via, device: cni.kind === 'kindnet' ? 'veth (ptp)' : 'cni0', peerNode: null, assumptions: gw.assumptions };
      }
    }
  }

  const peer = ep.nodeName;
  switch (cni.kind) {
    case 'flannel': {
      const backend = cni.flannel?.backend ?? 'unknown';
      if (backend === 'host-gw') return viaNodeNetwork(entry, peer);
      if (entry.tunnel) {
        const device = entry.tunnel.kind === 'wireguard' ? 'flannel-wg' : 'flannel.1';
        return { address: entry.tunnel.address, via: 'overlay', device, peerNode: peer, assumptions: [] };
      }
      const cidr = ipv4PodCidr(entry);
      const dot0 = cidr ? nthAddress(cidr, 0) : null;
      if (backend !== 'unknown' && dot0) return { address: dot0, via: 'overlay', device: 'flannel.1', peerNode: peer, assumptions: [] };
      return viaNodeNetwork(entry, peer, [step('assume.flannelBackendUnknown')]);
    }
    case 'calico':
      if (entry.tunnel) {
        const device = entry.tunnel.kind === 'vxlan' ? 'vxlan.calico' : entry.tunnel.kind === 'ipip' ? 'tunl0' : 'wireguard.cali';
        return { address: entry.tunnel.address, via: 'overlay', device, peerNode: peer, assumptions: [] };
      }
      return viaNodeNetwork(entry, peer, cni.calico?.encapsulation === 'none' ? [] : [step('assume.calicoNoTunnel', { node: entry.name })]);
    case 'cilium': {
      const tunnel = cni.cilium?.tunnel ?? null;
      if (tunnel === 'disabled') return viaNodeNetwork(entry, peer);
      if (entry.routerAddress) return { address: entry.routerAddress, via: 'overlay', device: 'cilium_host', peerNode: peer, assumptions: [] };
      return viaNodeNetwork(entry, peer, [step('assume.ciliumHostUnknown', { node: entry.name })]);
    }
    case 'kindnet':
    case 'aws-vpc-cni':
      return viaNodeNetwork(entry, peer);
    case 'weave':
      return viaNodeNetwork(entry, peer, [step('assume.weave')]);
    case 'unknown':
      if (entry.tunnel) return { address: entry.tunnel.address, via: 'overlay', device: 'overlay', peerNode: peer, assumptions: [] };
      return viaNodeNetwork(entry, peer, [step('assume.cniUnknown')]);
  }
}

/**
 * Does the CNI masquerade pod traffic to a non-pod destination (another node's address)?
 * flannel --ip-masq and Calico natOutgoing do (fact sheet §3); kindnet masquerades everything
 * outside the pod network. null = unknown.
 */
export function cniMasqueradesPodEgress(ctx: Ctx): { value: boolean | null; setting: string } {
  const { cni } = ctx.inv;
  switch (cni.kind) {
    case 'flannel':
      return { value: cni.flannel?.ipMasq ?? null, setting: 'flannel --ip-masq' };
    case 'calico':
      return { value: cni.calico?.natOutgoing ?? null, setting: 'Calico IPPool natOutgoing' };
    case 'kindnet':
      return { value: true, setting: 'kindnet masquerade' };
    case 'aws-vpc-cni':
      return { value: false, setting: 'aws-vpc-cni (VPC destinations are not SNATed)' };
    default:
      return { value: null, setting: cni.kind };
  }
}
