import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.tools/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  // The layers of the README's Layout, checked: data flows from kube/ through
  // store/ to ui/, actions from ui/ through engine/ to helm/; nothing below
  // ui/ and cli/ reaches up into them, status/ is pure rules, and kubesim
  // (sim/) stands apart from the product.
  ...layers([
    [['kube', 'store', 'status', 'helm', 'runbook', 'engine', 'journal', 'lag', 'config', 'model', 'share', 'fs', 'proc', 'sim'], ['ui', 'cli'], 'a layer below the screen and the commands'],
    [['kube', 'fs', 'proc', 'lag'], ['store', 'engine', 'runbook', 'model', 'share'], 'the kube/ layer and its helpers know nothing of the state built on them'],
    [['status'], ['kube', 'store', 'helm', 'runbook', 'engine', 'journal', 'lag', 'config', 'model', 'share', 'fs', 'proc', 'sim'], 'status/ holds pure rules'],
    [['sim'], ['store', 'engine', 'runbook', 'model', 'share', 'journal', 'lag', 'config', 'demo'], 'kubesim is a cluster, not a part of the product'],
  ]),
);

/**
 * For each rule [FROM dirs, TO dirs, why]: files under src/FROM/ may not
 * import from src/TO/. Rules for one folder are merged (a later block would
 * replace an earlier one's setting). Imports are relative, so each depth
 * below src/ gets its own block: from src/sim/kubelet/x.ts, "../store/" is
 * kubesim's own store and "../../store/" the product's.
 */
function layers(rules) {
  const banned = new Map();
  for (const [from, to, why] of rules) {
    for (const dir of from) banned.set(dir, [...(banned.get(dir) ?? []), ...to.map((t) => ({ t, why }))]);
  }
  const blocks = [];
  for (const [dir, targets] of banned) {
    for (let depth = 1; depth <= 5; depth++) {
      const below = '*/'.repeat(depth - 1);
      const up = '\\.\\./'.repeat(depth);
      blocks.push({
        files: [`src/${dir}/${below}*.ts`, `src/${dir}/${below}*.tsx`],
        rules: {
          'no-restricted-imports': ['error', { patterns: targets.map(({ t, why }) => ({ regex: `^${up}${t}/`, message: `${why}: src/${dir}/ does not import src/${t}/.` })) }],
        },
      });
    }
  }
  return blocks;
}
