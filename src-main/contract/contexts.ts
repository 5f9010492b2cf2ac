import { z } from 'zod';

export const ContractErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  action: z.string().optional(),
  i18n: z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() }).optional(),
  localized: z.record(z.string(), z.object({ message: z.string(), action: z.string().optional() })).optional(),
  details: z.unknown().optional(),
});

export const AuthKind = z.enum(['token', 'token-file', 'client-certificate', 'exec', 'auth-provider', 'basic', 'none']);

/** A kubeconfig context as the renderer sees it: never tokens, keys or file contents. */
export const ContextSummary = z.object({
  id: z.string(),
  name: z.string(),
  file: z.string(),
  group: z.enum(['env', 'default', 'added']),
  isCurrent: z.boolean(),
  namespace: z.string().nullable(),
  cluster: z.string(),
  server: z.string().nullable(),
  user: z.string(),
  auth: z.object({
    kind: AuthKind,
    execCommand: z.string().nullable(),
    authProvider: z.string().nullable(),
    insecureSkipTlsVerify: z.boolean(),
    proxyUrl: z.boolean(),
  }),
  problem: ContractErrorSchema.nullable(),
});
export type ContextSummary = z.infer<typeof ContextSummary>;

export const ContextsList = z.object({
  contexts: z.array(ContextSummary),
  problems: z.array(z.object({ file: z.string(), error: ContractErrorSchema })),
  files: z.array(z.string()),
});
export type ContextsList = z.infer<typeof ContextsList>;

export const ConnectionStatus = z.object({
  id: z.string(),
  ok: z.boolean(),
  version: z.string().nullable(),
  error: ContractErrorSchema.nullable(),
  checkedAt: z.string(),
});
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;

const contextId = z.string().regex(/^[0-9a-f]{16}$/, 'a context id');
export const ContextRef = z.object({ id: contextId }).strict();
export const KubeconfigPath = z.object({ path: z.string().min(1).max(4096) }).strict();

/**
 * An exec credential plugin that is asking the user something (a device-code login, an MFA
 * prompt): shown in the app with the plugin's stderr as it arrives, until it finishes or the user
 * cancels it (contexts.cancelLogin). `output` is plain text (control and bidi characters removed).
 */
export const ExecLogin = z.object({
  loginId: z.string(),
  contextId: z.string(),
  context: z.string(),
  command: z.string(),
  user: z.string(),
  state: z.enum(['waiting', 'finished']),
  output: z.string(),
});
export type ExecLogin = z.infer<typeof ExecLogin>;
export const LoginRef = z.object({ loginId: z.string().regex(/^[0-9a-f]{16}$/, 'a login id') }).strict();
