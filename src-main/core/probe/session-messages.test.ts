// Session warnings and the cleanup note: English in the session (unchanged for older readers),
// recognised and shown translated by every renderer; the probe writes none by hand.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { placeholders } from '../explain/render';
import { en } from '../explain/catalog-en';
import { parseProbeMessage, PROBE_MESSAGE_CODES, probeMessage, renderProbeMessage } from './session-messages';

const params = { nodes: 'cp-1, cp-2', service: 'shop/web', node: 'worker-1', count: 2, cap: 20, total: 31, className: 'nginx', destination: 'shop.example/snatscope-a1b2', reason: 'Get "https://10.0.0.1/api": EOF (x)', seconds: 120, namespace: 'snatscope-a1b2', expiresAt: '2026-01-01T00:00:00.000Z' };

describe('session messages', () => {
  it('read back as the code and parameters they were written from, for every code', () => {
    for (const code of PROBE_MESSAGE_CODES) {
      const used = Object.fromEntries(placeholders(en[code]).map((k) => [k, String(params[k as keyof typeof params])]));
      expect(parseProbeMessage(probeMessage(code, used)), code).toEqual({ code, params: used });
    }
  });

  it('keep the English sentences older sessions hold, and translate them', () => {
    const old = 'control-plane nodes left out (cp-1): allow them with --tolerate-control-plane';
    expect(probeMessage('probe.warn.controlPlaneLeftOut', { nodes: 'cp-1' })).toBe(old);
    expect(renderProbeMessage(old, 'en')).toBe(old);
    expect(renderProbeMessage(old, 'zh-CN')).toBe('已跳过控制平面节点（cp-1）：如需包含，请使用 --tolerate-control-plane');
    // The more literal sentence wins over the one with a free-text reason.
    expect(parseProbeMessage("the backend's call to its own Service (hairpin) was not measured: the self pod did not finish within 90 s")?.code).toBe('probe.warn.hairpinTimeout');
    expect(renderProbeMessage('namespace snatscope-a1b2 is still terminating; it will disappear on its own (snatscope sweep checks)', 'zh-CN')).toBe('命名空间 snatscope-a1b2 仍在终止中，之后会自行消失（snatscope sweep 会检查）');
  });

  it('show a sentence no code knows as it is', () => {
    expect(renderProbeMessage('something a newer version wrote', 'zh-CN')).toBe('something a newer version wrote');
  });

  it('are the only warnings the probe records (no hand-written English in warnings.push)', () => {
    const dir = import.meta.dirname;
    const offenders = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/warnings\.push\(\s*[`'"]|\bwarning: [`'"]/g)].map((m) => `${f}: ${m[0]}`));
    expect(offenders).toEqual([]);
  });
});
