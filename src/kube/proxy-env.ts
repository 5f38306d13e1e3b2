// Which proxy a request takes, by the rules helm and kubectl follow (Go's
// net/http ProxyFromEnvironment, golang.org/x/net/http/httpproxy): HTTPS_PROXY
// for https URLs, HTTP_PROXY for http, NO_PROXY exempting hosts, domains,
// IPs and CIDRs (with optional ports), and localhost and loopback addresses
// never proxied. Upper-case names win over lower-case ones, as in Go.
import { BlockList, isIP } from 'node:net';

/** The first non-empty value of `names` in `env`. */
function envAny(env: NodeJS.ProcessEnv, ...names: string[]): string {
  for (const n of names) {
    const v = env[n];
    if (v) return v;
  }
  return '';
}

/** Parses a proxy address as Go does: `host:port` without a scheme means `http://host:port`. */
export function parseProxyUrl(text: string): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  const u = new URL(withScheme);
  if (!u.hostname) throw new TypeError(`invalid proxy address "${text}"`);
  return u;
}

function defaultPort(u: URL): string {
  return u.port || (u.protocol === 'https:' ? '443' : '80');
}

function bareHost(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');
loopback.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

function isLoopback(ip: string): boolean {
  return loopback.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6');
}

/** One NO_PROXY entry, as Go's httpproxy reads it. */
type Matcher = (host: string, port: string, ip: string | undefined) => boolean;

function splitHostPort(entry: string): { host: string; port: string } {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (v6) return { host: v6[1]!, port: v6[2] ?? '' };
  const m = /^([^:]+):(\d+)$/.exec(entry);
  return m ? { host: m[1]!, port: m[2]! } : { host: entry, port: '' };
}

function matchers(noProxy: string): Matcher[] | 'all' {
  const out: Matcher[] = [];
  for (const raw of noProxy.split(',')) {
    const p = raw.trim().toLowerCase();
    if (!p) continue;
    if (p === '*') return 'all';
    const cidr = /^(.+)\/(\d{1,3})$/.exec(p);
    if (cidr && isIP(cidr[1]!)) {
      const family = isIP(cidr[1]!) === 4 ? 'ipv4' : 'ipv6';
      const list = new BlockList();
      try {
        list.addSubnet(cidr[1]!, Number(cidr[2]), family);
      } catch {
        continue; // a prefix longer than the address: Go ignores what it cannot parse
      }
      out.push((_h, _p, ip) => ip !== undefined && list.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6'));
      continue;
    }
    const { host, port } = splitHostPort(p);
    if (!host) continue;
    if (isIP(host)) {
      out.push((_h, rp, ip) => ip !== undefined && sameIp(ip, host) && (!port || port === rp));
      continue;
    }
    // "foo.com" matches foo.com and its subdomains; ".foo.com" and "*.foo.com" only the subdomains.
    let suffix = host.startsWith('*.') ? host.slice(1) : host;
    const matchHost = !suffix.startsWith('.');
    if (matchHost) suffix = `.${suffix}`;
    out.push((h, rp) => (h.endsWith(suffix) || (matchHost && h === suffix.slice(1))) && (!port || port === rp));
  }
  return out;
}

function sameIp(a: string, b: string): boolean {
  if (isIP(a) !== isIP(b)) return false;
  if (isIP(a) === 4) return a === b;
  const list = new BlockList();
  list.addAddress(b, 'ipv6');
  return list.check(a, 'ipv6');
}

/**
 * The proxy `url` should go through according to the environment, or
 * undefined for a direct connection. Throws TypeError on an unreadable
 * proxy variable (helm and kubectl fail on it too).
 */
export function proxyFromEnv(url: URL, env: NodeJS.ProcessEnv = process.env): URL | undefined {
  const text = url.protocol === 'https:' ? envAny(env, 'HTTPS_PROXY', 'https_proxy') : url.protocol === 'http:' ? envAny(env, 'HTTP_PROXY', 'http_proxy') : '';
  if (!text) return undefined;
  const host = bareHost(url.hostname).toLowerCase();
  const port = defaultPort(url);
  if (host === 'localhost') return undefined;
  const ip = isIP(host) ? host : undefined;
  if (ip && isLoopback(ip)) return undefined;
  const m = matchers(envAny(env, 'NO_PROXY', 'no_proxy'));
  if (m === 'all' || m.some((match) => match(host, port, ip))) return undefined;
  return parseProxyUrl(text);
}

/** A proxy URL as it may be shown: without its password. */
export function showProxy(proxy: URL): string {
  const u = new URL(proxy.href);
  if (u.password) u.password = '***';
  return u.href.replace(/\/$/, '');
}
