// One place that turns a session into export files, for the app (export.render) and the CLI
// (`probe --out`, `export`): the Markdown report (with the PNG beside it), the JSON session, the
// diagram as SVG and PNG, and the Mermaid flowchart. With `redact`, every file is made from the
// same redacted session, so one real value has one alias across all of them. Sessions never hold
// credentials (session-types.ts), so no export can contain any.
import type { Locale } from '../explain/types';
import type { Session } from '../probe/session-types';
import { buildTopology } from '../topology/index';
import { markdownReport } from './markdown';
import { mermaidFlowchart } from './mermaid';
import { containsCjk, execRun, systemCjkFontCheck, type CjkFontCheck } from './fonts';
import { resvgRasterize, type Rasterize } from './png';
import { collectAliases, redactSession, redactText } from './redact';
import type { ReportView } from '../../contract/export';
import { findingText, reportModel, reportWords } from './report-model';
import { serializeSession } from './session-file';
import { retargetSession } from '../probe/target-map';
import { sessionCaption } from './caption';
import { topologySvg, type SvgTheme } from './svg';

export const EXPORT_FORMATS = ['markdown', 'json', 'svg', 'png', 'mermaid'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type ExportFile = { name: string; mime: string; text: string } | { name: string; mime: string; base64: string };

export interface ExportOptions {
  formats: readonly ExportFormat[];
  locale: Locale;
  theme: SvgTheme;
  redact: boolean;
  /** Prepended to every file name (e.g. "snatscope-c3d97e-"); the Markdown links the PNG by its prefixed name. */
  prefix?: string;
  rasterize?: Rasterize;
  /** Whether the PNG can draw CJK text (default: ask this machine). */
  cjkFonts?: CjkFontCheck;
}

/** Something the user should know about the files (they are written regardless). */
export type ExportWarning = 'png-missing-cjk-font';

export interface ExportResult {
  files: ExportFile[];
  warnings: ExportWarning[];
  /** The diagram's size in CSS pixels (the PNG is `scale` times this). */
  diagram: { width: number; height: number };
}

export const PNG_SCALE = 2;

const defaultCjkCheck = systemCjkFontCheck({ platform: process.platform, run: execRun });

export const EXPORT_NAMES: Record<ExportFormat, string> = { markdown: 'report.md', json: 'session.json', svg: 'diagram.svg', png: 'diagram.png', mermaid: 'diagram.mmd' };
const MIME: Record<ExportFormat, string> = { markdown: 'text/markdown; charset=utf-8', json: 'application/json', svg: 'image/svg+xml', png: 'image/png', mermaid: 'text/plain; charset=utf-8' };

export async function renderExports(input: Session, options: ExportOptions): Promise<ExportResult> {
  // Fixes and flows name the user's service, whatever the file said (probe/target-map.ts).
  const own = retargetSession(input);
  const aliases = options.redact ? collectAliases(own) : null;
  const session = aliases ? redactSession(own, aliases) : own;
  // A prefix made from the session (e.g. its probe namespace) is redacted like everything else.
  const prefix = aliases ? redactText(options.prefix ?? '', aliases) : (options.prefix ?? '');
  const name = (f: ExportFormat) => `${prefix}${EXPORT_NAMES[f]}`;
  const wants = new Set(options.formats);
  const topology = buildTopology({ kind: 'session', session }, { locale: options.locale, view: session.prediction ? 'predicted' : 'observed' });
  const target = session.plan.target ? `${session.plan.target.namespace}/${session.plan.target.name}` : reportWords(options.locale).matrixTarget;
  const marker = session.prediction ? ` (${reportWords(options.locale).predictedShort})` : '';
  const drawing = topologySvg(topology, { theme: options.theme, title: `SNATScope: ${target}${marker} — ${findingText(session, options.locale)}`, caption: sessionCaption(session, topology, options.locale) });
  const files: ExportFile[] = [];
  const warnings: ExportWarning[] = [];
  for (const format of EXPORT_FORMATS) {
    if (!wants.has(format)) continue;
    const file = { name: name(format), mime: MIME[format] };
    switch (format) {
      case 'markdown':
        files.push({ ...file, text: markdownReport(session, { locale: options.locale, ...(wants.has('png') ? { pngFile: name('png') } : {}) }) });
        break;
      case 'json':
        files.push({ ...file, text: serializeSession(session) });
        break;
      case 'svg':
        files.push({ ...file, text: drawing.svg });
        break;
      case 'png': {
        const image = await (options.rasterize ?? resvgRasterize)(drawing.svg, { scale: PNG_SCALE });
        files.push({ ...file, base64: Buffer.from(image.png).toString('base64') });
        // Chinese labels (or names) with no font to draw them: the PNG shows empty boxes there.
        if (containsCjk(drawing.svg) && (await (options.cjkFonts ?? defaultCjkCheck)()) === false) warnings.push('png-missing-cjk-font');
        break;
      }
      case 'mermaid':
        files.push({ ...file, text: `${session.prediction ? `%% ${reportWords(options.locale).predictedShort}\n` : ''}${mermaidFlowchart(session, 'desktop', options.locale)}\n` });
        break;
    }
  }
  return { files, warnings, diagram: { width: drawing.width, height: drawing.height } };
}

/** The printable report (the app's PDF): its content and its diagram, light, from the same (redacted) session. */
export function renderReport(input: Session, options: { locale: Locale; redact: boolean }): { report: ReportView; svg: string } {
  const own = retargetSession(input);
  const session = options.redact ? redactSession(own) : own;
  const topology = buildTopology({ kind: 'session', session }, { locale: options.locale, view: session.prediction ? 'predicted' : 'observed' });
  const report = reportModel(session, options.locale);
  return { report, svg: topologySvg(topology, { theme: 'light', title: report.title, caption: sessionCaption(session, topology, options.locale) }).svg };
}
