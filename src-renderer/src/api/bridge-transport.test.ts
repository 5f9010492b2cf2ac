import { describe, expect, it, vi } from 'vitest';
import { bridgeTransport, takeBridgeToken } from './bridge-transport';

describe('takeBridgeToken', () => {
  it('moves the token from the fragment into session storage and cleans the URL', () => {
    const storage = window.sessionStorage;
    storage.clear();
    const replaceState = vi.fn();
    const loc = { hash: '#token=abc_DEF-123', pathname: '/', search: '' } as Location;
    expect(takeBridgeToken(loc, storage, { replaceState } as unknown as History)).toBe('abc_DEF-123');
    expect(replaceState).toHaveBeenCalledWith(null, '', '/');
    expect(takeBridgeToken({ hash: '', pathname: '/', search: '' } as Location, storage, { replaceState } as unknown as History)).toBe('abc_DEF-123');
  });
  it('ignores malformed fragments', () => {
    window.sessionStorage.clear();
    expect(takeBridgeToken({ hash: '#token=<script>', pathname: '/', search: '' } as Location, window.sessionStorage, { replaceState: vi.fn() } as unknown as History)).toBeNull();
  });
});

describe('bridgeTransport', () => {
  it('sends the token as a bearer header and returns the envelope', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ ok: true, result: 1 }), { status: 200 }));
    const t = bridgeTransport({ origin: 'http://127.0.0.1:1', token: 'tok', fetch: fetch as unknown as typeof globalThis.fetch });
    await expect(t.invoke('app.info', {})).resolves.toEqual({ ok: true, result: 1 });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://127.0.0.1:1/api/invoke/app.info');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer tok');
  });
  it('turns network failures and non-JSON answers into error envelopes', async () => {
    const down = bridgeTransport({ origin: 'http://x', token: 't', fetch: (async () => Promise.reject(new TypeError('failed'))) as typeof globalThis.fetch });
    await expect(down.invoke('app.info', {})).resolves.toMatchObject({ ok: false, error: { code: 'bridge-unreachable' } });
    const html = bridgeTransport({ origin: 'http://x', token: 't', fetch: (async () => new Response('<html>', { status: 502 })) as typeof globalThis.fetch });
    await expect(html.invoke('app.info', {})).resolves.toMatchObject({ ok: false, error: { code: 'http-502' } });
    const noToken = bridgeTransport({ origin: 'http://x', token: null });
    await expect(noToken.invoke('app.info', {})).resolves.toMatchObject({ ok: false, error: { code: 'bridge-no-token' } });
  });
});
