import { z } from 'zod';

export const Language = z.enum(['system', 'en', 'zh-CN']);
export type Language = z.infer<typeof Language>;

export const Theme = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof Theme>;

// Bounded strings everywhere: settings come from the renderer, which is not trusted.
const shortText = z.string().max(512);

export const Settings = z.object({
  language: Language.default('system'),
  theme: Theme.default('system'),
  lastContextId: shortText.nullable().default(null),
  lastNamespace: shortText.nullable().default(null),
  /** Kubeconfig files added in the app, besides KUBECONFIG / ~/.kube/config. */
  kubeconfigFiles: z.array(z.string().max(4096)).max(64).default([]),
});
export type Settings = z.infer<typeof Settings>;

/** A partial update; unknown keys are rejected rather than silently stored. */
export const SettingsPatch = z
  .object({
    language: Language,
    theme: Theme,
    lastContextId: shortText.nullable(),
    lastNamespace: shortText.nullable(),
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;
