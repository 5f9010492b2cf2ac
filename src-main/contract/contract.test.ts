import { describe, expect, it } from 'vitest';
import { buildRawApi } from './build-api';
import { events, eventNames, isRequestName, ProbeOptions, requestNames, requests } from './index';

describe('contract', () => {
  it('name lists and schema tables agree', () => {
    expect([...requestNames].sort()).toEqual(Object.keys(requests).sort());
    expect([...eventNames].sort()).toEqual(Object.keys(events).sort());
  });

  it('does not treat prototype keys as request names', () => {
    expect(isRequestName('app.info')).toBe(true);
    expect(isRequestName('toString')).toBe(false);
    expect(isRequestName('__proto__')).toBe(false);
    expect(isRequestName(42)).toBe(false);
  });

  it('builds named methods and event subscriptions from the names', async () => {
    const calls: [string, unknown][] = [];
    const subs: string[] = [];
    const api = buildRawApi({
      invoke: async (name, params) => {
        calls.push([name, params]);
        return { ok: true, result: name };
      },
      subscribe: (name) => {
        subs.push(name);
        return () => undefined;
      },
    });
    expect(Object.keys(api).sort()).toEqual(['app', 'cluster', 'contexts', 'export', 'inspect', 'probe', 'session', 'settings']);
    expect(Object.keys(api.settings!).sort()).toEqual(['get', 'onChanged', 'set']);
    const info = api.app!.info as unknown as (p: unknown) => Promise<unknown>;
    await expect(info({})).resolves.toEqual({ ok: true, result: 'app.info' });
    const get = api.settings!.get as unknown as (p?: unknown) => Promise<unknown>;
    await get();
    expect(calls).toEqual([
      ['app.info', {}],
      ['settings.get', {}],
    ]);
    const on = api.settings!.onChanged as unknown as (l: unknown) => () => void;
    expect(typeof on(() => undefined)).toBe('function');
    expect(subs).toEqual(['settings.changed']);
    expect(() => on('not a function')).toThrow(/listener must be a function/);
  });

  it('rejects unknown settings keys and out-of-range values', () => {
    const set = requests['settings.set'].params;
    expect(set.safeParse({ language: 'zh-CN' }).success).toBe(true);
    expect(set.safeParse({ language: 'fr' }).success).toBe(false);
    expect(set.safeParse({ nodeIntegration: true }).success).toBe(false);
    expect(set.safeParse({ lastNamespace: 'x'.repeat(10_000) }).success).toBe(false);
  });
});

describe('probe options', () => {
  const relay = { name: 'public', address: '203.0.113.10', mode: 'l4', forwardsTo: { node: 'node1', port: 30091 } };
  const options = (relays: unknown[]) => ({ contextId: '0123456789abcdef', target: { kind: 'matrix' }, relays });

  it('accepts relays with literal IPv4/IPv6 addresses only', () => {
    expect(ProbeOptions.safeParse(options([relay, { ...relay, name: 'v6', address: '2001:db8::10', listen: { address: '2001:db8::11', port: 9090 } }])).success).toBe(true);
    for (const address of ['relay.example.com', '203.0.113.300', '', '<img src=x>']) {
      expect(ProbeOptions.safeParse(options([{ ...relay, address }])).success, address).toBe(false);
    }
    expect(ProbeOptions.safeParse(options([{ ...relay, listen: { address: 'localhost', port: 9090 } }])).success).toBe(false);
  });
});
