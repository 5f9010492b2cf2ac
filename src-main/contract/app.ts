import { z } from 'zod';

export const AppMode = z.enum(['electron', 'browser']);
export type AppMode = z.infer<typeof AppMode>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  arch: z.string(),
  mode: AppMode,
  versions: z.object({
    node: z.string(),
    electron: z.string().nullable(),
    chrome: z.string().nullable(),
  }),
});
export type AppInfo = z.infer<typeof AppInfo>;
