// The relay declaration form: the fields as typed, checked here so the SRE sees which field is
// wrong before anything is sent (main validates the same options again against the contract).
import ipaddr from 'ipaddr.js';
import type { ProbeRelay } from '../../../src-main/contract';

export interface RelayForm {
  name: string;
  address: string;
  mode: 'l4' | 'l7';
  proxyProtocol: '' | 'v1' | 'v2';
  addsXForwardedFor: boolean;
  node: string;
  port: string;
  listenAddress: string;
  listenPort: string;
}

export type RelayField = 'name' | 'address' | 'node' | 'port' | 'listenAddress' | 'listenPort';
/** i18n keys under probe.relays.errors. */
export type RelayError = 'nameFormat' | 'nameTaken' | 'ip' | 'nodeName' | 'port' | 'listenPair';

export const emptyRelayForm = (): RelayForm => ({ name: '', address: '', mode: 'l4', proxyProtocol: '', addsXForwardedFor: false, node: '', port: '', listenAddress: '', listenPort: '' });

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const NODE = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

function port(text: string): number | null {
  if (!/^\d{1,5}$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return n >= 1 && n <= 65535 ? n : null;
}

// Dotted-quad IPv4 only (ipaddr.isValid also takes "127.1" and hex forms) or IPv6 without a zone.
const validIP = (text: string) => !text.includes('%') && (ipaddr.IPv4.isValidFourPartDecimal(text.trim()) || ipaddr.IPv6.isValid(text.trim()));

/** The relay the form describes, or the first problem per field. */
export function parseRelayForm(form: RelayForm, taken: string[]): { ok: true; relay: ProbeRelay } | { ok: false; errors: Partial<Record<RelayField, RelayError>> } {
  const errors: Partial<Record<RelayField, RelayError>> = {};
  const name = form.name.trim();
  if (!LABEL.test(name) || name.length > 63) errors.name = 'nameFormat';
  else if (taken.includes(name)) errors.name = 'nameTaken';
  if (!validIP(form.address)) errors.address = 'ip';
  const node = form.node.trim();
  if (!NODE.test(node) || node.length > 253) errors.node = 'nodeName';
  const to = port(form.port);
  if (to === null) errors.port = 'port';
  const hasListen = form.listenAddress.trim() !== '' || form.listenPort.trim() !== '';
  const listenPort = port(form.listenPort);
  if (hasListen) {
    if (!form.listenAddress.trim() || !form.listenPort.trim()) errors.listenAddress = 'listenPair';
    else {
      if (!validIP(form.listenAddress)) errors.listenAddress = 'ip';
      if (listenPort === null) errors.listenPort = 'port';
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    relay: {
      name,
      address: ipaddr.parse(form.address.trim()).toString(),
      mode: form.mode,
      proxyProtocol: form.proxyProtocol || null,
      // X-Forwarded-For is an HTTP header: only an L7 relay can add it.
      addsXForwardedFor: form.mode === 'l7' && form.addsXForwardedFor,
      forwardsTo: { node, port: to! },
      listen: hasListen ? { address: ipaddr.parse(form.listenAddress.trim()).toString(), port: listenPort! } : null,
    },
  };
}

/** The fixed nodePorts as typed ('' = let the cluster allocate). */
export function parseFixedNodePorts(p: { Cluster: string; Local: string }): { ok: true; value: { Cluster?: number; Local?: number } } | { ok: false; error: 'nodePort' | 'samePort' } {
  const value: { Cluster?: number; Local?: number } = {};
  for (const policy of ['Cluster', 'Local'] as const) {
    const text = p[policy].trim();
    if (!text) continue;
    const n = port(text);
    if (n === null) return { ok: false, error: 'nodePort' };
    value[policy] = n;
  }
  if (value.Cluster !== undefined && value.Cluster === value.Local) return { ok: false, error: 'samePort' };
  return { ok: true, value };
}
