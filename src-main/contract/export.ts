// Saved sessions and exports: open a session from a file's text (validated and migrated in
// main), the bundled sample investigation, export files, and the PDF of the report view
// (Electron prints the window; browser mode uses the browser's own print to PDF).
import { z } from 'zod';
import { MAX_SESSION_TEXT } from './constants';

export { MAX_SESSION_TEXT } from './constants';

export const SessionText = z.object({ text: z.string().max(MAX_SESSION_TEXT) }).strict();

export const ExportFormat = z.enum(['markdown', 'json', 'svg', 'png', 'mermaid']);
export type ExportFormat = z.infer<typeof ExportFormat>;

export const ExportRequest = z
  .object({
    /** Checked in main against the full session schema (core/export/session-schema.ts). */
    session: z.unknown(),
    formats: z.array(ExportFormat).min(1).max(5),
    locale: z.enum(['en', 'zh-CN']),
    theme: z.enum(['light', 'dark']),
    redact: z.boolean(),
    /** Prepended to the file names; a session id or similar, never a path. */
    prefix: z.string().regex(/^[A-Za-z0-9._-]{0,80}$/).default(''),
  })
  .strict();
export type ExportRequest = z.input<typeof ExportRequest>;

export const ExportFileSchema = z.union([
  z.object({ name: z.string(), mime: z.string(), text: z.string() }),
  z.object({ name: z.string(), mime: z.string(), base64: z.string() }),
]);
export type ExportFile = z.infer<typeof ExportFileSchema>;

export const ExportResult = z.object({
  files: z.array(ExportFileSchema),
  /** png-missing-cjk-font: the PNG has CJK text and this machine has no font to draw it. */
  warnings: z.array(z.enum(['png-missing-cjk-font'])).default([]),
  /** The diagram's size in CSS pixels; the PNG is twice this. */
  diagram: z.object({ width: z.number(), height: z.number() }),
});
export type ExportResult = z.infer<typeof ExportResult>;

export const PdfRequest = z.object({ landscape: z.boolean().default(false) }).strict();
export const PdfResult = z.object({ base64: z.string() });
export type PdfResult = z.infer<typeof PdfResult>;

const words = z.string().max(100_000);

/** The printable report's content, rendered in main in the chosen language (core/export/report-model.ts). */
export const ReportViewSchema = z.object({
  locale: z.enum(['en', 'zh-CN']),
  title: words,
  target: words,
  redacted: z.boolean(),
  redactedNote: words,
  headings: z.object({ finding: words, facts: words, matrix: words, why: words, fixes: words, tradeoff: words, diagram: words, appendix: words, plan: words, assumptions: words, warnings: words }),
  /** A prediction (nothing measured): the report says so at the top. */
  predicted: z.boolean(),
  predictedNote: words,
  assumptions: z.array(words),
  warnings: z.array(words),
  finding: words,
  /** The worst path from outside as one line, like the original report: "This desktop → node2:30080 ⇄ SNAT → … ". */
  path: words.nullable().optional(),
  facts: z.array(z.object({ label: words, value: words, code: z.boolean() })),
  columns: z.array(words),
  rows: z.array(z.object({ id: words, cells: z.array(words), matches: z.boolean() })),
  flows: z.array(z.object({ title: words, steps: z.array(words), notes: z.array(words) })),
  fixes: z.array(z.object({ id: words, title: words, description: z.array(words), tradeoffs: z.array(words), snippets: z.array(z.object({ language: words, label: words, text: words })) })),
  plan: z.array(words),
  footer: words,
});
export type ReportView = z.infer<typeof ReportViewSchema>;

export const ReportRequest = z
  .object({
    session: z.unknown(),
    locale: z.enum(['en', 'zh-CN']),
    redact: z.boolean(),
  })
  .strict();
export type ReportRequest = z.input<typeof ReportRequest>;

/** The report and its diagram (SVG, light background: reports are printed). */
export const ReportResult = z.object({ report: ReportViewSchema, svg: z.string() });
export type ReportResult = z.infer<typeof ReportResult>;
