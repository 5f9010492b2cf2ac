import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ContractError, ExportFormat, ExportResult, ReportResult, Session } from '../../../src-main/contract';

export type OpenedKind = 'sample' | 'file';

export interface ExportChoices {
  formats: ExportFormat[];
  theme: 'light' | 'dark';
  locale: 'en' | 'zh-CN';
  redact: boolean;
}

/** Saved sessions and exports: what was opened (sample or file), the export dialog, the report view. */
export const useSessionsStore = defineStore('sessions', () => {
  /** The session opened from a file or the sample (not a probe run in this window). */
  const opened = shallowRef<{ kind: OpenedKind; name: string; session: Session } | null>(null);
  const opening = ref(false);
  const openError = ref<{ name: string; error: ContractError } | null>(null);

  const exportOpen = ref(false);
  const choices = ref<ExportChoices>({ formats: ['markdown', 'png', 'svg', 'json'], theme: 'light', locale: 'en', redact: false });
  const exporting = ref(false);
  const exportError = ref<ContractError | null>(null);
  const exported = ref<string[]>([]);
  /** What the last export's files lack (e.g. a font for the PNG's Chinese text). */
  const exportWarnings = ref<ExportResult['warnings']>([]);
  const saveError = ref<ContractError | null>(null);

  const reportOpen = ref(false);
  const reportRedact = ref(false);
  const report = shallowRef<ReportResult | null>(null);
  const reportLoading = ref(false);
  const reportError = ref<ContractError | null>(null);
  const pdfSaved = ref<string | null>(null);

  function setOpened(next: { kind: OpenedKind; name: string; session: Session } | null) {
    opened.value = next;
    openError.value = null;
  }

  return {
    opened, opening, openError,
    exportOpen, choices, exporting, exportError, exported, exportWarnings, saveError,
    reportOpen, reportRedact, report, reportLoading, reportError, pdfSaved,
    setOpened,
  };
});
