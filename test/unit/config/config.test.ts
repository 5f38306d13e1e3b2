import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import { BUFFER_LINES, configError, defaultConfigPath, loadConfig, parseConfig } from '../../../src/config/config.js';
import { YamlSource } from '../../../src/config/yaml-source.js';
import { buildKeymap } from '../../../src/ui/keys/keymap.js';

const VALID = `# helmdeck config
theme: light
contexts:
  eu-prod-1:
    theme: high-contrast
  pre-prod:
    production: true
  prod-sandbox:
    production: false
productionPattern: '(^|-)live($|-)'
keys:
  helm.rollback: [R, ctrl+r]
  app.help: "?"
logs:
  bufferLines: 20000
lag:
  sources: ['prometheus=http://127.0.0.1:9090', 'burrow=http://burrow:8000/v3/kafka/main']
  maxLag: 100
  samples: 5
  window: 2m30s
`;

const parse = (text: string) => parseConfig(YamlSource.parse(text, 'config.yaml'));

function lineCol(text: string, needle: string): string {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`no ${needle}`);
  const before = text.slice(0, at).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

function tempHome(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'helmdeck-config-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('loadConfig', () => {
  it('gives the defaults when the default file is missing', () => {
    const home = tempHome();
    const cfg = loadConfig({ env: { HOME: home } });
    expect(cfg.exists).toBe(false);
    expect(cfg.file).toContain(path.join('.config', 'helmdeck', 'config.yaml'));
    expect(cfg.theme).toBeUndefined();
    expect(cfg.contexts).toEqual({});
    expect(cfg.keys).toEqual({});
    expect(cfg.logs.bufferLines).toBe(BUFFER_LINES.default);
    expect(cfg.lag).toEqual({ sources: [] });
    expect(cfg.productionPattern.test('eu-prod-1')).toBe(true);
  });

  it('reads $XDG_CONFIG_HOME/helmdeck/config.yaml before ~/.config', () => {
    const xdg = tempHome({ 'helmdeck/config.yaml': 'theme: light\n' });
    const home = tempHome({ '.config/helmdeck/config.yaml': 'theme: high-contrast\n' });
    expect(loadConfig({ env: { XDG_CONFIG_HOME: xdg, HOME: home } }).theme).toBe('light');
    expect(loadConfig({ env: { HOME: home } }).theme).toBe('high-contrast');
    // A relative XDG_CONFIG_HOME is invalid per the XDG spec and ignored.
    expect(loadConfig({ env: { XDG_CONFIG_HOME: 'rel', HOME: home } }).theme).toBe('high-contrast');
  });

  it('defaultConfigPath follows XDG', () => {
    expect(defaultConfigPath({ XDG_CONFIG_HOME: '/x', HOME: '/h' })).toBe('/x/helmdeck/config.yaml');
    expect(defaultConfigPath({ HOME: '/h' })).toBe('/h/.config/helmdeck/config.yaml');
  });

  it('fails when an explicitly given file is missing', () => {
    expect(() => loadConfig({ path: '/nonexistent/helmdeck.yaml', env: {} })).toThrow('/nonexistent/helmdeck.yaml: config file not found');
  });

  it('treats an empty file as the defaults', () => {
    const home = tempHome({ '.config/helmdeck/config.yaml': '# nothing yet\n' });
    const cfg = loadConfig({ env: { HOME: home } });
    expect(cfg.exists).toBe(true);
    expect(cfg.logs.bufferLines).toBe(5000);
  });
});

describe('a valid file', () => {
  const cfg = parse(VALID);
  it('reads every section', () => {
    expect(cfg.theme).toBe('light');
    expect(cfg.contexts).toEqual({ 'eu-prod-1': { theme: 'high-contrast' }, 'pre-prod': { production: true }, 'prod-sandbox': { production: false } });
    expect(cfg.productionPattern.source).toBe('(^|-)live($|-)');
    expect(cfg.productionPattern.flags).toContain('i');
    expect(cfg.keys).toEqual({ 'helm.rollback': ['R', 'ctrl+r'], 'app.help': ['?'] });
    expect(cfg.logs.bufferLines).toBe(20000);
    expect(cfg.lag).toEqual({ sources: ['prometheus=http://127.0.0.1:9090', 'burrow=http://burrow:8000/v3/kafka/main'], maxLag: 100, samples: 5, windowMs: 150_000 });
  });

  it('remembers where each value is, so later checks point at the line', () => {
    expect(cfg.origins.get('theme')).toEqual({ file: 'config.yaml', line: 2, column: 8 });
    expect(cfg.origins.get('keys.helm.rollback[1]')).toEqual({ file: 'config.yaml', line: 12, column: 22 });
    expect(configError(cfg, 'contexts.eu-prod-1.theme', 'no such theme').message).toBe('config.yaml:5:12: contexts.eu-prod-1.theme: no such theme');
  });

  it('feeds buildKeymap, whose errors point into the config file', () => {
    const km = buildKeymap({ overrides: cfg.keys, origins: cfg.origins, file: cfg.file });
    expect(km.byScope.get('global')?.get('ctrl+r')).toBe('helm.rollback');
    const bad = parse('keys:\n  helm.rollback: [R, "ctrl+"]\n');
    expect(() => buildKeymap({ overrides: bad.keys, origins: bad.origins, file: bad.file })).toThrow('config.yaml:2:22: keys.helm.rollback[1]: "ctrl+" is not a key');
  });
});

