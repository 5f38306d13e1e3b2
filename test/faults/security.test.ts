// What helmdeck promises about secrets and the machine it runs on: planted
// credentials (a Secret the chart references, --set db.password=…) never
// appear in anything helmdeck prints or writes — stdout, stderr, the journal,
// the change record, `status -o json` — in clear or base64; user strings
// (a runbook `run` step, --set values) reach programs as argv, never a shell;
// kubesim listens on loopback only; journals are created 0600.
import { cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RT } from '../../src/sim/api/resources.js';
import { chartsDir, startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { waitFor } from '../helpers/sim-context.js';
import { helmdeck, journalFiles, journalPathOf, readJournalStrict } from './helpers.js';

const NS = 'sec';
// Distinct, greppable, and not made of credential words, so a mask cannot hide a leak by accident.
const PLANTED = {
  install: 'Zq7-install-kiwi-4471',
  set: 'Zq7-upgrade-mango-9038',
  external: 'Zq7-external-plum-2265',
};
const forms = (v: string) => [v, Buffer.from(v).toString('base64'), Buffer.from(Buffer.from(v).toString('base64')).toString('base64')];

let c: TestCluster;
let chart: string;
let shellDir: string;

beforeAll(async () => {
  c = await startTestCluster({ speed: 10 });
  chart = join(c.home, 'charts', 'shop');
  cpSync(join(chartsDir, 'shop'), chart, { recursive: true });
  // A Secret built from a value, and a workload reading a Secret made outside the chart.
  writeFileSync(join(chart, 'templates', 'db-secret.yaml'), [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: {{ .Release.Name }}-db',
    'type: Opaque',
    'data:',
    '  password: {{ .Values.db.password | b64enc | quote }}',
    'stringData:',
    '  url: "postgres://app:{{ .Values.db.password }}@db:5432/shop"',
    '',
  ].join('\n'));
  writeFileSync(join(chart, 'templates', 'consumer.yaml'), [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: {{ .Release.Name }}-consumer',
    'spec:',
    '  replicas: 1',
    '  selector: { matchLabels: { app.kubernetes.io/name: consumer } }',
    '  template:',
    '    metadata: { labels: { app.kubernetes.io/name: consumer, app.kubernetes.io/instance: {{ .Release.Name }} } }',
    '    spec:',
    '      containers:',
    '        - name: consumer',
    '          image: registry.example.invalid/shop/consumer:1',
    '          env:',
    '            - name: EXTERNAL_TOKEN',
    '              valueFrom: { secretKeyRef: { name: shop-external, key: token } }',
    '            - name: DB_PASSWORD',
    '              value: {{ .Values.db.password | quote }}',
    '',
  ].join('\n'));
  writeFileSync(join(chart, 'values.yaml'), readFileSync(join(chart, 'values.yaml'), 'utf8') + 'db:\n  password: ""\n');
  c.sim.ctx.store.create(RT.namespaces, { metadata: { name: NS } });
  c.sim.ctx.store.create(RT.secrets, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'shop-external', namespace: NS }, type: 'Opaque', data: { token: Buffer.from(PLANTED.external).toString('base64') } });
  await c.helm(['install', 'shop', chart, '-n', NS, '--set', `db.password=${PLANTED.install}`, '--set', 'hpa.enabled=false', '--wait', '--timeout', '60s']);
  shellDir = join(c.home, 'shell');
  mkdirSync(join(shellDir, 'canary'), { recursive: true });
  writeFileSync(join(shellDir, 'canary', 'keep'), 'still here');
});
afterAll(async () => {
  await c?.stop();
});

/** Strings that would run commands if any shell ever saw them. */
function injections(dir: string): string[] {
  return [`$(touch ${dir}/m1)`, `; touch ${dir}/m2`, `\`touch ${dir}/m3\``, `&& touch ${dir}/m4`, `|| touch ${dir}/m5`, `| touch ${dir}/m6`, `; rm -rf ${dir}/canary`, `\n touch ${dir}/m7`];
}

