// Which proxy a URL takes from the environment, by Go's rules
// (golang.org/x/net/http/httpproxy), which helm and kubectl follow.
import { describe, expect, it } from 'vitest';
import { parseProxyUrl, proxyFromEnv, showProxy } from '../../../src/kube/proxy-env.js';

const P = 'http://proxy.corp:3128';
const via = (url: string, env: NodeJS.ProcessEnv) => proxyFromEnv(new URL(url), env)?.href.replace(/\/$/, '');

describe('proxyFromEnv', () => {
  it.each([
    ['https URLs take HTTPS_PROXY', 'https://api.corp:6443', { HTTPS_PROXY: P, HTTP_PROXY: 'http://other:1' }, P],
    ['http URLs take HTTP_PROXY', 'http://api.corp', { HTTPS_PROXY: 'http://other:1', HTTP_PROXY: P }, P],
    ['lower-case names count', 'https://api.corp', { https_proxy: P }, P],
    ['upper-case wins over lower-case', 'https://api.corp', { HTTPS_PROXY: P, https_proxy: 'http://other:1' }, P],
    ['no variable, no proxy', 'https://api.corp', {}, undefined],
    ['localhost is never proxied', 'https://localhost:6443', { HTTPS_PROXY: P }, undefined],
    ['127.0.0.0/8 is never proxied', 'https://127.3.2.1:6443', { HTTPS_PROXY: P }, undefined],
    ['::1 is never proxied', 'https://[::1]:6443', { HTTPS_PROXY: P }, undefined],
    ['NO_PROXY *', 'https://api.corp', { HTTPS_PROXY: P, NO_PROXY: '*' }, undefined],
    ['NO_PROXY host', 'https://api.corp', { HTTPS_PROXY: P, NO_PROXY: 'api.corp' }, undefined],
    ['NO_PROXY domain matches subdomains', 'https://k8s.api.corp', { HTTPS_PROXY: P, NO_PROXY: 'api.corp' }, undefined],
    ['NO_PROXY domain does not match a longer name', 'https://notapi.corp', { HTTPS_PROXY: P, NO_PROXY: 'api.corp' }, P],
    ['NO_PROXY .domain matches subdomains', 'https://k8s.corp', { HTTPS_PROXY: P, NO_PROXY: '.corp' }, undefined],
    ['NO_PROXY .domain not the domain itself', 'https://corp', { HTTPS_PROXY: P, NO_PROXY: '.corp' }, P],
    ['NO_PROXY *.domain', 'https://a.b.corp', { HTTPS_PROXY: P, NO_PROXY: '*.corp' }, undefined],
    ['NO_PROXY is case-insensitive and trimmed', 'https://API.Corp', { HTTPS_PROXY: P, NO_PROXY: ' other , API.CORP ' }, undefined],
    ['NO_PROXY host:port matches that port', 'https://api.corp:6443', { HTTPS_PROXY: P, NO_PROXY: 'api.corp:6443' }, undefined],
    ['NO_PROXY host:port not another port', 'https://api.corp', { HTTPS_PROXY: P, NO_PROXY: 'api.corp:6443' }, P],
    ['NO_PROXY IP', 'https://10.1.2.3:6443', { HTTPS_PROXY: P, NO_PROXY: '10.1.2.3' }, undefined],
    ['NO_PROXY CIDR', 'https://10.1.2.3:6443', { HTTPS_PROXY: P, NO_PROXY: '10.0.0.0/8' }, undefined],
    ['NO_PROXY CIDR outside', 'https://11.1.2.3:6443', { HTTPS_PROXY: P, NO_PROXY: '10.0.0.0/8' }, P],
    ['NO_PROXY CIDR does not match names', 'https://api.corp', { HTTPS_PROXY: P, NO_PROXY: '10.0.0.0/8' }, P],
    ['NO_PROXY IPv6 CIDR', 'https://[fd00::5]:6443', { HTTPS_PROXY: P, NO_PROXY: 'fd00::/8' }, undefined],
    ['lower-case no_proxy', 'https://api.corp', { HTTPS_PROXY: P, no_proxy: 'api.corp' }, undefined],
    ['a proxy without a scheme is http://', 'https://api.corp', { HTTPS_PROXY: 'proxy.corp:3128' }, P],
  ])('%s', (_what, url, env, want) => {
    expect(via(url, env)).toBe(want);
  });
});

describe('proxy URLs', () => {
  it('parse as Go does and show without the password', () => {
    expect(parseProxyUrl('proxy.corp:3128').href).toBe('http://proxy.corp:3128/');
    expect(parseProxyUrl('https://proxy.corp').protocol).toBe('https:');
    expect(showProxy(parseProxyUrl('http://me:s3cret@proxy.corp:3128'))).toBe('http://me:***@proxy.corp:3128');
  });
});
