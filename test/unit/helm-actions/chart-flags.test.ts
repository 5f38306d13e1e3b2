// Chart-reading flags: picked out of upgrade.flags with their arguments, and
// added to a runbook's own helm command only when it reads the same chart.
import { describe, expect, it } from 'vitest';
import { chartReadingFlags, withChartFlags } from '../../../src/helm/actions/chart-flags.js';

describe('chartReadingFlags', () => {
  it('keeps the flags that say how to read a chart, with their arguments, and nothing else', () => {
    expect(chartReadingFlags(['--rollback-on-failure', '--plain-http', '--timeout', '10m', '--ca-file', 'ca.pem', '--cert-file=c.pem', '--insecure-skip-tls-verify'])).toEqual([
      '--plain-http', '--ca-file', 'ca.pem', '--cert-file=c.pem', '--insecure-skip-tls-verify',
    ]);
    expect(chartReadingFlags(['--wait', '--timeout', '5m'])).toEqual([]);
  });
});

describe('withChartFlags', () => {
  const chart = 'oci://127.0.0.1:5000/charts/datafly';
  const flags = ['--plain-http', '--ca-file', 'ca.pem'];

  it('adds what a helm command reading the same chart lacks', () => {
    expect(withChartFlags(['helm', 'show', 'values', chart, '--version', '1.3.0'], chart, flags)).toEqual(['helm', 'show', 'values', chart, '--version', '1.3.0', '--plain-http', '--ca-file', 'ca.pem']);
    expect(withChartFlags(['/usr/bin/helm', 'pull', chart, '--plain-http'], chart, flags)).toEqual(['/usr/bin/helm', 'pull', chart, '--plain-http', '--ca-file', 'ca.pem']);
  });

  it('leaves other commands, other charts and non-reading helm commands as written', () => {
    expect(withChartFlags(['kubectl', 'get', chart], chart, flags)).toEqual(['kubectl', 'get', chart]);
    expect(withChartFlags(['helm', 'show', 'values', 'oci://elsewhere/x'], chart, flags)).toEqual(['helm', 'show', 'values', 'oci://elsewhere/x']);
    expect(withChartFlags(['helm', 'history', chart], chart, flags)).toEqual(['helm', 'history', chart]);
    expect(withChartFlags(['helm', 'show', 'chart', chart], chart, [])).toEqual(['helm', 'show', 'chart', chart]);
  });
});
