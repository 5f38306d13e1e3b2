// The one masking rule, as a table: which key paths name credentials (whole
// words, any case, anywhere in the path), URL passwords, and values read
// from Secrets — and that the command line, the journal's scrubber and the
// values overlay all apply the same rule.
import { describe, expect, it } from 'vitest';
import { isCredentialKey, maskUrlUserinfo, maskValueText, rememberSecret } from '../../../src/helm/actions/credential.js';
import { displayCommand } from '../../../src/helm/actions/display-command.js';
import { scrub, scrubText } from '../../../src/journal/scrub.js';
import { maskValues } from '../../../src/ui/overlays/mask-secrets.js';

describe('isCredentialKey', () => {
  it.each([
    'db.password', 'extraEnv.CREDS', 'extraEnv.DB_PASSWD', 'pwd', 'apiKey', 'api_key', 'APIKey', 'x-auth-token', 'AWS_SECRET_ACCESS_KEY',
    'aws.credentials[0]', 'global.sentryDsn', 'tls.privateKey', 'oauth.clientSecret', 'admin.passphrase', 'dbpassword', 'ssl.cert', 'Credential', 'secrets.db',
  ])('%s is a credential', (key) => expect(isCredentialKey(key)).toBe(true));

  it.each(['monkey', 'author', 'keyboard', 'replicaCount', 'image.tag', 'extraEnv.DATABASE_URL', 'passenger', 'tokenizer.model', 'service.port', 'hpa.enabled'])(
    '%s is not a credential',
    (key) => expect(isCredentialKey(key)).toBe(false),
  );
});

describe('maskUrlUserinfo', () => {
  it.each([
    ['postgres://u:pa55SECRET@db/x', 'postgres://u:***@db/x'],
    ['see https://admin:hunter2@example.com:8443/a and more', 'see https://admin:***@example.com:8443/a and more'],
    ['redis://:onlypass@cache:6379', 'redis://:***@cache:6379'],
    ['https://example.com/a:b@c', 'https://example.com/a:b@c'],
    ['https://user@host/x', 'https://user@host/x'],
  ])('%s → %s', (input, out) => expect(maskUrlUserinfo(input)).toBe(out));
});

describe('values read from Secrets', () => {
  it('are masked wherever they appear, in clear or in base64; short ones are not tracked', () => {
    rememberSecret({ kind: 'Secret', data: { token: Buffer.from('Qx8-planted-fig-7731').toString('base64'), pin: Buffer.from('1234').toString('base64') }, stringData: { url: 'Qx8-string-data-42' } });
    expect(maskValueText('got Qx8-planted-fig-7731 from the log')).toBe('got *** from the log');
    expect(maskValueText(`b64 ${Buffer.from('Qx8-planted-fig-7731').toString('base64')}`)).not.toContain(Buffer.from('Qx8-planted-fig-7731').toString('base64').replace(/=+$/, ''));
    expect(maskValueText('Qx8-string-data-42')).toBe('***');
    expect(maskValueText('port 1234')).toBe('port 1234');
    // The journal's text scrubber, which every check result passes through, applies it too.
    expect(scrubText('2026-12-07 app started with token Qx8-planted-fig-7731')).toBe('2026-12-07 app started with token ***');
  });
});

describe('one rule for every output', () => {
  const argv = ['upgrade', 'shop', './chart', '--set', 'extraEnv.DATABASE_URL=postgres://u:pa55SECRET@db/x', '--set', 'extraEnv.CREDS=SECRET7', '--set', 'replicaCount=3'];

  it('the displayed command masks URL passwords inside --set values and credential-named keys', () => {
    const shown = displayCommand(argv, { mask: true });
    expect(shown).not.toContain('pa55SECRET');
    expect(shown).not.toContain('SECRET7');
    expect(shown).toContain('extraEnv.DATABASE_URL=postgres://u:***@db/x');
    expect(shown).toContain('extraEnv.CREDS=***');
    expect(shown).toContain('replicaCount=3');
  });

  it('the journal scrubber and the values overlay agree with it', () => {
    const values = { extraEnv: { DATABASE_URL: 'postgres://u:pa55SECRET@db/x', CREDS: 'SECRET7' }, replicaCount: 3 };
    expect(JSON.stringify(scrub(values))).not.toMatch(/pa55SECRET|SECRET7/);
    expect(JSON.stringify(maskValues(values))).not.toMatch(/pa55SECRET|SECRET7/);
    expect(scrubText('helm upgrade shop ./c --set extraEnv.CREDS=SECRET7 CREDS=SECRET7')).not.toContain('SECRET7');
  });
});