describe('registries', () => {
  it('maps hosts to a mirror and TLS setting', () => {
    const c = parse("registries:\n  registry.example.invalid: { mirror: 'http://127.0.0.1:5000/' }\n  harbor.internal:5443: { insecure: true }\n");
    expect(c.registries).toEqual({ 'registry.example.invalid': { mirror: 'http://127.0.0.1:5000' }, 'harbor.internal:5443': { insecure: true } });
    expect(parse('theme: light\n').registries).toEqual({});
  });
});

describe('invalid files', () => {
  const cases: Array<[string, string, string, string]> = [
    // [case, text, needle (where the error must point), message part]
    ['unknown top-level key', 'theme: light\nthemes: dark\n', 'themes', 'themes: unknown key (did you mean "theme"?)'],
    ['unknown context key', 'contexts:\n  prod:\n    prodution: true\n', 'prodution', 'contexts.prod.prodution: unknown key (did you mean "production"?)'],
    ['theme not a string', 'theme: [light]\n', '[light]', 'theme: expected a string, got a list'],
    ['production not a boolean', 'contexts:\n  prod:\n    production: "yes"\n', '"yes"', 'contexts.prod.production: expected true or false, got the string "yes"'],
    ['contexts not a map', 'contexts: [prod]\n', '[prod]', 'contexts: expected a map of keys, got a list'],
    ['bad regular expression', "productionPattern: '(prod'\n", "'(prod'", 'productionPattern: not a valid regular expression'],
    ['bufferLines too small', 'logs:\n  bufferLines: 10\n', '10', 'logs.bufferLines: 10 is out of range (100..100000)'],
    ['bufferLines not whole', 'logs:\n  bufferLines: 1.5\n', '1.5', 'logs.bufferLines: expected a whole number, got the number 1.5'],
    ['unknown logs key', 'logs:\n  buffer: 100\n', 'buffer', 'logs.buffer: unknown key'],
    ['key override not a list of strings', 'keys:\n  helm.rollback: [R, 5]\n', '5]', 'keys.helm.rollback[1]: expected a string, got the number 5'],
    ['key override a map', 'keys:\n  helm.rollback: { key: R }\n', '{ key', 'keys.helm.rollback: expected a string or a list of strings, got a map'],
    ['lag source malformed', "lag:\n  sources: ['prometheus=http://ok:9090', 'kafka=http://x']\n", "'kafka", 'lag.sources[1]: lag source "kafka" is not known'],
    ['lag source with credentials', "lag:\n  sources: ['prometheus=http://u:p@prom:9090']\n", "'prometheus", 'must not carry a user or password'],
    ['lag window not a duration', 'lag:\n  window: 5\n', '5', 'lag.window: expected a string, got the number 5'],
    ['lag window too short', 'lag:\n  window: 10ms\n', '10ms', 'lag.window: expected a duration of at least 1s'],
    ['lag samples zero', 'lag:\n  samples: 0\n', '0', 'lag.samples: 0 is out of range (1..1000)'],
    ['duplicate key', 'theme: light\ntheme: dark\n', 'theme: dark', 'YAML syntax error: Map keys must be unique'],
    ['YAML syntax error', 'contexts:\n  prod: {production: true\n', 'prod', 'YAML syntax error'],
    ['not a map at all', '- theme\n', '- theme', 'expected a map of keys, got a list'],
    ['alias to no anchor', 'theme: *dark\n', '*dark', 'theme: *dark refers to no anchor'],
    ['registry host with a scheme', "registries:\n  'https://r.example': { insecure: true }\n", "'https", 'registries.https://r.example: expected a registry host'],
    ['registry mirror not a URL', 'registries:\n  r.example: { mirror: r2.example }\n', 'r2.example', 'registries.r.example.mirror: expected an http:// or https:// URL'],
    ['unknown registry key', 'registries:\n  r.example: { mirrors: [x] }\n', 'mirrors', 'registries.r.example.mirrors: unknown key (did you mean "mirror"?)'],
    ['registry insecure not a boolean', "registries:\n  r.example: { insecure: 'yes' }\n", "'yes'", 'registries.r.example.insecure: expected true or false'],
  ];

  it.each(cases)('%s → config.yaml:line:col and the key path', (name, text, needle, message) => {
    let err: unknown;
    try {
      parse(text);
    } catch (e) {
      err = e;
    }
    expect(err, name).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toContain(message);
    if (name === 'YAML syntax error') expect(msg).toMatch(/^config\.yaml:[23]:\d+: YAML syntax error/);
    else expect(msg.startsWith(`config.yaml:${lineCol(text, needle)}: `), msg).toBe(true);
  });

  it('names the real file when loading from disk', () => {
    const home = tempHome({ '.config/helmdeck/config.yaml': 'logs:\n  bufferLines: huge\n' });
    expect(() => loadConfig({ env: { HOME: home } })).toThrow(/\.config\/helmdeck\/config\.yaml:2:16: logs\.bufferLines: expected a whole number/);
  });
});
