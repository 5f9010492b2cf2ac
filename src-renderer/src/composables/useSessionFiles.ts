// Saved sessions and exports: open a session file or the bundled sample (the same picture and
// matrix as a probe, with no cluster), save the shown session, export files, and the printable
// report (PDF). Main validates every session; the renderer only passes text and shows results.
import { MAX_SESSION_TEXT } from '../../../src-main/contract/constants';
import type { Session } from '../../../src-main/contract';
import { toContractError } from '../api/api-error';
import { connectApi, useApi } from '../api/client';
import { offerDownload } from '../export/download';
import { useInspectionStore } from '../stores/inspection';
import { useProbeStore } from '../stores/probe';
import { useSessionsStore, type OpenedKind } from '../stores/sessions';
import { useTopologyStore } from '../stores/topology';
import { useWorkflow } from './useWorkflow';

/** Recognised by the panels and shown with a localized message. */
export const SESSION_TOO_LARGE = 'session.too-large';

/** File names carry the run id, except in redacted exports (the id is part of the probe namespace). */
export function sessionFilePrefix(session: Session, redact = false): string {
  if (session.prediction && session.plan.target) return redact ? 'snatscope-redacted-prediction-' : `snatscope-prediction-${session.plan.target.name.replace(/[^A-Za-z0-9._-]/g, '')}-`.slice(0, 80);
  return redact ? 'snatscope-redacted-' : `snatscope-${session.id}-`;
}

export function useSessionFiles() {
  const api = useApi();
  const sessions = useSessionsStore();
  const topology = useTopologyStore();
  const probe = useProbeStore();
  const inspection = useInspectionStore();
  const workflow = useWorkflow();

  /** What Save / Export / Report act on: the shown session, else the prediction for the selected service. */
  const shown = (): Session | null => topology.session ?? inspection.result?.document ?? null;

  /** Shows a session as if its probe had just finished here: picture, matrix, why. */
  async function show(session: Session, kind: OpenedKind, name: string) {
    await workflow.stopFollowing();
    inspection.clear();
    topology.reset();
    probe.reset();
    probe.session = session;
    probe.status = 'finished';
    topology.setSession(session);
    sessions.setOpened({ kind, name, session });
  }

  async function guarded(name: string, work: () => Promise<Session>, kind: OpenedKind) {
    if (probe.active || sessions.opening) return;
    sessions.opening = true;
    sessions.openError = null;
    try {
      await show(await work(), kind, name);
    } catch (e) {
      sessions.openError = { name, error: toContractError(e) };
    } finally {
      sessions.opening = false;
    }
  }

  const openSample = () => guarded('sample', () => api.session.sample({}), 'sample');

  async function openFile(file: File) {
    if (file.size > MAX_SESSION_TEXT) {
      sessions.openError = { name: file.name, error: { code: SESSION_TOO_LARGE, message: `The file is larger than ${MAX_SESSION_TEXT / 1024 / 1024} MiB.` } };
      return;
    }
    await guarded(file.name, async () => api.session.parse({ text: await file.text() }), 'file');
  }

  async function saveSession() {
    const session = shown();
    if (!session) return;
    sessions.saveError = null;
    try {
      const { files } = await api.export.render({ session, formats: ['json'], locale: 'en', theme: 'light', redact: false, prefix: sessionFilePrefix(session) });
      for (const f of files) offerDownload(f);
    } catch (e) {
      sessions.saveError = toContractError(e);
    }
  }

  async function exportFiles() {
    const session = shown();
    if (!session || sessions.exporting) return;
    sessions.exporting = true;
    sessions.exportError = null;
    sessions.exported = [];
    sessions.exportWarnings = [];
    try {
      const c = sessions.choices;
      const { files, warnings } = await api.export.render({ session, formats: [...c.formats], locale: c.locale, theme: c.theme, redact: c.redact, prefix: sessionFilePrefix(session, c.redact) });
      for (const f of files) offerDownload(f);
      sessions.exported = files.map((f) => f.name);
      sessions.exportWarnings = warnings;
    } catch (e) {
      sessions.exportError = toContractError(e);
    } finally {
      sessions.exporting = false;
    }
  }

  /** Opens (or refreshes) the printable report for the shown session, in the UI language. */
  async function openReport() {
    const session = shown();
    if (!session) return;
    sessions.reportOpen = true;
    sessions.reportLoading = true;
    sessions.reportError = null;
    sessions.pdfSaved = null;
    try {
      sessions.report = await api.export.report({ session, locale: topology.locale, redact: sessions.reportRedact });
    } catch (e) {
      sessions.report = null;
      sessions.reportError = toContractError(e);
    } finally {
      sessions.reportLoading = false;
    }
  }

  function closeReport() {
    sessions.reportOpen = false;
    sessions.report = null;
  }

  /** Electron prints the report view in main (printToPDF); a browser makes the PDF in its print dialog. */
  async function savePdf() {
    const session = shown();
    if (!session) return;
    if (connectApi().transport !== 'electron') {
      window.print();
      return;
    }
    sessions.reportError = null;
    try {
      const { base64 } = await api.export.pdf({});
      const name = `${sessionFilePrefix(session)}report.pdf`;
      offerDownload({ name, mime: 'application/pdf', base64 });
      sessions.pdfSaved = name;
    } catch (e) {
      sessions.reportError = toContractError(e);
    }
  }

  return { shown, show, openSample, openFile, saveSession, exportFiles, openReport, closeReport, savePdf };
}
