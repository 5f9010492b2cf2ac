import { z } from 'zod';
import { ProbeRelays } from './relay';

export const Language = z.enum(['system', 'en', 'zh-CN']);
export type Language = z.infer<typeof Language>;

export const Theme = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof Theme>;

// Bounded strings everywhere: settings come from the renderer, which is not trusted.
const shortText = z.string().max(512);
const contextId = z.string().regex(/^[0-9a-f]{16}$/, 'a context id');

/** How many contexts keep their declared relays; the least recently saved go first. */
export const MAX_RELAY_CONTEXTS = 64;

export const Settings = z.object({
  language: Language.default('system'),
  theme: Theme.default('system'),
  lastContextId: shortText.nullable().default(null),
  lastNamespace: shortText.nullable().default(null),
  /** Kubeconfig files added in the app, besides KUBECONFIG / ~/.kube/config. */
  kubeconfigFiles: z.array(z.string().max(4096)).max(64).default([]),
  /** Probe image (a private-registry mirror of a Node.js image); null = the default public image. */
  probeImage: z.string().max(512).nullable().default(null),
  probeImagePullSecrets: z.array(z.string().max(253)).max(16).default([]),
  /** Outside relays declared per context (public addresses of the user's own proxies, no secrets). */
  relays: z
    .record(contextId, ProbeRelays)
    .refine((r) => Object.keys(r).length <= MAX_RELAY_CONTEXTS, `at most ${MAX_RELAY_CONTEXTS} contexts`)
    .default({}),
});
export type Settings = z.infer<typeof Settings>;

/** A partial update; unknown keys are rejected rather than silently stored. */
export const SettingsPatch = z
  .object({
    language: Language,
    theme: Theme,
    lastContextId: shortText.nullable(),
    lastNamespace: shortText.nullable(),
    probeImage: z.string().max(512).regex(/^[^\s]+$/, 'an image reference without spaces').nullable(),
    probeImagePullSecrets: z.array(z.string().max(253).regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'a Secret name')).max(16),
    /** Replace one context's declared relays (an empty list forgets them). */
    contextRelays: z.object({ contextId, relays: ProbeRelays }).strict(),
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;
