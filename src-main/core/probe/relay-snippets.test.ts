import { describe, expect, it } from 'vitest';
import { relaySnippets } from './relay-snippets';

describe('relay snippets', () => {
  it('point every variant at the fixed nodePorts', () => {
    const s = relaySnippets({ nodeAddress: '198.18.0.11', ports: { Local: 30091 }, relays: [] });
    expect(s.map((x) => x.title)).toEqual([
      'nginx stream (L4) → Local nodePort 30091',
      'nginx stream (L4) + PROXY protocol → Local nodePort 30091',
      'nginx http (L7) → Local nodePort 30091',
      'nginx http (L7) + X-Forwarded-For → Local nodePort 30091',
    ]);
    expect(s[1]!.text).toContain('proxy_pass 198.18.0.11:30091;');
    expect(s[1]!.text).toContain('proxy_protocol on;');
    expect(s[3]!.text).toContain('proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;');
    expect(relaySnippets({ nodeAddress: 'x', ports: {}, relays: [] })).toEqual([]);
  });
  it('use the declared relays’ listen ports and modes', () => {
    const s = relaySnippets({
      nodeAddress: '198.18.0.11',
      ports: { Local: 30091 },
      relays: [{ name: 'public', address: '203.0.113.11', mode: 'l7', proxyProtocol: null, addsXForwardedFor: true, forwardsTo: { node: 'node1', port: 30091 }, listen: { address: '203.0.113.11', port: 9091 } }],
    });
    expect(s).toHaveLength(1);
    expect(s[0]!.text).toContain('listen 9091;');
    expect(s[0]!.text).toContain('X-Forwarded-For');
  });
});
