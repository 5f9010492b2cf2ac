import { z } from 'zod';

// A relay's addresses are compared with observed sources: only a literal address can match.
const ip = z.union([z.ipv4(), z.ipv6()]);
const dnsName = z.string().min(1).max(253);

/** An outside hop the user declares (e.g. a public nginx forwarding to a NodePort). */
export const ProbeRelaySchema = z.object({
  name: z.string().min(1).max(63),
  address: ip,
  mode: z.enum(['l4', 'l7']),
  proxyProtocol: z.enum(['v1', 'v2']).nullable().default(null),
  addsXForwardedFor: z.boolean().default(false),
  forwardsTo: z.object({ node: dnsName, port: z.number().int().min(1).max(65535) }),
  /** Where the probe can send requests to reach the relay (host:port), if measurable. */
  listen: z.object({ address: ip, port: z.number().int().min(1).max(65535) }).nullable().default(null),
});
export type ProbeRelay = z.infer<typeof ProbeRelaySchema>;

/** The relays one probe or one prediction takes into account. */
export const ProbeRelays = z.array(ProbeRelaySchema).max(16);
