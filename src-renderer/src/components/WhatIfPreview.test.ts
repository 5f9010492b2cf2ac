import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Answer, Api, WhatIfResult } from '../../../src-main/contract';
import { ApiError } from '../api/api-error';
import { setApiForTests } from '../api/client';
import { seedSession } from '../test/fixtures';
import { mountWith } from '../test/mount';
import PreviewFixButton from './PreviewFixButton.vue';
import WhatIfPreview from './WhatIfPreview.vue';

afterEach(() => setApiForTests(null));

const target = { contextId: '0123456789abcdef', namespace: 'default', name: 'frontend' };
const answer = (id: string, node: string): Answer =>
  ({ id, coverage: null, prediction: { origin: id.startsWith('desktop') ? { kind: 'external' } : { kind: 'pod', node }, target: { kind: 'nodePort', port: 30080 }, paths: [], groups: [] } }) as unknown as Answer;

function result(): WhatIfResult {
  const outcome = (verdict: 'snat' | 'dropped' | 'preserved', address: string | null) => ({ verdict, observedAddress: address, observedClass: 'node-ip' as const, clientCarrier: null, spoofable: false, probability: 1 });
  return {
    changes: [{ key: 'etp', value: 'Local' }],
    notes: [{ code: 'whatif.note.set', params: { what: 'default/frontend externalTrafficPolicy', before: 'Cluster', after: 'Local' } }],
    before: [answer('desktop>nodePort:30080/TCP', '')],
    after: [answer('desktop>nodePort:30080/TCP', '')],
    diff: {
      changed: [
        { answerId: 'desktop>nodePort:30080/TCP', origin: { kind: 'external' }, target: { kind: 'nodePort', port: 30080 }, entryNode: 'node2', before: [outcome('snat', '198.18.0.12')], after: [outcome('dropped', null)] },
        { answerId: 'desktop>nodePort:30080/TCP', origin: { kind: 'external' }, target: { kind: 'nodePort', port: 30080 }, entryNode: '<b>node1</b>', before: [outcome('snat', '198.19.1.1')], after: [outcome('preserved', null)] },
      ],
      unchangedPaths: 4,
      startsDropping: [{ node: 'node2', answerIds: ['desktop>nodePort:30080/TCP'] }],
      healthCheck: null,
      spread: { rows: [{ node: 'node1', endpoints: 1, perEndpointBefore: 1, perEndpointAfter: 1 }], imbalanceBefore: 1, imbalanceAfter: 1 },
      proxyBreaks: [],
    },
  };
}

function install(impl: (p: unknown) => Promise<unknown>) {
  const whatIf = vi.fn(impl);
  setApiForTests({ api: { inspect: { whatIf } } as unknown as Api, transport: 'browser', hasToken: true });
  return whatIf;
}

const props = (over: Record<string, unknown> = {}) => ({ target, inventory: seedSession().inventory, relays: [], locale: 'en' as const, preset: null, ...over });

describe('WhatIfPreview', () => {
  it('sends the picked change to inspect.whatIf and shows the predicted difference, saying nothing was changed', async () => {
    const whatIf = install(async () => result());
    const w = mountWith(WhatIfPreview, { props: props() });
    expect(w.get('[data-testid="what-if-run"]').attributes('disabled')).toBeDefined();
    await w.get('[data-testid="what-if-etp"]').setValue('Local');
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(whatIf).toHaveBeenCalledWith({ ...target, relays: [], changes: [{ key: 'etp', value: 'Local' }] });
    const out = w.get('[data-testid="what-if-result"]');
    expect(out.text()).toContain('Preview only: nothing in the cluster was changed.');
    expect(out.text()).toContain('default/frontend externalTrafficPolicy: Cluster → Local');
    expect(out.text()).toContain('Paths whose outcome changes (2 of 6 entry points):');
    const rows = w.findAll('[data-testid="what-if-changed"] li');
    expect(rows[0]!.text()).toContain('From this desktop → NodePort 30080 · via node2');
    expect(rows[0]!.findAll('[data-verdict]').map((c) => c.attributes('data-verdict'))).toEqual(['snat', 'dropped']);
    // Cluster strings stay text.
    expect(rows[1]!.find('b').exists()).toBe(false);
    expect(rows[1]!.text()).toContain('<b>node1</b>');
    expect(w.get('[data-testid="what-if-dropping"]').text()).toContain('node2 — on 1 question(s)');
    expect(w.get('[data-testid="what-if-spread"]').text()).toContain('node1: 1 endpoint(s), 100% → 100% each');
  });

  it('a fix card’s changes run at once; a refusal from main is shown in the UI language', async () => {
    install(async () => {
      throw new ApiError({ code: 'what-if.notLoadBalancer', message: 'default/frontend is type NodePort', localized: { 'zh-CN': { message: 'default/frontend 的类型为 NodePort' } } });
    });
    const w = mountWith(WhatIfPreview, { props: props({ preset: [{ key: 'lb-proxy', value: 'v2' }], locale: 'zh-CN' }), locale: 'zh-CN' });
    await flushPromises();
    expect(w.get('[data-testid="what-if-error"]').text()).toBe('default/frontend 的类型为 NodePort');
    expect(w.text()).toContain('预览更改');
  });

  it('asks for a service when none is inspected', () => {
    install(async () => result());
    expect(mountWith(WhatIfPreview, { props: props({ target: null, inventory: null }) }).text()).toContain('Select a service to preview a change to it.');
  });
});

describe('PreviewFixButton', () => {
  it('offers the preview for fixes it can make, and hands over their changes', async () => {
    const w = mountWith(PreviewFixButton, { props: { fixId: 'etp-local', serviceType: 'NodePort', relays: [] } });
    await w.get('button').trigger('click');
    expect(w.emitted('preview')).toEqual([[[{ key: 'etp', value: 'Local' }]]]);
    expect(mountWith(PreviewFixButton, { props: { fixId: 'cilium-dsr', serviceType: 'NodePort', relays: [] } }).find('button').exists()).toBe(false);
    expect(mountWith(PreviewFixButton, { props: { fixId: 'etp-local', serviceType: null, relays: [] } }).find('button').exists()).toBe(false);
  });
});
