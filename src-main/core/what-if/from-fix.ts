// A fix card's "Preview this change": the what-if changes that stand for a fix, when the fix is
// one of the changes the preview can make (docs/what-if.md). Null for the others.
import type { FixId } from '../explain/types';
import type { WhatIfChange } from './types';

export function fixToWhatIf(fix: FixId, ctx: { serviceType: string | null; relays: readonly { name: string; mode: 'l4' | 'l7' }[] }): WhatIfChange[] | null {
  switch (fix) {
    case 'etp-local':
      return [{ key: 'etp', value: 'Local' }];
    case 'proxy-protocol': {
      if (ctx.serviceType === 'LoadBalancer') return [{ key: 'lb-proxy', value: 'v2' }];
      const l4 = ctx.relays.find((r) => r.mode === 'l4');
      return l4 ? [{ key: 'relay-proxy', relay: l4.name, value: 'v2' }] : null;
    }
    case 'ingress-nginx-forwarded-headers':
      return [{ key: 'use-forwarded-headers', value: true }];
    case 'ingress-nginx-proxy-protocol':
      return [{ key: 'use-proxy-protocol', value: true }];
    default:
      return null;
  }
}