function expectNoShellRan(dir: string): void {
  for (let i = 1; i <= 7; i++) expect(existsSync(join(dir, `m${i}`)), `m${i} was created: a shell ran`).toBe(false);
  expect(readFileSync(join(dir, 'canary', 'keep'), 'utf8')).toBe('still here');
}

describe('secrets never leave the cluster through helmdeck', () => {
  it('a full headless upgrade, preflight, report and status: no planted value in any output, journal or record', async () => {
    const rb = join(c.home, 'secure.yaml');
    writeFileSync(rb, [
      'release: shop',
      `namespace: ${NS}`,
      `chart: ${chart}`,
      'preflight:',
      '  - check: release-settled',
      '  - check: secret-present',
      '    name: shop-external',
      '    keys: [token]',
      '  - check: pods-healthy',
      '  - check: diff',
      '  - run: Print the chart values file (as a backup step would)',
      `    command: [cat, ${join(chart, 'values.yaml')}]`,
      'upgrade:',
      '  flags: [--wait, --timeout, 60s]',
      'verify:',
      '  - check: rollout-complete',
      // A values-only change does not restart web: since the upgrade began its pods write heartbeats.
      "  - logs: { selector: app.kubernetes.io/name=web, match: 'heartbeat', within: 30s }",
      '',
    ].join('\n'));
    const outputs: [string, string][] = [];
    const pf = await helmdeck(c, ['preflight', 'shop', '--runbook', rb, '--set', `db.password=${PLANTED.set}`, '--json', '--kubeconfig', c.sim.kubeconfigPath]);
    outputs.push(['preflight stdout', pf.out], ['preflight stderr', pf.err]);
    expect(pf.code, pf.out + pf.err).toBe(0);
    const diff = JSON.parse(pf.out).steps.find((s: any) => s.kind === 'diff');
    // The change is visible; its value is not.
    expect(diff.evidence.join('\n')).toMatch(/password: "?\*\*\* \(changed\)/);

    const up = await helmdeck(c, ['upgrade', 'shop', '--runbook', rb, '--set', `db.password=${PLANTED.set}`, '--observe', '2s', '--headless', '--yes', '--kubeconfig', c.sim.kubeconfigPath]);
    outputs.push(['upgrade stdout', up.out], ['upgrade stderr', up.err]);
    expect(up.code, up.out + up.err).toBe(0);
    expect(up.out).toMatch(/^\$ helm upgrade shop \S+ --set 'db\.password=\*\*\*' /m);
    // The upgrade really used the planted value: the cluster has it.
    const secret = c.sim.ctx.store.get(RT.secrets, NS, 'shop-db')!;
    expect(Buffer.from(secret.data.password, 'base64').toString()).toBe(PLANTED.set);

    const journal = journalPathOf(up.out);
    const text = readFileSync(journal, 'utf8');
    outputs.push(['journal', text]);
    expect(readJournalStrict(journal).find((e) => e.type === 'outcome')).toMatchObject({ status: 'succeeded' });
    const report = await helmdeck(c, ['report', journal]);
    outputs.push(['report', report.out], ['report stderr', report.err]);
    expect(report.code).toBe(0);
    const reportFile = join(c.home, 'change-record.md');
    const written = await helmdeck(c, ['report', journal, '-o', reportFile]);
    expect(written.code).toBe(0);
    outputs.push(['report file', readFileSync(reportFile, 'utf8')]);

    await waitFor(() => c.sim.ctx.store.list(RT.pods, NS).every((p) => !p.metadata.deletionTimestamp), 30_000, 'old pods gone');
    for (const o of ['json', 'text']) {
      const st = await helmdeck(c, ['status', 'shop', '-n', NS, '-o', o, '--kubeconfig', c.sim.kubeconfigPath]);
      expect(st.code, st.err).toBe(0);
      outputs.push([`status -o ${o}`, st.out], [`status -o ${o} stderr`, st.err]);
    }
    for (const [where, body] of outputs) {
      for (const [name, value] of Object.entries(PLANTED)) {
        for (const form of forms(value)) expect(body.includes(form), `${where} shows the ${name} secret (${form})`).toBe(false);
      }
    }
  }, 180_000);
});

describe('user strings never reach a shell', () => {
  it('a run step and --set values with $(…), `…`, ;, &&, ||, | and rm run nothing: programs get them as argv', async () => {
    const rb = join(c.home, 'inject.yaml');
    const yamlList = injections(shellDir).map((s) => JSON.stringify(s)).join(', ');
    writeFileSync(rb, ['release: shop', `namespace: ${NS}`, `chart: ${chart}`, 'preflight:', '  - run: Echo what we were given', `    command: [echo, ${yamlList}]`, 'upgrade:', '  flags: [--wait, --timeout, 60s]', ''].join('\n'));
    const sets = injections(shellDir).flatMap((s, i) => ['--set', `note${i}=${s.replace(/,/g, '\\,')}`]);
    const r = await helmdeck(c, ['upgrade', 'shop', '--runbook', rb, ...sets, '--observe', '2s', '--headless', '--yes', '--kubeconfig', c.sim.kubeconfigPath], { cwd: shellDir });
    expect(r.code, r.out + r.err).toBe(0);
    expectNoShellRan(shellDir);
    // echo printed its arguments literally.
    const entries = readJournalStrict(journalPathOf(r.out));
    const echo = entries.find((e) => e.type === 'step-result' && e.result.kind === 'run').result;
    expect(echo.status).toBe('pass');
    expect(echo.evidence.join('\n')).toContain(`$(touch ${shellDir}/m1) ; touch ${shellDir}/m2`);
    // helm stored the --set values verbatim.
    const values = JSON.parse((await c.helm(['get', 'values', 'shop', '-n', NS, '-o', 'json'])).stdout);
    expect(values.note0).toBe(`$(touch ${shellDir}/m1)`);
    expect(values.note6).toBe(`; rm -rf ${shellDir}/canary`);
    // The command shown is safe to paste: every such argument single-quoted.
    expect(r.out).toContain(`--set 'note0=$(touch ${shellDir}/m1)'`);
  }, 120_000);

  it('release, namespace and context names are never interpreted either', async () => {
    for (const args of [
      ['status', `$(touch ${shellDir}/m1)`, '-n', NS],
      ['preflight', `shop;touch ${shellDir}/m2`, chart, '-n', NS],
      ['rollback', 'shop', '-n', `\`touch ${shellDir}/m3\``, '--headless', '--yes'],
      ['status', 'shop', '--context', `$(touch ${shellDir}/m4)`],
    ]) {
      const r = await helmdeck(c, [...args, '--kubeconfig', c.sim.kubeconfigPath], { cwd: shellDir });
      expect(r.code, r.err).not.toBe(0);
      expect(r.err.split('\n')).toHaveLength(1);
    }
    expectNoShellRan(shellDir);
  });
});

describe('the machine', () => {
  /** Local addresses of listening TCP sockets on `port` (from /proc/net/tcp and tcp6). */
  function listeners(port: number): string[] {
    const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
    const out: string[] = [];
    for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
      let text: string;
      try {
        text = readFileSync(table, 'utf8');
      } catch {
        continue;
      }
      for (const line of text.split('\n').slice(1)) {
        const f = line.trim().split(/\s+/);
        // st 0A = LISTEN
        if (f[1]?.endsWith(`:${hexPort}`) && f[3] === '0A') out.push(f[1].split(':')[0]!);
      }
    }
    return out;
  }

  it('kubesim listens on loopback only (API and metrics), and writes its kubeconfig 0600', () => {
    for (const url of [c.sim.url, c.sim.metricsUrl]) {
      const port = Number(new URL(url).port);
      const addrs = listeners(port);
      expect(addrs.length, url).toBeGreaterThan(0);
      // 127.0.0.1 as /proc writes it (little-endian hex); never 0.0.0.0 or ::.
      expect(addrs, url).toEqual(addrs.map(() => '0100007F'));
    }
    expect(statSync(c.sim.kubeconfigPath).mode & 0o777).toBe(0o600);
  });

  it('journals are created 0600 in a 0700 directory', async () => {
    const files = journalFiles(c);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(statSync(f).mode & 0o777, f).toBe(0o600);
    expect(statSync(join(c.home, 'state', 'helmdeck')).mode & 0o777).toBe(0o700);
  });
});
