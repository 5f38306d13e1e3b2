// Printers for Endpoints and EndpointSlices: `kubectl get ep` lists up to
// three ip:port pairs, then "+ N more..."; an EndpointSlice row shows its
// address type, ports and addresses the same way.
import { AGE, NAME, age, col, type Obj, type Printer } from './printer-kit.js';

const MAX = 3;

function withMore(list: string[], count: number, empty: string): string {
  if (count > MAX) return `${list.join(',')} + ${count - MAX} more...`;
  return list.length ? list.join(',') : empty;
}

// net.JoinHostPort: IPv6 addresses are bracketed.
const hostPort = (ip: string, port: number) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

/** The ENDPOINTS cell: ready addresses of every subset, crossed with its ports. */
export function formatEndpoints(ep: Obj): string {
  const subsets: Obj[] = ep.subsets ?? [];
  if (!subsets.length) return '<none>';
  const list: string[] = [];
  let count = 0;
  const add = (s: string) => {
    count++;
    if (list.length < MAX) list.push(s);
  };
  for (const ss of subsets) {
    const addresses: Obj[] = ss.addresses ?? [];
    const ports: Obj[] = ss.ports ?? [];
    if (!ports.length) for (const a of addresses) add(a.ip);
    else for (const p of ports) for (const a of addresses) add(hostPort(a.ip, p.port));
  }
  return withMore(list, count, '');
}

export const endpoints: Printer = {
  columns: [NAME, col('Endpoints', 'string', 'The set of all endpoints is the union of all subsets.'), AGE],
  cells: (o, now) => [o.metadata.name, formatEndpoints(o), age(o, now)],
};

function formatSlicePorts(ports: Obj[] | undefined): string {
  const all = ports ?? [];
  return withMore(all.slice(0, MAX).map((p) => (p.port != null ? String(p.port) : p.name != null ? p.name : '*')), all.length, '<unset>');
}

function formatSliceEndpoints(eps: Obj[] | undefined): string {
  const addresses = (eps ?? []).flatMap((e) => (e.addresses ?? []) as string[]);
  return withMore(addresses.slice(0, MAX), addresses.length, '<unset>');
}

export const endpointSlice: Printer = {
  columns: [
    NAME,
    col('AddressType', 'string', 'addressType specifies the type of address carried by this EndpointSlice.'),
    col('Ports', 'string', 'ports specifies the list of network ports exposed by each endpoint in this slice.'),
    col('Endpoints', 'string', 'endpoints is a list of unique endpoints in this slice.'),
    AGE,
  ],
  cells: (o, now) => [o.metadata.name, o.addressType ?? '', formatSlicePorts(o.ports), formatSliceEndpoints(o.endpoints), age(o, now)],
};
