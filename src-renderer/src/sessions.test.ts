// The session features in the whole app (fake API, fake cytoscape): first launch offers the
// sample, opening a session shows the picture and matrix with no cluster, exports download files,
// and a malformed file shows main's error without disturbing what is shown.
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api/api-error';
import { setApiForTests } from './api/client';
import { useTopologyStore } from './stores/topology';
import { fakeApi } from './test/fake-api';
import { context, seedSession } from './test/fixtures';

vi.mock('cytoscape', async () => ({ default: (await import('./test/fake-cytoscape')).fakeCytoscape }));

const { mountWith } = await import('./test/mount');
const { default: App } = await import('./App.vue');

const downloads: { name: string; href: string }[] = [];
beforeEach(() => {
  downloads.length = 0;
  URL.createObjectURL = vi.fn(() => `blob:test/${downloads.length}`);
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push({ name: this.download, href: this.href });
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  setApiForTests(null);
});

function pick(w: ReturnType<typeof mountWith>, file: File) {
  const input = w.get('[data-testid="session-file-input"]');
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true });
  return input.trigger('change');
}

describe('sessions in the app', () => {
  it('first launch: no kubeconfig → the sample, labelled as a sample, shows the picture and the matrix without a cluster', async () => {
    const fake = fakeApi();
    fake.install();
    const w = mountWith(App);
    await flushPromises();
    expect(w.get('[data-testid="start-panel"]').text()).toContain('Sample');
    await w.get('[data-testid="open-sample"]').trigger('click');
    await flushPromises();
    expect(fake.calls.sessionSample).toHaveBeenCalledWith({});
    expect(w.find('[data-testid="start-panel"]').exists()).toBe(false);
    expect(w.get('[data-testid="canvas-banner"]').text()).toContain('Sample investigation');
    expect(w.get('[data-testid="topology-source"]').text()).toContain('Sample investigation: probe c3d97e of default/frontend');
    expect(w.get('[data-testid="cell-desktop-node2-Cluster"]').text()).toBe('SNAT → 198.18.0.12');
    const topology = useTopologyStore();
    expect(topology.view).toBe('observed');
    expect(topology.elements.some((e) => e.data.id === 'snat:node2:198.18.0.12')).toBe(true);
    expect(fake.calls.contextsTest).not.toHaveBeenCalled();
    w.unmount();
  });

  it('does not offer the sample when kubeconfig contexts exist', async () => {
    const fake = fakeApi();
    fake.calls.contextsList.mockResolvedValue({ contexts: [context()], problems: [], files: ['/k/config'] });
    fake.install();
    const w = mountWith(App);
    await flushPromises();
    expect(w.find('[data-testid="start-panel"]').exists()).toBe(false);
    w.unmount();
  });

  it('opens a saved file through main, exports with the chosen options, and saves the session', async () => {
    const fake = fakeApi();
    fake.calls.exportRender.mockResolvedValue({ files: [{ name: 'snatscope-c3d97e-report.md', mime: 'text/markdown', text: '# r' }, { name: 'snatscope-c3d97e-diagram.png', mime: 'image/png', base64: 'iVBORw==' }], diagram: { width: 10, height: 10 } });
    fake.install();
    const w = mountWith(App, { attachTo: document.body });
    await flushPromises();
    await pick(w, new File([JSON.stringify(seedSession())], 'incident-42.json', { type: 'application/json' }));
    await flushPromises();
    expect(fake.calls.sessionParse).toHaveBeenCalledWith({ text: JSON.stringify(seedSession()) });
    expect(w.get('[data-testid="topology-source"]').text()).toBe('Saved session incident-42.json');
    expect(w.find('[data-testid="canvas-banner"]').exists()).toBe(false);
    await w.get('[data-testid="export-open"]').trigger('click');
    await w.get('[data-testid="export-format-mermaid"]').setValue(true);
    await w.get('[data-testid="export-redact"]').setValue(true);
    await w.get('[data-testid="export-theme-dark"]').setValue(true);
    await w.get('[data-testid="export-run"]').trigger('submit');
    await flushPromises();
    const req = fake.calls.exportRender.mock.calls[0]![0];
    expect(req).toMatchObject({ formats: ['markdown', 'png', 'svg', 'json', 'mermaid'], theme: 'dark', redact: true, locale: 'en', prefix: 'snatscope-redacted-' });
    expect((req.session as { id: string }).id).toBe('c3d97e');
    expect(downloads.map((d) => d.name)).toEqual(['snatscope-c3d97e-report.md', 'snatscope-c3d97e-diagram.png']);
    expect(w.get('[data-testid="export-done"]').text()).toContain('snatscope-c3d97e-diagram.png');
    await w.get('[data-testid="export-close"]').trigger('click');
    downloads.length = 0;
    await w.get('[data-testid="session-save"]').trigger('click');
    await flushPromises();
    expect(fake.calls.exportRender.mock.calls[1]![0]).toMatchObject({ formats: ['json'], redact: false });
    expect(downloads).toHaveLength(2);
    w.unmount();
  });

  it('a malformed file shows main’s clear error, localized, and keeps the picture', async () => {
    const fake = fakeApi();
    fake.install();
    const w = mountWith(App);
    await flushPromises();
    await w.get('[data-testid="open-sample"]').trigger('click');
    await flushPromises();
    const before = useTopologyStore().elements.map((e) => e.data.id);
    fake.calls.sessionParse.mockRejectedValue(
      new ApiError({ code: 'session.invalid', message: 'This is not a usable SNATScope session: it contains the forbidden key "__proto__"', action: 'Open a session saved by SNATScope.', localized: { 'zh-CN': { message: '这不是可用的 SNATScope 会话文件：it contains the forbidden key "__proto__"' } } }),
    );
    await pick(w, new File(['{"__proto__":{}}'], 'evil.json'));
    await flushPromises();
    expect(w.get('[data-testid="session-error"]').text()).toContain('Could not open evil.json. This is not a usable SNATScope session: it contains the forbidden key "__proto__"');
    expect(useTopologyStore().elements.map((e) => e.data.id)).toEqual(before);
    expect(w.find('[data-testid="cell-desktop-node2-Cluster"]').exists()).toBe(true);
    await w.get('[data-testid="language-select"]').setValue('zh-CN');
    await flushPromises();
    expect(w.get('[data-testid="session-error"]').text()).toContain('无法打开 evil.json');
    w.unmount();
  });

  it('the report view asks main for the report in the UI language, redacts on request and prints in the browser', async () => {
    const fake = fakeApi();
    fake.calls.exportReport.mockImplementation(async (p: Record<string, unknown>) => ({
      svg: '<svg xmlns="http://www.w3.org/2000/svg"/>',
      report: { locale: p.locale, title: `T ${String(p.redact)}`, target: 't', redacted: p.redact, redactedNote: 'aliases', headings: { finding: 'F', facts: 'Fa', matrix: 'M', why: 'W', fixes: 'X', tradeoff: 'T', diagram: 'D', appendix: 'A', plan: 'P', assumptions: 'As', warnings: 'Wa' }, predicted: false, predictedNote: '', assumptions: [], warnings: [], finding: 'the finding', facts: [], columns: [], rows: [], flows: [], fixes: [], plan: [], footer: '' },
    }));
    fake.install();
    const print = vi.fn();
    window.print = print;
    const w = mountWith(App);
    await flushPromises();
    await w.get('[data-testid="open-sample"]').trigger('click');
    await flushPromises();
    await w.get('[data-testid="report-open"]').trigger('click');
    await flushPromises();
    expect(fake.calls.exportReport).toHaveBeenLastCalledWith(expect.objectContaining({ locale: 'en', redact: false }));
    expect(w.get('[data-testid="report"] h1').text()).toBe('T false');
    await w.get('[data-testid="report-redact"]').setValue(true);
    await flushPromises();
    expect(fake.calls.exportReport).toHaveBeenLastCalledWith(expect.objectContaining({ redact: true }));
    await w.get('[data-testid="report-pdf"]').trigger('click');
    expect(print).toHaveBeenCalled();
    expect(fake.calls.exportPdf).not.toHaveBeenCalled();
    await w.get('[data-testid="report-close"]').trigger('click');
    expect(w.find('[data-testid="report-view"]').exists()).toBe(false);
    w.unmount();
  });
});
