// The command line shown before helm runs and written to the journal: exact
// (pastes into a shell as the same argv) and, when masking, credential-free.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { displayCommand, maskArgv, maskSetPairs, shellQuote } from '../../../src/helm/actions/display-command.js';

describe('shellQuote', () => {
  it.each([
    ['plain', 'plain'],
    ['./charts/shop', './charts/shop'],
    ['image.tag=1.2.0', 'image.tag=1.2.0'],
    ['', "''"],
    ['my values.yaml', "'my values.yaml'"],
    ["it's", "'it'\\''s'"],
    ['$HOME', "'$HOME'"],
    ['a;b', "'a;b'"],
    ['***', "'***'"],
    ['{a,b}', "'{a,b}'"],
    ['~/x', "'~/x'"],
  ])('%j → %s', (arg, quoted) => {
    expect(shellQuote(arg)).toBe(quoted);
  });

  it('round-trips through a real shell to the same argv', () => {
    const argv = ['a b', "it's", '$(whoami)', '`id`', 'x;y', 'q"q', 'back\\slash', '', '*', 'tab\there', 'new\nline'];
    const line = argv.map(shellQuote).join(' ');
    const out = execFileSync('/bin/sh', ['-c', `for a in ${line}; do printf '%s\\0' "$a"; done`], { encoding: 'utf8' });
    expect(out.split('\0').slice(0, -1)).toEqual(argv);
  });
});

describe('maskSetPairs', () => {
  it.each([
    ['image.tag=1.2.0', 'image.tag=1.2.0'],
    ['db.password=hunter2', 'db.password=***'],
    ['a=1,postgresql.auth.postgresPassword=x,b=2', 'a=1,postgresql.auth.postgresPassword=***,b=2'],
    ['apiToken=abc', 'apiToken=***'],
    ['tls.key=-----BEGIN', 'tls.key=***'],
    ['secrets.db=x', 'secrets.db=***'],
    ['aws.credentials[0]=x', 'aws.credentials[0]=***'],
    ['note=a\\,password=b', 'note=a\\,password=b'],
    ['replicas=3', 'replicas=3'],
  ])('%s → %s', (list, masked) => {
    expect(maskSetPairs(list)).toBe(masked);
  });
});

describe('displayCommand', () => {
  const argv = ['upgrade', 'shop', './shop', '--values', 'my values.yaml', '--set', 'db.password=hunter2', '--set=auth.token=t0k', '--set', 'image.tag=1.2.0', '--password', 'repoPass', '--repo', 'https://bob:s3cret@charts.example.invalid/'];

  it('shows the exact command unmasked when asked', () => {
    expect(displayCommand(argv, { mask: false })).toBe(
      "helm upgrade shop ./shop --values 'my values.yaml' --set db.password=hunter2 --set=auth.token=t0k --set image.tag=1.2.0 --password repoPass --repo https://bob:s3cret@charts.example.invalid/",
    );
  });

  it('masks credential-looking --set values, --password and URL passwords', () => {
    const shown = displayCommand(argv, { mask: true, program: '/usr/local/bin/helm' });
    expect(shown).toBe(
      "/usr/local/bin/helm upgrade shop ./shop --values 'my values.yaml' --set 'db.password=***' '--set=auth.token=***' --set image.tag=1.2.0 --password '***' --repo 'https://bob:***@charts.example.invalid/'",
    );
    for (const secret of ['hunter2', 't0k', 'repoPass', 's3cret']) expect(shown).not.toContain(secret);
  });

  it('maskArgv keeps the argv shape', () => {
    expect(maskArgv(argv)).toHaveLength(argv.length);
    expect(maskArgv(['--set'])).toEqual(['--set']);
  });
});
