import { describe, expect, it } from 'vitest';
import { renderFix, renderStep } from '../explain/render';
import { markdownReport } from '../export/markdown';
import { renderExports } from '../export/render';
import { reportModel } from '../export/report-model';
import { parseSession, serializeSession } from '../export/session-file';
import { makeIngress, makeIngressController, makeInventory, makeService } from '../prediction/test-inventory';
import { predictionDocument } from './prediction-document';

const meta = { app: { name: 'SNATScope', version: 'test' }, now: new Date('2026-12-04T05:00:00Z') };
// frontend: NodePort, Cluster policy, one endpoint on node1 (test-inventory's defaults).
const inventory = makeInventory({ service: makeService({ namespace: 'default', name: 'frontend' }) });

describe('a prediction as a document', () => {
  const doc = predictionDocument(inventory, meta)!;

  it('has the finding, a matrix of entry × policy per origin, and nothing measured', () => {
    expect(doc.prediction).toBeDefined();
    expect(renderStep(doc.finding[0]!, 'en')).toContain('Client IPs are lost');
    const desktop = doc.paths.filter((p) => p.origin.kind === 'desktop');
    expect(desktop.map((p) => `${p.target.node}/${p.service.policy}/${p.predicted.verdict}`).sort()).toEqual(['node1/Cluster/snat', 'node1/Local/preserved', 'node2/Cluster/snat', 'node2/Local/dropped']);
    expect(doc.paths.every((p) => p.observed.verdict === 'unknown' && p.observationIds.length === 0)).toBe(true);
    expect(doc.paths.some((p) => p.origin.kind === 'pod' && p.target.kind === 'clusterIP')).toBe(true);
    for (const p of desktop) expect(p.explanation.length).toBeGreaterThan(2);
  });

  it('fixes name the service; the what-if Local drop has its three fixes', () => {
    const etp = doc.fixes.find((f) => f.id === 'etp-local')!;
    expect(etp.snippets[0]!.text).toContain("kubectl -n 'default' patch service 'frontend'");
    const drop = doc.paths.find((p) => p.origin.kind === 'desktop' && p.target.node === 'node2' && p.service.policy === 'Local')!;
    expect(drop.fixIds).toEqual(expect.arrayContaining(['local-endpoint-every-node', 'send-to-endpoint-nodes', 'keep-cluster-carry-client']));
    expect(renderFix(doc.fixes.find((f) => f.id === 'keep-cluster-carry-client')!, 'zh-CN').title).toContain('default/frontend');
  });

  it('survives a save and open (the session schema keeps the prediction marker)', () => {
    expect(parseSession(serializeSession(doc))).toEqual(doc);
  });

  it('every export says "Predicted, not measured" and has no probe section', async () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const md = markdownReport(doc, { locale });
      const m = reportModel(doc, locale);
      expect(m.predicted).toBe(true);
      expect(md).toContain(m.predictedNote);
      expect(md).not.toContain(`### ${m.headings.plan}`);
      expect(m.columns).toHaveLength(5);
      expect(m.rows.find((r) => r.id.includes('node2') && r.id.endsWith('Local'))!.cells[2]).toBe(locale === 'en' ? 'default/frontend (what if Local)' : 'default/frontend (假如 Local)');
    }
    expect(markdownReport(doc, { locale: 'en' })).toContain('Predicted, not measured');
    const { files } = await renderExports(doc, { formats: ['markdown', 'json', 'svg', 'mermaid'], locale: 'en', theme: 'light', redact: false });
    for (const f of files) expect('text' in f && f.text, f.name).toMatch(/Predicted, not measured|"prediction"/);
  });
});

describe('a prediction through an Ingress as a document', () => {
  const withIngress = makeInventory({ service: makeService({ namespace: 'default', name: 'echo' }), ingressControllers: [makeIngressController()], ingresses: [makeIngress()] });
  const doc = predictionDocument(withIngress, meta)!;

  it('has one ingress cell per entry of the controller\'s Service, naming the Ingress host and path', () => {
    const cells = doc.paths.filter((p) => p.target.kind === 'ingress' && p.service.policy === 'Cluster');
    expect(cells.map((c) => c.target.node).sort()).toEqual(['node1', 'node2']);
    for (const c of cells) {
      expect(c.ingress).toEqual({ className: 'nginx', host: 'echo.example.test', path: '/' });
      expect(c.target.port).toBe(31080);
      // The backend's peer is the controller pod; the client address travels (or not) in X-Forwarded-For.
      expect(c.predicted.class).toBe('ingress-pod');
    }
    expect(parseSession(serializeSession(doc))).toEqual(doc);
  });
});
