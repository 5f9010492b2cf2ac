// Both catalogs are complete and consistent, and everything the model emits renders cleanly
// in both languages.
import { describe, expect, it } from 'vitest';
import { predict } from '../prediction/predict';
import { makeCni, makeIngress, makeIngressController, makeInventory, makeService } from '../prediction/test-inventory';
import type { Prediction } from '../prediction/types';
import { en } from './catalog-en';
import { zhCN } from './catalog-zh-CN';
import { LOCALES, catalog, placeholders, renderExplanation, renderFix, renderStep } from './render';
import { step, term, type ExplainStep } from './types';

describe('catalogs', () => {
  it('have exactly the same keys', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  it('use the same parameters for every key, and no empty text', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(zhCN[key]), key).toEqual(placeholders(en[key]));
      expect(en[key].trim().length, key).toBeGreaterThan(0);
      expect(zhCN[key].trim().length, key).toBeGreaterThan(0);
    }
  });

  it('are really translated: sentences in the Chinese catalog contain Chinese', () => {
    // Snippet labels, header names and "Pod" are the same words in Chinese technical writing.
    const sameInBoth = new Set(['term.class.pod']);
    const sentences = (Object.keys(en) as (keyof typeof en)[]).filter((k) => !k.startsWith('fix.snippet.') && !k.startsWith('term.carrier.') && !sameInBoth.has(k));
    const untranslated = sentences.filter((k) => !/[\u4e00-\u9fff]/.test(zhCN[k]));
    expect(untranslated).toEqual([]);
  });
});

describe('rendering', () => {
  it('substitutes parameters and translatable terms', () => {
    const s = step('backend.seesRewritten', { address: '198.18.0.12', class: term('term.class.node-ip'), hop: 'node2' });
    expect(renderStep(s, 'en')).toBe('The backend sees 198.18.0.12 (a node address) instead of the client; the client address was lost at node2.');
    expect(renderStep(s, 'zh-CN')).toBe('后端看到的是 198.18.0.12（节点地址）而不是客户端；客户端地址在 node2 处丢失。');
  });

  it('numbers explanation steps like the original report', () => {
    const lines = renderExplanation([step('origin.externalAnon', { destination: 'node2:30080' }), step('outcome.timeout')], 'en');
    expect(lines).toEqual(['1. The client sends a request to node2:30080.', '2. The client gets no answer: a timeout.']);
  });

  it('keeps an unknown code or a missing parameter visible instead of dropping it', () => {
    expect(renderStep({ code: 'nope' as never, params: {} }, 'en')).toBe('nope');
    expect(renderStep(step('warn.nodeNotReady'), 'en')).toBe('Node {node} is not Ready.');
  });
});

function everyStep(p: Prediction): ExplainStep[] {
  return [
    ...p.assumptions,
    ...p.warnings,
    ...p.groups.map((g) => g.summary),
    ...p.paths.flatMap((x) => [...x.explanation, ...x.assumptions, ...x.warnings]),
    ...p.fixes.flatMap((f) => [f.title, ...f.description, ...f.tradeoffs, ...f.snippets.map((s) => s.label)]),
  ];
}

describe('model output renders completely in both languages', () => {
  const client = { kind: 'external' as const, clientAddress: '203.0.113.1' };
  const ctrl = makeIngressController();
  ctrl.config = { ...ctrl.config, useForwardedHeaders: true };
  const predictions: Prediction[] = [
    predict(makeInventory(), client, { kind: 'nodePort', port: 30080 }),
    predict(makeInventory({ service: makeService({ externalTrafficPolicy: 'Local' }) }), { kind: 'external' }, { kind: 'nodePort', port: 30080 }),
    predict(makeInventory({ endpoints: [] }), client, { kind: 'nodePort', port: 30080 }),
    predict(makeInventory(), { kind: 'pod', node: 'node1', podIP: '198.19.1.5' }, { kind: 'clusterIP', port: 80 }),
    predict(makeInventory({ cni: makeCni({ kind: 'cilium', cilium: { kubeProxyReplacement: true, lbMode: 'hybrid', tunnel: 'vxlan' } }) }), client, { kind: 'nodePort', port: 30080 }),
    predict(makeInventory({ cni: makeCni({ kind: 'calico', calico: { dataplane: 'vpp', natOutgoing: true, encapsulation: 'none' } }) }), client, { kind: 'nodePort', port: 30080 }),
    predict(
      makeInventory({ service: makeService({ type: 'ClusterIP' }), ingressControllers: [ctrl], ingresses: [makeIngress()] }),
      { kind: 'relay', relay: { name: 'edge', address: '203.0.113.20', mode: 'l7', proxyProtocol: null, addsXForwardedFor: true, forwardsTo: { node: 'node1', port: 31080 } }, clientAddress: '203.0.113.1' },
      { kind: 'ingress', host: 'echo.example.test', path: '/' },
    ),
  ];

  it.each(LOCALES)('%s', (locale) => {
    let count = 0;
    for (const p of predictions) {
      for (const s of everyStep(p)) {
        const template = catalog(locale)[s.code];
        for (const name of placeholders(template)) expect(Object.keys(s.params), `${s.code} needs {${name}}`).toContain(name);
        const text = renderStep(s, locale);
        expect(text, s.code).not.toMatch(/\{[A-Za-z0-9_]+\}/);
        count++;
      }
      for (const f of p.fixes) expect(renderFix(f, locale).snippets.every((x) => x.text.length > 0)).toBe(true);
    }
    expect(count).toBeGreaterThan(50);
  });
});

describe('placeholders in both languages (issue 15, item 9)', () => {
  it('renders the unknown pod address placeholder in the chosen language', () => {
    const s = { code: 'origin.pod' as const, params: { node: 'node1', address: '<pod on node1>', destination: '10.96.0.50:80' } };
    expect(renderStep(s, 'en')).toBe('A pod on node1 (<pod on node1>) sends a request to 10.96.0.50:80.');
    expect(renderStep(s, 'zh-CN')).toContain('<node1 上的 Pod>');
    expect(renderStep(s, 'zh-CN')).not.toContain('pod on');
  });
});
