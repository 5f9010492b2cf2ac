// HTTPS_PROXY / HTTP_PROXY / NO_PROXY read like Go's http.ProxyFromEnvironment
// (golang.org/x/net/http/httpproxy): these cases follow that package's documented rules.
import { describe, expect, it } from 'vitest';
import { proxyFromEnvironment } from './proxy-env';
import { stripUserinfo, stripUserinfoInText } from './url-userinfo';

const P = 'http://proxy.corp:3128';

describe('proxyFromEnvironment', () => {
  it('https URLs use HTTPS_PROXY (upper case first), http URLs HTTP_PROXY', () => {
    expect(proxyFromEnvironment('https://api.example.com:6443', { HTTPS_PROXY: P, https_proxy: 'http://lower:1' })).toBe(P);
    expect(proxyFromEnvironment('https://api.example.com:6443', { https_proxy: P })).toBe(P);
    expect(proxyFromEnvironment('https://api.example.com:6443', { HTTP_PROXY: P })).toBeNull();
    expect(proxyFromEnvironment('http://api.example.com:8080', { HTTP_PROXY: P })).toBe(P);
    expect(proxyFromEnvironment('http://api.example.com:8080', { HTTPS_PROXY: P })).toBeNull();
  });

  it('a value without a scheme is http://; socks5 values are kept', () => {
    expect(proxyFromEnvironment('https://api.example.com', { HTTPS_PROXY: 'proxy.corp:3128' })).toBe('http://proxy.corp:3128');
    expect(proxyFromEnvironment('https://api.example.com', { HTTPS_PROXY: 'socks5://127.0.0.1:1080' })).toBe('socks5://127.0.0.1:1080');
  });

  it('never proxies localhost or loopback addresses', () => {
    for (const server of ['https://localhost:6443', 'https://127.0.0.1:6443', 'https://127.3.4.5', 'https://[::1]:6443']) {
      expect(proxyFromEnvironment(server, { HTTPS_PROXY: P }), server).toBeNull();
    }
  });

  it('NO_PROXY: names match themselves and subdomains, .suffix only subdomains, IPs, CIDRs, ports and *', () => {
    const env = (NO_PROXY: string) => ({ HTTPS_PROXY: P, NO_PROXY });
    expect(proxyFromEnvironment('https://example.com', env('example.com'))).toBeNull();
    expect(proxyFromEnvironment('https://api.example.com', env('example.com'))).toBeNull();
    expect(proxyFromEnvironment('https://notexample.com', env('example.com'))).toBe(P);
    expect(proxyFromEnvironment('https://api.example.com', env('.example.com'))).toBeNull();
    expect(proxyFromEnvironment('https://example.com', env('.example.com'))).toBe(P);
    expect(proxyFromEnvironment('https://10.1.2.3:6443', env('10.0.0.0/8'))).toBeNull();
    expect(proxyFromEnvironment('https://11.1.2.3:6443', env('10.0.0.0/8'))).toBe(P);
    expect(proxyFromEnvironment('https://[fd00::5]:6443', env('fd00::/8'))).toBeNull();
    expect(proxyFromEnvironment('https://192.0.2.7', env('192.0.2.7'))).toBeNull();
    expect(proxyFromEnvironment('https://api.example.com:6443', env('api.example.com:6443'))).toBeNull();
    expect(proxyFromEnvironment('https://api.example.com:443', env('api.example.com:6443'))).toBe(P);
    expect(proxyFromEnvironment('https://anything.example', env('*'))).toBeNull();
    expect(proxyFromEnvironment('https://api.example.com', { HTTPS_PROXY: P, no_proxy: 'example.com' })).toBeNull();
    expect(proxyFromEnvironment('https://api.example.com', env(' other.org , example.com '))).toBeNull();
  });

  it('HTTP_PROXY is ignored under CGI (REQUEST_METHOD set), as Go does', () => {
    expect(proxyFromEnvironment('http://api.example.com', { HTTP_PROXY: P, REQUEST_METHOD: 'GET' })).toBeNull();
  });
});

describe('userinfo stripping', () => {
  it('removes user and password from URLs and from free text', () => {
    expect(stripUserinfo('https://admin:pw@api.example.com:6443/prefix')).toBe('https://api.example.com:6443/prefix');
    expect(stripUserinfo('socks5://u:p@127.0.0.1:1080')).toBe('socks5://127.0.0.1:1080');
    expect(stripUserinfo('https://api.example.com')).toBe('https://api.example.com');
    expect(stripUserinfo('http://u:p@[bad')).toBe('http://[bad');
    expect(stripUserinfoInText('proxyconnect to http://user:hunter2@proxy:3128 failed')).toBe('proxyconnect to http://proxy:3128 failed');
  });
});
