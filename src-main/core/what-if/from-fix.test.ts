import { describe, expect, it } from 'vitest';
import { fixToWhatIf } from './from-fix';

describe('fixToWhatIf', () => {
  it('maps the fixes the preview can make', () => {
    expect(fixToWhatIf('etp-local', { serviceType: 'NodePort', relays: [] })).toEqual([{ key: 'etp', value: 'Local' }]);
    expect(fixToWhatIf('proxy-protocol', { serviceType: 'LoadBalancer', relays: [] })).toEqual([{ key: 'lb-proxy', value: 'v2' }]);
    expect(fixToWhatIf('proxy-protocol', { serviceType: 'NodePort', relays: [{ name: 'l7', mode: 'l7' }, { name: 'edge', mode: 'l4' }] })).toEqual([{ key: 'relay-proxy', relay: 'edge', value: 'v2' }]);
    expect(fixToWhatIf('ingress-nginx-forwarded-headers', { serviceType: null, relays: [] })).toEqual([{ key: 'use-forwarded-headers', value: true }]);
  });
  it('returns null for fixes it cannot preview', () => {
    expect(fixToWhatIf('proxy-protocol', { serviceType: 'NodePort', relays: [] })).toBeNull();
    expect(fixToWhatIf('cilium-dsr', { serviceType: 'NodePort', relays: [] })).toBeNull();
  });
});
